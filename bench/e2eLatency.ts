/**
 * Where the time of a speculative step goes on the current backend (issue 15, "a lean decoder"):
 *
 * 1. **Pass latency vs scored tokens**: one target pass and one draft pass scoring 1, 2, 4, …, 64 tokens (a
 *    binary tree below a 32-token cached prompt; every row's logits read in one transfer), medians over
 *    `--repeats` rounds taken round-robin over the sizes (load changes hit every size alike). The pass is
 *    *flat* up to the largest n whose median stays within {@link FLAT_TOLERANCE}× the 1-token pass; the
 *    pass-time ratio is the tokens per step a tree scoring n tokens must emit to pay for its target pass alone
 *    (drafting and overheads free).
 * 2. **Autoregressive baseline**: ms per token of cached target sampling, the lean baseline and the
 *    pre-rewrite one, alternated prompt by prompt; medians.
 * 3. **Step breakdown** for trees 2^2, 2^3, 2^4 (`--trees`) and the methods sd (chain of the tree's depth),
 *    rrs, rrsw, spechub, greedy, traversal (`--methods`). The lean decoder and the pre-rewrite decoder
 *    (`ReferenceSpeculativeDecoder`) run in lockstep, step by step, from the same seeds and with the same draft
 *    sampler (`--draft-sampler`, default the lean decoder's `scan`; `alias` drafts as both did before), so they
 *    go through the same steps (checked: every step emits the same tokens); every phase of every step is timed by a
 *    {@link StepProfiler}. Printed per decoder: median step ms, the median share of each phase and the median
 *    overhead share (everything that is not a model pass), the break-even tokens per step (median step ms ÷
 *    autoregressive ms per token), and the median over steps of the paired ratio old step ms ÷ new step ms.
 *    Each generation's first step (the prompt prefill) is left out.
 * 4. With `--compare-target-logits`: lean decoder with eager vs lazy target logits (paired, same way).
 *
 * Usage: node --import tsx bench/e2eLatency.ts [--repeats 30] [--prompts 4] [--tokens 48] [--trees 2,3,4]
 *        [--methods sd,rrs,rrsw,spechub,greedy,traversal] [--compare-target-logits] [--clock wall|cpu] [--draft-sampler scan|alias] [--json]
 * Writes plots/data/e2e-latency.json. Ratios are measured within one run; absolute times follow the load.
 * `--clock cpu` times with this process's CPU time instead of the wall clock: on a shared machine it leaves
 * out the waits for a core (preemption), so its figures are closer to an idle machine's (memory-bandwidth and
 * cache contention from other processes still count).
 */
import { stringifyJson } from '../src/core/stringifyJson.ts';
import { writeFileAtomic } from '../src/core/writeFileAtomic.ts';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/backend/selectBackend.ts';
import { type Chooser, SamplingChooser } from '../src/core/chooser.ts';
import { loadCheckpoint } from '../src/lm/checkpoint.ts';
import { testPrompts } from '../src/lm/data/testPrompts.ts';
import { referenceAutoregressiveGenerate, ReferenceSpeculativeDecoder } from '../src/lm/engine/_testing/referenceDecoder.ts';
import { autoregressiveGenerate } from '../src/lm/engine/autoregressiveDecoder.ts';
import { type DecodingState, SpeculativeDecoder, type StepOutcome } from '../src/lm/engine/speculativeDecoder.ts';
import { MODEL_PHASES, STEP_PHASES, StepProfiler, type StepProfileSummary } from '../src/lm/engine/stepProfiler.ts';
import type { GptModel } from '../src/lm/model.ts';
import { DEFAULT_DRAFT_DIRECTORY, DEFAULT_TARGET_DIRECTORY, DEFAULT_TOKENIZER_PATH, REPOSITORY_ROOT } from '../src/lm/presets.ts';
import { loadTokenizer } from '../src/lm/tokenizer/loadTokenizer.ts';
import { createRng, deriveSeed } from '../src/random/createRng.ts';
import { getSequenceVerifier, isSequenceVerifierId } from '../src/sequence/sequenceVerifiers.ts';
import { chainTree, fullTree, type TokenTree } from '../src/tree/tokenTree.ts';

