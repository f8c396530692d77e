import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpechubError } from '../core/errors.ts';
import { loadCheckpoint } from './checkpoint.ts';
import type { GptModel } from './model.ts';
import { learningRateAt, numericSeed, type TokenizedCorpus, trainLanguageModel, type TrainingRecipe } from './train.ts';
import { FIXTURE_CHECKPOINT_EVERY, FIXTURE_CORPUS, FIXTURE_RECIPE } from './_testing/trainingFixture.ts';
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

const bits = (m: GptModel) => [...m.weights].map(([name, v]) => [name, Array.from(new Uint32Array(new Float32Array(v.dataSync()).buffer))] as const);

test('an interrupted run resumed from its state is bit-identical to an uninterrupted one (weights and losses)', async () => {
  // Resumed late (step 61 of 70): there Adam's running powers β^t, recomputed by tfjs's setWeights with pow(),
  // differ from the products of an uninterrupted run in the last bit, and so would the weights; the snapshot
  // restores them exactly (checked: this test fails when that restore is removed).
  const short = { ...recipe, steps: 70 };
  const straight = await trainLanguageModel(tf, short, corpus, {});
  const resume = join(root, 'resume');
  const first = await trainLanguageModel(tf, short, corpus, { resumeDirectory: resume, stopAfterStep: 61 });
  assert.not.ok(first.completed);
  first.model.dispose();
  const second = await trainLanguageModel(tf, short, corpus, { resumeDirectory: resume });
  assert.ok(second.completed);
  assert.is(second.curve.length, 70);
  assert.equal(bits(second.model), bits(straight.model), 'weights identical bit for bit');
  assert.equal(second.curve.map((p) => p.trainLoss), straight.curve.map((p) => p.trainLoss));
  assert.is(second.validationPerplexity, straight.validationPerplexity);
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

test('seeds are strings: a decimal string means its integer (shipped recipes unchanged), others are hashed', () => {
  assert.is(numericSeed('17'), 17);
  assert.is(numericSeed(17), 17);
  assert.ok(numericSeed('abc') !== numericSeed('abd') && numericSeed('abc') >= 0 && numericSeed('abc') < 2 ** 31);
  assert.ok(numericSeed('017') !== 17, 'not canonical: hashed');
});

// Crash injection: the fixture trains in a child process that kills itself (SIGKILL) at a chosen point.
const fixture = fileURLToPath(new URL('./_testing/trainingFixture.ts', import.meta.url));
const crashRun = (resume: string, fault: string, stopAfter?: number) =>
  spawnSync(process.execPath, ['--import', 'tsx', fixture, resume, ...(stopAfter === undefined ? [] : [String(stopAfter)])], { env: { ...process.env, SPECHUB_FAULT: fault }, encoding: 'utf8' });

test('crash injection: killed at any point of a snapshot save, the run resumes exactly', () => {
  // Every run here is a fresh child process (the uninterrupted one, the killed ones and their resumptions): the
  // test process's own tfjs state, shared with the other test files, is not part of the comparison. The digests
  // in the final state.json cover the model's weights and the optimizer's state byte for byte.
  const finalState = (dir: string) => JSON.parse(readFileSync(join(dir, 'step-000000010', 'state.json'), 'utf8')) as { modelSha256: string; optimizerSha256: string };
  const straightDir = join(root, 'crash-straight');
  const straight = crashRun(straightDir, '');
  assert.is(straight.status, 0, straight.stderr);
  const expected = finalState(straightDir);
  // Snapshots at steps 3, 6, 9 (and 10 at the end). Kill: while writing the snapshot of step 6 (its files
  // complete, folder not renamed), right after renaming it (the step-3 one not yet removed), and inside an
  // atomic file write (temporary file complete, not renamed).
  for (const fault of ['train-state-files-written#2', 'train-state-renamed#2', 'write-before-rename#5', 'write-before-rename#9']) {
    const resume = join(root, `crash-${fault.replace(/\W/g, '_')}`);
    const child = crashRun(resume, fault);
    assert.is(child.signal, 'SIGKILL', `${fault}: the child was killed (${child.stderr})`);
    const resumed = crashRun(resume, '');
    assert.is(resumed.status, 0, `${fault}: the resumed run completed (${resumed.stderr})`);
    const got = finalState(resume);
    assert.is(got.modelSha256, expected.modelSha256, `${fault}: resumed weights identical to the uninterrupted run`);
    assert.is(got.optimizerSha256, expected.optimizerSha256, `${fault}: resumed optimizer state identical`);
    assert.equal(readdirSync(resume), ['step-000000010'], `${fault}: one complete snapshot left, no unfinished folder`);
  }
});

test('a damaged or mixed-up state is refused clearly, never resumed silently', async () => {
  const a = join(root, 'state-a');
  const b = join(root, 'state-b');
  assert.is(crashRun(a, '', 6).status, 0);
  assert.is(crashRun(b, '', 3).status, 0);
  // The optimizer of step 3 next to the model of step 6: the case that used to resume silently.
  const mixed = join(root, 'state-mixed');
  cpSync(a, mixed, { recursive: true });
  copyFileSync(join(b, 'step-000000003', 'optimizer.bin'), join(mixed, 'step-000000006', 'optimizer.bin'));
  const refusedWith = async (resume: string, pattern: RegExp) => {
    let error: unknown = null;
    try {
      await trainLanguageModel(tf, FIXTURE_RECIPE, FIXTURE_CORPUS, { resumeDirectory: resume });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SpechubError && pattern.test((error as Error).message), `${resume}: ${String(error)}`);
  };
  await refusedWith(mixed, /damaged \(optimizer\.bin does not belong to its state\.json\)/);
  // The model of step 3 in the step-6 snapshot.
  const swapped = join(root, 'state-swapped');
  cpSync(a, swapped, { recursive: true });
  for (const f of ['model.json', 'weights.bin']) copyFileSync(join(b, 'step-000000003', f), join(swapped, 'step-000000006', f));
  await refusedWith(swapped, /damaged \(its model does not belong to its state\.json\)/);
  // The layout of earlier versions (not crash-safe) is refused, not misread.
  const legacy = join(root, 'state-legacy');
  mkdirSync(legacy);
  writeFileSync(join(legacy, 'state.json'), '{}');
  await refusedWith(legacy, /earlier spechub version/);
  assert.ok(existsSync(join(a, 'step-000000006')));
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
