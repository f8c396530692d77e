/**
 * The end-to-end measurement behind `spechub e2e`: for each prompt, generate `maxNewTokens` tokens with plain
 * autoregressive target sampling (the baseline) and with tree speculative decoding for each method, and report
 * tokens per target call ("tokens per step", §5.2) with a 95 % interval, the share of steps that accepted
 * at least d drafts (d = 1 … depth), wall-clock tokens per second and the speed-up over the baseline.
 *
 * Statistics: tokens per step = Σ emitted / Σ target calls over all prompts (a ratio estimator; the tokens the
 * last step emitted beyond `maxNewTokens` count, since they were emitted by that call). Its 95 % interval uses
 * the delta method with prompts as independent clusters (normal quantile 1.96); with a single prompt it treats
 * steps as independent. Timings include every model pass and the verification, not model loading; an untimed
 * warm-up runs first, and the baseline and the methods alternate prompt by prompt (load on a shared machine
 * then affects them alike).
 *
 * Methods: `sd` and `block` (block verification, §S2) run a single-draft chain of the tree's depth
 * (`chain:depth`); the others run the given tree (`spechub` and `traversal-hub` need binary nodes); `traversal`,
 * `traversal-wor`, `traversal-hub` are traversal verification (§S3) with i.i.d., without-replacement and hub-pair
 * siblings. `singleDraftOverlap` is the mean of ov(p, q) = Σ min(p, q) over the prompt
 * positions (teacher forcing, same temperature / top-p): the single-draft acceptance rate of §2.1.
 *
 * @example
 * ```ts
 * const report = measureEndToEnd({ target, draft }, prompts, { tree: '2^4', methods: ['rrs', 'spechub'], temperature: 0.6, maxNewTokens: 64, seed: 17 });
 * report.methods.spechub.tokensPerStep;
 * ```
 */
import { SamplingChooser } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import { createRng, deriveSeed } from '../../random/createRng.ts';
import { getSequenceVerifier, isSequenceVerifierId } from '../../sequence/sequenceVerifiers.ts';
import { parseTreeSpec } from '../../tree/parseTreeSpec.ts';
import { chainTree, type TokenTree } from '../../tree/tokenTree.ts';
import { autoregressiveGenerate } from './autoregressiveDecoder.ts';
import { checkTreeMemory } from './checkTreeMemory.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { type DecoderModels, SpeculativeDecoder } from './speculativeDecoder.ts';

/** Methods `spechub e2e --method all` runs, in display order. */
export const E2E_METHODS = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy'] as const;

/** Sequence-level verifiers `spechub e2e` also runs when named (`--method sequence` runs all four). */
export const E2E_SEQUENCE_METHODS = ['block', 'traversal', 'traversal-wor', 'traversal-hub'] as const;

/** Tree, methods, sampling settings and seed of a measurement. */
export interface EndToEndOptions {
  /** The tree's name in the report (`2^4`, a file name); parsed as a tree spec unless `shape` is given. */
  tree: string;
  /** The tree itself (e.g. read from a file); default `parseTreeSpec(tree)`. */
  shape?: TokenTree;
  methods: readonly string[];
  temperature: number;
  topP?: number;
  maxNewTokens: number;
  seed: number | string;
  /** How the decoders draw their drafts (`DecoderOptions.draftSampler`; default `scan`). */
  draftSampler?: 'scan' | 'alias';
  /** Called after each generation (for a progress bar). */
  progress?: (done: number, total: number, label: string) => void;
}

/** Per-method figures of the `spechub e2e` JSON contract. */
export interface MethodReport {
  tree: string;
  tokensPerStep: number;
  ci95: [number, number];
  acceptedPerDepth: number[];
  tokensPerSecond: number;
  speedupVsAutoregressive: number;
  steps: number;
  tokens: number;
}

/** The whole measurement (the CLI adds the backend and model paths). */
export interface EndToEndReport {
  tree: string;
  temperature: number;
  topP: number;
  prompts: number;
  promptTokens: number;
  maxNewTokens: number;
  seed: string;
  /** How the decoders drew their drafts. */
  draftSampler: 'scan' | 'alias';
  singleDraftOverlap: number;
  autoregressive: { tokensPerSecond: number; tokens: number; seconds: number };
  methods: Record<string, MethodReport>;
}

/** Ratio Σt/Σs with a delta-method 95 % interval over clusters (t_i, s_i). */
export function ratioInterval(tokens: readonly number[], steps: readonly number[]): { value: number; ci95: [number, number] } {
  const n = tokens.length;
  const T = tokens.reduce((a, b) => a + b, 0);
  const S = steps.reduce((a, b) => a + b, 0);
  if (S === 0) throw new SpechubError('INVALID_ARGUMENT', 'no steps');
  const r = T / S;
  if (n < 2) return { value: r, ci95: [r, r] };
  const meanSteps = S / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (tokens[i]! - r * steps[i]!) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n) / meanSteps;
  return { value: r, ci95: [r - 1.96 * se, r + 1.96 * se] };
}

