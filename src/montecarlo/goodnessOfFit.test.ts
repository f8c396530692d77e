import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { chiSquareSurvival, erfc, logGamma } from './_internals/specialFunctions.ts';
import { goodnessOfFit } from './goodnessOfFit.ts';
import { normalQuantileTwoSided, proportionTest, wilsonInterval } from './proportionInterval.ts';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('special functions against tabulated values', () => {
  close(logGamma(5), Math.log(24), 1e-12, 'lnΓ(5)');
  close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12, 'lnΓ(1/2)');
  close(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-10, 'χ²₁ 95%');
  close(chiSquareSurvival(11.070497693516351, 5), 0.05, 1e-10, 'χ²₅ 95%');
  close(chiSquareSurvival(124.34211340400407, 100), 0.05, 1e-9, 'χ²₁₀₀ 95%');
  close(erfc(1), 0.15729920705028513, 1e-14, 'erfc(1)');
  close(normalQuantileTwoSided(0.95), 1.959963984540054, 1e-9, 'z 95%');
});

test('G-test and Pearson statistics on a worked example', () => {
  const r = goodnessOfFit([480, 520], [0.5, 0.5], { test: 'pearson' });
  close(r.statistic, 1.6, 1e-12, 'Pearson');
  assert.is(r.degreesOfFreedom, 1);
  const g = goodnessOfFit([480, 520], [0.5, 0.5]);
  close(g.statistic, 2 * (480 * Math.log(0.96) + 520 * Math.log(1.04)), 1e-9, 'G');
  assert.not.ok(g.rejected);
  assert.ok(goodnessOfFit([400, 600], [0.5, 0.5]).rejected);
});

test('cells with small expected counts are pooled; impossible observations reject outright', () => {
  const r = goodnessOfFit([990, 4, 3, 3], [0.99, 0.004, 0.003, 0.003]);
  assert.ok(r.pooledCells >= 2, 'small cells pooled');
  assert.is(r.cells, 2);
  const impossible = goodnessOfFit([10, 1], [1, 0]);
  assert.ok(impossible.rejected);
  assert.is(impossible.pValue, 0);
  assert.is(impossible.impossibleCount, 1);
});

// Kills the mutant "pooling ordered by observed instead of expected counts" (issue 10 item 10): here the cell
// with the smallest expected count (2) has a large observed count (15), so the two orders pool differently.
test('pooling merges the cells of smallest *expected* count: worked example computed by hand', () => {
  const r = goodnessOfFit([15, 1, 984], [0.002, 0.02, 0.978]); // expected 2, 20, 978
  // Expected 2 < 5 is pooled with the next smallest expected (20): cells {o 16, e 22} and {o 984, e 978}.
  assert.is(r.pooledCells, 1);
  assert.is(r.cells, 2);
  assert.is(r.degreesOfFreedom, 1);
  close(r.statistic, 2 * (16 * Math.log(16 / 22) + 984 * Math.log(984 / 978)), 1e-9, 'G after pooling');
  // Two small cells pooled together first, then with a large one only if still below 5.
  const s = goodnessOfFit([0, 9, 2, 489, 500], [0.001, 0.002, 0.004, 0.493, 0.5]); // expected 1, 2, 4, 493, 500
  // 1 + 2 = 3 < 5, then 3 + 4 = 7: cells {o 11, e 7}, {489, 493}, {500, 500}.
  assert.is(s.cells, 3);
  close(s.statistic, 2 * (11 * Math.log(11 / 7) + 489 * Math.log(489 / 493)), 1e-9, 'G with two poolings');
});

test('everything pooled into one cell: the rare tokens are tested by their Poisson upper tail', () => {
  // p = (1 − 1e-12, 1e-12): one observation of the rare token in 1e5 has probability ≈ 1e-7.
  const leak = goodnessOfFit([99_999, 1], [1 - 1e-12, 1e-12]);
  assert.is(leak.degreesOfFreedom, 0);
  assert.ok(leak.rejected, `p-value ${leak.pValue}`);
  close(leak.pValue, -Math.expm1(-1e-7), 1e-15, 'P(Poisson(1e-7) ≥ 1)');
  assert.not.ok(goodnessOfFit([100_000, 0], [1 - 1e-12, 1e-12]).rejected);
  // Poisson(2) tail at 9: 1 − Σ_{j<9} e^{-2} 2^j / j!.
  let cdf = 0;
  for (let j = 0, term = Math.exp(-2); j < 9; j++, term *= 2 / j) cdf += term;
  const r = goodnessOfFit([1991, 9], [0.999, 0.001]);
  close(r.pValue, 1 - cdf, 1e-12, 'Poisson(2) ≥ 9');
  assert.equal(r.rare, { observed: 9, expected: 2 });
});

test('bad inputs', () => {
  const bad = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof SpechubError);
  bad(() => goodnessOfFit([1, 2], [1]));
  bad(() => goodnessOfFit([1, 2], [0.5, 0.6]));
  bad(() => goodnessOfFit([0, 0], [0.5, 0.5]));
  bad(() => goodnessOfFit([-1, 2], [0.5, 0.5]));
  bad(() => goodnessOfFit([1, 2], [0.5, 0.5], { significance: 2 }));
  bad(() => wilsonInterval(1, 0));
});

test('Wilson interval and proportion test', () => {
  const [lo, hi] = wilsonInterval(720, 1000);
  assert.ok(lo < 0.72 && 0.72 < hi && hi - lo < 0.06);
  assert.equal(proportionTest(720, 1000, 0.72), { z: 0, pValue: 1 });
  assert.ok(proportionTest(800, 1000, 0.72).pValue < 1e-6);
  assert.equal(proportionTest(10, 10, 1), { z: 0, pValue: 1 });
  assert.is(proportionTest(9, 10, 1).pValue, 0);
});

test.run();
