/**
 * The tree-level optimum as tokens per step, 1 + LP-A (§S4.1), for a start token or a start distribution
 * π_0 (Σ_x π_0(x)·(1 + LP-A(x)): the best verifier may depend on the committed context, so the bound for a
 * mixture of start tokens is the mixture of the bounds). Synchronous, in the chain's field: exact in rationals;
 * in float64 the same cutting-plane simplex with a 1e-12 tolerance (small instances; the GLPK route of
 * `treeOptimum` goes further). `TOO_LARGE` when the path-set law or the LP exceeds the limits.
 *
 * @example
 * ```ts
 * lpATokensPerStep(V8, fullTree(2, 3), 'wor', 3).toString(); // '3'
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import { InvalidDistributionError, SpechubError } from '../core/errors.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { lpAOptimum } from './lpAOptimum.ts';
import { pathSetLaw } from './pathSetLaw.ts';
import type { SiblingLaw } from './siblingLaw.ts';

export interface LpATokensOptions {
  /** Limits (defaults 20,000 distinct path sets, 400 paths). */
  maxPathSets?: number;
  maxPaths?: number;
}

export function lpATokensPerStep<T>(chain: MarkovChain<T>, tree: TokenTree, draws: SiblingLaw, start: number | ArrayLike<T>, options: LpATokensOptions = {}): T {
  const F = chain.field;
  const n = chain.vocabularySize;
  let weights: Array<[number, T]>;
  if (typeof start === 'number') {
    if (!Number.isInteger(start) || start < 0 || start >= n) throw new SpechubError('INVALID_ARGUMENT', `start token ${start} is not in 0..${n - 1}`);
    weights = [[start, F.one]];
  } else {
    if (start.length !== n) throw new InvalidDistributionError('LENGTH_MISMATCH', `the start distribution has ${start.length} entries, the chain ${n}`);
    const law = validateInField(F, start, 'start distribution');
    weights = [];
    for (let x = 0; x < n; x++) if (F.isPositive(law[x]!)) weights.push([x, law[x]!]);
  }
  let total = F.zero;
  for (const [x, w] of weights) {
    const law = pathSetLaw(chain, tree, draws, x, { maxPathSets: options.maxPathSets ?? 20_000 });
    const value = lpAOptimum(chain, law, x, { maxPaths: options.maxPaths, maxPathSets: options.maxPathSets }).value;
    total = F.add(total, F.mul(w, F.add(F.one, value)));
  }
  return total;
}
