/**
 * The membership upper bound on optimal acceptance (spec §4.3 corollaries):
 *   α* ≤ Σ_y min(p(y), P(y ∈ S(x̄))),
 * with P(y ∈ S) = 1 − (1 − q(y))^k for i.i.d. drafts ({@link iidMembershipBound}).
 *
 * @example
 * ```ts
 * iidMembershipBound(rationalField, E1.p, E1.q, 2); // 29/36
 * ```
 */
import type { Field } from '../core/field.ts';

/** Σ_y min(p(y), inclusion(y)) for given inclusion probabilities. */
export function membershipBound<T>(F: Field<T>, p: ArrayLike<T>, inclusion: ArrayLike<T>): T {
  let s = F.zero;
  for (let y = 0; y < p.length; y++) s = F.add(s, F.min(p[y]!, inclusion[y]!));
  return s;
}

/** The bound for k i.i.d. drafts: inclusion 1 − (1 − q)^k. */
export function iidMembershipBound<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): T {
  const inclusion = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) {
    let miss = F.one;
    for (let i = 0; i < k; i++) miss = F.mul(miss, F.sub(F.one, q[y]!));
    inclusion[y] = F.sub(F.one, miss);
  }
  return membershipBound(F, p, inclusion);
}
