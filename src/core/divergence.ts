/**
 * Distances between a target p and a draft q (§0.2): overlap ov(p,q) = Σ min(p,q) = 1 − TV(p,q),
 * which is also the single-draft acceptance (§2.1), total variation and KL divergence.
 *
 * @example
 * ```ts
 * overlap(floatField, [0.5, 0.5], [0.9, 0.1]); // 0.6
 * ```
 */
import type { Field } from './field.ts';

/** ov(p, q) = Σ_y min(p(y), q(y)). */
export function overlap<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): T {
  return F.sumMin(p, q);
}

/** TV(p, q) = ½ Σ |p − q| = 1 − ov(p, q). */
export function totalVariation<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): T {
  return F.sumPositiveDifference(p, q);
}

/** KL(p ‖ q) in nats (float); +∞ when p puts mass where q has none. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    if (a === 0) continue;
    const b = q[i]!;
    if (b === 0) return Infinity;
    s += a * Math.log(a / b);
  }
  return s;
}
