/**
 * Shared arithmetic of block and traversal verification (§S2.1, §S3.2): capped weights, scaled residuals
 * and their masses, with the float guards of §S7 item 8.
 */
import type { Field, Vec } from '../../core/field.ts';

/** Float residual masses at or below this many ulps of 1 per token are treated as zero (§S7 item 8). */
const FLOAT_ZERO_PER_TOKEN = Number.EPSILON;

/** min(1, a·p(x)/q(x)), with q(x) = 0 read as its limit (1 when a·p(x) > 0). */
export function nextWeight<T>(F: Field<T>, a: T, px: T, qx: T): T {
  const num = F.mul(a, px);
  if (!F.isPositive(num)) return F.zero;
  if (!F.isPositive(qx)) return F.one;
  return clampUnit(F, F.div(num, qx));
}

/** (a·p − q)^+ componentwise; in float64 a total at or below n·ε is returned as all zeros. */
export function scaledResidual<T>(F: Field<T>, a: T, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T> {
  const out = F.zeros(p.length);
  let total = F.zero;
  for (let y = 0; y < p.length; y++) {
    const d = F.positiveDifference(F.mul(a, p[y]!), q[y]!);
    out[y] = d;
    total = F.add(total, d);
  }
  if (F.name === 'float64' && (total as unknown as number) <= FLOAT_ZERO_PER_TOKEN * p.length) return F.zeros(p.length);
  return out;
}

/** Σ_y (a·p(y) − q(y))^+ (with the float guard of {@link scaledResidual}). */
export function residualMass<T>(F: Field<T>, a: T, p: ArrayLike<T>, q: ArrayLike<T>): T {
  const r = scaledResidual(F, a, p, q);
  let total = F.zero;
  for (let y = 0; y < r.length; y++) total = F.add(total, r[y]!);
  return total;
}

export function clampUnit<T>(F: Field<T>, x: T): T {
  if (F.lt(F.one, x)) return F.one;
  if (!F.isPositive(x)) return F.zero;
  return x;
}
