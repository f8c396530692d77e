/**
 * Exact joint law Q(x̄) of a draft scheme and the induced law Q_S of the draft *set* (spec §0.2, §1), by
 * enumerating the scheme's program. Small vocabularies only.
 *
 * @example
 * ```ts
 * draftSetLaw(rationalField, 'hub', E1.q, 2); // Map { '0,1' => 2/3, '0,2' => 1/3 }
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import { validateInField } from '../core/distribution.ts';
import type { Field } from '../core/field.ts';
import { getDraftScheme } from '../methods.ts';

/** Ordered tuples, keyed `'x1,x2,…'`. */
export function draftJointLaw<T>(F: Field<T>, schemeId: string, q: ArrayLike<T>, k: number): Map<string, T> {
  const scheme = getDraftScheme(schemeId);
  const draft = validateInField(F, q, 'draft');
  const draws = scheme.prepare(F, draft, k);
  const law = new Map<string, T>();
  for (const { probability, value } of enumerateOutcomes(F, (c) => draws.draw(c))) {
    const key = value.join(',');
    law.set(key, F.add(law.get(key) ?? F.zero, probability));
  }
  return law;
}

/** Sets of distinct drafted tokens, keyed by the ascending tokens `'a,b'`. */
export function draftSetLaw<T>(F: Field<T>, schemeId: string, q: ArrayLike<T>, k: number): Map<string, T> {
  const sets = new Map<string, T>();
  for (const [tuple, probability] of draftJointLaw(F, schemeId, q, k)) {
    const key = [...new Set(tuple.split(',').map(Number))].sort((a, b) => a - b).join(',');
    sets.set(key, F.add(sets.get(key) ?? F.zero, probability));
  }
  return sets;
}

