/**
 * Where the time of a speculative step goes on the current backend: latency of one target pass and one draft
 * pass as a function of the number of scored tokens (tree sizes of 2^2 … 2^5 with their root), the cost of
 * one autoregressive token, and the time of one speculative step per tree (SpecHub, T = 1), from which the
 * break-even tokens per step (step time / autoregressive time per token) follows.
 *
 * Usage: node --import tsx bench/e2eLatency.ts [--repeats 30]   → plots/data/e2e-latency.json + a table on stdout
 * Ratios are measured in the same run; absolute times move with the machine's load.
 */
import { stringifyJson } from '../src/core/stringifyJson.ts';
import { writeFileAtomic } from '../src/core/writeFileAtomic.ts';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/selectBackend.ts';
import { SamplingChooser } from '../src/core/chooser.ts';
import { loadCheckpoint } from '../src/lm/checkpoint.ts';
import { testPrompts } from '../src/lm/data/testPrompts.ts';
import { autoregressiveGenerate } from '../src/lm/engine/autoregressiveDecoder.ts';
import { SpeculativeDecoder } from '../src/lm/engine/speculativeDecoder.ts';
import type { GptModel } from '../src/lm/model.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, REPOSITORY_ROOT } from '../src/lm/presets.ts';
import { loadTokenizer } from '../src/lm/tokenizer/loadTokenizer.ts';
import { createRng } from '../src/random/createRng.ts';
import { fullTree } from '../src/tree/tokenTree.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '30' } } });
const repeats = Number(values.repeats);
const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, DEFAULT_TARGET_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const draft = loadCheckpoint(tf, DEFAULT_DRAFT_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const prompt = testPrompts(tokenizer, 1, 32, 17)[0]!;

/** Median milliseconds of one pass scoring a full binary tree of n nodes (its root included) after the prompt. */
function passLatency(model: GptModel, nodes: number, lazy: boolean): number {
  let cache = model.emptyCache();
  const pre = model.scoreTree(cache, prompt, prompt.map((_, i) => i - 1));
  cache = model.extendCache(cache, pre, prompt.map((_, i) => i));
  model.disposeForward(pre);
  const parents = Array.from({ length: nodes }, (_, i) => (i === 0 ? -1 : Math.floor((i - 1) / 2)));
  const tokens = Array.from({ length: nodes }, (_, i) => prompt[i % prompt.length]!);
  const times: number[] = [];
  for (let r = 0; r < repeats + 3; r++) {
    const t = performance.now();
    const f = model.scoreTree(cache, tokens, parents, { lazyLogits: lazy });
    if (lazy) model.rowLogits(f, 0);
    model.disposeForward(f);
    if (r >= 3) times.push(performance.now() - t);
  }
  model.disposeCache(cache);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const sizes = [1, 3, 7, 15, 31];
const targetPass = sizes.map((n) => ({ nodes: n, ms: passLatency(target, n, true) }));
const draftPass = sizes.map((n) => ({ nodes: n, ms: passLatency(draft, n, false) }));
const sampling = { temperature: 1, topP: 1 };
autoregressiveGenerate(target, prompt, 8, sampling, new SamplingChooser(createRng(1)));
const ar = autoregressiveGenerate(target, prompt, 64, sampling, new SamplingChooser(createRng(2)));
const arMsPerToken = (ar.seconds * 1000) / 64;
const trees = [2, 3, 4, 5].map((D) => {
  const decoder = new SpeculativeDecoder({ target, draft }, fullTree(2, D), 'spechub', sampling);
  decoder.generate(prompt, 8, new SamplingChooser(createRng(3)));
  const g = decoder.generate(prompt, 64, new SamplingChooser(createRng(4)));
  const msPerStep = (g.seconds * 1000) / g.steps.length;
  return { tree: `2^${D}`, msPerStep, breakEvenTokensPerStep: msPerStep / arMsPerToken, tokensPerStep: g.steps.reduce((a, b) => a + b, 0) / g.steps.length };
});
const report = { backend, load: loadavg()[0] ?? 0, repeats, targetPassMs: targetPass, draftPassMs: draftPass, autoregressiveMsPerToken: arMsPerToken, spechubSteps: trees };
writeFileAtomic(`${REPOSITORY_ROOT}plots/data/e2e-latency.json`, stringifyJson(report, { indent: 1 }) + '\n');
console.log(`backend ${backend}, load ${report.load.toFixed(2)}; medians of ${repeats} passes`);
console.log('scored tokens   target pass ms   draft pass ms');
sizes.forEach((n, i) => console.log(`${String(n).padStart(13)}   ${targetPass[i]!.ms.toFixed(2).padStart(14)}   ${draftPass[i]!.ms.toFixed(2).padStart(13)}`));
console.log(`autoregressive: ${arMsPerToken.toFixed(2)} ms/token`);
for (const t of trees) console.log(`spechub ${t.tree}: ${t.msPerStep.toFixed(2)} ms/step → break-even ${t.breakEvenTokensPerStep.toFixed(2)} tokens/step (this run: ${t.tokensPerStep.toFixed(2)})`);
target.dispose();
draft.dispose();
