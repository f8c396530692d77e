/**
 * Exact joint law Q(x̄) of a draft scheme and the induced law Q_S of the draft *set* (§0.2, §1), by
 * enumerating the scheme's program: `Map` views (keys `'x1,x2,…'` and ascending `'a,b'`) of the draft-law
 * module src/draws/draftLaws.ts (`enumerateJointLaw`, `setLawFromTuples`). Small vocabularies only.
 *
 * @example
 * ```ts
 * draftSetLaw(rationalField, 'hub', E1.q, 2); // Map { '0,1' => 2/3, '0,2' => 1/3 }
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import type { Field } from '../core/field.ts';
import { enumerateJointLaw, setLawFromTuples } from '../draws/draftLaws.ts';

/** Ordered tuples, keyed `'x1,x2,…'`. */
export function draftJointLaw<T>(F: Field<T>, schemeId: string, q: ArrayLike<T>, k: number): Map<string, T> {
  const law = new Map<string, T>();
  for (const t of enumerateJointLaw(F, schemeId, validateInField(F, q, 'draft'), k)) law.set(t.tuple.join(','), t.probability);
  return law;
}

/** Sets of distinct drafted tokens, keyed by the ascending tokens `'a,b'`. */
export function draftSetLaw<T>(F: Field<T>, schemeId: string, q: ArrayLike<T>, k: number): Map<string, T> {
  const law = new Map<string, T>();
  for (const s of setLawFromTuples(F, enumerateJointLaw(F, schemeId, validateInField(F, q, 'draft'), k))) law.set(s.key, s.probability);
  return law;
}
