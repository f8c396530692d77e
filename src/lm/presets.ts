/**
 * The shipped model pair and where it lives: architecture and training recipe of the target and the draft
 * (`spechub train --model target|draft` uses these), and the default checkpoint paths.
 *
 * Sizing (measured on the 2-core development machine, wasm backend, shared with other jobs): a training step of
 * 8 × 128 tokens of the target takes ≈ 3 s, so ≈ 700 steps fit in ≈ 40 min; the draft is ≈ 10× cheaper.
 * FLOPs per token (forward, context 64; {@link forwardFlopsPerToken}): target ≈ 5.3M, draft ≈ 0.46M (≈ 11.5×).
 *
 * @example
 * ```ts
 * TARGET_RECIPE.config.layers; // 4
 * ```
 */
import { fileURLToPath } from 'node:url';
import type { TrainingRecipe } from './train.ts';

/** Vocabulary of the shared tokenizer (byte-level BPE trained on the training split). */
export const VOCAB_SIZE = 4096;

export const TARGET_RECIPE: TrainingRecipe = {
  config: { vocabSize: VOCAB_SIZE, contextLength: 128, layers: 4, heads: 4, embeddingSize: 192, mlpMultiplier: 4 },
  steps: 700,
  batchSize: 8,
  learningRate: 2e-3,
  warmupSteps: 40,
  finalLearningRateRatio: 0.1,
  clipNorm: 1,
  seed: 17,
  evaluateEvery: 50,
  evaluationWindows: 16,
  evaluationTokens: 65_536,
};

export const DRAFT_RECIPE: TrainingRecipe = {
  config: { vocabSize: VOCAB_SIZE, contextLength: 128, layers: 1, heads: 2, embeddingSize: 48, mlpMultiplier: 4 },
  steps: 700,
  batchSize: 16,
  learningRate: 3e-3,
  warmupSteps: 40,
  finalLearningRateRatio: 0.1,
  clipNorm: 1,
  seed: 18,
  evaluateEvery: 50,
  evaluationWindows: 16,
  evaluationTokens: 65_536,
};

/** Repository root (two levels above src/lm). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_MODELS_DIRECTORY = `${REPOSITORY_ROOT}models`;
export const DEFAULT_TOKENIZER_PATH = `${DEFAULT_MODELS_DIRECTORY}/tokenizer.json`;
export const DEFAULT_TARGET_DIRECTORY = `${DEFAULT_MODELS_DIRECTORY}/target`;
export const DEFAULT_DRAFT_DIRECTORY = `${DEFAULT_MODELS_DIRECTORY}/draft`;
