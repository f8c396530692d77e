/**
 * `spechub/synthetic`: synthetic target/draft pairs (Zipf and Dirichlet logit families with draft noise,
 * temperature mismatch and mixtures), Markov chains and contextual languages built from them, and batches of
 * pairs as TensorFlow.js tensors ({@link generatePairBatch} loads tfjs on first use).
 *
 * @example
 * ```ts
 * import { syntheticPair } from 'spechub/synthetic';
 * const { p, q } = syntheticPair({ vocabularySize: 100, family: { kind: 'zipf', exponent: 1.2 }, temperature: 1, draft: { logitNoise: 1 } }, 'seed', 0);
 * ```
 */
export { type DraftDivergence, type LogitFamily, type PairConfig, pairFromLogits, syntheticLogits, syntheticPair } from './syntheticPair.ts';
export { syntheticMarkovChain } from './syntheticMarkovChain.ts';
export { type ContextualConfig, contextualLanguage } from './contextualLanguage.ts';
export { type Calibration, type CalibrationOptions, calibrateLogitNoise, meanOverlap } from './calibrateLogitNoise.ts';
export { type BatchOptions, type PairBatch, generatePairBatch } from './generatePairBatch.ts';
