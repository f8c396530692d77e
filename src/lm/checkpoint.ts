/**
 * Saving and loading {@link GptModel} checkpoints in the standard TensorFlow.js weights layout: a folder with
 * `model.json` (the architecture config, metadata and a tfjs `weightsManifest` with the name, shape and dtype
 * of every tensor) and one binary shard `weights.bin` (little-endian float32, in manifest order), written
 * with `tf.io.encodeWeights` and read with `tf.io.decodeWeights`.
 *
 * Integrity: `contentSha256` is the SHA-256 of the checkpoint's *content*: the format and version, the
 * architecture config (normalised, keys sorted), the weights manifest (every name, shape, dtype and shard in
 * order) and the bytes of `weights.bin` (see {@link checkpointContentSha256}). Changing the config (heads
 * 4 → 3), renaming or reordering weights (swapping a gamma and a beta) or flipping a byte of the weights is
 * therefore refused. `weightsSha256` (weights.bin alone) is still written for other tools. The free-form
 * `metadata` is not covered.
 *
 * Loading refuses, with a `SpechubError` naming the problem, a checkpoint that is
 * - missing or not JSON, or of another format (`PARSE_ERROR`), or whose model.json is not a regular file of
 *   at most 16 MiB;
 * - of another architecture: a weight missing, extra or of the wrong shape or dtype (`LENGTH_MISMATCH`);
 * - pointing outside its folder: the shard must be a plain file name inside the checkpoint folder, and a
 *   regular file (a symbolic link to `/dev/zero` is refused before a byte is read) (`PARSE_ERROR`);
 * - truncated or padded (`weights.bin` size differs from the manifest, checked before reading), or corrupt
 *   (a checksum differs, or a non-finite weight) (`PARSE_ERROR`);
 * - carrying only the legacy `weightsSha256`, which does not cover the config (`PARSE_ERROR`: re-save it, or
 *   run `node --import tsx scripts/rehash-checkpoint.ts <dir>`);
 * - built for another vocabulary than the tokenizer's (`LENGTH_MISMATCH`), when `expectVocabSize` is given.
 *
 * Users can load their own checkpoints of the same architecture (any config) by writing this layout; the
 * checksum fields are optional for them (checked when present). Saving is atomic per file (temporary file +
 * rename), weights first, so a crash leaves either the old model.json (whose checksums then refuse the new
 * weights) or the complete new checkpoint.
 *
 * @example
 * ```ts
 * await saveCheckpoint('out/models/target', model, { training: { steps: 700 } });
 * const { model: loaded } = loadCheckpoint(tf, 'out/models/target', { expectVocabSize: tokenizer.vocabSize });
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { readFileBounded, readJsonFileBounded } from '../core/readFileBounded.ts';
import { stringifyJson } from '../core/stringifyJson.ts';
import { writeFileAtomic } from '../core/writeFileAtomic.ts';
import { checkPassMemory, expectedWeightShapes, type GptConfig, GptModel, normaliseConfig } from './model.ts';

/** The `format` field of a spechub checkpoint's model.json. */
export const CHECKPOINT_FORMAT = 'spechub-gpt';

/** The content of model.json. */
export interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  config: GptConfig;
  /** SHA-256 (hex) of the content: format, version, config, manifest and weights (see {@link checkpointContentSha256}). */
  contentSha256?: string;
  /** SHA-256 (hex) of weights.bin alone (for other tools; does not cover the config). */
  weightsSha256?: string;
  /** Free-form: training recipe, tokenizer, perplexities. */
  metadata?: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
}

/** Largest model.json read (the shipped ones are about 8 KB). */
const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * SHA-256 (hex) of a checkpoint's content: one line of canonical JSON (keys sorted) holding the format, the
 * version, the normalised config and the manifest's shards and weights (name, shape, dtype, in order), a
 * newline, then the weight bytes.
 */
export function checkpointContentSha256(config: GptConfig, manifest: CheckpointJson['weightsManifest'], weights: Uint8Array): string {
  const header = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    config: normaliseConfig(config),
    weightsManifest: manifest.map((group) => ({ paths: group.paths, weights: group.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype })) })),
  };
  return createHash('sha256').update(JSON.stringify(canonical(header)) + '\n').update(weights).digest('hex');
}

/**
 * Writes `dir/weights.bin` then `dir/model.json`, each atomically (temporary file + rename), and returns the
 * model.json content.
 */
export async function saveCheckpoint(dir: string, model: GptModel, metadata: Record<string, unknown> = {}): Promise<CheckpointJson> {
  const tf = model.tf;
  const named = expectedWeightShapes(model.config).map(({ name }) => ({ name, tensor: model.weights.get(name)! as Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const bytes = new Uint8Array(data);
  const weightsManifest = [{ paths: ['weights.bin'], weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })) }];
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    config: model.config,
    contentSha256: checkpointContentSha256(model.config, weightsManifest, bytes),
    weightsSha256: createHash('sha256').update(bytes).digest('hex'),
    metadata,
    weightsManifest,
  };
  const text = stringifyJson(json, { indent: 1, what: `${dir}/model.json` }) + '\n';
  writeFileAtomic(join(dir, 'weights.bin'), bytes);
  writeFileAtomic(join(dir, 'model.json'), text);
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
  const json = readJsonFileBounded(jsonPath, { what: 'checkpoint', maxBytes: MAX_MODEL_JSON_BYTES }) as CheckpointJson;
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
  const shard = manifest[0].paths[0];
  if (typeof shard !== 'string' || shard === '' || shard === '.' || shard === '..' || /[/\\]/.test(shard) || shard.includes('\0')) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath}: the weights shard must be a file name inside the checkpoint folder, got ${JSON.stringify(shard)}`);
  }
  const shardPath = join(dir, shard);
  if (!existsSync(shardPath)) throw new SpechubError('PARSE_ERROR', `${dir}: weights file ${shard} not found`);
  const expectedBytes = specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  checkPassMemory(expectedBytes, `${dir}: loading ${expectedBytes} bytes of weights`, 'this backend cannot hold a model of this size');
  // Refuses devices, pipes and symbolic links to them, and a size other than the manifest's, before reading.
  const bytes = readFileBounded(shardPath, { what: 'weights file', exactBytes: expectedBytes });
  if (json.contentSha256 !== undefined) {
    if (checkpointContentSha256(json.config, manifest, bytes) !== json.contentSha256) {
      throw new SpechubError('PARSE_ERROR', `${dir} is corrupt or was edited: the SHA-256 of its config, weight names and weights differs from contentSha256 in model.json`);
    }
  } else if (json.weightsSha256 !== undefined) {
    throw new SpechubError('PARSE_ERROR', `${jsonPath} carries only weightsSha256, which does not cover the config and weight names; re-save it, or run: node --import tsx scripts/rehash-checkpoint.ts ${dir}`);
  }
  if (json.weightsSha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== json.weightsSha256) {
    throw new SpechubError('PARSE_ERROR', `${shardPath} is corrupt: its SHA-256 differs from the one recorded in model.json`);
  }
  const buffer = new Uint8Array(bytes).buffer as ArrayBuffer;
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
