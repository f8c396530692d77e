import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpechubError } from '../core/errors.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { learningRateAt, type TokenizedCorpus, trainLanguageModel, type TrainingRecipe } from './train.ts';
import { testBackend } from './_testing/tinyModels.ts';

const tf = await testBackend();
// A tiny deterministic "language": token t is followed by (t + 1) mod 7, with a little noise.
const stream = (n: number, seed: number) => Int32Array.from({ length: n }, (_, i) => ((i + Math.floor(i / 13) * seed) % 7) as number);
const corpus: TokenizedCorpus = { train: stream(3000, 0), validation: stream(400, 0), test: stream(400, 0) };
const recipe: TrainingRecipe = {
  config: { vocabSize: 7, contextLength: 8, layers: 1, heads: 1, embeddingSize: 8, mlpMultiplier: 2 },
  steps: 40,
  batchSize: 4,
  learningRate: 2e-2,
  warmupSteps: 4,
  seed: 3,
  evaluateEvery: 20,
  evaluationWindows: 4,
  evaluationTokens: 256,
};
const root = mkdtempSync(join(tmpdir(), 'spechub-train-'));

test('learning-rate schedule: linear warm-up, cosine to the final ratio', () => {
  assert.is(learningRateAt(0, 100, 1, 10, 0.1), 0.1);
  assert.is(learningRateAt(9, 100, 1, 10, 0.1), 1);
  assert.ok(Math.abs(learningRateAt(99, 100, 1, 10, 0.1) - 0.1) < 1e-3);
});

test('a tiny model learns the tiny language (perplexity far below the vocabulary) and writes a loadable checkpoint', async () => {
  const out = join(root, 'full');
  const r = await trainLanguageModel(tf, recipe, corpus, { outputDirectory: out, resumeDirectory: join(root, 'full-state') });
  assert.ok(r.completed);
  assert.ok(r.curve[r.curve.length - 1]!.trainLoss < r.curve[0]!.trainLoss - 0.8, 'loss decreased');
  assert.ok(r.validationPerplexity! < 3.5, `validation perplexity ${r.validationPerplexity}`);
  const { json } = loadCheckpoint(tf, out, { expectVocabSize: 7 });
  assert.is(json.metadata?.validationPerplexity, r.validationPerplexity);
  assert.is(json.metadata?.partial, undefined, 'the final checkpoint carries the final metadata');
  r.model.dispose();
});

test('an interrupted run resumed from its state ends with the weights of an uninterrupted run', async () => {
  const short = { ...recipe, steps: 10 };
  const straight = await trainLanguageModel(tf, short, corpus, {});
  const resume = join(root, 'resume');
  const first = await trainLanguageModel(tf, short, corpus, { resumeDirectory: resume, stopAfterStep: 6 });
  assert.not.ok(first.completed);
  first.model.dispose();
  const second = await trainLanguageModel(tf, short, corpus, { resumeDirectory: resume });
  assert.ok(second.completed);
  assert.is(second.curve.length, 10);
  for (const [name, v] of straight.model.weights) {
    const a = v.dataSync();
    const b = second.model.weights.get(name)!.dataSync();
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `${name}[${i}]`);
  }
  straight.model.dispose();
  second.model.dispose();
  let error: unknown = null;
  try {
    await trainLanguageModel(tf, { ...short, learningRate: 1e-3 }, corpus, { resumeDirectory: resume });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof SpechubError && /another recipe/.test((error as Error).message), 'a state of another recipe is refused');
});

test('refused: token ids outside the vocabulary, bad step counts', async () => {
  const bad = { ...corpus, train: Int32Array.from([...corpus.train, 9]) };
  let error: unknown = null;
  try {
    await trainLanguageModel(tf, recipe, bad, {});
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof SpechubError && /outside the model vocabulary/.test((error as Error).message));
  error = null;
  try {
    await trainLanguageModel(tf, { ...recipe, steps: 0 }, corpus, {});
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof SpechubError);
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
