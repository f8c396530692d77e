/**
 * The statistical check of a sampler against its exact law: simulate, then test
 * 1. the output law against the target p (G-test, pooled cells, stated significance), and
 * 2. the acceptance count against the exact closed-form acceptance (two-sided exact binomial test,
 *    {@link proportionTest}).
 * Each test runs at half the stated significance (Bonferroni), so the check's false-rejection rate is at most
 * the significance. Same seed, same numbers.
 *
 * @example
 * ```ts
 * const p = [0.1, 0.2, 0.3, 0.4], q = [0.4, 0.3, 0.2, 0.1];
 * const r = checkSampler('rrs', p, q, 2, { trials: 20_000, seed: 17 });
 * r.rejected; // false (for every exact verifier, except with probability ≤ 0.001)
 * ```
 */
import { floatField } from '../core/field.ts';
import type { Method } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import { validateInputs } from '../analysis/validateInputs.ts';
import { goodnessOfFit, type GoodnessOfFitResult } from './goodnessOfFit.ts';
import { monteCarloUnchecked, type MonteCarloResult } from './monteCarlo.ts';
import { proportionTest } from './proportionInterval.ts';

export interface CheckOptions {
  trials: number;
  seed: string | number;
  /** Overall significance level (default 0.001). */
  significance?: number;
  /** Exact acceptance to test against (default: the method's closed form). */
  exactAcceptance?: number;
}

export interface CheckResult {
  monteCarlo: MonteCarloResult;
  outputLaw: GoodnessOfFitResult;
  acceptance: { estimate: number; ci95: [number, number]; exact: number; z: number; pValue: number; rejected: boolean };
  significance: number;
  rejected: boolean;
}

/** Validates, then checks (see {@link checkSamplerUnchecked}). */
export function checkSampler(methodId: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number, options: CheckOptions): CheckResult {
  const v = validateInputs(floatField, methodId, p, q, k);
  return checkSamplerUnchecked(v.method, v.p, v.q, v.k, options);
}

export function checkSamplerUnchecked(
  method: Method,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  k: number,
  options: CheckOptions,
): CheckResult {
  const significance = options.significance ?? 0.001;
  const mc = monteCarloUnchecked(method, p, q, k, { trials: options.trials, rng: createRng(options.seed) });
  const outputLaw = goodnessOfFit(mc.tokenCounts, p, { significance: significance / 2 });
  const exact = options.exactAcceptance ?? method.verifier.acceptance(floatField, p, q, k).value;
  const { z, pValue } = proportionTest(mc.accepted, mc.trials, exact);
  const acceptanceRejected = pValue < significance / 2;
  return {
    monteCarlo: mc,
    outputLaw,
    acceptance: { ...mc.acceptance, exact, z, pValue, rejected: acceptanceRejected },
    significance,
    rejected: outputLaw.rejected || acceptanceRejected,
  };
}
