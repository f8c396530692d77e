/**
 * An optimal membership flow f*(S, y) for a draft scheme (§4.2–4.3): the scheme's exact set law Q_S
 * followed by the exact max-flow of {@link membershipMaxFlow}, indexed by set key for O(1) lookup at
 * verification time. This is what the OTM (§2.5) and Khisti two-step (§2.7) verifiers are built from.
 *
 * The set law has up to Σ_{m≤k} C(n, m) sets: refused with `TOO_LARGE` above `maxSets` (default
 * {@link DEFAULT_MAX_FLOW_SETS}), before anything is built; in rationals also when the numbers would make the
 * flow too costly (`src/optimum/rationalWork.ts`). Both messages name the routes that work.
 *
 * @example
 * ```ts
 * const flow = optimalMembershipFlow(rationalField, 'iid', E4.p, E4.q, 2);
 * flow.optimum.toString();                   // '79/100'
 * flow.tokenInflow.map(String);              // ['1/10', '1/5', '3/10', '19/100'] (the profile A)
 * ```
 */
import type { Field } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { type DraftSet, massNormalised, setLawOf, setLawSize } from '../draws/draftLaws.ts';
import { SpechubError } from '../core/errors.ts';
import { denominatorBits, guardRationalWork } from './rationalWork.ts';
import { type MembershipFlow, membershipMaxFlowUnchecked } from './membershipMaxFlow.ts';

/** Default cap on the number of draft sets of the flow network. */
export const DEFAULT_MAX_FLOW_SETS = 200_000;

export interface OptimalMembershipFlow<T> extends MembershipFlow<T> {
  /** The draft sets, aligned with `setFlows`. */
  sets: DraftSet<T>[];
  /** Index into `sets` by set key (`'a,b'`, ascending). */
  indexOf: ReadonlyMap<string, number>;
}

/** p, q assumed validated (same length, normalised); the scheme's own check runs. */
export function optimalMembershipFlow<T>(
  F: Field<T>,
  scheme: DraftSchemeId,
  p: ArrayLike<T>,
  q: ArrayLike<T>,
  k: number,
  options: { maxSets?: number } = {},
): OptimalMembershipFlow<T> {
  const maxSets = options.maxSets ?? DEFAULT_MAX_FLOW_SETS;
  const sets = setLawSize(F, scheme, q, k);
  const what = `the membership flow network (${scheme} drafts, n = ${q.length}, k = ${k})`;
  if (sets > maxSets) {
    throw new SpechubError(
      'TOO_LARGE',
      `${what} would have ${Math.round(sets).toLocaleString('en-US')} draft sets, above the limit of ${maxSets.toLocaleString('en-US')}: the max-flow route and the OTM / Khisti verifiers (built on this flow) need every draft set; the subset dual (--via dual) gives α* at any size in O(n log n), and verifiers with a closed form (rrs, rrsw, kseq, spechub, greedy) verify at any size`,
    );
  }
  if (F.name !== 'float64') {
    // Dinic in rationals: a few operations per arc and phase, on numbers of the set law's size.
    let orderings = 1;
    for (let i = 2; i <= Math.min(k, 8); i++) orderings *= i;
    guardRationalWork(sets * orderings * k * 8 + q.length, k * denominatorBits(F, p, q), `${what} (${Math.round(sets).toLocaleString('en-US')} draft sets)`, 'the float64 max-flow (floatField) handles up to 200,000 draft sets, and the subset dual gives α* at any size');
  }
  const law = setLawOf(F, scheme, q, k, Math.max(1, maxSets * 8));
  // Float targets sum to 1 only within 1e-9: renormalised once (the set law is normalised by setLawOf).
  const flow = membershipMaxFlowUnchecked(F, massNormalised(F, p), law);
  const indexOf = new Map<string, number>();
  law.forEach((s, i) => indexOf.set(s.key, i));
  // A float flow can total 1 + 2e-16; an acceptance is a probability.
  const optimum = F.name === 'float64' ? F.min(F.one, flow.optimum) : flow.optimum;
  return { ...flow, optimum, sets: law, indexOf };
}
