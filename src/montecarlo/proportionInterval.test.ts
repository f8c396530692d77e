import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { Rational } from '../core/rational.ts';
import { proportionTest } from './proportionInterval.ts';

/**
 * The reference: exact binomial masses in rationals, a = num/den a decimal, C(N, j)·num^j·(den − num)^(N−j)/den^N
 * (bigint coefficients, no recursion, no log-gamma), tails summed exactly and rounded once.
 */
function exactMasses(trials: number, a: number): Rational[] {
  const A = Rational.parse(String(a));
  const [num, den] = [A.num, A.den];
  const masses: Rational[] = [];
  let c = 1n;
  for (let j = 0; j <= trials; j++) {
    if (j > 0) c = (c * BigInt(trials - j + 1)) / BigInt(j);
    masses.push(Rational.of(c * num ** BigInt(j) * (den - num) ** BigInt(trials - j), den ** BigInt(trials)));
  }
  return masses;
}

function referencePValue(x: number, trials: number, a: number): number {
  const m = exactMasses(trials, a);
  if (x === trials * a) return 1;
  const tail = (x > trials * a ? m.slice(x) : m.slice(0, x + 1)).reduce((s, v) => s.add(v), Rational.ZERO);
  return Math.min(1, 2 * tail.toNumber());
}

test('p-values equal the directly summed exact binomial tails (N up to 200, expected proportions 1e-6 to 0.97)', () => {
  for (const trials of [1, 5, 30, 200]) {
    for (const a of [1e-6, 0.01, 0.3, 0.5, 0.97]) {
      for (let x = 0; x <= trials; x++) {
        const got = proportionTest(x, trials, a).pValue;
        const want = referencePValue(x, trials, a);
        assert.ok(Math.abs(got - want) <= 1e-9 * want + 1e-300, `N = ${trials}, a = ${a}, x = ${x}: ${got} vs ${want}`);
      }
    }
  }
});

test('one success in 20,000 trials at 1e-6 is a 4 % event, not a 4e-12 one (the long fuzz false rejection)', () => {
  const r = proportionTest(1, 20_000, 1e-6);
  const twiceAtLeastOne = -2 * Math.expm1(20_000 * Math.log1p(-1e-6)); // 2·P(X ≥ 1)
  assert.ok(Math.abs(r.pValue - twiceAtLeastOne) < 1e-9 * twiceAtLeastOne, `${r.pValue} vs ${twiceAtLeastOne}`);
  assert.ok(r.z > 6.9); // the normal approximation would have rejected at any usual level
});

test('level: under the null the rejection probability is at most the level (exact, N = 200)', () => {
  for (const a of [1e-4, 0.02, 0.5, 0.9]) {
    const m = exactMasses(200, a).map((r) => r.toNumber());
    for (const level of [0.05, 1e-3, 1e-6]) {
      let rejected = 0;
      for (let x = 0; x <= 200; x++) if (proportionTest(x, 200, a).pValue < level) rejected += m[x]!;
      assert.ok(rejected <= level, `a = ${a}, level ${level}: size ${rejected}`);
    }
  }
});

test('power: counts from a biased sampler are rejected, also far in the tails and at large N', () => {
  assert.ok(proportionTest(800, 1000, 0.72).pValue < 1e-6);
  assert.ok(proportionTest(30, 20_000, 1e-6).pValue < 1e-40);
  assert.ok(proportionTest(5_010_000, 10_000_000, 0.5).pValue < 1e-9); // +6.3 standard deviations
  assert.ok(proportionTest(5_001_000, 10_000_000, 0.5).pValue > 0.5); // +0.6: not rejected
  assert.ok(proportionTest(0, 1_000_000, 0.3).pValue === 0);
});

test('degenerate proportions and bad counts', () => {
  assert.equal(proportionTest(10, 10, 1), { z: 0, pValue: 1 });
  assert.is(proportionTest(9, 10, 1).pValue, 0);
  assert.equal(proportionTest(0, 10, 0), { z: 0, pValue: 1 });
  for (const [s, n] of [[1.5, 10], [-1, 10], [11, 10]] as const) {
    assert.throws(() => proportionTest(s, n, 0.5), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
  }
});

test.run();
