import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli/main.ts';
import { SpechubError } from '../core/errors.ts';
import { scratchFolder } from '../traces/_testing/traceFiles.ts';
import { replayFigure, replayFigureData } from './replayFigure.ts';

const scratch = scratchFolder('spechub-replay-plot-');
const report = {
  positions: 10,
  vocab: 50,
  k: 2,
  methods: { rrs: { mean: 0.7, ci95: [0.68, 0.72], bounds: [0.6, 0.8] }, spechub: { mean: 0.75, ci95: [0.7, 0.8], bounds: [0.65, 0.85] }, otm: { mean: 0.8, ci95: [0.79, 0.81] } },
  differences: { 'spechub-rrs': null, 'spechub-rrsw': null },
  optimum: { iid: { mean: 0.8, ci95: [0.79, 0.81], bounds: [0.7, 0.9], gaps: {} }, wor: null },
  hubMass: { mean: 0.4, levels: [0, 1], quantiles: [0.1, 0.9], histogram: { edges: [0, 0.5, 1], counts: [6, 4] }, atLeastHalf: 0.4 },
};

test('rows: one per method (optima from the optimum section) and one per histogram bin', () => {
  const data = replayFigureData(report);
  const acc = data.rows.filter((r) => r.kind === 'acceptance');
  assert.equal(acc.map((r) => r.series), ['rrs', 'spechub', 'optimum-iid']);
  assert.equal(acc.map((r) => [r.lo, r.hi, r.boundsLo, r.boundsHi]), [[0.68, 0.72, 0.6, 0.8], [0.7, 0.8, 0.65, 0.85], [0.79, 0.81, 0.7, 0.9]]);
  assert.equal(data.rows.filter((r) => r.kind === 'hub').map((r) => [r.binStart, r.count, r.share]), [[0, 6, 0.6], [0.5, 4, 0.4]]);
  const spec = JSON.stringify(replayFigure.spec(data));
  assert.match(spec, /boundsLo/);
  assert.match(spec, /hub mass q\(a\)/);
  assert.not.match(JSON.stringify(replayFigure.spec(replayFigureData({ ...report, methods: { rrs: { mean: 0.7, ci95: [0.68, 0.72] } }, optimum: { iid: null, wor: null } }))), /"field":"boundsLo"/);
});

test('malformed reports name the field', () => {
  const bad = (value: unknown, pattern: RegExp) => assert.throws(() => replayFigureData(value, 'r.json'), (e: unknown) => e instanceof SpechubError && pattern.test((e as Error).message));
  bad([], /expected the JSON object/);
  bad({ ...report, hubMass: undefined }, /not a replay report \(no "hubMass"\)/);
  bad({ ...report, methods: { rrs: { mean: 0.7 } } }, /methods.rrs needs "mean" and "ci95"/);
  bad({ ...report, hubMass: { histogram: { edges: [0, 1], counts: [1, 2] } } }, /hubMass.histogram/);
});

test('spechub plot replay --data <report> writes the SVG; without --data it explains', async () => {
  const path = join(scratch.dir, 'replay.json');
  writeFileSync(path, JSON.stringify(report));
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  assert.is(await runCli(['plot', 'replay', '--data', path, '--out', scratch.dir], io), 0, stderr);
  const svg = readFileSync(join(scratch.dir, 'replay.svg'), 'utf8');
  assert.match(svg, /<svg/);
  assert.match(svg, /SpecHub/);
  assert.is(await runCli(['plot', 'replay', '--out', scratch.dir], io), 2);
  assert.match(stderr, /spechub plot replay --data <replay.json>/);
  assert.ok(existsSync(join(scratch.dir, 'replay.svg')));
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
