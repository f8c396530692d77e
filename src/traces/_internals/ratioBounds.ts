/**
 * Extremes of a weighted average Σ w_i t_i / Σ w_i when each weight lies in [l_i, u_i] (docs/theory.md
 * §10.3, used for RRSw). The minimum puts the upper weight on the items with the smallest t and the lower
 * weight on the others (a threshold rule), so scanning the n + 1 thresholds of the t-sorted items finds it.
 */

export interface WeightedItem {
  lowWeight: number;
  highWeight: number;
  value: number;
}

/** min over weights of the weighted average; null when every weight can only be 0. */
export function minimumWeightedAverage(items: readonly WeightedItem[]): number | null {
  const sorted = items.filter((it) => it.highWeight > 0).sort((a, b) => a.value - b.value);
  if (sorted.length === 0) return null;
  // Threshold j: items < j at their high weight, the rest at their low weight.
  let num = 0;
  let den = 0;
  for (const it of sorted) {
    num += it.lowWeight * it.value;
    den += it.lowWeight;
  }
  let best = den > 0 ? num / den : Infinity;
  for (const it of sorted) {
    num += (it.highWeight - it.lowWeight) * it.value;
    den += it.highWeight - it.lowWeight;
    if (den > 0) best = Math.min(best, num / den);
  }
  return best;
}

/** max over weights of the weighted average; null when every weight can only be 0. */
export function maximumWeightedAverage(items: readonly WeightedItem[]): number | null {
  const m = minimumWeightedAverage(items.map((it) => ({ ...it, value: -it.value })));
  return m === null ? null : -m;
}