/** A pass is flat while its median time stays within this factor of the 1-token pass. */
const FLAT_TOLERANCE = 1.25;

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '30' },
    prompts: { type: 'string', default: '4' },
    tokens: { type: 'string', default: '48' },
    trees: { type: 'string', default: '2,3,4' },
    methods: { type: 'string', default: 'sd,rrs,rrsw,spechub,greedy,traversal' },
    'compare-target-logits': { type: 'boolean', default: false },
    clock: { type: 'string', default: 'wall' },
    'draft-sampler': { type: 'string', default: 'scan' },
    json: { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const promptCount = Number(values.prompts);
const newTokens = Number(values.tokens);
const depths = values.trees.split(',').map(Number);
const methodIds = values.methods.split(',');
if (values.clock !== 'wall' && values.clock !== 'cpu') throw new Error(`--clock must be wall or cpu, got ${values.clock}`);
if (values['draft-sampler'] !== 'scan' && values['draft-sampler'] !== 'alias') throw new Error(`--draft-sampler must be scan or alias, got ${values['draft-sampler']}`);
/** Both decoders draft with it (so that they go through the same steps): the lean decoder's default, or `alias` as before. */
const draftSampler: 'scan' | 'alias' = values['draft-sampler'];
/**
 * Milliseconds. `wall`: performance.now(). `cpu`: this process's CPU time (user + system, all its threads),
 * which leaves out the time the process waits for a core on a loaded machine (not memory-bandwidth
 * contention): a proxy for an idle machine's wall time.
 */
const clock =
  values.clock === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();
/** What one clock read costs (ms); profilers take it off every lap. */
const readCost = StepProfiler.calibrate(clock);
const timed = (f: () => void) => {
  const t = clock();
  f();
  return clock() - t;
};
const loadAtStart = loadavg();
const { tf, backend } = await selectBackend();
const tokenizer = loadTokenizer(DEFAULT_TOKENIZER_PATH);
const target = loadCheckpoint(tf, DEFAULT_TARGET_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const draft = loadCheckpoint(tf, DEFAULT_DRAFT_DIRECTORY, { expectVocabSize: tokenizer.vocabSize }).model;
const models = { target, draft };
const prompts = testPrompts(tokenizer, promptCount, 32, 17);
const prompt = prompts[0]!;
const sampling = { temperature: 1, topP: 1 };
const median = (xs: readonly number[]) => {
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
      const ms = timed(() => model.disposeForward(model.scoreTree(cache, tokens, parents)));
      if (r >= 2) times[j]!.push(ms);
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

// 2. Autoregressive baselines, alternated prompt by prompt (two rounds).
autoregressiveGenerate(target, prompt, 8, sampling, new SamplingChooser(createRng(1)));
referenceAutoregressiveGenerate(target, prompt, 8, sampling, new SamplingChooser(createRng(1)));
const arLean: number[] = [];
const arOld: number[] = [];
for (let round = 0; round < 2; round++) {
  prompts.forEach((p, i) => {
    const seed = deriveSeed('ar', round, i);
    arOld.push(timed(() => referenceAutoregressiveGenerate(target, p, newTokens, sampling, new SamplingChooser(createRng(seed)))) / newTokens);
    arLean.push(timed(() => autoregressiveGenerate(target, p, newTokens, sampling, new SamplingChooser(createRng(seed)))) / newTokens);
  });
}
const arMsPerToken = median(arLean);
const arOldMsPerToken = median(arOld);

// 3. Paired step-by-step runs.
interface Stepper {
  start(prompt: readonly number[]): DecodingState;
  step(state: DecodingState, chooser: Chooser<number>): StepOutcome;
  release(state: DecodingState): void;
  generate(prompt: readonly number[], maxNewTokens: number, chooser: Chooser<number>): unknown;
}
/** Runs the decoders in lockstep from the same seeds; returns whether every step emitted the same tokens, and the tokens per step. */
function runPaired(decoders: Array<{ decoder: Stepper; profiler: StepProfiler }>, label: string): { identical: boolean; tokensPerStep: number } {
  for (const { decoder, profiler } of decoders) {
    decoder.generate(prompt, 8, new SamplingChooser(createRng(3)));
    profiler.reset();
  }
  let identical = true;
  let emitted = 0;
  let steps = 0;
  prompts.forEach((p, i) => {
    const seed = deriveSeed('e2e-latency', label, i);
    const choosers = decoders.map(() => new SamplingChooser(createRng(seed)));
    let states = decoders.map(({ decoder }) => decoder.start(p));
    for (let made = 0, s = 0; made < newTokens; s++) {
      // Alternate which decoder goes first, so that neither always runs on a warmer or colder machine.
      const order = decoders.map((_, j) => j);
      if (s % 2 === 1) order.reverse();
      const outcomes: StepOutcome[] = new Array(decoders.length);
      for (const j of order) outcomes[j] = decoders[j]!.decoder.step(states[j]!, choosers[j]!);
      if (s === 0) for (const { profiler } of decoders) profiler.dropLast();
      else {
        emitted += outcomes[0]!.emitted.length;
        steps++;
      }
      const first = outcomes[0]!.emitted.join();
      identical &&= outcomes.every((o) => o.emitted.join() === first);
      decoders.forEach(({ decoder }, j) => decoder.release(states[j]!));
      states = outcomes.map((o) => o.state);
      made += outcomes[0]!.emitted.length;
    }
    decoders.forEach(({ decoder }, j) => decoder.release(states[j]!));
  });
  return { identical, tokensPerStep: emitted / steps };
}
/** Median over steps of profiler a's step time ÷ profiler b's (paired steps). */
function pairedRatio(a: StepProfiler, b: StepProfiler): number {
  const total = (s: Float64Array) => s.reduce((x, y) => x + y, 0);
  return median(a.steps.map((s, j) => total(s) / total(b.steps[j]!)));
}

interface Row {
  tree: string;
  method: string;
  tokensPerStep: number;
  identicalToReference: boolean;
  /** Median over steps of (pre-rewrite step ms ÷ lean step ms). */
  speedupOverReference: number;
  breakEvenTokensPerStep: number;
  referenceBreakEvenTokensPerStep: number;
  lean: StepProfileSummary;
  reference: StepProfileSummary;
}
const shapeOf = (id: string, D: number): { shape: TokenTree; name: string } => (id === 'sd' || id === 'block' ? { shape: chainTree(D - 1), name: `chain:${D - 1}` } : { shape: fullTree(2, D), name: `2^${D}` });
const methodOf = (id: string) => (isSequenceVerifierId(id) ? getSequenceVerifier(id) : id);
const rows: Row[] = [];
for (const D of depths) {
  for (const id of methodIds) {
    const { shape, name } = shapeOf(id, D);
    const leanProfiler = new StepProfiler(clock, readCost);
    const referenceProfiler = new StepProfiler(clock, readCost);
    const { identical, tokensPerStep } = runPaired(
      [
        { decoder: new SpeculativeDecoder(models, shape, methodOf(id), sampling, { profiler: leanProfiler, draftSampler }), profiler: leanProfiler },
        { decoder: new ReferenceSpeculativeDecoder(models, shape, methodOf(id), sampling, { profiler: referenceProfiler, draftSampler }), profiler: referenceProfiler },
      ],
      `${id} ${name}`,
    );
    const lean = leanProfiler.summary();
    const reference = referenceProfiler.summary();
    rows.push({
      tree: name,
      method: id,
      tokensPerStep,
      identicalToReference: identical,
      speedupOverReference: pairedRatio(referenceProfiler, leanProfiler),
      breakEvenTokensPerStep: lean.medianStepMs / arMsPerToken,
      referenceBreakEvenTokensPerStep: reference.medianStepMs / arOldMsPerToken,
      lean,
      reference,
    });
  }
}

// 4. Eager vs lazy target logits.
const targetLogitsComparison: Array<{ tree: string; method: string; lazyOverEager: number; identical: boolean }> = [];
if (values['compare-target-logits']) {
  for (const D of depths) {
    for (const id of ['spechub', 'traversal']) {
      const { shape, name } = shapeOf(id, D);
      const eager = new StepProfiler(clock, readCost);
      const lazy = new StepProfiler(clock, readCost);
      const { identical } = runPaired(
        [
          { decoder: new SpeculativeDecoder(models, shape, methodOf(id), sampling, { profiler: eager, targetLogits: 'eager', draftSampler }), profiler: eager },
          { decoder: new SpeculativeDecoder(models, shape, methodOf(id), sampling, { profiler: lazy, targetLogits: 'lazy', draftSampler }), profiler: lazy },
        ],
        `logits ${id} ${name}`,
      );
      targetLogitsComparison.push({ tree: name, method: id, lazyOverEager: pairedRatio(lazy, eager), identical });
    }
  }
}

const loadAtEnd = loadavg();
const report = {
  backend,
  clock: values.clock,
  draftSampler,
  clockReadCostMs: readCost,
  load: { start: loadAtStart[0], end: loadAtEnd[0] },
  repeats,
  prompts: promptCount,
  newTokens,
  flatTolerance: FLAT_TOLERANCE,
  targetPassMs: targetPass,
  draftPassMs: draftPass,
  targetFlatUpTo: flatUpTo(targetPass),
  draftFlatUpTo: flatUpTo(draftPass),
  autoregressiveMsPerToken: arMsPerToken,
  referenceAutoregressiveMsPerToken: arOldMsPerToken,
  steps: rows,
  targetLogitsComparison,
};
writeFileAtomic(`${REPOSITORY_ROOT}plots/data/e2e-latency.json`, stringifyJson(report, { indent: 1 }) + "\n");
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const f = (x: number, d = 2) => x.toFixed(d);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const table = (head: string[], body: string[][], left = 2) => {
    const widths = head.map((h, j) => Math.max(h.length, ...body.map((t) => t[j]!.length)));
    for (const line of [head, ...body]) console.log(line.map((c, j) => (j < left ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  };
  console.log(`backend ${backend}; ${values.clock === 'cpu' ? 'CPU-time' : 'wall'} clock (a read costs ${(readCost * 1000).toFixed(2)} µs, taken off every lap); load average ${f(loadAtStart[0]!)} at start, ${f(loadAtEnd[0]!)} at end; pass medians of ${repeats} rounds; ${promptCount} prompts × ${newTokens} tokens per configuration; draft sampler ${draftSampler}`);
  console.log('');
  console.log('Pass time vs scored tokens (× = time ÷ 1-token pass = tokens per step needed to pay for that pass alone)');
  table(
    ['scored tokens', 'target ms', 'target ×', 'draft ms', 'draft ×'],
    sizes.map((n, i) => [String(n), f(targetPass[i]!.ms), f(targetPass[i]!.ratioToOne), f(draftPass[i]!.ms), f(draftPass[i]!.ratioToOne)]),
    0,
  );
  console.log(`flat (≤ ${FLAT_TOLERANCE}× the 1-token pass) up to: target ${report.targetFlatUpTo} tokens, draft ${report.draftFlatUpTo} tokens`);
  console.log(`autoregressive: ${f(arMsPerToken)} ms/token (pre-rewrite baseline ${f(arOldMsPerToken)})`);
  const overheads = STEP_PHASES.filter((p) => !MODEL_PHASES.includes(p));
  for (const which of ['reference', 'lean'] as const) {
    console.log('');
    console.log(which === 'lean' ? 'AFTER: lean decoder — shares of a step (phase medians over steps)' : 'BEFORE: pre-rewrite decoder, same steps — shares of a step (phase medians over steps)');
    table(
      ['tree', 'method', 'tok/step', 'ms/step', 'break-even', ...(which === 'lean' ? ['old/new', 'same'] : []), 'target', 'draft', ...overheads, 'OVERHEAD', 'per-step'],
      rows.map((r) => {
        const s = r[which];
        return [
          r.tree,
          r.method,
          f(r.tokensPerStep),
          f(s.medianStepMs),
          f(which === 'lean' ? r.breakEvenTokensPerStep : r.referenceBreakEvenTokensPerStep),
          ...(which === 'lean' ? [`${f(r.speedupOverReference)}×`, r.identicalToReference ? 'yes' : 'NO'] : []),
          pct(s.shares.targetPass),
          pct(s.shares.draftPass),
          ...overheads.map((p) => pct(s.shares[p])),
          pct(s.overheadShare),
          pct(s.medianStepOverheadShare),
        ];
      }),
    );
  }
  console.log('shares = each phase\'s median ms ÷ the sum of the phase medians; OVERHEAD = the non-model phases\' share (Σ of their columns);');
  console.log('per-step = median over steps of each step\'s own overhead share (a second estimator, more sensitive to preemption);');
  console.log('break-even = median step ms ÷ autoregressive ms per token; old/new = median over paired steps of the pre-rewrite step time ÷ the lean one;');
  console.log('same = every step emitted the same tokens as the pre-rewrite decoder.');
  if (targetLogitsComparison.length > 0) {
    console.log('');
    console.log('Target logits, lazy vs eager (median paired step-time ratio lazy ÷ eager; < 1: lazy faster)');
    table(['tree', 'method', 'lazy/eager', 'same'], targetLogitsComparison.map((c) => [c.tree, c.method, f(c.lazyOverEager, 3), c.identical ? 'yes' : 'NO']));
  }
}
target.dispose();
draft.dispose();
