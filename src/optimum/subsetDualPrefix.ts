/**
 * Optimal acceptance by the subset dual searched among prefixes (§4.4): sort the tokens by
 * nondecreasing p(y)/q(y) (q(y) = 0 last, ties by index), let A_j be the first j tokens, and
 *
 *   α* = min_{0 ≤ j ≤ n} [ p(A_j) + 1 − f(A_j) ],   f(A) = Q(S(x̄) ⊆ A).
 *
 * One sort (a radix sort of the float ratios, O(n); O(n log n) comparisons in rationals), then O(1) per prefix:
 * - i.i.d. drafts, any k: f(A) = q(A)^k (prefix theorem proved, §4.4). Method `'prefix-iid'`.
 * - without replacement, k = 2: f(A) = q(A)·Σ_{x∈A} q_x/(1−q_x) − Σ_{x∈A} q_x²/(1−q_x) (proved). Method
 *   `'prefix-wor-k2'`. (k = 1 is the i.i.d. case.)
 * - without replacement, k ≥ 3: f(A_j) by the exponential-race integral (float64 quadrature, O(n · nodes · k)).
 *   Method `'prefix-wor-race-integral'`, `exact: false`. That the minimum lies on a prefix is only numerical
 *   evidence for k ≥ 3 (§4.4 [NUM]); `subsetDual` prefers the exhaustive search for small n.
 *
 * Exact in the rational field for the first two methods.
 *
 * @example
 * ```ts
 * subsetDualPrefix(rationalField, 'wor', E4.p, E4.q, 2); // {optimum: 701/840, argminSet: [0, 1, 2], method: 'prefix-wor-k2', exact: true}
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { floatRatioOrder } from './floatRatioOrder.ts';
import { withoutReplacementPrefixEscape } from './_internals/raceIntegral.ts';


export type PrefixDualMethod = 'prefix-iid' | 'prefix-wor-k2' | 'prefix-wor-race-integral';

export interface PrefixDualResult<T> {
  optimum: T;
  /** The minimising prefix A_j (the shortest one), ascending token ids. */
  argminSet: number[];
  method: PrefixDualMethod;
  /** false only for the race-integral method (a float quadrature). */
  exact: boolean;
}

/** Token ids in nondecreasing p/q order (q = 0 last, ties by index). */
export function ratioOrder<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Uint32Array {
  const n = p.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Floats: the keys (p·2^−100)/q (RATIO_KEY_SCALE: p ≤ 1 and q ≥ 2^−1074 bound the ratio by 2^1074, which would
  // overflow to +∞, the key of q = 0, for a subnormal q; scaled, every ratio above 2^−974 keeps its correctly
  // rounded value and only ratios of p-negligible tokens lose precision), ordered by `floatRatioOrder` in
  // borrowed buffers; copied here, since callers keep the order.
  if (F.name === 'float64') return floatRatioOrder(p as ArrayLike<number>, q as ArrayLike<number>).slice();
  return order.sort((a, b) => {
    const qa = F.isPositive(q[a]!);
    const qb = F.isPositive(q[b]!);
    if (!qa || !qb) return qa === qb ? a - b : qa ? -1 : 1;
    return F.compare(F.mul(p[a]!, q[b]!), F.mul(p[b]!, q[a]!)) || a - b;
  });
}

/** Prefix search for i.i.d. or without-replacement drafts; inputs are assumed validated (see `subsetDual`). */
export function subsetDualPrefix<T>(F: Field<T>, scheme: 'iid' | 'wor', p: ArrayLike<T>, q: ArrayLike<T>, k: number): PrefixDualResult<T> {
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `k must be an integer ≥ 1, got ${k}`);
  const n = p.length;
  // Floats read the borrowed order in place (nothing below borrows the same buffers).
  const order = F.name === 'float64' ? floatRatioOrder(p as ArrayLike<number>, q as ArrayLike<number>) : ratioOrder(F, p, q);
  const method: PrefixDualMethod = scheme === 'iid' || k === 1 ? 'prefix-iid' : k === 2 ? 'prefix-wor-k2' : 'prefix-wor-race-integral';

  if (F.name === 'float64') {
    const r = prefixDualFloat(p as ArrayLike<number>, q as ArrayLike<number>, order, k, method);
    return { optimum: r.optimum as T, argminSet: prefixSet(order, r.length), method, exact: method !== 'prefix-wor-race-integral' };
  }
  if (method === 'prefix-wor-race-integral') {
    const pf = new Float64Array(n);
    const qf = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      pf[j] = F.toNumber(p[order[j]!]!);
      qf[j] = F.toNumber(q[order[j]!]!);
    }
    const r = prefixDualFloat(normalisedFloat(pf), normalisedFloat(qf), null, k, method);
    return { optimum: F.fromNumber(r.optimum), argminSet: prefixSet(order, r.length), method, exact: false };
  }

  let P = F.zero;
  let Q = F.zero;
  let ratioSum = F.zero;
  let squareSum = F.zero;
  let best = F.one;
  let bestJ = 0;
  for (let j = 1; j <= n; j++) {
    const y = order[j - 1]!;
    const qy = q[y]!;
    P = F.add(P, p[y]!);
    Q = F.add(Q, qy);
    let contained: T;
    if (method === 'prefix-iid') {
      contained = F.one;
      for (let i = 0; i < k; i++) contained = F.mul(contained, Q);
    } else {
      if (F.isPositive(qy)) {
        const w = F.div(qy, F.sub(F.one, qy));
        ratioSum = F.add(ratioSum, w);
        squareSum = F.add(squareSum, F.mul(qy, w));
      }
      contained = F.sub(F.mul(Q, ratioSum), squareSum);
    }
    const value = F.sub(F.add(P, F.one), contained);
    if (F.lt(value, best)) {
      best = value;
      bestJ = j;
    }
  }
  return { optimum: best, argminSet: prefixSet(order, bestJ), method, exact: true };
}

