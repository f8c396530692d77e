/**
 * The resumable state of a training run, crash-safe: each save writes a complete *snapshot folder*
 * `step-000200/` (the model checkpoint `model.json` + `weights.bin`, the Adam state `optimizer.bin`, and
 * `state.json` last, binding them with their SHA-256s) under a temporary name, flushes it, then renames the
 * folder into place in one step; older snapshots are removed only after that. A crash or `kill -9` at any
 * moment therefore leaves either the previous complete snapshot (the run resumes from it, exactly: batches
 * and Adam state are reproduced bit for bit) or the new one, never a mix of the model of one step with the
 * optimizer of another. Loading checks the bindings and refuses a damaged or foreign state clearly.
 *
 * Layout of the resume folder: `step-<step>/` (complete snapshots; the highest is used), `.step-<step>.partial-*`
 * (unfinished, ignored and cleaned). A folder holding the layout of earlier spechub versions (`state.json` at
 * the top) is refused with the instruction to remove it.
 *
 * @example
 * ```ts
 * await saveTrainingState(resume, { step: 200, curve, seconds, recipe, model, optimizer });
 * const state = await loadTrainingState(tf, resume, recipe, optimizer); // null when there is none
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Optimizer, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { faultPoint } from '../core/faultPoint.ts';
import { fileSystemError } from '../core/fileSystemError.ts';
import { readFileBounded, readJsonFileBounded } from '../core/readFileBounded.ts';
import { stringifyJson } from '../core/stringifyJson.ts';
import { writeFileAtomic } from '../core/writeFileAtomic.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import type { GptModel } from './model.ts';

/** The `format` of a snapshot's state.json. */
export const TRAINING_STATE_FORMAT = 'spechub-train-state';

/** One point of the loss curve (see train.ts). */
export interface StateCurvePoint {
  step: number;
  tokens: number;
  seconds: number;
  learningRate: number;
  trainLoss: number;
  validationLoss?: number;
}

/** What a snapshot holds besides the model and the optimizer. */
export interface TrainingStateContent<Recipe> {
  step: number;
  curve: StateCurvePoint[];
  seconds: number;
  recipe: Recipe;
}

interface StateJson<Recipe> extends TrainingStateContent<Recipe> {
  format: typeof TRAINING_STATE_FORMAT;
  version: 1;
  /** contentSha256 of the snapshot's model.json: binds the model to this state. */
  modelSha256: string;
  optimizerSha256: string;
  optimizerSpecs: Array<{ name: string; shape: number[]; dtype: 'float32' | 'int32' }>;
  /** Adam's running powers β1^t, β2^t (float32), restored exactly (tfjs would recompute them with pow). */
  adam: { accBeta1: number; accBeta2: number } | null;
}

const SNAPSHOT = /^step-(\d{9})$/;

interface AdamInternals {
  accBeta1?: Variable;
  accBeta2?: Variable;
}

function snapshots(resume: string): Array<{ step: number; name: string }> {
  if (!existsSync(resume)) return [];
  let names: string[];
  try {
    names = readdirSync(resume);
  } catch (e) {
    throw fileSystemError(e, resume, 'read the resume folder');
  }
  return names.flatMap((name) => {
    const m = SNAPSHOT.exec(name);
    return m ? [{ step: Number(m[1]), name }] : [];
  }).sort((a, b) => a.step - b.step);
}

function syncFolder(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on this file system: the rename is still atomic */
  }
}

/** Writes a complete snapshot of the run at `content.step` (see the module comment). */
export async function saveTrainingState<Recipe>(resume: string, content: TrainingStateContent<Recipe>, model: GptModel, optimizer: Optimizer): Promise<void> {
  const tf = model.tf;
  const name = `step-${String(content.step).padStart(9, '0')}`;
  const partial = join(resume, `.${name}.partial-${process.pid}`);
  try {
    mkdirSync(resume, { recursive: true });
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial);
  } catch (e) {
    throw fileSystemError(e, resume, 'write the resume state into');
  }
  const checkpoint = await saveCheckpoint(partial, model);
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  const optimizerBytes = new Uint8Array(data);
  writeFileAtomic(join(partial, 'optimizer.bin'), optimizerBytes);
  const adam = optimizer as unknown as AdamInternals;
  const state: StateJson<Recipe> = {
    format: TRAINING_STATE_FORMAT,
    version: 1,
    ...content,
    modelSha256: checkpoint.contentSha256!,
    optimizerSha256: createHash('sha256').update(optimizerBytes).digest('hex'),
    optimizerSpecs: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype as 'float32' | 'int32' })),
    adam: adam.accBeta1 !== undefined && adam.accBeta2 !== undefined ? { accBeta1: adam.accBeta1.dataSync()[0]!, accBeta2: adam.accBeta2.dataSync()[0]! } : null,
  };
  writeFileAtomic(join(partial, 'state.json'), stringifyJson(state, { what: 'training state' }) + '\n');
  syncFolder(partial);
  faultPoint('train-state-files-written');
  const final = join(resume, name);
  try {
    rmSync(final, { recursive: true, force: true });
    renameSync(partial, final);
  } catch (e) {
    throw fileSystemError(e, final, 'write the resume state');
  }
  syncFolder(resume);
  faultPoint('train-state-renamed');
  // Only now drop the older snapshots and unfinished folders of earlier crashes.
  for (const entry of readdirSync(resume)) {
    const m = SNAPSHOT.exec(entry);
    if ((m && Number(m[1]) < content.step) || /^\.step-\d{9}\.partial-\d+$/.test(entry)) rmSync(join(resume, entry), { recursive: true, force: true });
  }
}

