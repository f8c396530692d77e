/**
 * Tunes the draft's logit noise σ so that the mean single-draft acceptance ov(p, q) = 1 − TV(p, q) (§2.1)
 * over the first `rows` pairs of a family reaches a target, e.g. the SpecHub paper's regime ov ≈ 0.45–0.6
 * (§6.2.5 shows first-draft acceptance 0.43–0.58). Bisection on σ with common random numbers (the same noise
 * draws for every σ, so the mean overlap is a smooth, in practice decreasing, function of σ).
 *
 * @example
 * ```ts
 * const { logitNoise, meanOverlap } = calibrateLogitNoise(
 *   { vocabularySize: 1000, family: { kind: 'zipf', exponent: 1.1 }, temperature: 1 }, 'seed', { targetOverlap: 0.52 });
 * ```
 */
import { overlap } from '../core/divergence.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { pairLogits } from './_internals/pairLogits.ts';
import { type PairConfig, pairFromLogits, validatePairConfig } from './syntheticPair.ts';

export interface CalibrationOptions {
  targetOverlap: number;
  /** Pairs averaged (default min(n, 200)). */
  rows?: number;
  /** Stop when |mean ov − target| ≤ tolerance (default 0.002). */
  tolerance?: number;
}

export interface Calibration {
  logitNoise: number;
  meanOverlap: number;
  /** Mean ov with no noise (the other divergence settings only). */
  overlapWithoutNoise: number;
}

/** Mean ov(p, q) over pairs 0..rows−1 of a configuration. */
export function meanOverlap(config: PairConfig, seed: string | number, rows: number): number {
  validatePairConfig(config);
  let total = 0;
  for (let x = 0; x < rows; x++) {
    const { p, q } = pairFromLogits(config, pairLogits(config, seed, x));
    total += overlap(floatField, p, q);
  }
  return total / rows;
}

export function calibrateLogitNoise(config: PairConfig, seed: string | number, options: CalibrationOptions): Calibration {
  validatePairConfig(config);
  const rows = options.rows ?? Math.min(config.vocabularySize, 200);
  return calibrateNoise((sigma) => meanOverlap({ ...config, draft: { ...config.draft, logitNoise: sigma } }, seed, rows), options);
}

/**
 * The bisection itself, for any family: `meanOverlapAt(σ)` measures the mean overlap of the family with logit
 * noise σ (e.g. over sampled contexts of a contextual language); returns the σ whose mean overlap is closest
 * to the target.
 */
export function calibrateNoise(meanOverlapAt: (sigma: number) => number, options: Pick<CalibrationOptions, 'targetOverlap' | 'tolerance'>): Calibration {
  const target = options.targetOverlap;
  if (!(target > 0 && target < 1)) throw new SpechubError('INVALID_ARGUMENT', `targetOverlap must lie in (0, 1), got ${target}`);
  const tolerance = options.tolerance ?? 0.002;
  const at = meanOverlapAt;
  const base = at(0);
  if (base <= target) return { logitNoise: 0, meanOverlap: base, overlapWithoutNoise: base };
  let lo = 0;
  let hi = 1;
  let value = at(hi);
  while (value > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1024) throw new SpechubError('SOLVER_FAILURE', `no logit noise up to 1024 brings the mean overlap down to ${target}`);
    value = at(hi);
  }
  let best = { sigma: hi, value };
  for (let i = 0; i < 40 && Math.abs(best.value - target) > tolerance; i++) {
    const mid = (lo + hi) / 2;
    const v = at(mid);
    if (Math.abs(v - target) < Math.abs(best.value - target)) best = { sigma: mid, value: v };
    if (v > target) lo = mid;
    else hi = mid;
  }
  return { logitNoise: best.sigma, meanOverlap: best.value, overlapWithoutNoise: base };
}
