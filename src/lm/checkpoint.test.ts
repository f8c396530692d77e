import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpechubError } from '../core/errors.ts';
import { checkpointContentSha256, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY } from './presets.ts';
import { randomModel, testBackend } from './_testing/tinyModels.ts';

const tf = await testBackend();
const CONFIG = { vocabSize: 9, contextLength: 8, layers: 1, heads: 2, embeddingSize: 4, mlpMultiplier: 2 };
const root = mkdtempSync(join(tmpdir(), 'spechub-checkpoint-'));
const model = randomModel(tf, CONFIG, 4);
const good = join(root, 'good');
await saveCheckpoint(good, model, { note: 'tiny' });

function copy(name: string, edit: (json: Record<string, any>, weights: Buffer) => { json?: unknown; weights?: Buffer }): string {
  const dir = join(root, name);
  const json = JSON.parse(readFileSync(join(good, 'model.json'), 'utf8'));
  const weights = readFileSync(join(good, 'weights.bin'));
  const out = edit(json, weights);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.json'), typeof out.json === 'string' ? out.json : JSON.stringify(out.json ?? json));
  writeFileSync(join(dir, 'weights.bin'), out.weights ?? weights);
  return dir;
}

function refused(dir: string, pattern: RegExp, options = {}) {
  assert.throws(() => loadCheckpoint(tf, dir, options), (e: unknown) => e instanceof SpechubError && pattern.test((e as Error).message), String(pattern));
}

test('save then load gives the same weights and the same scores; the tfjs weights manifest is standard', () => {
  const { model: loaded, json } = loadCheckpoint(tf, good, { expectVocabSize: 9 });
  assert.is(json.metadata?.note, 'tiny');
  assert.is(json.weightsManifest[0]!.paths[0], 'weights.bin');
  for (const [name, v] of model.weights) assert.equal(Array.from(loaded.weights.get(name)!.dataSync()), Array.from(v.dataSync()), name);
  const a = model.scoreTree(model.emptyCache(), [1, 2, 3], [-1, 0, 1]);
  const b = loaded.scoreTree(loaded.emptyCache(), [1, 2, 3], [-1, 0, 1]);
  assert.equal(Array.from(a.logits), Array.from(b.logits));
  loaded.dispose();
});

test('refused: missing, not JSON, other format, wrong vocabulary, shape mismatch, missing or extra weight', () => {
  refused(join(root, 'nowhere'), /model\.json not found/);
  refused(copy('notjson', () => ({ json: '{oops' })), /not valid JSON/);
  refused(copy('format', (j) => ({ json: { ...j, format: 'keras' } })), /not a spechub checkpoint/);
  refused(good, /vocabulary of 9 tokens but the tokenizer has 4096/, { expectVocabSize: 4096 });
  refused(copy('shape', (j) => ({ json: { ...j, config: { ...j.config, embeddingSize: 6 } } })), /shape mismatch/);
  refused(copy('layers', (j) => ({ json: { ...j, config: { ...j.config, layers: 2 } } })), /layer1\..* is missing/);
  refused(copy('extra', (j) => {
    j.weightsManifest[0].weights.push({ name: 'bonus', shape: [1], dtype: 'float32' });
    return { json: j };
  }), /unexpected weights bonus/);
  refused(copy('badconfig', (j) => ({ json: { ...j, config: { ...j.config, heads: 0 } } })), /heads must be a positive integer/);
});

test('refused: truncated weights, trailing bytes, flipped bytes (SHA-256), non-finite weights without a checksum', () => {
  refused(copy('truncated', (_j, w) => ({ weights: w.subarray(0, w.length - 8) })), /truncated/);
  refused(copy('trailing', (_j, w) => ({ weights: Buffer.concat([w, Buffer.alloc(4)]) })), /trailing data/);
  refused(copy('flipped', (_j, w) => {
    const x = Buffer.from(w);
    x[10] = x[10]! ^ 0xff;
    return { weights: x };
  }), /corrupt or was edited: the SHA-256/);
  refused(copy('nan', (j, w) => {
    const x = Buffer.from(w);
    x.writeFloatLE(Number.NaN, 0);
    delete j.weightsSha256;
    delete j.contentSha256;
    return { json: j, weights: x };
  }), /non-finite/);
});

test('the content checksum covers the config and the weight names: heads changed, gamma/beta swapped are refused', () => {
  // heads 2 → 1 keeps every shape (4 is a multiple of 1): only the checksum can tell.
  refused(copy('heads', (j) => ({ json: { ...j, config: { ...j.config, heads: 1 } } })), /contentSha256/);
  refused(copy('swap', (j) => {
    const w = j.weightsManifest[0].weights as Array<{ name: string }>;
    const gamma = w.findIndex((x) => x.name === 'layer0.norm1.gamma');
    const beta = w.findIndex((x) => x.name === 'layer0.norm1.beta');
    [w[gamma]!.name, w[beta]!.name] = [w[beta]!.name, w[gamma]!.name];
    return { json: j };
  }), /contentSha256/);
  // The same edits without any checksum load (a user's own checkpoint), which is why saved ones carry one.
  const plain = copy('heads-plain', (j) => {
    delete j.contentSha256;
    delete j.weightsSha256;
    return { json: { ...j, config: { ...j.config, heads: 1 } } };
  });
  loadCheckpoint(tf, plain).model.dispose();
  // A legacy checkpoint (weightsSha256 only) is refused with the way out.
  refused(copy('legacy', (j) => {
    delete j.contentSha256;
    return { json: j };
  }), /carries only weightsSha256.*rehash-checkpoint/);
});

test('weights outside the folder, devices and oversized files are refused before reading', () => {
  for (const shard of ['../good/weights.bin', '/dev/zero', '..', 'sub/weights.bin', '']) {
    refused(copy(`path-${shard.replace(/\W/g, '_')}`, (j) => {
      j.weightsManifest[0].paths = [shard];
      return { json: j };
    }), /must be a file name inside the checkpoint folder/);
  }
  const zero = copy('zero', () => ({}));
  rmSync(join(zero, 'weights.bin'));
  symlinkSync('/dev/zero', join(zero, 'weights.bin'));
  refused(zero, /not a regular file/);
  // A 64 GiB sparse file: refused by its size at once, never read.
  const huge = copy('huge', () => ({}));
  const fd = openSync(join(huge, 'weights.bin'), 'r+');
  ftruncateSync(fd, 64 * 1024 ** 3);
  closeSync(fd);
  const started = performance.now();
  refused(huge, /trailing data/);
  assert.ok(performance.now() - started < 5000, 'refused without reading');
});

test('the shipped checkpoints load, and their checksums cover the config (regenerated manifests)', () => {
  for (const dir of [DEFAULT_TARGET_DIRECTORY, DEFAULT_DRAFT_DIRECTORY]) {
    const { model: loaded, json } = loadCheckpoint(tf, dir, { expectVocabSize: 4096 });
    const bytes = readFileSync(join(dir, 'weights.bin'));
    assert.is(json.contentSha256, checkpointContentSha256(json.config, json.weightsManifest, bytes));
    assert.is.not(checkpointContentSha256({ ...json.config, heads: json.config.heads === 4 ? 3 : 1 }, json.weightsManifest, bytes), json.contentSha256);
    loaded.dispose();
  }
});

test.after(() => {
  model.dispose();
  rmSync(root, { recursive: true, force: true });
});

test.run();
