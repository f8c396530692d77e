/**
 * `spechub/lm`: speculative decoding end to end on small TensorFlow.js language models (theory §5, §6.2):
 * the model ({@link GptModel}, one file, one config object), checkpoints, the byte-level BPE tokenizer, the
 * Brown-corpus data, training, the speculative and autoregressive decoders and the end-to-end measurement.
 * tfjs is loaded at run time by {@link selectBackend} (tensorflow-gpu → tensorflow → wasm → cpu).
 *
 * @example
 * ```ts
 * import { loadTokenizer, DEFAULT_TOKENIZER_PATH } from 'spechub/lm';
 * const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
 * tokenizer.decode(tokenizer.encode('The jury said')); // 'The jury said'
 * ```
 */
export { type BackendName, type SelectBackendOptions, type SelectedBackend, BACKEND_ORDER, selectBackend } from '../backend/selectBackend.ts';
export { type ForwardResult, type GptConfig, type KvCache, GptModel, forwardFlopsPerToken, parameterCount } from './model.ts';
export { type LoadCheckpointOptions, type LoadedCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
export { DEFAULT_DRAFT_DIRECTORY, DEFAULT_MODELS_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, DRAFT_RECIPE, TARGET_RECIPE } from './presets.ts';
export { type TrainingOptions, type TrainingRecipe, type TrainingResult, evaluateLoss, trainLanguageModel } from './train.ts';
export { ByteLevelBpe } from './tokenizer/byteLevelBpe.ts';
export { loadTokenizer } from './tokenizer/loadTokenizer.ts';
export { trainByteLevelBpe } from './tokenizer/trainByteLevelBpe.ts';
export { readBrownCorpus } from './data/brownCorpus.ts';
export { type BrownSplit, splitBrownCorpus } from './data/brownSplit.ts';
export { testPrompts } from './data/testPrompts.ts';
export { type SamplingSettings, nextTokenLaw } from './engine/nextTokenLaw.ts';
export { type DecoderOptions, type Generation, SpeculativeDecoder } from './engine/speculativeDecoder.ts';
export { autoregressiveGenerate } from './engine/autoregressiveDecoder.ts';
export { type EndToEndOptions, type EndToEndReport, measureEndToEnd } from './engine/measureEndToEnd.ts';
