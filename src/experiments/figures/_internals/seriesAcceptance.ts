import { acceptanceRate } from '../../../analysis/acceptanceRate.ts';
import { validateDistribution } from '../../../core/distribution.ts';
import { SpechubError } from '../../../core/errors.ts';
import { floatField } from '../../../core/field.ts';
import { monteCarlo } from '../../../montecarlo/monteCarlo.ts';
import { subsetDualPrefix } from '../../../optimum/subsetDualPrefix.ts';

/** How a series value was obtained. */
export type ValueKind = 'closed form' | 'prefix dual' | 'race integral' | 'Monte Carlo';

export interface SeriesValue {
  value: number;
  kind: ValueKind;
  /** Monte Carlo only: number of trials and accepted count. */
  trials?: number;
  accepted?: number;
}

/** Series whose value is computed by this helper. */
export const OPTIMUM_SERIES = ['optimum-iid', 'optimum-wor'] as const;

/**
 * One series' acceptance at (p, q, k), float64: `sd` (k = 1), any registered verifier id (closed form; RRSw by
 * Monte Carlo with `monteCarlo` set and k ≥ 3), `optimum-iid` / `optimum-wor` (prefix dual; the
 * without-replacement optimum for k ≥ 3 by the race integral).
 */
export function seriesAcceptance(
  series: string,
  p: Float64Array,
  q: Float64Array,
  k: number,
  monteCarloOptions?: { trials: number; seed: string },
): SeriesValue {
  if (series === 'sd') return { value: acceptanceRate('sd', p, q, 1), kind: 'closed form' };
  if (series === 'optimum-iid' || series === 'optimum-wor') {
    validateDistribution(p, 'target');
    validateDistribution(q, 'draft');
    const r = subsetDualPrefix(floatField, series === 'optimum-iid' ? 'iid' : 'wor', p, q, k);
    return { value: r.optimum, kind: r.method === 'prefix-wor-race-integral' ? 'race integral' : 'prefix dual' };
  }
  if (series === 'rrsw' && k >= 3) {
    if (monteCarloOptions === undefined) throw new SpechubError('INVALID_ARGUMENT', 'RRSw with k ≥ 3 needs Monte Carlo options');
    const mc = monteCarlo('rrsw', p, q, k, monteCarloOptions);
    return { value: mc.acceptance.estimate, kind: 'Monte Carlo', trials: mc.trials, accepted: mc.accepted };
  }
  return { value: acceptanceRate(series, p, q, k), kind: 'closed form' };
}
