/**
 * Goodness-of-fit test of observed counts against exact cell probabilities: the G-test (likelihood ratio,
 * default) or Pearson's chi-square, both referred to χ² with (cells − 1) degrees of freedom.
 *
 * The χ² approximation needs enough expected counts: cells with expected count below `minExpected` (default 5)
 * are pooled, smallest first, until every cell reaches it. A count observed in a cell of probability zero is
 * an impossible event: the test rejects outright (statistic ∞, p = 0). When pooling leaves a single cell although
 * several tokens have positive probability (e.g. p = (1 − 1e-12, 1e-12)), the tokens other than the most probable
 * one are tested together: p-value = P(Poisson(N·mass) ≥ their count), exact for the Poisson law and
 * conservative for the binomial (the statistic is then the one-sided Poisson deviance). The caller states the significance
 * level (default 0.001); the result says whether the null "the sampler has this law" is rejected at it.
 *
 * @example
 * ```ts
 * goodnessOfFit([480, 520], [0.5, 0.5]).pValue; // ≈ 0.21
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { poolCells } from './_internals/poolCells.ts';
import { poissonUpperTail, rareTokens } from './_internals/rareTokens.ts';
import { chiSquareSurvival } from './_internals/specialFunctions.ts';

export interface GoodnessOfFitOptions {
  test?: 'g' | 'pearson';
  significance?: number;
  minExpected?: number;
}

export interface GoodnessOfFitResult {
  test: 'g' | 'pearson';
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  significance: number;
  rejected: boolean;
  /** Cells after pooling. */
  cells: number;
  /** Number of pooling merges made because a cell's expected count was below minExpected. */
  pooledCells: number;
  minExpected: number;
  /** Total count observed in cells of probability zero. */
  impossibleCount: number;
  trials: number;
  /** When pooling leaves one cell: the count of the rare tokens and its expectation (Poisson upper-tail test). */
  rare?: { observed: number; expected: number };
}

export function goodnessOfFit(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: GoodnessOfFitOptions = {},
): GoodnessOfFitResult {
  const test = options.test ?? 'g';
  const significance = options.significance ?? 0.001;
  const minExpected = options.minExpected ?? 5;
  if (observed.length !== probabilities.length) {
    throw new SpechubError('LENGTH_MISMATCH', `${observed.length} observed cells but ${probabilities.length} probabilities`);
  }
  if (!(significance > 0 && significance < 1)) throw new SpechubError('INVALID_ARGUMENT', `significance must lie in (0, 1), got ${significance}`);
  let trials = 0;
  let totalProbability = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const pr = probabilities[i]!;
    if (!(o >= 0) || !Number.isFinite(o)) throw new SpechubError('INVALID_ARGUMENT', `observed[${i}] = ${o} is not a count`);
    if (!(pr >= 0) || !Number.isFinite(pr)) throw new SpechubError('INVALID_ARGUMENT', `probability[${i}] = ${pr} is invalid`);
    trials += o;
    totalProbability += pr;
  }
  if (Math.abs(totalProbability - 1) > 1e-9) throw new SpechubError('NOT_NORMALISED', `cell probabilities sum to ${totalProbability}`);
  if (trials === 0) throw new SpechubError('INVALID_ARGUMENT', 'no observations');
  const base = { test, significance, minExpected, trials } as const;
  const { cells, merges: pooledCells, impossibleCount } = poolCells(observed, probabilities, trials, minExpected);
  if (impossibleCount > 0) {
    return { ...base, statistic: Infinity, degreesOfFreedom: Math.max(cells.length - 1, 0), pValue: 0, rejected: true, cells: cells.length, pooledCells: 0, impossibleCount };
  }
  const degreesOfFreedom = cells.length - 1;
  let statistic = 0;
  for (const { o, e } of cells) {
    if (test === 'g') statistic += o > 0 ? 2 * o * Math.log(o / e) : 0;
    else statistic += ((o - e) * (o - e)) / e;
  }
  statistic = Math.max(statistic, 0);
  if (degreesOfFreedom === 0) {
    // Everything pooled into one cell: the rare tokens (all but the most probable) are tested together by the
    // exact Poisson upper tail of their count, so that mass leaking onto near-impossible tokens is still seen.
    const rare = rareTokens(probabilities);
    if (rare !== null) {
      let o = 0;
      for (const i of rare.tokens) o += observed[i]!;
      const e = rare.mass * trials;
      const pValue = poissonUpperTail(o, e);
      const deviance = o > e ? 2 * (o * Math.log(o / e) - (o - e)) : 0;
      return { ...base, statistic: deviance, degreesOfFreedom, pValue, rejected: pValue < significance, cells: cells.length, pooledCells, impossibleCount, rare: { observed: o, expected: e } };
    }
  }
  const pValue = degreesOfFreedom > 0 ? chiSquareSurvival(statistic, degreesOfFreedom) : 1;
  return { ...base, statistic, degreesOfFreedom, pValue, rejected: pValue < significance, cells: cells.length, pooledCells, impossibleCount };
}
