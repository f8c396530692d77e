/**
 * Confidence interval of a binomial proportion (Wilson score interval) and the two-sided exact binomial test of
 * an observed proportion against an exact value.
 *
 * @example
 * ```ts
 * wilsonInterval(720, 1000);          // ≈ [0.691, 0.747] at 95 %
 * proportionTest(720, 1000, 0.72);    // {z: 0, pValue: 1}
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { binomialTail } from './_internals/binomialTail.ts';
import { twoSidedNormalPValue } from './_internals/specialFunctions.ts';

/** z quantile for a two-sided level (0.95 → 1.95996…), by bisection on the normal tail. */
export function normalQuantileTwoSided(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new SpechubError('INVALID_ARGUMENT', `confidence must lie in (0, 1), got ${confidence}`);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedNormalPValue(mid) > 1 - confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const Z95 = normalQuantileTwoSided(0.95);

/** Wilson score interval for successes/trials. */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): [number, number] {
  if (!(trials > 0)) throw new SpechubError('INVALID_ARGUMENT', 'an interval needs at least one trial');
  const z = confidence === 0.95 ? Z95 : normalQuantileTwoSided(confidence);
  const phat = successes / trials;
  const denom = 1 + (z * z) / trials;
  const centre = (phat + (z * z) / (2 * trials)) / denom;
  const half = (z * Math.sqrt((phat * (1 - phat)) / trials + (z * z) / (4 * trials * trials))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Two-sided test of successes/trials against the exact proportion `expected` (docs/theory.md §11.6): the p-value
 * is the exact binomial one, twice the smaller tail at the observed count (capped at 1), valid for any trials and
 * any expected proportion, down to expected counts far below one, where the normal approximation is not (one
 * success in 20,000 at 10⁻⁶ is a 2 % event, not a 4e-12 one). `z` is the standardised deviation, for reporting.
 */
export function proportionTest(successes: number, trials: number, expected: number): { z: number; pValue: number } {
  const variance = trials * expected * (1 - expected);
  const deviation = successes - trials * expected;
  if (variance <= 0) {
    const ok = Math.abs(deviation) < 1e-9 * Math.max(1, trials);
    return { z: ok ? 0 : Infinity, pValue: ok ? 1 : 0 };
  }
  const z = deviation / Math.sqrt(variance);
  if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0 && successes <= trials)) {
    throw new SpechubError('INVALID_ARGUMENT', `proportionTest needs integer counts 0 ≤ successes ≤ trials, got ${successes} of ${trials}`);
  }
  if (deviation === 0) return { z, pValue: 1 };
  const tail = binomialTail(successes, trials, expected, deviation > 0 ? 'upper' : 'lower');
  return { z, pValue: Math.min(1, 2 * tail) };
}