/** Runs the baseline and every method on every prompt; see the module comment. */
export function measureEndToEnd(models: DecoderModels, prompts: readonly number[][], options: EndToEndOptions): EndToEndReport {
  if (prompts.length === 0) throw new SpechubError('EMPTY', 'no prompts');
  const sampling: SamplingSettings = { temperature: options.temperature, topP: options.topP ?? 1 };
  const tree = options.shape ?? parseTreeSpec(options.tree);
  checkTreeMemory({ target: models.target.config, draft: models.draft.config }, tree, options.tree, Math.max(...prompts.map((p) => p.length)), options.maxNewTokens);
  const seed = String(options.seed);
  const draftSampler = options.draftSampler ?? 'scan';
  if (draftSampler !== 'scan' && draftSampler !== 'alias') throw new SpechubError('INVALID_ARGUMENT', `draftSampler must be scan or alias, got ${String(draftSampler)}`);
  const total = prompts.length * (options.methods.length + 1);
  let done = 0;
  const tick = (label: string) => options.progress?.(++done, total, label);

  // Single-draft overlap on the prompts (teacher forcing).
  let overlapSum = 0;
  let overlapCount = 0;
  const V = models.target.config.vocabSize;
  for (const prompt of prompts) {
    const rows = [models.target, models.draft].map((m) => {
      const cache = m.emptyCache();
      const r = m.scoreTree(cache, prompt, prompt.map((_, i) => i - 1));
      m.disposeForward(r);
      m.disposeCache(cache);
      return r.logits;
    });
    for (let i = 0; i < prompt.length; i++) {
      const p = nextTokenLaw(rows[0]!.subarray(i * V, (i + 1) * V), sampling);
      const q = nextTokenLaw(rows[1]!.subarray(i * V, (i + 1) * V), sampling);
      let ov = 0;
      for (let y = 0; y < V; y++) ov += Math.min(p[y]!, q[y]!);
      overlapSum += ov;
      overlapCount++;
    }
  }

  const decoders = options.methods.map((id) => {
    const chain = id === 'sd' || id === 'block';
    const shape = chain ? chainTree(tree.depth) : tree;
    const method = isSequenceVerifierId(id) ? getSequenceVerifier(id) : id;
    return { id, shape, shapeName: chain ? `chain:${tree.depth}` : options.tree, decoder: new SpeculativeDecoder(models, shape, method, sampling, { draftSampler }) };
  });
  // Warm-up (untimed): compiles the backend's kernels for every shape used below.
  const warmTokens = Math.min(4, options.maxNewTokens);
  autoregressiveGenerate(models.target, prompts[0]!, warmTokens, sampling, new SamplingChooser(createRng(deriveSeed(seed, 'warm-up'))));
  for (const d of decoders) d.decoder.generate(prompts[0]!, warmTokens, new SamplingChooser(createRng(deriveSeed(seed, 'warm-up', d.id))));

  // Prompt by prompt, the baseline then every method, so that load changes on a shared machine hit all alike.
  let arSeconds = 0;
  let arTokens = 0;
  const stats = decoders.map((d) => ({ tokensPerPrompt: [] as number[], stepsPerPrompt: [] as number[], acceptedAtLeast: new Array<number>(Math.max(1, d.shape.depth)).fill(0), seconds: 0, kept: 0 }));
  prompts.forEach((prompt, i) => {
    const run = autoregressiveGenerate(models.target, prompt, options.maxNewTokens, sampling, new SamplingChooser(createRng(deriveSeed(seed, 'autoregressive', i))));
    arSeconds += run.seconds;
    arTokens += run.tokens.length;
    tick(`autoregressive prompt ${i + 1}`);
    decoders.forEach((d, j) => {
      const s = stats[j]!;
      const g = d.decoder.generate(prompt, options.maxNewTokens, new SamplingChooser(createRng(deriveSeed(seed, d.id, i))));
      s.seconds += g.seconds;
      s.kept += g.tokens.length;
      s.tokensPerPrompt.push(g.steps.reduce((a, b) => a + b, 0));
      s.stepsPerPrompt.push(g.steps.length);
      for (const a of g.acceptedPerStep) for (let k = 0; k < a; k++) s.acceptedAtLeast[k]! += 1;
      tick(`${d.id} prompt ${i + 1}`);
    });
  });
  const arRate = arTokens / arSeconds;
  const methods: Record<string, MethodReport> = {};
  decoders.forEach((d, j) => {
    const s = stats[j]!;
    const steps = s.stepsPerPrompt.reduce((a, b) => a + b, 0);
    const { value, ci95 } = ratioInterval(s.tokensPerPrompt, s.stepsPerPrompt);
    const rate = s.kept / s.seconds;
    methods[d.id] = {
      tree: d.shapeName,
      tokensPerStep: value,
      ci95,
      acceptedPerDepth: s.acceptedAtLeast.slice(0, d.shape.depth).map((c) => c / steps),
      tokensPerSecond: rate,
      speedupVsAutoregressive: rate / arRate,
      steps,
      tokens: s.tokensPerPrompt.reduce((a, b) => a + b, 0),
    };
  });
  return {
    tree: options.tree,
    temperature: options.temperature,
    topP: sampling.topP,
    prompts: prompts.length,
    promptTokens: prompts[0]!.length,
    maxNewTokens: options.maxNewTokens,
    seed,
    draftSampler,
    singleDraftOverlap: overlapSum / overlapCount,
    autoregressive: { tokensPerSecond: arRate, tokens: arTokens, seconds: arSeconds },
    methods,
  };
}
