import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { Field, Vec } from '../../core/field.ts';

/**
 * The accept test "u < num / den" (spec §2 conventions) with den = 0 read as its limit: accept iff num > 0.
 */
export function ratioTest<T>(F: Field<T>, chooser: Chooser<T>, num: T, den: T): boolean {
  if (F.isZero(den)) return F.isPositive(num);
  return chooser.bernoulli(F.div(num, den));
}

/**
 * The categorical law of a residual, or — when its mass is zero, which happens only on paths of probability
 * zero in exact arithmetic (§2 conventions, §8 item 3) — the target p itself. Never NaN.
 */
export function residualLaw<T>(F: Field<T>, weights: ArrayLike<T>, target: ArrayLike<T> | Categorical<T>): Categorical<T> {
  return Categorical.tryCreate(F, weights) ?? (target instanceof Categorical ? target : Categorical.create(F, target));
}

/** (a − b)^+ componentwise. */
export function positivePart<T>(F: Field<T>, a: ArrayLike<T>, b: ArrayLike<T>): Vec<T> {
  if (F.name === 'float64') return positivePartFloat(a as ArrayLike<number>, b as ArrayLike<number>) as unknown as Vec<T>;
  const out = F.zeros(a.length);
  for (let i = 0; i < a.length; i++) out[i] = F.positiveDifference(a[i]!, b[i]!);
  return out;
}

/** v / Σ v, or null when Σ v = 0. */
export function normaliseOrNull<T>(F: Field<T>, v: ArrayLike<T>): Vec<T> | null {
  if (F.name === 'float64') return normaliseFloatOrNull(v as ArrayLike<number>) as unknown as Vec<T> | null;
  let total = F.zero;
  for (let i = 0; i < v.length; i++) total = F.add(total, v[i]!);
  if (!F.isPositive(total)) return null;
  const out = F.zeros(v.length);
  for (let i = 0; i < v.length; i++) out[i] = F.div(v[i]!, total);
  return out;
}

// Float64 fast paths of the two helpers above (same arithmetic, no generic Field calls): the per-call cost of a
// verifier at large n is dominated by these passes.
function positivePartFloat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0) out[i] = d;
  }
  return out;
}

function normaliseFloatOrNull(v: ArrayLike<number>): Float64Array | null {
  const n = v.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += v[i]!;
  if (!(total > 0)) return null;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v[i]! / total;
  return out;
}
