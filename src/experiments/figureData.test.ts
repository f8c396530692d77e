// Data files are validated before plotting: wrong figure, missing fields, non-scalar or non-finite values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateFigureData } from './figureData.ts';

const good = { figure: 'acceptance-vs-k', title: 't', description: 'd', parameters: { a: 1 }, notes: ['n'], rows: [{ k: 1, series: 'rrs', acceptance: 0.5 }] };

test('a good file passes and keeps its fields', () => {
  const d = validateFigureData(good, 'acceptance-vs-k', ['k', 'series', 'acceptance']);
  assert.equal(d.rows, good.rows);
  assert.equal(d.notes, ['n']);
});

test('malformed files are PARSE_ERRORs naming the problem', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /expected a JSON object/],
    [[], /expected a JSON object/],
    [{ ...good, figure: 'optimum-cost' }, /for figure 'optimum-cost'/],
    [{ ...good, rows: 'x' }, /'rows' must be an array/],
    [{ ...good, rows: [] }, /'rows' is empty/],
    [{ ...good, rows: [{ k: 1, series: 'rrs' }] }, /rows\[0\] has no 'acceptance'/],
    [{ ...good, rows: [{ k: 1, series: 'rrs', acceptance: { x: 1 } }] }, /rows\[0\]\.acceptance is not a scalar/],
    [{ ...good, rows: [{ k: 1, series: 'rrs', acceptance: Infinity }] }, /not finite/],
    [{ ...good, rows: [3] }, /rows\[0\] is not an object/],
  ];
  for (const [value, message] of cases) {
    try {
      validateFigureData(value, 'acceptance-vs-k', ['k', 'series', 'acceptance']);
      assert.unreachable(`accepted ${JSON.stringify(value)}`);
    } catch (e) {
      assert.is((e as { code?: string }).code, 'PARSE_ERROR');
      assert.match((e as Error).message, message);
    }
  }
});

test.run();
