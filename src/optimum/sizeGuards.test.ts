// Issue 9 "Hangs and memory", optimum part: every exact (rational) route, the flow behind the OTM / Khisti
// verifiers and the race-integral dual refuse costly sizes up front with TOO_LARGE and a message naming the
// route that works; optimalAcceptance falls back to float64 where that is the route that works. (The gap
// report's guard: src/analysis/gapReport.test.ts; `optimum --gaps`: src/cli/commands/optimum.test.ts.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod } from '../methods.ts';
import { optimalAcceptance } from './optimalAcceptance.ts';
import { optimalMembershipFlow } from './optimalMembershipFlow.ts';
import { subsetDual } from './subsetDual.ts';

function expectTooLarge(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, 'TOO_LARGE', (e as Error).message);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected TOO_LARGE');
}

/** n exact weights over a common 6-digit-style denominator (the last entry closes the sum to exactly 1). */
function decimals(n: number, seed: number): Rational[] {
  const w = Array.from({ length: n }, (_, i) => ((i * seed) % 997) + 1);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Rational.of(x, total));
}

test('the exact without-replacement prefix dual at n = 600 refuses (its sums reach ~n·20 bits) and names float64', () => {
  const p = decimals(600, 7919);
  const q = decimals(600, 104729);
  expectTooLarge(() => subsetDual(rationalField, 'wor', p, q, 2), /prefix subset dual \(wor, n = 600, k = 2\).*float64 subset dual/);
  expectTooLarge(() => getMethod('otm-wor').verifier.acceptance(rationalField, p, q, 2), /float64/);
  // The same inputs in float64 run (and the i.i.d. prefix dual stays exact: its sums keep the common denominator).
  const float = subsetDual(floatField, 'wor', p.map((x) => x.toNumber()), q.map((x) => x.toNumber()), 2);
  assert.ok(float.optimum > 0 && float.optimum <= 1);
  assert.is(subsetDual(rationalField, 'iid', p, q, 2).exact, true);
});

test('optimalAcceptance falls back to the float64 dual when the exact one is refused, and says why', async () => {
  const p = decimals(600, 7919);
  const q = decimals(600, 104729);
  const r = await optimalAcceptance(p, q, 2, 'wor');
  assert.is(r.details.dual?.field, 'float64');
  assert.match(String(r.details.dual?.exactRefused), /exact rationals would cost/);
  assert.is(r.exact, null);
  const float = subsetDual(floatField, 'wor', p.map((x) => x.toNumber()), q.map((x) => x.toNumber()), 2).optimum;
  assert.is(r.optimum, float);
});

test('the exhaustive dual: rationals refused at n = 20 (2^20 sums), float64 allowed up to n = 20', () => {
  const u = Array.from({ length: 20 }, () => Rational.of(1, 20));
  expectTooLarge(() => subsetDual(rationalField, 'iid', u, u, 1, { method: 'exhaustive' }), /exhaustive subset dual .*float64/);
  const r = subsetDual(floatField, 'iid', u.map((x) => x.toNumber()), u.map((x) => x.toNumber()), 1, { method: 'exhaustive' });
  assert.ok(Math.abs(r.optimum - 1) <= 1e-12);
});

test('the flow behind max-flow, OTM and Khisti refuses too many draft sets before building, naming the dual', () => {
  const n = 700;
  const u = new Float64Array(n).fill(1 / n);
  expectTooLarge(() => optimalMembershipFlow(floatField, 'iid', u, u, 2), /245,350 draft sets, above the limit of 200,000: .*subset dual \(--via dual\)/);
  expectTooLarge(() => getMethod('otm').verifier.prepare(floatField, u, u, 2), /draft sets/);
  expectTooLarge(() => getMethod('khisti').verifier.prepare(floatField, u, u, 2), /draft sets/);
  // Their acceptance (the prefix dual) answers at this size.
  assert.ok(Math.abs(getMethod('otm').verifier.acceptance(floatField, u, u, 2).value - 1) <= 1e-12);
  // In rationals the cost guard is stricter than the set count.
  const p = decimals(60, 7919);
  const q = decimals(60, 104729);
  expectTooLarge(() => optimalMembershipFlow(rationalField, 'iid', p, q, 3), /exact rationals would cost .*float64 max-flow/);
});

test('the race-integral dual refuses a quadrature too large to finish (subnormal outside mass, n = 120,000, k = 4)', () => {
  const n = 120_000;
  const q = new Float64Array(n).fill(1 / (n - 1));
  q[n - 1] = 5e-324;
  const p = new Float64Array(n).fill(1 / n);
  expectTooLarge(() => subsetDual(floatField, 'wor', p, q, 4), /race-integral dual .*k ≤ 2 uses the O\(n log n\) prefix dual/);
});

test.run();
