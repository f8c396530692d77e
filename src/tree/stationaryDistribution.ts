/**
 * The stationary law π = πP of a Markov-chain language's target chain (float64), used as the law of the last
 * committed token when tokens per step are averaged over contexts (§5.3 with a start distribution).
 *
 * Method: the GTH algorithm (Grassmann, Taksar and Heyman 1985: state reduction with the diagonal replaced by
 * the sum of the off-diagonal row, so that no subtraction ever happens), O(n³) time and n² memory, for
 * n ≤ {@link MAX_DIRECT_STATES}. It is exact up to rounding with small *relative* errors even for nearly
 * decomposable chains, e.g. the nearly deterministic rows of a low temperature (T = 0.05), on which power
 * iteration needs millions of iterations (its convergence rate is the spectral gap). When the direct method
 * does not apply (more states, or a reducible chain whose reduction meets a state that cannot reach the
 * earlier ones), power iteration on the lazy chain ½(I + P) from the uniform law runs within a work budget:
 * for a reducible chain it gives the long-run law of the chain started uniformly (one stationary law among
 * several when there are several closed classes). A chain that does not converge within the budget gets a
 * `SOLVER_FAILURE` saying why and what to use instead (a uniform or fixed start state).
 *
 * @example
 * ```ts
 * const pi = stationaryDistribution(V8Float);       // V8 (§S6.1) in floats; Float64Array, sums to 1
 * expectedTokensPerStep(V8Float, fullTree(2, 2), 'spechub', { start: pi }).value;
 * ```
 */
import { SolverError, SpechubError } from '../core/errors.ts';
import type { MarkovChain } from './language.ts';

/** Largest chain solved directly (GTH): about 9·10⁹ flops and 72 MB at this size. */
export const MAX_DIRECT_STATES = 3000;

/** Options: tolerance and work budget of the power-iteration fallback. */
export interface StationaryOptions {
  /** L1 change between iterations that counts as converged (default 1e-13). */
  tolerance?: number;
  /** Most iterations of the fallback (default: as many as fit in `maxOperations`). */
  maxIterations?: number;
  /** Work budget of the fallback in multiply-adds (default 2·10⁹). */
  maxOperations?: number;
  /** Force the power iteration even for small chains (tests). */
  method?: 'auto' | 'power';
}

export function stationaryDistribution(chain: MarkovChain<number>, options: StationaryOptions = {}): Float64Array {
  const n = chain.vocabularySize;
  if (options.method !== 'power' && n <= MAX_DIRECT_STATES) {
    const direct = stationaryByStateReduction(chain);
    if (direct !== null) return direct;
  }
  return stationaryByPowerIteration(chain, options);
}

/** GTH state reduction; null when the reduction meets a state that cannot reach the earlier ones (reducible chain). */
function stationaryByStateReduction(chain: MarkovChain<number>): Float64Array | null {
  const n = chain.vocabularySize;
  const a = new Float64Array(n * n);
  for (let x = 0; x < n; x++) a.set(Float64Array.from(chain.target(x)), x * n);
  for (let k = n - 1; k >= 1; k--) {
    const rowK = k * n;
    let s = 0;
    for (let j = 0; j < k; j++) s += a[rowK + j]!;
    if (!(s > 0)) return null;
    for (let i = 0; i < k; i++) {
      const rowI = i * n;
      const f = a[rowI + k]! / s;
      a[rowI + k] = f;
      if (f === 0) continue;
      for (let j = 0; j < k; j++) a[rowI + j] = a[rowI + j]! + f * a[rowK + j]!;
    }
  }
  const pi = new Float64Array(n);
  pi[0] = 1;
  let total = 1;
  for (let k = 1; k < n; k++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += pi[i]! * a[i * n + k]!;
    pi[k] = v;
    total += v;
  }
  if (!(total > 0 && Number.isFinite(total))) return null;
  for (let k = 0; k < n; k++) pi[k] = pi[k]! / total;
  return pi;
}

function stationaryByPowerIteration(chain: MarkovChain<number>, options: StationaryOptions): Float64Array {
  const n = chain.vocabularySize;
  const tolerance = options.tolerance ?? 1e-13;
  const budget = options.maxOperations ?? 2e9;
  const maxIterations = options.maxIterations ?? Math.max(1, Math.floor(budget / Math.max(1, n * n)));
  if (n * n > budget) {
    throw new SpechubError('TOO_LARGE', `the stationary law of a chain on ${n} tokens needs more than ${budget.toExponential(0)} operations per power iteration; use --start uniform or --start <state>`);
  }
  const rows = Array.from({ length: n }, (_, x) => chain.target(x));
  let pi = new Float64Array(n).fill(1 / n);
  let change = Infinity;
  for (let it = 0; it < maxIterations; it++) {
    const next = new Float64Array(n);
    for (let x = 0; x < n; x++) {
      const w = pi[x]!;
      if (w === 0) continue;
      const row = rows[x]!;
      next[x] = next[x]! + 0.5 * w;
      const half = 0.5 * w;
      for (let y = 0; y < n; y++) {
        const r = row[y]!;
        if (r > 0) next[y] = next[y]! + half * r;
      }
    }
    let total = 0;
    for (let y = 0; y < n; y++) total += next[y]!;
    change = 0;
    for (let y = 0; y < n; y++) {
      next[y] = next[y]! / total;
      change += Math.abs(next[y]! - pi[y]!);
    }
    pi = next;
    if (change < tolerance) return pi;
  }
  const why = n <= MAX_DIRECT_STATES && options.method !== 'power'
    ? 'the chain is reducible (some tokens cannot reach others, e.g. rows with a small support or top-p) and mixes too slowly'
    : `the chain mixes too slowly (nearly deterministic rows, e.g. at a low temperature)${n > MAX_DIRECT_STATES ? ` and ${n} tokens is above the ${MAX_DIRECT_STATES} of the direct method` : ''}`;
  throw new SolverError(`the stationary law did not converge in ${maxIterations} power iterations (last change ${change.toExponential(1)}): ${why}; use --start uniform or --start <state>`);
}