/** A resumed run: the model of the latest snapshot (the caller owns it) and the snapshot's content. */
export interface LoadedTrainingState<Recipe> extends TrainingStateContent<Recipe> {
  model: GptModel;
  snapshot: string;
}

/**
 * Loads the latest complete snapshot under `resume` into `optimizer` and returns its model and content, or
 * null when the folder holds none. Refuses (`INVALID_ARGUMENT`) a state of another recipe, of the layout of
 * earlier versions, or one whose files do not match each other.
 */
export async function loadTrainingState<Recipe>(tf: Tf, resume: string, recipe: Recipe, optimizer: Optimizer): Promise<LoadedTrainingState<Recipe> | null> {
  if (existsSync(join(resume, 'state.json'))) {
    throw new SpechubError('INVALID_ARGUMENT', `${resume} holds a resume state in the layout of an earlier spechub version (state.json, model/, optimizer.bin), which was not crash-safe; remove it or use another --resume-dir`);
  }
  const list = snapshots(resume);
  if (list.length === 0) return null;
  const latest = list[list.length - 1]!;
  const folder = join(resume, latest.name);
  const damaged = (why: string): never => {
    throw new SpechubError('INVALID_ARGUMENT', `the resume state ${folder} is damaged (${why}); remove ${resume} (or use another --resume-dir) to start over`);
  };
  let state: StateJson<Recipe>;
  try {
    state = readJsonFileBounded(join(folder, 'state.json'), { what: 'training state' }) as StateJson<Recipe>;
  } catch (e) {
    return damaged((e as Error).message);
  }
  if (state === null || typeof state !== 'object' || state.format !== TRAINING_STATE_FORMAT || state.version !== 1) return damaged('state.json is not a spechub training state');
  if (state.step !== latest.step) return damaged(`state.json says step ${state.step}, the folder step ${latest.step}`);
  if (stringifyJson(state.recipe) !== stringifyJson(recipe)) {
    throw new SpechubError('INVALID_ARGUMENT', `${resume} holds a run with another recipe; remove it or use another --resume-dir`);
  }
  let loaded;
  try {
    loaded = loadCheckpoint(tf, folder);
  } catch (e) {
    return damaged((e as Error).message);
  }
  if (loaded.json.contentSha256 !== state.modelSha256) {
    loaded.model.dispose();
    return damaged('its model does not belong to its state.json');
  }
  let optimizerBytes: Buffer;
  try {
    optimizerBytes = readFileBounded(join(folder, 'optimizer.bin'), { what: 'optimizer state' });
  } catch (e) {
    loaded.model.dispose();
    return damaged((e as Error).message);
  }
  if (createHash('sha256').update(optimizerBytes).digest('hex') !== state.optimizerSha256) {
    loaded.model.dispose();
    return damaged('optimizer.bin does not belong to its state.json');
  }
  const named = tf.io.decodeWeights(new Uint8Array(optimizerBytes).buffer as ArrayBuffer, state.optimizerSpecs);
  await optimizer.setWeights(state.optimizerSpecs.map((s) => ({ name: s.name, tensor: named[s.name]! })));
  for (const t of Object.values(named)) t.dispose();
  const adam = optimizer as unknown as AdamInternals;
  if (state.adam !== null && adam.accBeta1 !== undefined && adam.accBeta2 !== undefined) {
    tf.tidy(() => {
      adam.accBeta1!.assign(tf.scalar(state.adam!.accBeta1));
      adam.accBeta2!.assign(tf.scalar(state.adam!.accBeta2));
    });
  }
  return { model: loaded.model, snapshot: folder, step: state.step, curve: state.curve, seconds: state.seconds, recipe: state.recipe };
}
