import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpechubError } from '../core/errors.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
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
  }), /corrupt: its SHA-256/);
  refused(copy('nan', (j, w) => {
    const x = Buffer.from(w);
    x.writeFloatLE(Number.NaN, 0);
    delete j.weightsSha256;
    return { json: j, weights: x };
  }), /non-finite/);
});

test.after(() => {
  model.dispose();
  rmSync(root, { recursive: true, force: true });
});

test.run();
