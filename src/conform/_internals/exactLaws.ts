/** Exact helpers of the conformance harness: draft-tuple law, a reference's conditional law, total variation. */
import { enumerateOutcomes } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import { rationalField } from '../../core/field.ts';
import { Rational } from '../../core/rational.ts';
import type { DraftScheme } from '../../draws/draftScheme.ts';
import type { Verifier } from '../../verifiers/verifier.ts';

const half = Rational.of(1, 2);

export function totalVariation(a: readonly Rational[], b: readonly Rational[]): Rational {
  let s = Rational.ZERO;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]!.sub(b[i]!);
    s = s.add(d.sign() < 0 ? d.neg() : d);
  }
  return s.mul(half);
}

/** An upper bound on the number of ordered draft tuples of positive probability (s = |supp q|). */
export function draftTupleCountBound(schemeId: string, q: readonly Rational[], k: number): number {
  let s = 0;
  for (const x of q) if (x.sign() > 0) s++;
  switch (schemeId) {
    case 'wor': {
      let count = 1;
      for (let i = 0; i < k; i++) count *= Math.max(s - i, 0);
      return count;
    }
    case 'hub':
      return s <= 1 ? 1 : 2 * (s - 1);
    case 'greedy':
      return Math.max(s - (k - 1), 1);
    case 'greedy-q':
      return s;
    default:
      return s ** k;
  }
}

/** The exact joint law of ordered draft tuples, or null past maxTuples (checked against a bound first). */
export function draftTupleLaw(scheme: DraftScheme, q: readonly Rational[], k: number, maxTuples: number): Array<{ drafts: number[]; probability: Rational }> | null {
  if (draftTupleCountBound(scheme.id, q, k) > maxTuples) return null;
  const draws = scheme.prepare(rationalField, q, k);
  let outcomes;
  try {
    outcomes = enumerateOutcomes(rationalField, (c) => draws.draw(c), maxTuples);
  } catch (e) {
    if (e instanceof SpechubError && e.code === 'TOO_LARGE') return null;
    throw e;
  }
  const merged = new Map<string, { drafts: number[]; probability: Rational }>();
  for (const { value, probability } of outcomes) {
    const key = value.join(',');
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, { drafts: value, probability });
    else entry.probability = entry.probability.add(probability);
  }
  return [...merged.values()].sort((a, b) => {
    for (let i = 0; i < Math.min(a.drafts.length, b.drafts.length); i++) if (a.drafts[i] !== b.drafts[i]) return a.drafts[i]! - b.drafts[i]!;
    return a.drafts.length - b.drafts.length;
  });
}

/** The reference verifier's exact conditional law given one tuple. */
export function referenceConditionalLaw(reference: Verifier, p: readonly Rational[], q: readonly Rational[], k: number, drafts: readonly number[]): Rational[] {
  const prepared = reference.prepare(rationalField, p, q, k);
  const law = p.map(() => Rational.ZERO);
  for (const { probability, value } of enumerateOutcomes(rationalField, (c) => prepared.verify(drafts, c))) {
    law[value.token] = law[value.token]!.add(probability);
  }
  return law;
}

