// Recording from tfjs models: rows are the models' next-token laws along target samples (tiny random models),
// and (shipped models) a recorded trace replays to the acceptance that end-to-end decoding measures at depth 1.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SamplingChooser } from '../core/chooser.ts';
import { loadCheckpoint } from '../lm/checkpoint.ts';
import { testPrompts } from '../lm/data/testPrompts.ts';
import { autoregressiveGenerate } from '../lm/engine/autoregressiveDecoder.ts';
import { measureEndToEnd } from '../lm/engine/measureEndToEnd.ts';
import { nextTokenLaw } from '../lm/engine/nextTokenLaw.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH } from '../lm/presets.ts';
import { loadTokenizer } from '../lm/tokenizer/loadTokenizer.ts';
import { randomModel, testBackend, TINY_DRAFT, TINY_TARGET } from '../lm/_testing/tinyModels.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import { createTraceWriter, type TraceRow } from '../traces/createTraceWriter.ts';
import { openTrace } from '../traces/openTrace.ts';
import { scratchFolder } from '../traces/_testing/traceFiles.ts';
import { recordTrace, traceSpecForRecording } from './recordTrace.ts';
import { replayTrace } from './replayTrace.ts';

const tf = await testBackend();
const scratch = scratchFolder('spechub-record-');

test('rows are each model\'s law at the prefix prompt + sample so far; samples are the seeded target samples', () => {
  const target = randomModel(tf, TINY_TARGET, 1);
  const draft = randomModel(tf, TINY_DRAFT, 2);
  const prompts = [[1, 2, 3], [4, 0]];
  const sampling = { temperature: 0.8, topP: 0.95 };
  const rows: TraceRow[] = [];
  const r = recordTrace({ target, draft }, prompts, { tokensPerPrompt: 5, sampling, store: 'probs', seed: 9 }, (row) => rows.push(row));
  assert.is(r.positions, 10);
  assert.is(rows.length, 10);
  prompts.forEach((prompt, i) => {
    const again = autoregressiveGenerate(target, prompt, 5, sampling, new SamplingChooser(createRng(deriveSeed(9, 'record', i))));
    assert.equal(r.samples[i], again.tokens);
    for (let j = 0; j < 5; j++) {
      const row = rows[i * 5 + j]!;
      const prefix = [...prompt, ...r.samples[i]!.slice(0, j)];
      for (const [model, law] of [[target, row.target], [draft, row.draft]] as const) {
        const cache = model.emptyCache();
        const scored = model.scoreTree(cache, prefix, prefix.map((_, t) => t - 1));
        model.disposeForward(scored);
        model.disposeCache(cache);
        const expected = nextTokenLaw(scored.logits.subarray((prefix.length - 1) * 6, prefix.length * 6), sampling);
        const got = law as Float64Array;
        for (let y = 0; y < 6; y++) assert.ok(Math.abs(got[y]! - expected[y]!) < 1e-5, `prompt ${i} position ${j} token ${y}`);
      }
      assert.ok((row.target as Float64Array)[r.samples[i]![j]!]! > 0, 'the sampled token has positive target probability');
      assert.is(row.contextId, i);
      assert.is(row.position, prompt.length + j);
    }
  });
  const topk: TraceRow[] = [];
  recordTrace({ target, draft }, prompts, { tokensPerPrompt: 5, sampling, store: { topK: 2 }, seed: 9 }, (row) => topk.push(row));
  const t0 = topk[0]!.target as { ids: number[]; probs: number[] };
  const dense0 = rows[0]!.target as Float64Array;
  assert.equal(t0.probs, [...dense0].sort((a, b) => b - a).slice(0, 2));
  assert.is(dense0[t0.ids[0]!], t0.probs[0]);
  target.dispose();
  draft.dispose();
});

test('shipped models: replay of a recorded trace agrees with spechub e2e acceptance at depth 1 (and a biased replay does not)', () => {
  // Level: two comparisons (rrs, spechub), Bonferroni at family level 0.01 → |z| < 2.81 each. z uses the
  // replay's bootstrap interval (prompts as clusters) and e2e's binomial standard error over steps, inflated by
  // 1.5 for the clustering of steps within prompts. Teeth: the same trace re-tempered to T = 3 (recorded and
  // decoded at T = 1) must be rejected; its shifts (RRS ≈ 0.14, SpecHub ≈ 0.14, about 3.7σ and 4.4σ over 20
  // prompts) give the family test ≈ 97 % power (T = 2 over 10 prompts had ≈ 85 %, and missed once).
  const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
  const target = loadCheckpoint(tf, DEFAULT_TARGET_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
  const draft = loadCheckpoint(tf, DEFAULT_DRAFT_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
  const prompts = testPrompts(tokenizer, 20, 16, 17);
  const sampling = { temperature: 1, topP: 1 };
  const options = { tokensPerPrompt: 32, sampling, store: 'logits' as const, seed: 17 };
  const path = join(scratch.dir, 'shipped.safetensors');
  const writer = createTraceWriter(path, traceSpecForRecording(options, prompts.length, target.config.vocabSize, { source: 'test' }));
  recordTrace({ target, draft }, prompts, options, (row) => writer.write(row));
  writer.close();
  const replayAt = (temperature: number) => {
    const trace = openTrace(path, { temperature });
    try {
      return replayTrace(trace.positions(), trace.layout.vocab, { k: 2, methods: ['rrs', 'spechub'], seed: 1, resamples: 400 });
    } finally {
      trace.close();
    }
  };
  const e2e = measureEndToEnd({ target, draft }, prompts, { tree: '2^2', methods: ['rrs', 'spechub'], temperature: 1, maxNewTokens: 32, seed: 17 });
  target.dispose();
  draft.dispose();
  const zScores = (r: ReturnType<typeof replayAt>) =>
    ['rrs', 'spechub'].map((id) => {
      const rep = r.methods[id]!;
      const seReplay = (rep.ci95[1] - rep.ci95[0]) / (2 * 1.96);
      const a = e2e.methods[id]!.acceptedPerDepth[0]!;
      const seE2e = 1.5 * Math.sqrt((a * (1 - a)) / e2e.methods[id]!.steps);
      return { id, replay: rep.mean, e2e: a, z: (rep.mean - a) / Math.hypot(seReplay, seE2e) };
    });
  const honest = zScores(replayAt(1));
  for (const c of honest) assert.ok(Math.abs(c.z) < 2.81, `${c.id}: replay ${c.replay.toFixed(4)} vs e2e ${c.e2e.toFixed(4)} (z = ${c.z.toFixed(2)})`);
  const biased = zScores(replayAt(3));
  assert.ok(biased.some((c) => Math.abs(c.z) >= 2.81), `biased replay not rejected: ${JSON.stringify(biased)}`);
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
