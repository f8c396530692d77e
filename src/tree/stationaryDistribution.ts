/**
 * The stationary law π = πP of a Markov-chain language's target chain (float64), by power iteration on the lazy
 * chain ½(I + P) (same stationary law, and it converges for periodic chains too). Used as the law of the last
 * committed token when tokens per step are averaged over contexts (spec §5.3 with a start distribution).
 * O(iterations · n²).
 *
 * @example
 * ```ts
 * const pi = stationaryDistribution(chain);            // Float64Array, sums to 1
 * expectedTokensPerStep(chain, fullTree(2, 4), 'spechub', { start: pi }).value;
 * ```
 */
import { SolverError } from '../core/errors.ts';
import type { MarkovChain } from './language.ts';

export function stationaryDistribution(chain: MarkovChain<number>, options: { tolerance?: number; maxIterations?: number } = {}): Float64Array {
  const n = chain.vocabularySize;
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 100_000;
  const rows = Array.from({ length: n }, (_, x) => chain.target(x));
  let pi = new Float64Array(n).fill(1 / n);
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
    let change = 0;
    for (let y = 0; y < n; y++) {
      next[y] = next[y]! / total;
      change += Math.abs(next[y]! - pi[y]!);
    }
    pi = next;
    if (change < tolerance) return pi;
  }
  throw new SolverError(`the power iteration for the stationary law did not converge in ${maxIterations} iterations`);
}
