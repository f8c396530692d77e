import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import { SamplingChooser } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { getMethod } from '../../methods.ts';
import { goodnessOfFit } from '../../montecarlo/goodnessOfFit.ts';
import { createRng } from '../../random/createRng.ts';
import { chainTree, fullTree } from '../../tree/tokenTree.ts';
import type { Verifier } from '../../verifiers/verifier.ts';
import { randomModel, testBackend, TINY_DRAFT, TINY_TARGET } from '../_testing/tinyModels.ts';
import { autoregressiveGenerate } from './autoregressiveDecoder.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { type DecodingMethod, SpeculativeDecoder } from './speculativeDecoder.ts';

// Statistical tests: G-test (cells with expected count < 5 pooled) at level 1e-3 per check; every method's
// check must pass and the deliberately biased verifier must be rejected at the same level.
const SIGNIFICANCE = 1e-3;
const tf = await testBackend();
const target = randomModel(tf, TINY_TARGET, 11, 0.6);
const draft = randomModel(tf, TINY_DRAFT, 12, 0.6);
const V = TINY_TARGET.vocabSize;
const PROMPT = [1, 4, 2];

/** Direct target law of the next token after `sequence`. */
function targetLaw(sequence: number[], sampling: SamplingSettings): Float64Array {
  const cache = target.emptyCache();
  const r = target.scoreTree(cache, sequence, sequence.map((_, i) => i - 1));
  target.disposeForward(r);
  target.disposeCache(cache);
  return nextTokenLaw(r.logits.subarray((sequence.length - 1) * V, sequence.length * V), sampling);
}

/** Emitted tokens of one or more steps from a shared prefilled state until `count` tokens are out. */
function firstTokens(decoder: SpeculativeDecoder, base: ReturnType<SpeculativeDecoder['start']>, count: number, chooser: Chooser<number>): number[] {
  let state = base;
  const out: number[] = [];
  while (out.length < count) {
    const next = decoder.step(state, chooser);
    if (state !== base) decoder.release(state);
    state = next.state;
    out.push(...next.emitted);
  }
  if (state !== base) decoder.release(state);
  return out.slice(0, count);
}

/** Counts of the first `count` tokens (as one cell index) over `trials` runs from the prompt's state. */
function empiricalLaw(method: string | DecodingMethod, tree: ReturnType<typeof fullTree>, sampling: SamplingSettings, count: number, trials: number, seed: number): number[] {
  const decoder = new SpeculativeDecoder({ target, draft }, tree, method, sampling);
  // Advance one step so that both caches hold the prompt, then measure from that (shared, immutable) state.
  const warm = decoder.step(decoder.start(PROMPT), new SamplingChooser(createRng(seed)));
  const base = warm.state;
  const context = [...PROMPT, ...warm.emitted];
  const counts = new Array<number>(V ** count).fill(0);
  const chooser = new SamplingChooser(createRng(`${seed}/trials`));
  for (let t = 0; t < trials; t++) {
    const tokens = firstTokens(decoder, base, count, chooser);
    counts[tokens.reduce((cell, y) => cell * V + y, 0)]! += 1;
  }
  decoder.release(base);
  (empiricalLaw as unknown as { context: number[] }).context = context;
  return counts;
}

function exactLaw(context: number[], count: number, sampling: SamplingSettings): number[] {
  const first = targetLaw(context, sampling);
  if (count === 1) return Array.from(first);
  const out: number[] = [];
  for (let y = 0; y < V; y++) {
    const second = targetLaw([...context, y], sampling);
    for (let z = 0; z < V; z++) out.push(first[y]! * second[z]!);
  }
  return out;
}

function check(method: string | DecodingMethod, tree: ReturnType<typeof fullTree>, sampling: SamplingSettings, count: number, trials: number, seed: number) {
  const counts = empiricalLaw(method, tree, sampling, count, trials, seed);
  const context = (empiricalLaw as unknown as { context: number[] }).context;
  return goodnessOfFit(counts, exactLaw(context, count, sampling), { significance: SIGNIFICANCE });
}

const T1: SamplingSettings = { temperature: 1, topP: 1 };
const T06: SamplingSettings = { temperature: 0.6, topP: 1 };

test('sanity: the tiny target and draft disagree (single-draft overlap well below 1), so the checks have teeth', () => {
  const p = targetLaw(PROMPT, T1);
  const cache = draft.emptyCache();
  const r = draft.scoreTree(cache, PROMPT, [-1, 0, 1]);
  draft.disposeForward(r);
  draft.disposeCache(cache);
  const q = nextTokenLaw(r.logits.subarray(2 * V, 3 * V), T1);
  let overlap = 0;
  for (let i = 0; i < V; i++) overlap += Math.min(p[i]!, q[i]!);
  assert.ok(overlap > 0.1 && overlap < 0.9, `ov(p, q) = ${overlap}`);
});

