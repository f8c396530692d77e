import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from './categorical.ts';
import { floatField } from './field.ts';

/**
 * The reference: Vose's alias method written with JavaScript arrays as push/pop stacks (the form the table was
 * first built in); the typed-array build must give the same table, so every uniform picks the same token.
 */
function referenceDraw(weights: number[], u: number): number {
  const support = weights.flatMap((x, i) => (x > 0 ? [i] : []));
  const n = support.length;
  if (n === 1) return support[0]!;
  let total = 0;
  for (const x of weights) if (x > 0) total += x;
  const prob = new Array<number>(n).fill(0);
  const alias = new Array<number>(n).fill(0);
  const scaled = support.map((i) => (weights[i]! / total) * n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((x, j) => (x < 1 ? small : large).push(j));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const l of large) [prob[l], alias[l]] = [1, l];
  for (const s of small) [prob[s], alias[s]] = [1, s];
  const x = u * n;
  const slot = Math.min(n - 1, Math.floor(x));
  return support[x - slot < prob[slot]! ? slot : alias[slot]!]!;
}

test('draws after the first use the alias table: the same token as the reference Vose table for every uniform', () => {
  const weight = fc.oneof(fc.constant(0), fc.constant(5e-324), fc.constant(1), fc.double({ min: 1e-300, max: 1e3, noNaN: true }));
  fc.assert(
    fc.property(fc.array(weight, { minLength: 1, maxLength: 300 }), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 40 }), (weights, us) => {
      fc.pre(weights.some((x) => x > 0));
      const c = Categorical.create(floatField, weights);
      const first = c.sampleWith(us[0]!); // the first draw scans
      assert.ok(weights[first]! > 0);
      for (const u of us) assert.is(c.sampleWith(u), referenceDraw(weights, u));
    }),
    { numRuns: 400, seed: 21 },
  );
});

/** Inverse CDF by exact integer arithmetic: the first i with u·W < w_0 + … + w_i (integer weights, u a multiple of 2^-53). */
function inverseCdf(weights: number[], u: number): number {
  const U = BigInt(u * 2 ** 53); // exact: u has at most 53 fractional bits
  const W = weights.reduce((a, x) => a + BigInt(x), 0n);
  let prefix = 0n;
  for (let i = 0; i < weights.length; i++) {
    prefix += BigInt(weights[i]!);
    if (U * W < prefix * 2n ** 53n) return i;
  }
  return weights.length - 1;
}

test("{ draws: 'few' }: every draw is the inverse-CDF scan, never the alias table (integer weights, exact expectation)", () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 2, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 2 ** 20 - 1 }), { minLength: 2, maxLength: 30 }), (weights, grid) => {
      fc.pre(weights.some((x) => x > 0));
      const few = Categorical.create(floatField, weights, { draws: 'few' });
      const many = Categorical.create(floatField, weights);
      assert.ok(few.scansOnly);
      assert.not.ok(many.scansOnly);
      for (const g of grid) {
        const u = g / 2 ** 20; // u·W exact in doubles: the scan's rounding cannot move a boundary
        assert.is(few.sampleWith(u), inverseCdf(weights, u));
      }
    }),
    { numRuns: 300, seed: 22 },
  );
  // Teeth: on this law the alias table (draws: 'many', from the second draw on) picks another token than the scan.
  const weights = [1, 2, 3, 4];
  const many = Categorical.create(floatField, weights);
  const few = Categorical.create(floatField, weights, { draws: 'few' });
  many.sampleWith(0);
  few.sampleWith(0);
  const differs = Array.from({ length: 64 }, (_, j) => (j + 0.5) / 64).some((u) => many.sampleWith(u) !== few.sampleWith(u));
  assert.ok(differs, 'the two policies pick different tokens for some uniform');
  assert.throws(() => Categorical.create(floatField, weights, { draws: 'some' as 'few' }), /draws must be 'many' or 'few'/);
});

test('support lists the positive weights in ascending order (float and rational fields agree)', () => {
  const c = Categorical.create(floatField, [0, 2, 0, 5e-324, 1]);
  assert.equal([...c.support], [1, 3, 4]);
  const full = Categorical.create(floatField, [1, 2, 3]);
  assert.equal([...full.support], [0, 1, 2]);
});

/**
 * Weights m(i)·2⁻¹⁰⁷⁴ with integer m (subnormal or tiny totals): token i owns an interval of u of length
 * m(i)/Σm exactly, so on the grid u_j = (j + ½)/N the scan must pick it N·m(i)/Σm times, within one (the
 * expectation is integer arithmetic on m, independent of the code under test). Without the 2¹⁰⁰⁰ scaling,
 * u·Σw is rounded to the 2⁻¹⁰⁷⁴ grid and [3, 7] is drawn as about [0.25, 0.75] (docs/theory.md §11.9).
 */
function gridCounts(draw: (u: number) => number, size: number, N: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (let j = 0; j < N; j++) counts[draw((j + 0.5) / N)]!++;
  return counts;
}

test('the first draw (scan) keeps the law of weights whose total is subnormal or tiny (the long fuzz, seed 308 87/600)', () => {
  const N = 10_000;
  const tiny = 2 ** -1074;
  const counts = gridCounts((u) => Categorical.create(floatField, [3 * tiny, 7 * tiny]).scan(u), 2, N);
  assert.ok(Math.abs(counts[0]! - 3000) <= 1, `token 0 drawn ${counts[0]} times of ${N}, law 3/10`);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }), fc.constantFrom(tiny, 2 ** -1000, 2 ** -960), (m, unit) => {
      const total = m.reduce((a, b) => a + b, 0);
      fc.pre(total > 0);
      const counts = gridCounts((u) => Categorical.create(floatField, m.map((x) => x * unit)).scan(u), m.length, 2000);
      m.forEach((x, i) => assert.ok(Math.abs(counts[i]! - (2000 * x) / total) <= 1, `weights ${m} × ${unit}: token ${i} drawn ${counts[i]} times`));
    }),
    { numRuns: 200, seed: 308 },
  );
});

test.run();
