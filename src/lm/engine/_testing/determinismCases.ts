/**
 * The fixed cases of the decoder determinism test (`leanDecoder.test.ts`): two small random models with a
 * vocabulary large enough for top-p to cut real tails, and one generation per (method, tree, sampling, seed).
 * `decoderTokens.json` holds the tokens the pre-rewrite decoder (commit 003d9d5) generated for them; it was
 * written by `node --import tsx src/lm/engine/_testing/writeDecoderTokens.ts` before the rewrite.
 */
import type { Tf } from '../../../backend/selectBackend.ts';
import type { Tensor } from '@tensorflow/tfjs';
import { type GptConfig, GptModel } from '../../model.ts';
import { randomModel } from '../../_testing/tinyModels.ts';
import seedrandom from 'seedrandom';
import type { Rng } from '../../../core/rng.ts';
import type { SamplingSettings } from '../nextTokenLaw.ts';

export const SMALL_TARGET: GptConfig = { vocabSize: 40, contextLength: 64, layers: 2, heads: 2, embeddingSize: 16, mlpMultiplier: 2 };
export const PROMPT = [3, 17, 5, 29, 11];
export const NEW_TOKENS = 36;

/**
 * The two models (deterministic: seeded weights). The draft is the target with every weight perturbed by
 * N(0, 0.15²) noise, so that it agrees with the target often enough for deep tree paths to be accepted.
 */
export function smallModels(tf: Tf): { target: GptModel; draft: GptModel } {
  const target = randomModel(tf, SMALL_TARGET, 31, 0.5);
  const tensors: Record<string, Tensor> = {};
  [...target.weights.entries()].forEach(([name, w], i) => (tensors[name] = tf.add(w, tf.randomNormal(w.shape, 0, 0.15, 'float32', 7000 + i))));
  const draft = GptModel.fromTensors(tf, SMALL_TARGET, tensors);
  for (const t of Object.values(tensors)) t.dispose();
  return { target, draft };
}

export interface DeterminismCase {
  /** A method id or a sequence verifier id. */
  method: string;
  tree: string;
  sampling: SamplingSettings;
  seed: number;
}

export const DETERMINISM_CASES: DeterminismCase[] = [
  { method: 'sd', tree: 'chain:3', sampling: { temperature: 1, topP: 1 }, seed: 1 },
  { method: 'rrs', tree: '2^3', sampling: { temperature: 1, topP: 1 }, seed: 2 },
  { method: 'rrsw', tree: '2^3', sampling: { temperature: 0.6, topP: 1 }, seed: 3 },
  { method: 'kseq', tree: '3^2', sampling: { temperature: 1, topP: 0.9 }, seed: 4 },
  { method: 'spechub', tree: '2^4', sampling: { temperature: 1, topP: 1 }, seed: 5 },
  { method: 'spechub', tree: '2^2', sampling: { temperature: 0.7, topP: 0.8 }, seed: 6 },
  { method: 'greedy', tree: '2^3', sampling: { temperature: 1, topP: 0.9 }, seed: 7 },
  { method: 'greedy-q', tree: '2^3', sampling: { temperature: 0.8, topP: 1 }, seed: 8 },
  { method: 'rrsw', tree: '4^2', sampling: { temperature: 1.3, topP: 0.5 }, seed: 9 },
  { method: 'block', tree: 'chain:4', sampling: { temperature: 1, topP: 1 }, seed: 10 },
  { method: 'traversal', tree: '2^3', sampling: { temperature: 1, topP: 1 }, seed: 11 },
  { method: 'traversal-wor', tree: '2^3', sampling: { temperature: 0.6, topP: 0.9 }, seed: 12 },
  { method: 'traversal-hub', tree: '2^4', sampling: { temperature: 1, topP: 1 }, seed: 13 },
];

/**
 * The uniform stream `decoderTokens.json` was written with: Alea's plain 32-bit outputs, which `createRng`
 * returned before it moved to 53-bit uniforms (docs/theory.md §11.9). The fixture's contract is "same uniforms,
 * same tokens", so the test feeds the decoder this stream and the pre-rewrite tokens stay a valid oracle.
 */
export function alea32(seed: number): Rng {
  const prng = seedrandom.alea(String(seed));
  return () => prng();
}
