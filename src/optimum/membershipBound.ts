/**
 * The membership upper bound on optimal acceptance (§4.3 corollaries):
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

/**
 * The bound for k i.i.d. drafts: inclusion 1 − (1 − q)^k. In float64 it is −expm1(k·log1p(−q(y))) for
 * q(y) ≤ 1/2 (so q = 1e-300 gives k·1e-300, not 0) and 1 − q(V \ {y})^k with the complement summed otherwise.
 */
export function iidMembershipBound<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): T {
  if (F.name === 'float64') {
    const qf = q as ArrayLike<number>;
    let total = 0;
    for (let y = 0; y < qf.length; y++) total += qf[y]!;
    const inclusion = new Float64Array(qf.length);
    for (let y = 0; y < qf.length; y++) {
      const share = qf[y]! / total;
      if (share <= 0.5) inclusion[y] = -Math.expm1(k * Math.log1p(-share));
      else {
        let rest = 0;
        for (let x = 0; x < qf.length; x++) if (x !== y) rest += qf[x]!;
        inclusion[y] = 1 - (rest / total) ** k;
      }
    }
    return membershipBound(F, p, inclusion as unknown as ArrayLike<T>);
  }
  const inclusion = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) {
    let miss = F.one;
    for (let i = 0; i < k; i++) miss = F.mul(miss, F.sub(F.one, q[y]!));
    inclusion[y] = F.sub(F.one, miss);
  }
  return membershipBound(F, p, inclusion);
}
