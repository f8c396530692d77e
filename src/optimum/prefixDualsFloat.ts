/**
 * Both prefix duals of §4.4 that have a closed scan (i.i.d. drafts, any k; without-replacement drafts,
 * k ≤ 2) for float laws in one scan of a given ratio order (`floatRatioOrder`, shared with the other methods of
 * a replayed position). The arithmetic is `subsetDualPrefix`'s float path (docs/theory.md §12: p and q
 * renormalised, the escape probability G computed from the suffix mass R summed from the end, never as
 * 1 − f; 1 − q_y as the summed mass of the other tokens), so the values are the same doubles, at the cost of
 * one order and one scan instead of one order, one allocation set and one scan per scheme. Without-replacement
 * drafts with k ≥ 3 (the race integral) are not fused: `wor` is null then.
 *
 * @example
 * ```ts
 * import { floatRatioOrder } from './floatRatioOrder.ts';
 * const pf = [0.1, 0.2, 0.3, 0.4], qf = [0.4, 0.3, 0.2, 0.1]; // E4 in floats
 * const duals = prefixDualsFloat(pf, qf, 2, floatRatioOrder(pf, qf));
 * duals.iid; // 0.79
 * duals.wor; // 0.8345238… (701/840 in rationals)
 * duals.wor === subsetDualPrefix(floatField, 'wor', pf, qf, 2).optimum; // true: the same double
 * ```
 */
import { claimScratch, SCRATCH_SLOTS } from '../core/scratchBuffer.ts';

/** Σv in index order (the plain sum `subsetDualPrefix` renormalises by). */
function plainSum(v: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i]!;
  return total;
}

export function prefixDualsFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number, order: ArrayLike<number>): { iid: number; wor: number | null } {
  const n = p.length;
  // v/Σv unless Σv is 1 or 0, entry by entry (the same doubles as renormalising a copy).
  const sumP = plainSum(p);
  const sumQ = plainSum(q);
  const divideP = sumP !== 1 && sumP > 0;
  const divideQ = sumQ !== 1 && sumQ > 0;
  // suffix[j] = q(V \ A_j) in the order, summed from the end (the order's keys are no longer needed: the slot
  // they used holds it).
  const suffix = claimScratch(SCRATCH_SLOTS.sortKeys, n + 1).buffer;
  suffix[n] = 0;
  for (let j = n - 1; j >= 0; j--) {
    const qy = q[order[j]!]!;
    suffix[j] = suffix[j + 1]! + (divideQ ? qy / sumQ : qy);
  }
  const total = suffix[0]!;
  const wor = k === 2;
  // 1 − q_y as the summed mass of the other tokens; only the heaviest token can need the explicit sum.
  let heaviest = 0;
  let offHeaviest = 0;
  if (wor) {
    let top = divideQ ? q[0]! / sumQ : q[0]!;
    for (let y = 1; y < n; y++) {
      const qy = divideQ ? q[y]! / sumQ : q[y]!;
      if (qy > top) {
        top = qy;
        heaviest = y;
      }
    }
    for (let y = 0; y < n; y++) if (y !== heaviest) offHeaviest += divideQ ? q[y]! / sumQ : q[y]!;
  }
  let bestIid = 1;
  let bestWor = 1;
  let P = 0;
  let H = 0;
  for (let j = 1; j <= n; j++) {
    const y = order[j - 1]!;
    P += divideP ? p[y]! / sumP : p[y]!;
    const Rj = suffix[j]!;
    const R = Rj / total;
    const G = R <= 0 ? 0 : R <= 0.5 ? -Math.expm1(k * Math.log1p(-R)) : 1 - (1 - R) ** k;
    const valueIid = P + G;
    if (valueIid < bestIid) bestIid = valueIid;
    if (wor) {
      const previous = suffix[j - 1]!;
      const qy = divideQ ? q[y]! / sumQ : q[y]!;
      const c = y === heaviest ? offHeaviest : total - qy;
      H = (previous > 0 ? H * (Rj / previous) : 0) + (qy > 0 && c > 0 ? qy * (Rj / c) : 0);
      const valueWor = P + (R + H);
      if (valueWor < bestWor) bestWor = valueWor;
    }
  }
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return { iid: clamp(bestIid), wor: k === 1 ? clamp(bestIid) : wor ? clamp(bestWor) : null };
}
