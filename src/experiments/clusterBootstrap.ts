/**
 * Percentile bootstrap of ratio means over independent units (contexts, or positions): resample the units
 * with replacement `resamples` times and recompute every statistic's mean Σ(unit sums) / Σ(unit counts) on the
 * same resamples (so paired differences keep their pairing). Seeded: the same seed gives the same resamples.
 *
 * @example
 * ```ts
 * const counts = Float64Array.of(10, 10, 10), sumsA = Float64Array.of(7, 8, 9), sumsB = Float64Array.of(5, 5, 6);
 * const means = clusterBootstrap(counts, [sumsA, sumsB], 1000, deriveSeed(17, 'bootstrap'));
 * means[0]!.length; // 1000 (sorted bootstrap means of A)
 * [sortedQuantile(means[0]!, 0.025), sortedQuantile(means[0]!, 0.975)]; // a 95 % percentile interval
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { createRng } from '../random/createRng.ts';

/** Bootstrap means of each statistic (one Float64Array of length `resamples` per statistic, sorted ascending). */
export function clusterBootstrap(unitCounts: Float64Array, unitSums: readonly Float64Array[], resamples: number, seed: string): Float64Array[] {
  const U = unitCounts.length;
  if (U === 0) throw new SpechubError('EMPTY', 'bootstrap over zero units');
  if (!Number.isSafeInteger(resamples) || resamples < 1) throw new SpechubError('INVALID_ARGUMENT', `resamples must be a positive integer, got ${resamples}`);
  for (const s of unitSums) if (s.length !== U) throw new SpechubError('LENGTH_MISMATCH', 'every statistic needs one sum per unit');
  const rng = createRng(seed);
  const S = unitSums.length;
  const out = unitSums.map(() => new Float64Array(resamples));
  const totals = new Float64Array(S);
  for (let b = 0; b < resamples; b++) {
    totals.fill(0);
    let count = 0;
    for (let i = 0; i < U; i++) {
      const u = Math.floor(rng() * U);
      count += unitCounts[u]!;
      for (let s = 0; s < S; s++) totals[s]! += unitSums[s]![u]!;
    }
    for (let s = 0; s < S; s++) out[s]![b] = totals[s]! / count;
  }
  for (const o of out) o.sort();
  return out;
}

/** The empirical quantile of sorted values (linear interpolation between order statistics). */
export function sortedQuantile(sorted: ArrayLike<number>, level: number): number {
  const n = sorted.length;
  if (n === 0) throw new SpechubError('EMPTY', 'quantile of no values');
  const h = (n - 1) * level;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