/** v / Σv (float), unless Σv is already 1 or 0. */
function normalisedFloat(v: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i]!;
  const out = Float64Array.from(v);
  if (total !== 1 && total > 0) for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/**
 * The prefix search in float64, written so that every quantity is a sum of non-negative terms (docs/theory-
 * optimum-float.md §12): the value of prefix A_j is p(A_j) + G(A_j) with the escape probability
 * G(A) = 1 − f(A) = Q(S(x̄) ⊄ A) computed directly from the suffix mass R = q(V \ A) (summed from the end,
 * accurate when it is tiny), never as 1 − f(A):
 * - i.i.d.: G = 1 − (1 − R)^k = −expm1(k·log1p(−R)) when R ≤ 1/2, else 1 − q(A)^k;
 * - without replacement, k = 2: G = R·(1 + Σ_{x∈A} q_x/(1 − q_x)) = R + H, with H_j = H_{j−1}·R_j/R_{j−1} +
 *   q_y·R_j/(1 − q_y) (each factor ≤ 1, so no overflow even when 1 − q_y is subnormal) and 1 − q_y = the
 *   summed mass of the other tokens;
 * - without replacement, k ≥ 3: G(A_j) by the exponential-race integral (§4.4), evaluated for G itself.
 * p and q are renormalised (float) first; `order` null means the entries are already in ratio order.
 * Each value is accurate to a few ulps relative (the race integral to ~1e-13), so the minimum is too.
 */
function prefixDualFloat(pIn: ArrayLike<number>, qIn: ArrayLike<number>, order: Uint32Array | null, k: number, method: PrefixDualMethod): { optimum: number; length: number } {
  const n = pIn.length;
  const p = normalisedFloat(pIn);
  const q = normalisedFloat(qIn);
  const at = (j: number) => (order === null ? j : order[j]!);
  // suffix[j] = q(V \ A_j), summed from the end.
  const suffix = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) suffix[j] = suffix[j + 1]! + q[at(j)]!;
  const total = suffix[0]!;
  let escape: Float64Array | null = null;
  if (method === 'prefix-wor-race-integral') {
    const inOrder = new Float64Array(n);
    for (let j = 0; j < n; j++) inOrder[j] = q[at(j)]!;
    escape = withoutReplacementPrefixEscape(inOrder, k);
  }
  // 1 − q_y as the summed mass of the other tokens (only the heaviest token can need the explicit sum).
  let heaviest = 0;
  for (let y = 1; y < n; y++) if (q[y]! > q[heaviest]!) heaviest = y;
  let offHeaviest = 0;
  for (let y = 0; y < n; y++) if (y !== heaviest) offHeaviest += q[y]!;
  const complement = (y: number) => (y === heaviest ? offHeaviest : total - q[y]!);

  let best = 1; // A_0 = ∅: p(∅) + G(∅) = 0 + 1
  let bestLength = 0;
  let P = 0;
  let H = 0;
  for (let j = 1; j <= n; j++) {
    const y = at(j - 1);
    P += p[y]!;
    const R = suffix[j]! / total;
    let G: number;
    if (escape !== null) G = escape[j]!;
    else if (method === 'prefix-iid') {
      if (R <= 0) G = 0;
      else if (R <= 0.5) G = -Math.expm1(k * Math.log1p(-R));
      else G = 1 - (1 - R) ** k;
    } else {
      const previous = suffix[j - 1]!;
      const qy = q[y]!;
      const c = complement(y);
      H = (previous > 0 ? H * (suffix[j]! / previous) : 0) + (qy > 0 && c > 0 ? qy * (suffix[j]! / c) : 0);
      G = R + H;
    }
    const value = P + G;
    if (value < best) {
      best = value;
      bestLength = j;
    }
  }
  return { optimum: Math.min(1, Math.max(0, best)), length: bestLength };
}

/** The first `length` tokens of `order`, ascending (a mark-and-scan, O(n), no sort). */
function prefixSet(order: Uint32Array, length: number): number[] {
  const n = order.length;
  const inPrefix = new Uint8Array(n);
  for (let j = 0; j < length; j++) inPrefix[order[j]!] = 1;
  const out: number[] = new Array(length);
  let m = 0;
  for (let y = 0; y < n; y++) if (inPrefix[y]) out[m++] = y;
  return out;
}
