/**
 * A synthetic first-order Markov-chain language (§5.3): row x of the target and draft transition matrices
 * is the pair number x of a {@link PairConfig} family (`syntheticPair(config, seed, x)`). Rows are generated
 * lazily on first use and cached within a memory bound, so n = 50,000 works for sampling (each row is O(n)
 * to make); exact analyses (`expectedTokensPerStep`) read every row and suit n up to a few thousand.
 *
 * @example
 * ```ts
 * const chain = syntheticMarkovChain({ vocabularySize: 1000, family: { kind: 'zipf', exponent: 1.2 },
 *   temperature: 1, draft: { logitNoise: 1.2 } }, 'seed-1');
 * expectedTokensPerStep(chain, fullTree(2, 4), 'spechub').value;
 * ```
 */
import { floatField } from '../core/field.ts';
import type { MarkovChain } from '../tree/language.ts';
import { lazyMarkovChain } from '../tree/markovChain.ts';
import { pairLogits } from './_internals/pairLogits.ts';
import { type PairConfig, pairFromLogits, validatePairConfig } from './syntheticPair.ts';

export function syntheticMarkovChain(config: PairConfig, seed: string | number, options: { cacheRows?: number } = {}): MarkovChain<number> {
  validatePairConfig(config);
  return lazyMarkovChain({
    field: floatField,
    vocabularySize: config.vocabularySize,
    cacheRows: options.cacheRows,
    rows(x) {
      const { p, q } = pairFromLogits(config, pairLogits(config, seed, x));
      return { target: p, draft: q };
    },
  });
}
