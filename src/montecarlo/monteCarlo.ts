/**
 * Monte Carlo simulation of a method: draw drafts with the method's scheme, verify, and count output tokens,
 * acceptances (Y ∈ S(x̄)), accepted positions and accepted tokens. Uses the same programs as the exact
 * enumerator, interpreted by a seeded float sampler; what does not depend on the drafts (residuals, alias
 * tables, ρ*) is computed once.
 *
 * @example
 * ```ts
 * const mc = monteCarlo('spechub', p, q, 2, { trials: 100_000, seed: 7 });
 * mc.acceptance.estimate; mc.acceptance.ci95;
 * ```
 */
import { SamplingChooser } from '../core/chooser.ts';
import { createRng } from '../random/createRng.ts';
import type { Rng } from '../core/rng.ts';
import { floatField } from '../core/field.ts';
import { SpechubError } from '../core/errors.ts';
import type { Method } from '../methods.ts';
import type { VerifierOptions } from '../verifiers/verifier.ts';
import { validateInputs } from '../analysis/validateInputs.ts';
import { wilsonInterval } from './proportionInterval.ts';

/** Options of {@link monteCarlo}: the number of trials and the seed of the run's generator. */
export interface MonteCarloOptions extends VerifierOptions<number> {
  trials: number;
  seed: string | number;
}

/** Options of {@link monteCarloUnchecked}: the caller owns the generator. */
export interface MonteCarloRunOptions extends VerifierOptions<number> {
  trials: number;
  rng: Rng;
}

export interface MonteCarloResult {
  method: string;
  k: number;
  trials: number;
  /** Counts of each output token. */
  tokenCounts: Float64Array;
  /** Counts of Y = y and Y ∈ S(x̄) (the empirical profile, unnormalised). */
  profileCounts: Float64Array;
  /** Counts of accepted index i. */
  positionCounts: Float64Array;
  /** Number of trials with Y ∈ S(x̄). */
  accepted: number;
  acceptance: { estimate: number; ci95: [number, number] };
  seconds: number;
}

/** Validates, then simulates (see {@link monteCarloUnchecked}). */
export function monteCarlo(methodId: string, p: ArrayLike<number>, q: ArrayLike<number>, k: number, options: MonteCarloOptions): MonteCarloResult {
  const v = validateInputs(floatField, methodId, p, q, k);
  const { seed, ...rest } = options;
  return monteCarloUnchecked(v.method, v.p, v.q, v.k, { ...rest, rng: createRng(seed) });
}

/** Simulation for validated inputs (also used with deliberately biased test-only methods). */
export function monteCarloUnchecked(
  method: Method,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  k: number,
  options: MonteCarloRunOptions,
): MonteCarloResult {
  const { trials, rng } = options;
  if (!Number.isInteger(trials) || trials < 1) throw new SpechubError('INVALID_ARGUMENT', `trials must be a positive integer, got ${trials}`);
  const started = performance.now();
  const n = p.length;
  const draws = method.scheme.prepare(floatField, q, k);
  const verifier = method.verifier.prepare(floatField, p, q, k, options);
  const chooser = new SamplingChooser(rng);
  const tokenCounts = new Float64Array(n);
  const profileCounts = new Float64Array(n);
  const positionCounts = new Float64Array(k);
  let accepted = 0;
  for (let t = 0; t < trials; t++) {
    const drafts = draws.draw(chooser);
    const { token, acceptedIndex } = verifier.verify(drafts, chooser);
    tokenCounts[token]!++;
    if (acceptedIndex !== null) positionCounts[acceptedIndex]!++;
    if (drafts.includes(token)) {
      accepted++;
      profileCounts[token]!++;
    }
  }
  return {
    method: method.id,
    k,
    trials,
    tokenCounts,
    profileCounts,
    positionCounts,
    accepted,
    acceptance: { estimate: accepted / trials, ci95: wilsonInterval(accepted, trials) },
    seconds: (performance.now() - started) / 1000,
  };
}
