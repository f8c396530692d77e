// Optimum fuzz (issue 9, fuzz item (c)): near-degenerate float instances (property-tests/arbitraries/
// optimumLaws.ts: masses 1e-300, subnormals, 1 − 1e-16, one-hots plus dust, ties, disjoint supports, sums off by
// up to 1e-9), k = 1..4, draws iid / wor / hub / greedy / greedy-q. Every optimum route agrees with the exact α*
// of the exactly renormalised inputs within the tolerances stated in property-tests/optimumFuzzCheck.ts, or
// refuses with a typed error; the OTM / Khisti verifiers' float output law is p and never emits p = 0.
// The long run of the same check is bench/fuzzOptimum.ts.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optimumInstance } from './arbitraries/optimumLaws.ts';
import { TOLERANCE, checkOptimumInstance, exactReference } from './optimumFuzzCheck.ts';

const SEED = 9_2026;

test('n = 2..6: all four routes (LPs included), the exhaustive dual and the optimal verifiers vs the exact α*', async () => {
  await fc.assert(
    fc.asyncProperty(optimumInstance(2, 6, 4), async (x) => {
      const r = await checkOptimumInstance(x);
      assert.equal(r.failures, []);
    }),
    { numRuns: 150, seed: SEED },
  );
});

test('n = 7..50: dual and max-flow (LPs and flows capped at 20,000 variables / sets) vs the exact α* where cheap', async () => {
  await fc.assert(
    fc.asyncProperty(optimumInstance(7, 50, 4), async (x) => {
      const r = await checkOptimumInstance(x, { maxVariables: 20_000, maxSets: 20_000 });
      assert.equal(r.failures, []);
    }),
    { numRuns: 60, seed: SEED + 1 },
  );
});

/** TEETH: the float prefix dual for without-replacement drafts (k = 2) as it was before the fix: 1 − q_y by
 * subtraction and f(A) = q(A)·Σw − Σq·w (a difference of large terms). */
function naiveWorK2Dual(p: readonly number[], q: readonly number[]): number {
  const order = p.map((_, i) => i).sort((a, b) => (q[a]! > 0 ? p[a]! / q[a]! : Infinity) - (q[b]! > 0 ? p[b]! / q[b]! : Infinity) || a - b);
  let P = 0;
  let Q = 0;
  let ratioSum = 0;
  let squareSum = 0;
  let best = 1;
  for (const y of order) {
    P += p[y]!;
    Q += q[y]!;
    const w = q[y]! / (1 - q[y]!);
    ratioSum += w;
    squareSum += q[y]! * w;
    const value = P + 1 - Math.min(1, Q * ratioSum - squareSum);
    if (value < best) best = value;
  }
  return best;
}

test('teeth: the generator and tolerance catch the pre-fix float dual (1 − q by subtraction) on many instances', () => {
  const xs = fc.sample(optimumInstance(2, 6, 2, ['wor']).filter((x) => x.k === 2), { numRuns: 200, seed: SEED + 2 });
  let caught = 0;
  for (const x of xs) {
    const reference = exactReference(x)!.toNumber();
    const naive = naiveWorK2Dual(x.p, x.q);
    if (!(Math.abs(naive - reference) <= TOLERANCE.exactRoutes)) caught++;
  }
  assert.ok(caught >= 10, `the pre-fix dual was caught on only ${caught} of ${xs.length} instances`);
});

test.run();
