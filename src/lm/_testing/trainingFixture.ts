/**
 * Test fixture: a tiny training run (a 7-token "language", a one-layer model, 10 steps, a snapshot every 3
 * steps), importable by tests and runnable as a script in a child process for crash injection:
 *
 *   SPECHUB_FAULT=train-state-renamed#2 node --import tsx src/lm/_testing/trainingFixture.ts <resume dir>
 */
import { fileURLToPath } from 'node:url';
import { type TokenizedCorpus, trainLanguageModel, type TrainingRecipe } from '../train.ts';
import { testBackend } from './tinyModels.ts';

const stream = (n: number) => Int32Array.from({ length: n }, (_, i) => (i + Math.floor(i / 13)) % 7);

export const FIXTURE_CORPUS: TokenizedCorpus = { train: stream(3000), validation: stream(400), test: stream(400) };

export const FIXTURE_RECIPE: TrainingRecipe = {
  config: { vocabSize: 7, contextLength: 8, layers: 1, heads: 1, embeddingSize: 8, mlpMultiplier: 2 },
  steps: 10,
  batchSize: 4,
  learningRate: 2e-2,
  warmupSteps: 2,
  seed: 'fixture',
  evaluateEvery: 5,
  evaluationWindows: 4,
  evaluationTokens: 256,
};

export const FIXTURE_CHECKPOINT_EVERY = 3;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tf = await testBackend();
  const resumeDirectory = process.argv[2]!;
  const stopAfterStep = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const r = await trainLanguageModel(tf, FIXTURE_RECIPE, FIXTURE_CORPUS, { resumeDirectory, checkpointEvery: FIXTURE_CHECKPOINT_EVERY, ...(stopAfterStep === undefined ? {} : { stopAfterStep }) });
  r.model.dispose();
}
