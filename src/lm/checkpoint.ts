/**
 * Saving and loading {@link GptModel} checkpoints in the standard TensorFlow.js weights layout: a folder with
 * `model.json` (the architecture config, metadata and a tfjs `weightsManifest` with the name, shape and dtype
 * of every tensor) and one binary shard `weights.bin` (little-endian float32, in manifest order), written
 * with `tf.io.encodeWeights` and read with `tf.io.decodeWeights`.
 *
 * Loading refuses, with a `SpechubError` naming the problem, a checkpoint that is
 * - missing or not JSON, or of another format (`PARSE_ERROR`);
 * - of another architecture: a weight missing, extra or of the wrong shape or dtype (`LENGTH_MISMATCH`);
 * - truncated or padded (`weights.bin` size differs from the manifest), or corrupt (SHA-256 of `weights.bin`
 *   differs from the one recorded, or a non-finite weight) (`PARSE_ERROR`);
 * - built for another vocabulary than the tokenizer's (`LENGTH_MISMATCH`), when `expectVocabSize` is given.
 *
 * Users can load their own checkpoints of the same architecture (any config) by writing this layout; the
 * SHA-256 field is optional for them (checked when present).
 *
 * @example
 * ```ts
 * saveCheckpoint('models/target', model, { training: { steps: 700 } });
 * const { model: loaded } = loadCheckpoint(tf, 'models/target', { expectVocabSize: tokenizer.vocabSize });
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { expectedWeightShapes, type GptConfig, GptModel, normaliseConfig } from './model.ts';

/** The `format` field of a spechub checkpoint's model.json. */
export const CHECKPOINT_FORMAT = 'spechub-gpt';

/** The content of model.json. */
export interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  config: GptConfig;
  /** SHA-256 (hex) of weights.bin. */
  weightsSha256?: string;
  /** Free-form: training recipe, tokenizer, perplexities. */
  metadata?: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
}

/** Writes `dir/model.json` and `dir/weights.bin` (atomically: temporary files, then renames). */
export async function saveCheckpoint(dir: string, model: GptModel, metadata: Record<string, unknown> = {}): Promise<CheckpointJson> {
  const tf = model.tf;
  mkdirSync(dir, { recursive: true });
  const named = expectedWeightShapes(model.config).map(({ name }) => ({ name, tensor: model.weights.get(name)! as Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const bytes = new Uint8Array(data);
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    config: model.config,
    weightsSha256: createHash('sha256').update(bytes).digest('hex'),
    metadata,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })) }],
  };
  writeFileSync(join(dir, 'weights.bin.tmp'), bytes);
  writeFileSync(join(dir, 'model.json.tmp'), JSON.stringify(json, null, 1) + '\n');
  renameSync(join(dir, 'weights.bin.tmp'), join(dir, 'weights.bin'));
  renameSync(join(dir, 'model.json.tmp'), join(dir, 'model.json'));
  return json;
}

/** Checks to apply beyond the file's own consistency. */
export interface LoadCheckpointOptions {
  /** Refuse a checkpoint whose vocabulary differs (the tokenizer's vocabSize). */
  expectVocabSize?: number;
}

/** A loaded model with its model.json. */
export interface LoadedCheckpoint {
  model: GptModel;
  json: CheckpointJson;
}

/** Reads and checks `dir/model.json` and its weights; see the module comment for what is refused. */
export function loadCheckpoint(tf: Tf, dir: string, options: LoadCheckpointOptions = {}): LoadedCheckpoint {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new SpechubError('PARSE_ERROR', `no checkpoint at ${dir} (model.json not found)`);
  let json: CheckpointJson;
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8')) as CheckpointJson;
  } catch (e) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (json === null || typeof json !== 'object' || json.format !== CHECKPOINT_FORMAT || json.version !== 1) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath}: not a spechub checkpoint (expected format "${CHECKPOINT_FORMAT}", version 1)`);
  }
  let config: Required<GptConfig>;
  try {
    config = normaliseConfig(json.config);
  } catch (e) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath}: ${(e as Error).message}`);
  }
  if (options.expectVocabSize !== undefined && config.vocabSize !== options.expectVocabSize) {
    throw new SpechubError('LENGTH_MISMATCH', `${dir}: the model has a vocabulary of ${config.vocabSize} tokens but the tokenizer has ${options.expectVocabSize}`);
  }
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length !== 1 || !Array.isArray(manifest[0]?.paths) || manifest[0].paths.length !== 1 || !Array.isArray(manifest[0].weights)) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath}: weightsManifest must list one group with one shard (weights.bin)`);
  }
  const specs = manifest[0].weights;
  const expected = expectedWeightShapes(config);
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const { name, shape } of expected) {
    const s = byName.get(name);
    if (s === undefined) throw new SpechubError('LENGTH_MISMATCH', `${dir}: weight '${name}' is missing (architecture mismatch)`);
    if (s.dtype !== 'float32') throw new SpechubError('LENGTH_MISMATCH', `${dir}: weight '${name}' has dtype ${s.dtype}, expected float32`);
    if (!Array.isArray(s.shape) || s.shape.join(',') !== shape.join(',')) {
      throw new SpechubError('LENGTH_MISMATCH', `${dir}: weight '${name}' has shape [${String(s.shape)}] but the config needs [${shape.join(', ')}] (shape mismatch)`);
    }
  }
  if (specs.length !== expected.length) {
    const extra = specs.map((s) => s.name).filter((n) => !expected.some((e) => e.name === n));
    throw new SpechubError('LENGTH_MISMATCH', `${dir}: unexpected weights ${extra.join(', ')} (architecture mismatch)`);
  }
  const shardPath = join(dir, manifest[0].paths[0]!);
  if (!existsSync(shardPath)) throw new SpechubError('PARSE_ERROR', `${dir}: weights file ${manifest[0].paths[0]} not found`);
  const bytes = readFileSync(shardPath);
  const expectedBytes = specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.length !== expectedBytes) {
    throw new SpechubError('PARSE_ERROR', `${shardPath} has ${bytes.length} bytes but the manifest needs ${expectedBytes} (${bytes.length < expectedBytes ? 'truncated' : 'trailing data'})`);
  }
  if (json.weightsSha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== json.weightsSha256) {
    throw new SpechubError('PARSE_ERROR', `${shardPath} is corrupt: its SHA-256 differs from the one recorded in model.json`);
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const tensors = tf.io.decodeWeights(buffer, specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })));
  try {
    for (const [name, t] of Object.entries(tensors)) {
      const values = t.dataSync();
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i]!)) throw new SpechubError('PARSE_ERROR', `${dir}: weight '${name}' holds a non-finite value (corrupt checkpoint)`);
      }
    }
    return { model: GptModel.fromTensors(tf, config, tensors), json };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
