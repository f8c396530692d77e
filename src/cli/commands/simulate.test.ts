// `spechub simulate`: the JSON contract, exact vs Monte Carlo, trees from files, and one-line errors (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseVector } from '../../core/distribution.ts';
import { rationalField } from '../../core/field.ts';
import { expectedTokensPerStep } from '../../tree/expectedTokensPerStep.ts';
import { markovChainFromRows } from '../../tree/markovChain.ts';
import { fullTree } from '../../tree/tokenTree.ts';
import { runCaptured } from '../_testing/runCaptured.ts';

const run = runCaptured;

const dir = mkdtempSync(join(tmpdir(), 'spechub-simulate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const chains = file(
  'chains.json',
  JSON.stringify({ target: [['1/2', '1/3', '1/6'], ['1/5', '1/5', '3/5'], [0.25, 0.5, 0.25]], draft: [['1/6', '1/2', '1/3'], ['1/2', '1/2', 0], ['1/3', '1/3', '1/3']] }),
);

test('exact JSON: exactly the contract keys, the reduced fraction of the §5.3 recursion', async () => {
  const r = await run('simulate', '--chains', chains, '--tree', '2^3', '--method', 'spechub', '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(Object.keys(out).sort(), ['ci95', 'exact', 'method', 'tokensPerStep', 'tree']);
  const vec = (t: string) => parseVector(t, rationalField);
  const chain = markovChainFromRows(rationalField, [vec('1/2,1/3,1/6'), vec('1/5,1/5,3/5'), vec('1/4,1/2,1/4')], [vec('1/6,1/2,1/3'), vec('1/2,1/2,0'), vec('1/3,1/3,1/3')]);
  const expected = expectedTokensPerStep(chain, fullTree(2, 3), 'spechub').value;
  assert.equal(out, { method: 'spechub', tree: '2^3', tokensPerStep: expected.toNumber(), exact: expected.toString(), ci95: null });
  const start2 = JSON.parse((await run('simulate', '--chains', chains, '--tree', '2^3', '--method', 'spechub', '--start', '2', '--exact', '--json')).stdout);
  assert.is(start2.exact, expectedTokensPerStep(chain, fullTree(2, 3), 'spechub', { start: 2 }).value.toString());
});

test('Monte Carlo JSON: ci95 covers the exact value, exact is null; same seed, same output', async () => {
  const exact = JSON.parse((await run('simulate', '--chains', chains, '--tree', '2^4', '--method', 'rrsw', '--json')).stdout);
  const a = await run('simulate', '--chains', chains, '--tree', '2^4', '--method', 'rrsw', '--steps', '20000', '--seed', '9', '--json');
  const b = await run('simulate', '--chains', chains, '--tree', '2^4', '--method', 'rrsw', '--steps', '20000', '--seed', '9', '--json');
  assert.is(a.code, 0, a.stderr);
  assert.is(a.stdout, b.stdout);
  const mc = JSON.parse(a.stdout);
  assert.is(mc.exact, null);
  assert.ok(mc.ci95[0] < exact.tokensPerStep && exact.tokensPerStep < mc.ci95[1], `${exact.tokensPerStep} outside ${mc.ci95}`);
});

test('float input gives exact: null; chains with sd; trees from parent-list and paths files; text output', async () => {
  const floats = file('floats.json', JSON.stringify({ target: [[0.3, 0.7], [0.6, 0.4000000000001]], draft: [[0.5, 0.5], [0.9, 0.1]] }));
  const f = JSON.parse((await run('simulate', '--chains', floats, '--tree', 'chain:4', '--method', 'sd', '--json')).stdout);
  assert.is(f.exact, null);
  assert.ok(f.tokensPerStep > 1 && f.tokensPerStep < 5);
  const parents = file('tree.json', '{"parents": [-1, 0, 0, 1]}');
  const paths = file('paths.json', '{"paths": [[0], [1], [0, 0]]}');
  const p1 = JSON.parse((await run('simulate', '--chains', chains, '--tree', parents, '--method', 'rrs', '--json')).stdout);
  const p2 = JSON.parse((await run('simulate', '--chains', chains, '--tree', paths, '--method', 'rrs', '--json')).stdout);
  assert.is(p1.exact, p2.exact);
  const text = await run('simulate', '--chains', chains, '--tree', '2^3', '--method', 'greedy');
  assert.match(text.stdout, /tokens per step \(exact, §5\.3 recursion in rationals\): 2\.4111\d+ {2}= 217\/90/);
  // Float results are never labelled exact.
  const floatText = await run('simulate', '--chains', floats, '--tree', 'chain:4', '--method', 'sd');
  assert.match(floatText.stdout, /§5\.3 recursion in float64, not exact/);
  assert.not.match(floatText.stdout, /\(exact/);
});

test('malformed input: one line on stderr, exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--chains', join(dir, 'missing.json'), '--tree', '2^2', '--method', 'rrs'], /cannot read chains file/],
    [['--chains', file('broken.json', '{"target": [[1]'), '--tree', '2^2', '--method', 'rrs'], /not valid JSON/],
    [['--chains', file('nodraft.json', '{"target": [[1]]}'), '--tree', '2^2', '--method', 'rrs'], /"draft" must be a non-empty array/],
    [['--chains', file('ragged.json', '{"target": [[0.5, 0.5], [1]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /target row 1 has 1 entries/],
    [['--chains', file('rows.json', '{"target": [[0.5, 0.5]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /target has 1 rows but the draft has 2/],
    [['--chains', file('norm.json', '{"target": [[0.5, 0.6], [0.5, 0.5]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /target row 0 sums to/],
    [['--chains', file('neg.json', '{"target": [[1.5, -0.5], [0.5, 0.5]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /negative/],
    [['--chains', file('word.json', '{"target": [["half", 0.5], [0.5, 0.5]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /target\[0\]\[0\]/],
    [['--chains', file('null.json', '{"target": [[null, 1], [0.5, 0.5]], "draft": [[0.5, 0.5], [0.5, 0.5]]}'), '--tree', '2^2', '--method', 'rrs'], /must be a number or a fraction string/],
    [['--chains', chains, '--tree', '2^2', '--method', 'nope'], /unknown method 'nope'/],
    [['--chains', chains, '--tree', '3^2', '--method', 'spechub'], /not defined for k = 3|cannot verify the 3 children/],
    [['--chains', chains, '--tree', '2^2', '--method', 'rrs', '--start', '3'], /--start must be an integer in \[0, 2\]/],
    [['--chains', chains, '--tree', '2^2', '--method', 'rrs', '--exact', '--steps', '10'], /choose one of --exact and --steps/],
    [['--chains', chains, '--tree', '2^2', '--method', 'rrs', '--steps', '1'], /--steps must be an integer/],
    [['--chains', chains, '--tree', file('badtree.json', '[0, 0]'), '--method', 'rrs'], /tree: node 0 must be the root/],
    [['--chains', chains, '--tree', join(dir, 'nowhere.json'), '--method', 'rrs'], /cannot read tree file/],
    [['--chains', chains, '--method', 'rrs'], /missing required option --tree/],
  ];
  for (const [argv, message] of cases) {
    const r = await run('simulate', ...argv);
    assert.is(r.code, 2, `${argv.join(' ')}: exit ${r.code}, stdout ${r.stdout}`);
    assert.is(r.stdout, '');
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^spechub simulate: error: /);
    assert.match(r.stderr, message);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
