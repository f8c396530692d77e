/**
 * Batched synthetic target/draft pairs as TensorFlow.js tensors, with each pair's total variation and KL
 * divergence (§0.2: ov = 1 − TV is the single-draft acceptance). The backend is chosen at run time by
 * `selectBackend` (tensorflow-gpu → tensorflow → wasm → cpu, printed on stderr).
 *
 * Same families and seeds as the float64 reference `syntheticPair`: the random numbers (ranks, Gamma and Gaussian
 * variates) are drawn on the JavaScript side from the seeded generator, row `startIndex + b` with the pair
 * generator's own streams, so the same seed gives the same batch on every backend up to float32 rounding, and
 * batch rows equal `syntheticPair(config, seed, startIndex + b)` to float32 precision. The tensor side does the
 * batched arithmetic: temperatures, softmax, the draft mixture, top-p and the divergences.
 *
 * Top-p on tensors keeps every token whose probability is at least the smallest probability of the nucleus,
 * so tokens tied exactly at the cut are all kept (`topPFilter` keeps the lowest index first); with continuous
 * random logits ties have probability zero.
 *
 * The caller owns the returned tensors (`dispose()` them, or run inside `tf.tidy`).
 *
 * @example
 * ```ts
 * const batch = await generatePairBatch({ vocabularySize: 1_000, family: { kind: 'zipf', exponent: 1.1 },
 *   temperature: 0.6, draft: { logitNoise: 1 } }, { batch: 8, seed: 7 });
 * batch.tv.length;  // 8: TV(p_b, q_b) for each pair b
 * batch.target.dispose(); batch.draft.dispose();
 * ```
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { selectBackend, type SelectBackendOptions, type Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { pairLogits } from './_internals/pairLogits.ts';
import { type PairConfig, validatePairConfig } from './syntheticPair.ts';

export interface BatchOptions {
  batch: number;
  seed: string | number;
  /** Index of the first pair (default 0): batches of one configuration can be generated in pieces. */
  startIndex?: number;
  /** Backend preference and where to report it (see `selectBackend`). */
  backend?: SelectBackendOptions;
}

export interface PairBatch {
  /** [batch, n] target laws. */
  target: Tensor2D;
  /** [batch, n] draft laws. */
  draft: Tensor2D;
  /** TV(p_b, q_b) = ½ Σ |p − q|. */
  tv: Float64Array;
  /** KL(p_b ‖ q_b) in nats (+∞ where q = 0 < p). */
  kl: Float64Array;
  /** The tfjs backend that computed the batch. */
  backend: string;
}

/** Largest batch × vocabulary handled in one call. */
export const MAX_BATCH_ENTRIES = 1 << 26;

export async function generatePairBatch(config: PairConfig, options: BatchOptions): Promise<PairBatch> {
  validatePairConfig(config);
  const { batch, seed } = options;
  const start = options.startIndex ?? 0;
  const n = config.vocabularySize;
  if (!Number.isInteger(batch) || batch < 1) throw new SpechubError('INVALID_ARGUMENT', `batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(start) || start < 0) throw new SpechubError('INVALID_ARGUMENT', `startIndex must be an integer ≥ 0, got ${start}`);
  if (batch * n > MAX_BATCH_ENTRIES) throw new SpechubError('TOO_LARGE', `batch × n = ${batch * n} entries is above ${MAX_BATCH_ENTRIES}; generate in pieces with startIndex`);
  const { tf, backend } = await selectBackend(options.backend);

  const targetLogits = new Float32Array(batch * n);
  const draftLogits = new Float32Array(batch * n);
  const mixOther = (config.draft?.otherModelMix ?? 0) > 0;
  const otherLogits = mixOther ? new Float32Array(batch * n) : null;
  for (let b = 0; b < batch; b++) {
    const logits = pairLogits(config, seed, start + b);
    targetLogits.set(logits.target, b * n);
    draftLogits.set(logits.draft, b * n);
    if (otherLogits !== null) otherLogits.set(logits.other!, b * n);
  }
  const T = config.temperature ?? 1;
  const d = config.draft ?? {};
  const u = d.uniformMix ?? 0;
  const o = d.otherModelMix ?? 0;
  const topP = config.topP ?? 1;

  const [target, draft] = tf.tidy(() => {
    const p = nucleus(tf, tf.softmax(tf.div(tf.tensor2d(targetLogits, [batch, n]), T)) as Tensor2D, topP);
    let q: Tensor2D = tf.mul(tf.softmax(tf.div(tf.tensor2d(draftLogits, [batch, n]), T * (d.temperatureRatio ?? 1))), 1 - u - o);
    if (u > 0) q = tf.add(q, u / n) as Tensor2D;
    if (otherLogits !== null) q = tf.add(q, tf.mul(tf.softmax(tf.div(tf.tensor2d(otherLogits, [batch, n]), T)), o)) as Tensor2D;
    return [p, nucleus(tf, q, topP)] as [Tensor2D, Tensor2D];
  });
  const [tvTensor, klTensor] = tf.tidy(() => {
    const tvRows = tf.mul(tf.sum(tf.abs(tf.sub(target, draft)), 1), 0.5);
    const positive = tf.greater(target, 0);
    const terms = tf.where(positive, tf.mul(target, tf.sub(tf.log(target), tf.log(draft))), tf.zerosLike(target));
    return [tvRows, tf.sum(terms, 1)];
  });
  const tv = Float64Array.from(await tvTensor.data());
  const kl = Float64Array.from(await klTensor.data());
  tvTensor.dispose();
  klTensor.dispose();
  return { target, draft, tv, kl, backend };
}

/** Top-p on a [batch, n] tensor of laws: keep tokens at or above the nucleus's smallest probability; renormalise. */
function nucleus(tf: Tf, probs: Tensor2D, topP: number): Tensor2D {
  if (topP >= 1) return probs;
  const n = probs.shape[1];
  const { values } = tf.topk(probs, n, true);
  const before = tf.sub(tf.cumsum(values, 1), values); // mass strictly before each sorted entry
  const kept = tf.less(before, topP);
  const threshold = tf.min(tf.where(kept, values, tf.fill(values.shape, Infinity)), 1, true);
  const filtered = tf.where(tf.greaterEqual(probs, threshold), probs, tf.zerosLike(probs));
  return tf.div(filtered, tf.sum(filtered, 1, true)) as Tensor2D;
}
