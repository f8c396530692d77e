/**
 * Fixtures of the optimum tests: the §7.1 test vectors with their optimal acceptances and minimising sets,
 * and fast-check generators of exact (p, q, k, draft scheme) instances with zeros, ties, one-hots and
 * near-degenerate mass.
 */
import fc from 'fast-check';
import { parseVector } from '../src/core/distribution.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import type { DraftSchemeId } from '../src/draws/draftScheme.ts';
import { getDraftScheme } from '../src/draws/draftSchemes.ts';

export const vec = (text: string): Rational[] => parseVector(text, rationalField);
export const R = (text: string): Rational => Rational.parse(text);
export const toFloat = (v: readonly Rational[]): Float64Array => Float64Array.from(v, (x) => x.toNumber());

export interface OptimumVector {
  id: string;
  p: Rational[];
  q: Rational[];
  /** k = 2: α* and minimising A for i.i.d. and without-replacement drafts; SpecHub / G-r and G-q (§7.1). */
  iid: [string, number[]];
  wor: [string, number[]];
  hub: string;
  greedyQ: string;
}

/** Spec §7.1 (k = 2). */
export const OPTIMUM_VECTORS: OptimumVector[] = [
  { id: 'E1', p: vec('1/6,1/3,1/2'), q: vec('1/2,1/3,1/6'), iid: ['29/36', [0, 1]], wor: ['11/12', [0, 1]], hub: '5/6', greedyQ: '2/3' },
  { id: 'E2', p: vec('1/3,1/3,1/3'), q: vec('1/3,1/2,1/6'), iid: ['35/36', [0, 1]], wor: ['1', []], hub: '1', greedyQ: '5/6' },
  { id: 'E3', p: vec('1/3,1/3,1/3'), q: vec('1/6,1/2,1/3'), iid: ['35/36', [1, 2]], wor: ['1', []], hub: '1', greedyQ: '5/6' },
  { id: 'E4', p: vec('1/10,1/5,3/10,2/5'), q: vec('2/5,3/10,1/5,1/10'), iid: ['79/100', [0, 1, 2]], wor: ['701/840', [0, 1, 2]], hub: '23/30', greedyQ: '3/5' },
  { id: 'E6', p: vec('1/2,1/4,1/8,1/8'), q: vec('1/4,1/4,1/4,1/4'), iid: ['15/16', [1, 2, 3]], wor: ['1', []], hub: '1', greedyQ: '1' },
];

export const E4 = OPTIMUM_VECTORS[3]!;

/** Exact probability vectors of length n from small integer weights (zeros, ties, one-hot, near-degenerate). */
export function exactDistribution(n: number): fc.Arbitrary<Rational[]> {
  const weights = fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 1 : 0))) },
    { weight: 1, arbitrary: fc.constant(Array.from({ length: n }, () => 1)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (j === i ? 997 : 1))) },
  );
  return weights
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((s, x) => s + x, 0);
      return w.map((x) => Rational.of(x, total));
    });
}

export const ALL_SCHEMES: readonly DraftSchemeId[] = ['iid', 'wor', 'hub', 'greedy', 'greedy-q'];

export interface Instance {
  p: Rational[];
  q: Rational[];
  k: number;
  scheme: DraftSchemeId;
}

/** Whether the scheme admits (q, k) (e.g. without-replacement drafts need |supp q| ≥ k). */
export function admits(scheme: DraftSchemeId, q: readonly Rational[], k: number): boolean {
  try {
    getDraftScheme(scheme).check(rationalField, q, k);
    return true;
  } catch {
    return false;
  }
}

/** Instances with n in [2, maxN], k in [1, maxK] (k = 2 for the hub pair), admissible for their scheme. */
export function instance(maxN = 6, maxK = 3, schemes: readonly DraftSchemeId[] = ALL_SCHEMES): fc.Arbitrary<Instance> {
  return fc
    .record({ n: fc.integer({ min: 2, max: maxN }), k: fc.integer({ min: 1, max: maxK }), scheme: fc.constantFrom(...schemes) })
    .chain(({ n, k, scheme }) =>
      fc.record({ p: exactDistribution(n), q: exactDistribution(n), k: fc.constant(scheme === 'hub' ? 2 : k), scheme: fc.constant(scheme) }),
    )
    .filter((x) => admits(x.scheme, x.q, x.k));
}

/** p(A) + 1 − Q(S ⊆ A) for a set law given as draft sets. */
export function dualValue(p: readonly Rational[], sets: ReadonlyArray<{ members: number[]; probability: Rational }>, A: readonly number[]): Rational {
  const inA = new Set(A);
  let value = Rational.ONE;
  for (const y of A) value = value.add(p[y]!);
  for (const s of sets) if (s.members.every((y) => inA.has(y))) value = value.sub(s.probability);
  return value;
}
