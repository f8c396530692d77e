/**
 * Exact expected tokens per target call of a sequence-level verifier on a Markov chain (§S3.5, §S5):
 * block verification (on `chain:γ`) and traversal verification with i.i.d., without-replacement or hub-pair
 * siblings, by the recursion of `traversalStepLaw` (BV is TV on a chain, §S3.4; the tests check both against
 * the closed form (2.4) and against the enumerated sampling program). Rationals give reduced fractions; float64
 * works for slightly larger instances. The counterpart of `expectedTokensPerStep` (§5.3) for token-level walks.
 *
 * @example
 * ```ts
 * sequenceTokensPerStep(V1, fullTree(2, 3), 'traversal', { start: 0 }).value.toString(); // '199/81' (V1, §S6.2)
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import { InvalidDistributionError, SpechubError } from '../core/errors.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { getSequenceVerifier, type SequenceMethod } from './sequenceVerifiers.ts';
import { traversalStepLaw } from './traversalStepLaw.ts';

export interface SequenceTokensPerStepOptions<T> {
  /** Start token x_0 (default 0) or a start distribution π_0 (value = Σ π_0(x) N(x)). */
  start?: number | ArrayLike<T>;
  /** Cap on recursive calls per start token (default 2,000,000; `TOO_LARGE` beyond). */
  maxCalls?: number;
  /** Cap on the worst-case work estimate summed over the start tokens (default 2·10^8; `TOO_LARGE` before starting). */
  maxWork?: number;
}

export interface SequenceTokensPerStep<T> {
  /** Tokens per step at the requested start. */
  value: T;
  /** N(x) for each start token with positive start mass (token → value). */
  byStart: Map<number, T>;
}

export function sequenceTokensPerStep<T>(chain: MarkovChain<T>, tree: TokenTree, verifier: string | SequenceMethod, options: SequenceTokensPerStepOptions<T> = {}): SequenceTokensPerStep<T> {
  const F = chain.field;
  const n = chain.vocabularySize;
  const method = typeof verifier === 'string' ? getSequenceVerifier(verifier) : verifier;
  method.checkTree(tree);
  const start = options.start ?? 0;
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
  const byStart = new Map<number, T>();
  let value = F.zero;
  for (const [x, w] of weights) {
    // The work budget is shared by the start tokens.
    const N = traversalStepLaw(chain, tree, method.siblingLaw, x, { output: 'mean', maxCalls: options.maxCalls, maxWork: (options.maxWork ?? 2e8) / weights.length }).expectedTokens;
    byStart.set(x, N);
    value = F.add(value, F.mul(w, N));
  }
  return { value, byStart };
}
