import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { Field, Vec } from '../../core/field.ts';

/**
 * The accept test "u < num / den" (§2 conventions) with den = 0 read as its limit: accept iff num > 0.
 * Guarded (docs/theory.md §11.3): a denominator that is not positive never divides, so no NaN or −∞ ratio
 * can reach the chooser; a ratio above 1 (or +∞ from a subnormal denominator) accepts surely. (A zero
 * numerator still goes through the chooser, which rejects it: the sampler's random stream is unchanged.)
 */
export function ratioTest<T>(F: Field<T>, chooser: Chooser<T>, num: T, den: T): boolean {
  if (!F.isPositive(den)) return F.isPositive(num);
  return chooser.bernoulli(F.div(num, den));
}

/**
 * The categorical law of a residual, or — when its mass is zero, which happens only on paths of probability
 * zero in exact arithmetic (§2 conventions, §8 item 3) — the target p itself. Never NaN.
 */
export function residualLaw<T>(F: Field<T>, weights: ArrayLike<T>, target: ArrayLike<T> | Categorical<T>): Categorical<T> {
  return Categorical.tryCreate(F, weights) ?? (target instanceof Categorical ? target : Categorical.create(F, target));
}

/** (a − b)^+ componentwise (see {@link Field.positivePart}). */
export function positivePart<T>(F: Field<T>, a: ArrayLike<T>, b: ArrayLike<T>): Vec<T> {
  return F.positivePart(a, b);
}

/** v / Σ v, or null when Σ v = 0 (see {@link Field.normaliseOrNull}). */
export function normaliseOrNull<T>(F: Field<T>, v: ArrayLike<T>): Vec<T> | null {
  return F.normaliseOrNull(v);
}
