// Issue 9 float reproductions through the CLI (docs/theory.md §11), with the in-process runner of cli.test.ts.
// Expected acceptances are exact rationals of the exactly renormalised inputs, by branch enumeration (spec
// §3.2, independent of the float closed forms). Each `check` runs at level 1e-4 (G-test and z-test at 5e-5
// each, Bonferroni), so the 6 checks below raise a false alarm with probability ≤ 6e-4; none may emit a token
// of target probability 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactOutputLaw } from '../analysis/outputLaw.ts';
import { rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { exactlyRenormalised } from '../core/renormalise.ts';
import { runCaptured } from './_testing/runCaptured.ts';

const run = runCaptured;

const doubles = (text: string) => text.split(',').map((x) => Rational.parse(x).toNumber());

async function floatRegression(method: string, target: string, draft: string, k: number) {
  const exact = exactOutputLaw(rationalField, method, exactlyRenormalised(doubles(target)), exactlyRenormalised(doubles(draft)), k).acceptance.toNumber();
  const table = await run('acceptance', '--target', target, '--draft', draft, '--k', String(k), '--json');
  assert.is(table.code, 0, table.stderr);
  const printed = JSON.parse(table.stdout).methods[method].acceptance as number;
  assert.ok(printed >= 0 && printed <= 1 && Math.abs(printed - exact) <= 1e-12 * exact, `${method} acceptance ${printed} vs exact ${exact}`);
  const check = await run('check', '--method', method, '--target', target, '--draft', draft, '--k', String(k), '--trials', '40000', '--seed', 'regression', '--significance', '1e-4', '--json');
  const out = JSON.parse(check.stdout);
  assert.is(check.code, 0, `${method} check rejected: ${check.stdout}`);
  out.outputLaw.estimate.forEach((x: number, y: number) => assert.ok(out.outputLaw.target[y] > 0 || x === 0, `${method} emitted token ${y} with p = 0`));
  assert.ok(Math.abs(out.acceptance.exact - exact) <= 1e-12 * exact, `${method} check's exact ${out.acceptance.exact} vs ${exact}`);
}

test('greedy G-r on near-one-hot drafts (law [0, .33, .34, .33], [0, 0, .5, .5] and α = −3.8e-8 before)', async () => {
  await floatRegression('greedy', '0.1,0.2,0.3,0.4', '1,1e-17,1e-17,1e-17', 2);
  await floatRegression('greedy', '0.1,0.2,0.3,0.4', '0.999999999999,1e-12,1e-17,1e-17', 3);
  await floatRegression('greedy', '0.1,0.2,0.3,0.4', '1e-12,5e-324,1e-17,1', 3);
});

test('rrsw on near-one-hot drafts (α = −0.333 and law [0.75, 0.25, 0] before)', async () => {
  await floatRegression('rrsw', '0.1,0.2,0.3,0.4', '0.999999999999,1e-12,1e-17,1e-17', 3);
  await floatRegression('rrsw', '0.5,0.5,0', '1,1e-17,1e-17', 2);
});

test('spechub closed form ≤ 1 on a target summing to 1 + 8.3e-10 (1.0000000008 before)', async () => {
  await floatRegression('spechub', '0,1.000000000831219,0', '2.47e-11,4.61e-9,0.9999999961493901', 2);
});

test('sweep at T = 0.02 (near-one-hot rows): exact tokens/step agree with Monte Carlo; greedy = SpecHub for k = 2', async () => {
  // Before: greedy exact 1.776 vs MC 1.906, rrsw exact 1.908 vs MC 1.777, SpecHub exact 1.776 (true 1.856).
  const r = await run('sweep', '--family', 'zipf', '--n', '200', '--temperatures', '0.02', '--trees', '2^2', '--methods', 'greedy,rrsw,spechub', '--target-overlap', '0.52', '--steps', '4000', '--seed', '1', '--json');
  assert.is(r.code, 0, r.stderr);
  const parsed = JSON.parse(r.stdout);
  const rows = (parsed.rows ?? parsed) as Array<{ method: string; exact: number; monteCarlo: number; ci95: [number, number] }>;
  assert.is(rows.length, 3);
  for (const row of rows) {
    const sd = (row.ci95[1] - row.ci95[0]) / (2 * 1.959964);
    // 3 two-sided checks at 4.5 sd: family-wise false-alarm rate ≤ 3 × 6.8e-6.
    assert.ok(Math.abs(row.monteCarlo - row.exact) <= 4.5 * sd, `${row.method}: exact ${row.exact} vs MC ${row.monteCarlo} ± ${sd}`);
  }
  const exact = Object.fromEntries(rows.map((row) => [row.method, row.exact]));
  assert.ok(Math.abs(exact.greedy! - exact.spechub!) <= 1e-12 * exact.spechub!, `greedy ${exact.greedy} vs SpecHub ${exact.spechub}`);
});

test.run();
