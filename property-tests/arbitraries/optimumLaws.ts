/**
 * fast-check generators of near-degenerate float64 (p, q, k, draft scheme) instances for the optimum fuzz
 * (issue 9, fuzz item (c)): masses 1e-300 and subnormals down to 5e-324, 1 − 1e-16, one-hots plus dust, exact
 * ties, disjoint supports, and vectors whose float sum is off 1 by up to 1e-9 (the validator's tolerance).
 * Every generated vector passes `validateDistribution`; every instance is admissible for its scheme (the
 * scheme's own `check` passes), so a refusal can only be a size guard.
 *
 * `exactRenormalised` gives the reference input: the float entries read as exact dyadic rationals, divided by
 * their exact sum, which is what "the rational value of the same (renormalised) inputs" means in the issue.
 */
import fc from 'fast-check';
import { NORMALISATION_TOLERANCE } from '../../src/core/distribution.ts';
import { floatField } from '../../src/core/field.ts';
import { Rational } from '../../src/core/rational.ts';
import type { DraftSchemeId } from '../../src/draws/draftScheme.ts';
import { getDraftScheme } from '../../src/methods.ts';

/** Tiny masses: the smallest subnormal, deep and shallow subnormals, the smallest normal, 1e-300 … 1e-9. */
export const TINY_MASSES: readonly number[] = [5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1e-30, 1e-17, 1e-16, 1e-12];

/** One entry before scaling: zero, a tiny mass (kept as is), or an ordinary weight. */
type Entry = { kind: 'zero' } | { kind: 'tiny'; mass: number } | { kind: 'weight'; weight: number };

const entry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Entry>({ kind: 'zero' }) },
  { weight: 3, arbitrary: fc.constantFrom(...TINY_MASSES).map((mass): Entry => ({ kind: 'tiny', mass })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }).map((w): Entry => ({ kind: 'weight', weight: w })) },
  { weight: 2, arbitrary: fc.double({ min: 1e-6, max: 1, noNaN: true }).map((w): Entry => ({ kind: 'weight', weight: w })) },
);

/** Scales the ordinary weights to 1 − Σ tiny (float); tiny masses stay as they are. */
function fromEntries(entries: readonly Entry[]): number[] {
  let tiny = 0;
  let weights = 0;
  for (const e of entries) {
    if (e.kind === 'tiny') tiny += e.mass;
    else if (e.kind === 'weight') weights += e.weight;
  }
  if (weights === 0) {
    // Only tiny masses (or zeros): renormalise them all (a law of dust is still a law).
    return entries.map((e) => (e.kind === 'tiny' ? e.mass / tiny : 0));
  }
  const scale = (1 - tiny) / weights;
  return entries.map((e) => (e.kind === 'zero' ? 0 : e.kind === 'tiny' ? e.mass : e.weight * scale));
}

/** Σ v in float64 (the validator's order). */
function floatSum(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s;
}

/** Keeps v valid for `validateDistribution` (float sum within 1e-9 of 1), or renormalises it in float. */
function valid(v: number[]): number[] {
  if (Math.abs(floatSum(v) - 1) <= NORMALISATION_TOLERANCE) return v;
  const s = floatSum(v);
  return v.map((x) => x / s);
}

/** A near-degenerate float probability vector of length n (see the file header). */
export function degenerateVector(n: number): fc.Arbitrary<number[]> {
  const shapes: fc.Arbitrary<number[]>[] = [
    // Mixed entries: zeros, tiny masses, ordinary weights.
    fc.array(entry, { minLength: n, maxLength: n }).filter((es) => es.some((e) => e.kind !== 'zero')).map(fromEntries),
    // One-hot plus dust: one entry 1 (or 1 − 1e-16, or 1 − 1e-12), the others zero or tiny, not renormalised.
    fc
      .record({
        hot: fc.integer({ min: 0, max: n - 1 }),
        top: fc.constantFrom(1, 1 - 1e-16, 1 - 1e-12, 0.99),
        dust: fc.array(fc.oneof(fc.constant(0), fc.constantFrom(...TINY_MASSES)), { minLength: n, maxLength: n }),
      })
      .map(({ hot, top, dust }) => dust.map((x, i) => (i === hot ? top : x))),
    // Exact ties (1/n each, or two tied leaders with dust).
    fc.constant(Array.from({ length: n }, () => 1 / n)),
    fc.constantFrom(...TINY_MASSES).map((d) => Array.from({ length: n }, (_, i) => (i < 2 ? (1 - (n - 2) * d) / 2 : d))),
  ];
  return fc
    .record({ v: fc.oneof(...shapes), slack: fc.oneof(fc.constant(0), fc.double({ min: -1e-9, max: 1e-9, noNaN: true })) })
    .map(({ v, slack }) => valid(v.map((x) => x * (1 + slack))));
}

export interface OptimumInstance {
  p: number[];
  q: number[];
  k: number;
  draws: DraftSchemeId;
}

/** Whether the scheme admits (q, k) in float64 and in the exact renormalisation (same support, so the same). */
export function admits(draws: DraftSchemeId, q: readonly number[], k: number): boolean {
  try {
    getDraftScheme(draws).check(floatField, q, k);
    return true;
  } catch {
    return false;
  }
}

/** p and q zero on complementary sets (both keep some support). */
function disjointPair(n: number): fc.Arbitrary<{ p: number[]; q: number[] }> {
  return fc
    .record({ p: degenerateVector(n), q: degenerateVector(n), split: fc.integer({ min: 1, max: n - 1 }) })
    .map(({ p, q, split }) => ({
      p: valid(p.map((x, i) => (i < split ? 0 : x))),
      q: valid(q.map((x, i) => (i < split ? x : 0))),
    }))
    .filter(({ p, q }) => floatSum(p) > 0 && floatSum(q) > 0 && p.every(Number.isFinite) && q.every(Number.isFinite));
}

/** Instances with n in [minN, maxN], k in [1, maxK] (k = 2 for the hub pair), draws among `schemes`. */
export function optimumInstance(
  minN: number,
  maxN: number,
  maxK = 4,
  schemes: readonly DraftSchemeId[] = ['iid', 'wor', 'hub', 'greedy', 'greedy-q'],
): fc.Arbitrary<OptimumInstance> {
  return fc
    .record({ n: fc.integer({ min: minN, max: maxN }), k: fc.integer({ min: 1, max: maxK }), draws: fc.constantFrom(...schemes), disjoint: fc.boolean() })
    .chain(({ n, k, draws, disjoint }) =>
      (disjoint ? disjointPair(n) : fc.record({ p: degenerateVector(n), q: degenerateVector(n) })).map(({ p, q }) => ({
        p,
        q,
        k: draws === 'hub' ? 2 : k,
        draws,
      })),
    )
    .filter((x) => admits(x.draws, x.q, x.k));
}

/** The float vector read exactly (every double is a dyadic rational) and divided by its exact sum. */
export function exactRenormalised(v: readonly number[]): Rational[] {
  const exact = v.map((x) => Rational.fromNumber(x));
  const total = exact.reduce((s, x) => s.add(x), Rational.ZERO);
  return exact.map((x) => x.div(total));
}
