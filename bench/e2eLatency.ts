/**
 * Where the time of a speculative step goes on the current backend (issue 15, "a lean decoder"):
 *
 * 1. **Pass latency vs scored tokens**: one target pass and one draft pass scoring 1, 2, 4, …, 64 tokens (a
 *    binary tree below a 32-token cached prompt; every row's logits read in one transfer), medians over
 *    `--repeats` rounds taken round-robin over the sizes (so load changes hit every size alike). The pass is
 *    *flat* up to the largest n whose time is within `FLAT_TOLERANCE` of the 1-token pass.
 * 2. **Autoregressive baseline**: ms per token of cached target sampling (one pass + law + draw per token).
 * 3. **Step breakdown** for trees 2^2, 2^3, 2^4 (`--trees`) and the methods sd (chain), rrs, rrsw, spechub,
 *    greedy, traversal (`--methods`): every phase of every step is timed by a {@link StepProfiler}; printed
 *    are the median step time, the median share of each phase and the median overhead share (everything that
 *    is not a model pass), plus the break-even tokens per step (step ms ÷ autoregressive ms per token) and the
 *    speed-up of the step over the pre-rewrite decoder (`ReferenceSpeculativeDecoder`, same prompts and
 *    seeds, alternated prompt by prompt), whose tokens must be identical (checked, printed).
 *
 * Usage: node --import tsx bench/e2eLatency.ts [--repeats 30] [--prompts 4] [--tokens 48] [--trees 2,3,4]
 *        [--methods sd,rrs,rrsw,spechub,greedy,traversal] [--json]
 * Writes plots/data/e2e-latency.json. Ratios are measured within one run; absolute times follow the load.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/selectBackend.ts';
import { SamplingChooser } from '../src/core/chooser.ts';
import { loadCheckpoint } from '../src/lm/checkpoint.ts';
import { testPrompts } from '../src/lm/data/testPrompts.ts';
import { ReferenceSpeculativeDecoder } from '../src/lm/engine/_testing/referenceDecoder.ts';
import { autoregressiveGenerate } from '../src/lm/engine/autoregressiveDecoder.ts';
import { SpeculativeDecoder } from '../src/lm/engine/speculativeDecoder.ts';
import { MODEL_PHASES, STEP_PHASES, StepProfiler, type StepProfileSummary } from '../src/lm/engine/stepProfiler.ts';
import type { GptModel } from '../src/lm/model.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, REPOSITORY_ROOT } from '../src/lm/presets.ts';
import { loadTokenizer } from '../src/lm/tokenizer/loadTokenizer.ts';
import { createRng, deriveSeed } from '../src/random/createRng.ts';
import { getSequenceVerifier, isSequenceVerifierId } from '../src/sequence/sequenceVerifiers.ts';
import { chainTree, fullTree } from '../src/tree/tokenTree.ts';

/** A pass is flat while its time stays within this factor of the 1-token pass. */
const FLAT_TOLERANCE = 1.25;

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '30' },
    prompts: { type: 'string', default: '4' },
    tokens: { type: 'string', default: '48' },
    trees: { type: 'string', default: '2,3,4' },
    methods: { type: 'string', default: 'sd,rrs,rrsw,spechub,greedy,traversal' },
    json: { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const promptCount = Number(values.prompts);
const newTokens = Number(values.tokens);
const depths = values.trees.split(',').map(Number);
const methodIds = values.methods.split(',');
const loadAtStart = loadavg();
const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, DEFAULT_TARGET_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const draft = loadCheckpoint(tf, DEFAULT_DRAFT_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const prompts = testPrompts(tokenizer, promptCount, 32, 17);
const prompt = prompts[0]!;
const sampling = { temperature: 1, topP: 1 };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// 1. Pass latency vs number of scored tokens.
const sizes = [1, 2, 4, 8, 16, 32, 64];
function passLatencies(model: GptModel): Array<{ tokens: number; ms: number; ratioToOne: number }> {
  let cache = model.emptyCache();
  const pre = model.scoreTree(cache, prompt, prompt.map((_, i) => i - 1));
  cache = model.extendCache(cache, pre, prompt.map((_, i) => i));
  model.disposeForward(pre);
  const inputs = sizes.map((n) => ({
    parents: Array.from({ length: n }, (_, i) => (i === 0 ? -1 : Math.floor((i - 1) / 2))),
    tokens: Array.from({ length: n }, (_, i) => prompt[(i * 7) % prompt.length]!),
  }));
  const times: number[][] = sizes.map(() => []);
  for (let r = 0; r < repeats + 2; r++) {
    inputs.forEach(({ parents, tokens }, j) => {
      const t = performance.now();
      const f = model.scoreTree(cache, tokens, parents);
      model.disposeForward(f);
      if (r >= 2) times[j]!.push(performance.now() - t);
    });
  }
  model.disposeCache(cache);
  const one = median(times[0]!);
  return sizes.map((n, j) => ({ tokens: n, ms: median(times[j]!), ratioToOne: median(times[j]!) / one }));
}
const targetPass = passLatencies(target);
const draftPass = passLatencies(draft);
const flatUpTo = (curve: typeof targetPass) => {
  let last = 1;
  for (const c of curve) if (c.ratioToOne <= FLAT_TOLERANCE) last = c.tokens;
  else break;
  return last;
};

// 2. Autoregressive baseline (same prompts, medians over prompts of ms per token).
autoregressiveGenerate(target, prompt, 8, sampling, new SamplingChooser(createRng(1)));
const arPerPrompt = prompts.map((p, i) => (autoregressiveGenerate(target, p, newTokens, sampling, new SamplingChooser(createRng(deriveSeed('ar', i)))).seconds * 1000) / newTokens);
const arMsPerToken = median(arPerPrompt);

// 3. Step breakdown per tree and method, against the pre-rewrite decoder.
interface Row {
  tree: string;
  method: string;
  tokensPerStep: number;
  msPerStep: number;
  referenceMsPerStep: number;
  speedupOverReference: number;
  identicalToReference: boolean;
  breakEvenTokensPerStep: number;
  profile: StepProfileSummary;
}
const rows: Row[] = [];
for (const D of depths) {
  for (const id of methodIds) {
    const chain = id === 'sd' || id === 'block';
    const shape = chain ? chainTree(D - 1) : fullTree(2, D);
    const method = isSequenceVerifierId(id) ? getSequenceVerifier(id) : id;
    const profiler = new StepProfiler();
    const lean = new SpeculativeDecoder({ target, draft }, shape, method, sampling, { profiler });
    const reference = new ReferenceSpeculativeDecoder({ target, draft }, shape, method, sampling);
    lean.generate(prompt, 8, new SamplingChooser(createRng(3)));
    reference.generate(prompt, 8, new SamplingChooser(createRng(3)));
    profiler.reset();
    let emitted = 0;
    let steps = 0;
    let leanMs = 0;
    let referenceMs = 0;
    let identical = true;
    prompts.forEach((p, i) => {
      const seed = deriveSeed('e2e-latency', id, D, i);
      const b = reference.generate(p, newTokens, new SamplingChooser(createRng(seed)));
      const a = lean.generate(p, newTokens, new SamplingChooser(createRng(seed)));
      identical &&= a.tokens.join() === b.tokens.join();
      emitted += a.steps.reduce((x, y) => x + y, 0);
      steps += a.steps.length;
      leanMs += a.seconds * 1000;
      referenceMs += b.seconds * 1000;
    });
    const profile = profiler.summary();
    rows.push({
      tree: chain ? `chain:${D - 1}` : `2^${D}`,
      method: id,
      tokensPerStep: emitted / steps,
      msPerStep: profile.medianStepMs,
      referenceMsPerStep: referenceMs / steps,
      speedupOverReference: referenceMs / leanMs,
      identicalToReference: identical,
      breakEvenTokensPerStep: profile.medianStepMs / arMsPerToken,
      profile,
    });
  }
}

const loadAtEnd = loadavg();
const report = {
  backend,
  load: { start: loadAtStart[0], end: loadAtEnd[0] },
  repeats,
  flatTolerance: FLAT_TOLERANCE,
  targetPassMs: targetPass,
  draftPassMs: draftPass,
  targetFlatUpTo: flatUpTo(targetPass),
  draftFlatUpTo: flatUpTo(draftPass),
  autoregressiveMsPerToken: arMsPerToken,
  steps: rows,
};
writeFileSync(`${REPOSITORY_ROOT}plots/data/e2e-latency.json`, JSON.stringify(report, null, 1) + '\n');
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const f = (x: number, d = 2) => x.toFixed(d);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`backend ${backend}; load average ${f(loadAtStart[0]!)} at start, ${f(loadAtEnd[0]!)} at end; medians of ${repeats} rounds`);
  console.log('scored tokens   target pass ms (×1-token)   draft pass ms (×1-token)');
  sizes.forEach((n, i) =>
    console.log(`${String(n).padStart(13)}   ${`${f(targetPass[i]!.ms)} (${f(targetPass[i]!.ratioToOne)}×)`.padStart(24)}   ${`${f(draftPass[i]!.ms)} (${f(draftPass[i]!.ratioToOne)}×)`.padStart(23)}`),
  );
  console.log(`flat (≤ ${FLAT_TOLERANCE}× the 1-token pass) up to: target ${report.targetFlatUpTo} tokens, draft ${report.draftFlatUpTo} tokens`);
  console.log(`autoregressive: ${f(arMsPerToken)} ms/token`);
  console.log('');
  const overheads = STEP_PHASES.filter((p) => !MODEL_PHASES.includes(p));
  const head = ['tree', 'method', 'tok/step', 'ms/step', 'break-even', 'vs old', 'same', 'target', 'draft', ...overheads, 'OVERHEAD'];
  const table = rows.map((r) => [
    r.tree,
    r.method,
    f(r.tokensPerStep),
    f(r.msPerStep),
    f(r.breakEvenTokensPerStep),
    `${f(r.speedupOverReference)}×`,
    r.identicalToReference ? 'yes' : 'NO',
    pct(r.profile.shares.targetPass),
    pct(r.profile.shares.draftPass),
    ...overheads.map((p) => pct(r.profile.shares[p])),
    pct(r.profile.overheadShare),
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...table.map((t) => t[j]!.length)));
  for (const line of [head, ...table]) console.log(line.map((c, j) => (j < 2 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  console.log('shares: medians over steps of each phase\'s share of its step; OVERHEAD = median share of everything but the two models\' passes');
  console.log('break-even = median step ms ÷ autoregressive ms per token: the tokens per step at which speculative decoding matches autoregressive sampling');
}
target.dispose();
draft.dispose();
