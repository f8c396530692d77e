/**
 * Optimal acceptance by the subset dual searched among prefixes (spec §4.4): sort the tokens by
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
import { orderByNonNegativeKeys } from './_internals/radixOrder.ts';
import { withoutReplacementPrefixContainment } from './_internals/raceIntegral.ts';

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
  if (F.name === 'float64') {
    const pf = p as ArrayLike<number>;
    const qf = q as ArrayLike<number>;
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) key[i] = qf[i]! > 0 ? pf[i]! / qf[i]! : Infinity;
    return orderByNonNegativeKeys(key);
  }
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
  const order = ratioOrder(F, p, q);
  const method: PrefixDualMethod = scheme === 'iid' || k === 1 ? 'prefix-iid' : k === 2 ? 'prefix-wor-k2' : 'prefix-wor-race-integral';

  if (method === 'prefix-wor-race-integral') {
    const pf = new Float64Array(n);
    const qf = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      pf[j] = F.toNumber(p[order[j]!]!);
      qf[j] = F.toNumber(q[order[j]!]!);
    }
    const f = withoutReplacementPrefixContainment(qf, k);
    let best = 1 - f[0]!;
    let bestJ = 0;
    let mass = 0;
    for (let j = 1; j <= n; j++) {
      mass += pf[j - 1]!;
      const value = mass + 1 - f[j]!;
      if (value < best) {
        best = value;
        bestJ = j;
      }
    }
    return { optimum: F.fromNumber(best), argminSet: prefixSet(order, bestJ), method, exact: false };
  }

  if (F.name === 'float64') {
    // Same arithmetic as below, on plain numbers (the hot path for large n).
    const pf = p as ArrayLike<number>;
    const qf = q as ArrayLike<number>;
    let P = 0;
    let Q = 0;
    let ratioSum = 0;
    let squareSum = 0;
    let best = 1;
    let bestJ = 0;
    for (let j = 1; j <= n; j++) {
      const y = order[j - 1]!;
      const qy = qf[y]!;
      P += pf[y]!;
      Q += qy;
      let contained: number;
      if (method === 'prefix-iid') contained = k === 1 ? Q : k === 2 ? Q * Q : Q ** k;
      else {
        const w = qy / (1 - qy);
        ratioSum += w;
        squareSum += qy * w;
        contained = Q * ratioSum - squareSum;
      }
      const value = P + 1 - Math.min(1, contained);
      if (value < best) {
        best = value;
        bestJ = j;
      }
    }
    return { optimum: best as T, argminSet: prefixSet(order, bestJ), method, exact: true };
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
