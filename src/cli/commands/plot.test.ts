// `spechub plot`: list, render from computed (quick) or saved data, and one-line errors with exit code 2.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCaptured } from '../_testing/runCaptured.ts';

const run = runCaptured;

const dir = mkdtempSync(join(tmpdir(), 'spechub-plot-'));

test('plot list names every figure with its number', async () => {
  const r = await run('plot', 'list');
  assert.is(r.code, 0);
  assert.match(r.stdout, /^1 +acceptance-vs-temperature/m);
  assert.match(r.stdout, /^6 +spechub-dominance/m);
});

test('plot <figure> --quick --save-data writes the formats asked for, and --data re-plots the saved file', async () => {
  const r = await run('plot', '6', '--quick', '--out', dir, '--format', 'svg,png', '--save-data');
  assert.is(r.code, 0, r.stderr);
  for (const name of ['spechub-dominance.svg', 'spechub-dominance.png', 'spechub-dominance.vl.json', 'data/spechub-dominance.json']) {
    assert.ok(existsSync(join(dir, name)), name);
  }
  assert.not.ok(existsSync(join(dir, 'spechub-dominance.html')));
  const again = await run('plot', 'spechub-dominance', '--data', join(dir, 'data/spechub-dominance.json'), '--out', join(dir, 'again'), '--format', 'svg');
  assert.is(again.code, 0, again.stderr);
  assert.is(readFileSync(join(dir, 'again/spechub-dominance.svg'), 'utf8'), readFileSync(join(dir, 'spechub-dominance.svg'), 'utf8'));
});

test('bad input: one line on stderr, exit 2', async () => {
  writeFileSync(join(dir, 'bad.json'), '{"figure": "acceptance-vs-k", "rows": [{"k": 1}]}');
  writeFileSync(join(dir, 'broken.json'), '{"figure": ');
  const cases: Array<[string[], RegExp]> = [
    [['plot'], /exactly one figure/],
    [['plot', 'a', 'b'], /exactly one figure/],
    [['plot', 'nope'], /unknown figure 'nope'/],
    [['plot', '2', '--format', 'gif'], /unknown format 'gif'/],
    [['plot', '2', '--data', join(dir, 'missing.json')], /cannot read data file '.*missing\.json': no such file/],
    [['plot', '2', '--data', join(dir, 'bad.json')], /rows\[0\] has no 'series'/],
    [['plot', '2', '--data', join(dir, 'broken.json')], /not valid JSON/],
    [['plot', 'all', '--data', join(dir, 'bad.json')], /re-plots one figure/],
    [['plot', '2', '--bogus'], /Unknown option/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