test('exactness end to end: law of the first emitted token = direct target sampling, every method (2^3 tree; sd on a chain)', () => {
  for (const [method, tree, sampling] of [
    ['rrs', fullTree(2, 3), T1],
    ['rrsw', fullTree(2, 3), T06],
    ['kseq', fullTree(3, 2), T1],
    ['spechub', fullTree(2, 3), T1],
    ['greedy', fullTree(2, 3), T06],
    ['sd', chainTree(2), T1],
  ] as const) {
    const r = check(method, tree, sampling, 1, 600, 5);
    assert.not.ok(r.rejected, `${method}: G = ${r.statistic.toFixed(2)}, p = ${r.pValue.toExponential(2)}`);
  }
});

test('exactness end to end: law of the first two tokens (36 cells, across step boundaries), every method; greedy with top-p 0.9', () => {
  for (const [method, tree, sampling] of [
    ['spechub', fullTree(2, 3), T1],
    ['greedy', fullTree(2, 3), { temperature: 1, topP: 0.9 }],
    ['rrs', fullTree(2, 3), T1],
    ['rrsw', fullTree(2, 3), T06],
    ['kseq', fullTree(3, 2), T1],
    ['sd', chainTree(2), T1],
  ] as const) {
    const r = check(method, tree, sampling, 2, 1000, 7);
    assert.not.ok(r.rejected, `${method}: G = ${r.statistic.toFixed(2)}, p = ${r.pValue.toExponential(2)}`);
  }
});

test('teeth: a deliberately biased verifier (SD that forgets the residual and resamples p after a rejection) fails the same check', () => {
  const sd = getMethod('sd');
  const biased: Verifier = {
    ...sd.verifier,
    prepare<T>(F: typeof floatField, p: ArrayLike<number>, q: ArrayLike<number>) {
      const law = Categorical.create(F, p);
      return {
        verify(drafts: readonly number[], chooser: Chooser<number>) {
          const x = drafts[0]!;
          if (chooser.bernoulli(p[x]! / q[x]!)) return { token: x, acceptedIndex: 0 };
          return { token: chooser.categorical(law), acceptedIndex: null };
        },
      };
    },
  } as unknown as Verifier;
  const r = check({ id: 'biased-sd', verifier: biased, scheme: sd.scheme }, chainTree(2), T1, 1, 600, 5);
  assert.ok(r.rejected, `biased verifier not detected: p = ${r.pValue}`);
});

test('generate: exactly maxNewTokens tokens, same seed same tokens, tokens per step within [1, depth + 1]; autoregressive baseline works', () => {
  const decoder = new SpeculativeDecoder({ target, draft }, fullTree(2, 3), 'spechub', T1);
  const a = decoder.generate(PROMPT, 9, new SamplingChooser(createRng(3)));
  const b = decoder.generate(PROMPT, 9, new SamplingChooser(createRng(3)));
  assert.is(a.tokens.length, 9);
  assert.equal(a.tokens, b.tokens);
  assert.ok(a.steps.every((s) => s >= 1 && s <= 3));
  assert.equal(a.steps.map((s, i) => s - 1 - a.acceptedPerStep[i]!), a.steps.map(() => 0));
  const ar = autoregressiveGenerate(target, PROMPT, 9, T1, new SamplingChooser(createRng(3)));
  assert.is(ar.tokens.length, 9);
  assert.ok(ar.tokens.every((t) => t >= 0 && t < V));
});

test('a draft equal to the target accepts every draft: tokens per step = depth + 1 (spechub) and no tensors leak', () => {
  const same = new SpeculativeDecoder({ target, draft: target }, fullTree(2, 4), 'rrsw', T1);
  const before = tf.memory().numTensors;
  const run = same.generate(PROMPT, 8, new SamplingChooser(createRng(1)));
  assert.equal(run.steps, [4, 4]);
  assert.is(tf.memory().numTensors, before);
});

test('bad inputs: vocabulary mismatch, method not defined for the branching, sequence beyond the context, empty prompt', () => {
  const other = randomModel(tf, { ...TINY_DRAFT, vocabSize: 7 }, 1);
  assert.throws(() => new SpeculativeDecoder({ target, draft: other }, fullTree(2, 2), 'rrs', T1), (e: unknown) => e instanceof SpechubError && e.code === 'LENGTH_MISMATCH');
  other.dispose();
  assert.throws(() => new SpeculativeDecoder({ target, draft }, fullTree(3, 2), 'spechub', T1), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
  assert.throws(() => new SpeculativeDecoder({ target, draft }, fullTree(2, 2), 'rrs', { temperature: 0, topP: 1 }), (e: unknown) => e instanceof SpechubError);
  const decoder = new SpeculativeDecoder({ target, draft }, fullTree(2, 3), 'rrs', T1);
  assert.throws(() => decoder.generate(PROMPT, 14, new SamplingChooser(createRng(1))), (e: unknown) => e instanceof SpechubError && /context/.test((e as Error).message));
  assert.throws(() => decoder.start([]), (e: unknown) => e instanceof SpechubError && e.code === 'EMPTY');
});

test.run();
