/**
 * Monte Carlo estimate of tokens per target call (§5.2) by sampling the tree walk of §5.1 — the same
 * program that `exactStepLaw` enumerates — with a seeded generator. Steps are independent: each starts from a
 * fresh tree at a start state (a fixed token, a start distribution, or a sampler of states), so the 95 %
 * interval is the normal interval mean ± 1.96·s/√N on i.i.d. step lengths (bounded in [1, depth + 1]; with
 * N ≥ 1,000 steps the CLT error is negligible at this level). Same seed, same numbers.
 *
 * @example
 * ```ts
 * const r = simulateTreeWalk(V1Float, fullTree(2, 3), 'rrs', { steps: 5_000, seed: 7, start: 0 }); // V1: §S6.1
 * r.tokensPerStep; r.ci95; // compare with expectedTokensPerStep(V1, …).value = 193/81 ≈ 2.383
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { SamplingChooser } from '../core/chooser.ts';
import { validateDistribution } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';
import { normalQuantileTwoSided } from '../montecarlo/proportionInterval.ts';
import { createRng } from '../random/createRng.ts';
import type { Language } from './language.ts';
import type { TokenTree } from './tokenTree.ts';
import { createTreeWalk, type TreeWalkOptions, type WalkMethod } from './treeWalk.ts';

export interface SimulationOptions extends TreeWalkOptions {
  steps: number;
  seed: string | number;
  /** Start state of every step: a state, a distribution over states 0..len−1, or a sampler (default state 0). */
  start?: number | ArrayLike<number> | ((rng: Rng) => number);
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
  /** Called every `progressEvery` steps with the number of steps done (progress bars). */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface SimulationResult {
  steps: number;
  /** Mean number of emitted tokens per step. */
  tokensPerStep: number;
  standardDeviation: number;
  /** Normal interval at the requested confidence (95 % by default). */
  ci95: [number, number];
  /** histogram[m] = number of steps that emitted m tokens (m = 1..depth + 1). */
  histogram: number[];
  seconds: number;
  stepsPerSecond: number;
}

export function simulateTreeWalk(language: Language<number>, tree: TokenTree, method: WalkMethod, options: SimulationOptions): SimulationResult {
  const { steps } = options;
  if (!Number.isInteger(steps) || steps < 2) throw new SpechubError('INVALID_ARGUMENT', `steps must be an integer ≥ 2, got ${steps}`);
  const rng = createRng(options.seed);
  const walk = createTreeWalk(language, tree, method, options);
  const chooser = new SamplingChooser(rng);
  const startState = startSampler(options.start ?? 0, language.stateCount);
  const z = normalQuantileTwoSided(options.confidence ?? 0.95);
  const histogram = new Array<number>(tree.depth + 2).fill(0);
  const every = options.progressEvery ?? Math.max(1, Math.floor(steps / 100));
  const started = performance.now();
  let sum = 0;
  let sumSquares = 0;
  for (let t = 0; t < steps; t++) {
    const m = walk.step(startState(rng), chooser).emitted.length;
    sum += m;
    sumSquares += m * m;
    histogram[m]!++;
    if (options.onProgress && (t + 1) % every === 0) options.onProgress(t + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  const mean = sum / steps;
  const variance = Math.max(0, (sumSquares - steps * mean * mean) / (steps - 1));
  const sd = Math.sqrt(variance);
  const half = (z * sd) / Math.sqrt(steps);
  return {
    steps,
    tokensPerStep: mean,
    standardDeviation: sd,
    ci95: [mean - half, mean + half],
    histogram,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : Infinity,
  };
}

function startSampler(start: number | ArrayLike<number> | ((rng: Rng) => number), n: number): (rng: Rng) => number {
  if (typeof start === 'function') return start;
  if (typeof start === 'number') {
    if (!Number.isInteger(start) || start < 0) throw new SpechubError('INVALID_ARGUMENT', `start state must be an integer ≥ 0, got ${start}`);
    if (start >= n) throw new SpechubError('INVALID_ARGUMENT', `start state ${start} is not in 0..${n - 1}`);
    return () => start;
  }
  if (start.length > n) throw new SpechubError('LENGTH_MISMATCH', `the start distribution has ${start.length} entries but the language has ${n} states`);
  const law = Categorical.create(floatField, validateDistribution(start, 'start distribution'));
  return (rng) => law.sampleWith(rng());
}
