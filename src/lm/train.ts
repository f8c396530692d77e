/**
 * Training a {@link GptModel} on the Brown corpus: next-token cross-entropy on random windows of the
 * tokenised training split, Adam with linear warm-up and cosine decay, gradient clipping by global norm,
 * periodic validation loss, periodic checkpoints (resumable), final validation and test perplexity.
 *
 * Reproducibility: weights are initialised from `seed` (a string; see {@link numericSeed}); the windows of
 * step s are drawn from `createRng(deriveSeed(seed, 'batch', s))`. A run resumed from its state (see
 * ./trainingState.ts: crash-safe snapshots of model, Adam moments and Adam's running powers) is bit-identical
 * to an uninterrupted one on the same backend (tested on a tiny config); different backends may round
 * differently.
 *
 * Perplexity is exp(mean cross-entropy per token) over non-overlapping windows of `contextLength` tokens cut
 * from the start of the split (each window starts with an empty context), up to `evaluationTokens` tokens.
 *
 * @example
 * ```ts
 * const corpus = tokenizeBrownSplits(tokenizer);
 * const result = await trainLanguageModel(tf, { config, steps: 700, batchSize: 8, learningRate: 2e-3, seed: 17 }, corpus);
 * ```
 */
import type { Optimizer, Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import { saveCheckpoint } from './checkpoint.ts';
import { documentText, readBrownCorpus } from './data/brownCorpus.ts';
import { splitBrownCorpus } from './data/brownSplit.ts';
import { forwardFlopsPerToken, type GptConfig, GptModel, normaliseConfig, parameterCount } from './model.ts';
import type { ByteLevelBpe } from './tokenizer/byteLevelBpe.ts';
import { loadTrainingState, saveTrainingState } from './trainingState.ts';

/** Token ids of the three Brown splits. */
export interface TokenizedCorpus {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Tokenises the three Brown splits (documents joined by a blank line). */
export function tokenizeBrownSplits(tokenizer: ByteLevelBpe, corpusDirectory?: string): TokenizedCorpus {
  const parts = splitBrownCorpus(readBrownCorpus(corpusDirectory));
  const encode = (docs: typeof parts.train) => Int32Array.from(tokenizer.encode(docs.map(documentText).join('\n')));
  return { train: encode(parts.train), validation: encode(parts.validation), test: encode(parts.test) };
}

/** Architecture, optimisation schedule and seed of a training run (stored in the checkpoint's metadata). */
export interface TrainingRecipe {
  config: GptConfig;
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Linear warm-up steps (default 5 % of steps). */
  warmupSteps?: number;
  /** Final learning rate as a fraction of the peak (default 0.1). */
  finalLearningRateRatio?: number;
  /** Clip the gradient's global L2 norm (default 1). */
  clipNorm?: number;
  /** Seed of the weights and batches: a string (numbers are accepted and mean the same as their decimal text). */
  seed: string | number;
  /** Validation loss every this many steps (default 50) on `evaluationBatches` fixed windows. */
  evaluateEvery?: number;
  /** Windows for the periodic validation loss (default 16). */
  evaluationWindows?: number;
  /** Tokens used for the final validation and test perplexity (default 65,536 each). */
  evaluationTokens?: number;
}

/** One step of the loss curve (validation loss every `evaluateEvery` steps). */
export interface CurvePoint {
  step: number;
  tokens: number;
  seconds: number;
  learningRate: number;
  trainLoss: number;
  validationLoss?: number;
}

/** Where to write checkpoints and the resumable state, and how to report progress. */
export interface TrainingOptions {
  /** Checkpoint folder (model.json + weights.bin), written once, at the end of a completed run. */
  outputDirectory?: string;
  /**
   * Folder for the resumable state (crash-safe snapshots of model, optimizer and curve, every
   * `checkpointEvery` steps); resumed from when it holds one.
   */
  resumeDirectory?: string;
  checkpointEvery?: number;
  /** Extra metadata stored in model.json. */
  metadata?: Record<string, unknown>;
  /** Stop (saving the resumable state) once this step is reached, e.g. to train in chunks. */
  stopAfterStep?: number;
  log?: (line: string) => void;
}

/** The trained model, its loss curve, wall time and perplexities. */
export interface TrainingResult {
  model: GptModel;
  /** False when stopped early by `stopAfterStep` (then no perplexities: null). */
  completed: boolean;
  curve: CurvePoint[];
  wallSeconds: number;
  validationPerplexity: number | null;
  testPerplexity: number | null;
  parameters: number;
  forwardFlopsPerToken: number;
}

/**
 * The integer seed of the weight initialiser for a seed string: a decimal integer in [0, 2^31) is itself (so
 * the shipped recipes' seeds 17 and 18 keep their models), any other string is hashed (FNV-1a, 31 bits).
 */
export function numericSeed(seed: string | number): number {
  const text = String(seed);
  if (/^(0|[1-9]\d{0,9})$/.test(text) && Number(text) < 2 ** 31) return Number(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

/** Learning rate at a step: linear warm-up to `peak`, then cosine decay to peak·finalRatio at the last step. */
export function learningRateAt(step: number, steps: number, peak: number, warmup: number, finalRatio: number): number {
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, steps - warmup));
  return peak * (finalRatio + (1 - finalRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** Mean next-token cross-entropy (nats) of `logits` [N, V] against `targets` [N]. */
function crossEntropy(tf: Tf, logits: Tensor2D, targets: Tensor, vocabSize: number): Tensor {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(targets as never, vocabSize), tf.logSoftmax(logits)), -1)));
}

/** Mean cross-entropy per token over non-overlapping windows (see the module comment), in nats. */
export function evaluateLoss(model: GptModel, tokens: Int32Array, maxTokens: number, batchSize = 8): number {
  const tf = model.tf;
  const window = model.config.contextLength;
  const windows = Math.min(Math.floor((tokens.length - 1) / window), Math.max(1, Math.floor(maxTokens / window)));
  if (windows < 1) throw new SpechubError('INVALID_ARGUMENT', `need more than ${window} tokens to evaluate`);
  let total = 0;
  for (let start = 0; start < windows; start += batchSize) {
    const count = Math.min(batchSize, windows - start);
    const x = new Int32Array(count * window);
    const y = new Int32Array(count * window);
    for (let b = 0; b < count; b++) {
      const offset = (start + b) * window;
      x.set(tokens.subarray(offset, offset + window), b * window);
      y.set(tokens.subarray(offset + 1, offset + window + 1), b * window);
    }
    const loss = tf.tidy(() => crossEntropy(tf, model.trainingLogits(tf.tensor2d(x, [count, window], 'int32')), tf.tensor1d(y, 'int32'), model.config.vocabSize));
    total += loss.dataSync()[0]! * count;
    loss.dispose();
  }
  return total / windows;
}

/** Trains (or resumes) a model; see {@link TrainingRecipe}. */
export async function trainLanguageModel(tf: Tf, recipe: TrainingRecipe, corpus: TokenizedCorpus, options: TrainingOptions = {}): Promise<TrainingResult> {
  const config = normaliseConfig(recipe.config);
  const log = options.log ?? (() => {});
  const window = config.contextLength;
  const { steps, batchSize, seed } = recipe;
  if (!Number.isInteger(steps) || steps < 1) throw new SpechubError('INVALID_ARGUMENT', `steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SpechubError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`);
  if (corpus.train.length <= window + 1) throw new SpechubError('INVALID_ARGUMENT', 'training text shorter than one window');
  for (const t of [corpus.train, corpus.validation, corpus.test]) {
    for (let i = 0; i < t.length; i++) if (t[i]! < 0 || t[i]! >= config.vocabSize) throw new SpechubError('LENGTH_MISMATCH', `token id ${t[i]} outside the model vocabulary ${config.vocabSize}`);
  }
  const warmup = recipe.warmupSteps ?? Math.max(1, Math.round(0.05 * steps));
  const finalRatio = recipe.finalLearningRateRatio ?? 0.1;
  const clipNorm = recipe.clipNorm ?? 1;
  const evaluateEvery = recipe.evaluateEvery ?? 50;
  const evaluationWindows = recipe.evaluationWindows ?? 16;
  const evaluationTokens = recipe.evaluationTokens ?? 65_536;
  const checkpointEvery = options.checkpointEvery ?? 100;

  let model = GptModel.initialise(tf, config, numericSeed(seed));
  const optimizer: Optimizer = tf.train.adam(recipe.learningRate, 0.9, 0.99, 1e-8);
  let curve: CurvePoint[] = [];
  let firstStep = 0;
  let secondsBefore = 0;
  const resume = options.resumeDirectory;
  if (resume !== undefined) {
    const state = await loadTrainingState(tf, resume, recipe, optimizer);
    if (state !== null) {
      model.dispose();
      model = state.model;
      firstStep = state.step;
      curve = state.curve;
      secondsBefore = state.seconds;
      log(`resumed at step ${firstStep} from ${state.snapshot}`);
    }
  }
  const variables = [...model.weights.values()];
  const validationWindows = (() => {
    const count = Math.min(evaluationWindows, Math.floor((corpus.validation.length - 1) / window));
    const stride = Math.floor((corpus.validation.length - window - 1) / Math.max(1, count));
    return Array.from({ length: count }, (_, i) => i * stride);
  })();
  const validationLoss = (): number => {
    const x = new Int32Array(validationWindows.length * window);
    const y = new Int32Array(validationWindows.length * window);
    validationWindows.forEach((offset, b) => {
      x.set(corpus.validation.subarray(offset, offset + window), b * window);
      y.set(corpus.validation.subarray(offset + 1, offset + window + 1), b * window);
    });
    const loss = tf.tidy(() => crossEntropy(tf, model.trainingLogits(tf.tensor2d(x, [validationWindows.length, window], 'int32')), tf.tensor1d(y, 'int32'), config.vocabSize));
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  };
  const saveState = async (step: number, seconds: number) => {
    if (resume !== undefined) await saveTrainingState(resume, { step, curve, seconds, recipe }, model, optimizer);
  };

  const started = performance.now();
  const elapsed = () => secondsBefore + (performance.now() - started) / 1000;
  for (let step = firstStep; step < steps; step++) {
    const learningRate = learningRateAt(step, steps, recipe.learningRate, warmup, finalRatio);
    (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
    const rng = createRng(deriveSeed(seed, 'batch', step));
    const x = new Int32Array(batchSize * window);
    const y = new Int32Array(batchSize * window);
    for (let b = 0; b < batchSize; b++) {
      const offset = Math.floor(rng() * (corpus.train.length - window - 1));
      x.set(corpus.train.subarray(offset, offset + window), b * window);
      y.set(corpus.train.subarray(offset + 1, offset + window + 1), b * window);
    }
    const trainLoss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => crossEntropy(tf, model.trainingLogits(tf.tensor2d(x, [batchSize, window], 'int32')), tf.tensor1d(y, 'int32'), config.vocabSize) as never,
        variables,
      );
      const names = Object.keys(grads);
      const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
      const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6)));
      optimizer.applyGradients(Object.fromEntries(names.map((n) => [n, tf.mul(grads[n]!, scale)])));
      return value.dataSync()[0]!;
    });
    if (!Number.isFinite(trainLoss)) throw new SpechubError('NOT_FINITE', `training loss became ${trainLoss} at step ${step}`);
    const point: CurvePoint = { step: step + 1, tokens: (step + 1) * batchSize * window, seconds: Math.round(elapsed() * 10) / 10, learningRate, trainLoss };
    if ((step + 1) % evaluateEvery === 0 || step + 1 === steps) point.validationLoss = validationLoss();
    curve.push(point);
    if (point.validationLoss !== undefined || step < 3) {
      log(`step ${step + 1}/${steps}  loss ${trainLoss.toFixed(4)}${point.validationLoss !== undefined ? `  val ${point.validationLoss.toFixed(4)}` : ''}  lr ${learningRate.toExponential(2)}  ${point.seconds.toFixed(0)} s`);
    }
    if ((step + 1) % checkpointEvery === 0 && step + 1 < steps) await saveState(step + 1, elapsed());
    if (options.stopAfterStep !== undefined && step + 1 >= options.stopAfterStep && step + 1 < steps) {
      await saveState(step + 1, elapsed());
      log(`stopped after step ${step + 1} (state in ${resume ?? 'no resume folder'})`);
      model.invalidateHead();
      const parameters = parameterCount(config);
      return { model, completed: false, curve, wallSeconds: elapsed(), validationPerplexity: null, testPerplexity: null, parameters, forwardFlopsPerToken: forwardFlopsPerToken(config, 64) };
    }
  }
  model.invalidateHead();
  const wallSeconds = elapsed();
  log('evaluating validation and test perplexity …');
  const validationPerplexity = Math.exp(evaluateLoss(model, corpus.validation, evaluationTokens));
  const testPerplexity = Math.exp(evaluateLoss(model, corpus.test, evaluationTokens));
  const result: TrainingResult = { model, completed: true, curve, wallSeconds, validationPerplexity, testPerplexity, parameters: parameterCount(config), forwardFlopsPerToken: forwardFlopsPerToken(config, 64) };
  if (options.outputDirectory !== undefined) {
    await saveCheckpoint(options.outputDirectory, model, {
      ...options.metadata,
      recipe,
      parameters: result.parameters,
      forwardFlopsPerToken: result.forwardFlopsPerToken,
      wallSeconds: Math.round(wallSeconds),
      validationPerplexity,
      testPerplexity,
      evaluationTokens,
    });
  }
  if (resume !== undefined) await saveState(steps, wallSeconds);
  return result;
}
