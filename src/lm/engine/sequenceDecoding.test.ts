/**
 * End-to-end exactness of the sequence-level verifiers in the tfjs decoder (§S2–§S3): the law of the
 * first two emitted tokens (36 cells, across step boundaries) equals direct target sampling, for block
 * verification on a chain and traversal verification with each sibling law on a 2^3 tree. G-test (cells with
 * expected count < 5 pooled), 1,000 runs per check, overall level 0.001 with Bonferroni over the 4 checks
 * (2.5·10^-4 each). Teeth: traversal verification that draws the final token from the original p instead of
 * the residual (§S6.5, §S7 item 6) must be rejected by the same test; its power is not computed analytically
 * (the model laws are not enumerated), the fixed seed rejects it with p < 10^-6.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Chooser, SamplingChooser } from '../../core/chooser.ts';
import { goodnessOfFit } from '../../montecarlo/goodnessOfFit.ts';
import { createRng } from '../../random/createRng.ts';
import { getSequenceVerifier } from '../../sequence/sequenceVerifiers.ts';
import { wrongTraversal } from '../../sequence/_testing/wrongVariants.ts';
import type { SequenceVerifier } from '../../tree/sequenceVerifier.ts';
import { chainTree, fullTree, type TokenTree } from '../../tree/tokenTree.ts';
import { randomModel, testBackend, TINY_DRAFT, TINY_TARGET } from '../_testing/tinyModels.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { SpeculativeDecoder } from './speculativeDecoder.ts';

const tf = await testBackend();
const target = randomModel(tf, TINY_TARGET, 11, 0.6);
const draft = randomModel(tf, TINY_DRAFT, 12, 0.6);
const V = TINY_TARGET.vocabSize;
const PROMPT = [1, 4, 2];
const T1: SamplingSettings = { temperature: 1, topP: 1 };

/** p(·|sequence) computed directly from the target model (no cache, no tree). */
function directLaw(sequence: number[]): Float64Array {
  const cache = target.emptyCache();
  const r = target.scoreTree(cache, sequence, sequence.map((_, i) => i - 1));
  target.disposeForward(r);
  target.disposeCache(cache);
  return nextTokenLaw(r.logits.subarray((sequence.length - 1) * V, sequence.length * V), T1);
}

/** G-test of the first two emitted tokens after the prompt's state against direct target sampling. */
function check(method: SequenceVerifier, tree: TokenTree, trials: number, seed: number, level: number) {
  const decoder = new SpeculativeDecoder({ target, draft }, tree, method, T1);
  const warm = decoder.step(decoder.start(PROMPT), new SamplingChooser(createRng(seed)));
  const base = warm.state;
  const context = [...PROMPT, ...warm.emitted];
  const counts = new Array<number>(V * V).fill(0);
  const chooser: Chooser<number> = new SamplingChooser(createRng(`${seed}/trials`));
  for (let t = 0; t < trials; t++) {
    let state = base;
    const out: number[] = [];
    while (out.length < 2) {
      const next = decoder.step(state, chooser);
      if (state !== base) decoder.release(state);
      state = next.state;
      out.push(...next.emitted);
    }
    if (state !== base) decoder.release(state);
    counts[out[0]! * V + out[1]!]! += 1;
  }
  decoder.release(base);
  const first = directLaw(context);
  const expected: number[] = [];
  for (let y = 0; y < V; y++) {
    const second = directLaw([...context, y]);
    for (let z = 0; z < V; z++) expected.push(first[y]! * second[z]!);
  }
  return goodnessOfFit(counts, expected, { significance: level });
}

test('exactness end to end: block (chain:2) and traversal verification (iid, wor, hub; 2^3), first two tokens', () => {
  const cases: Array<[string, TokenTree]> = [['block', chainTree(2)], ['traversal', fullTree(2, 3)], ['traversal-wor', fullTree(2, 3)], ['traversal-hub', fullTree(2, 3)]];
  for (const [id, tree] of cases) {
    const r = check(getSequenceVerifier(id), tree, 1000, 7, 0.001 / cases.length);
    assert.not.ok(r.rejected, `${id}: G = ${r.statistic.toFixed(2)}, p = ${r.pValue.toExponential(2)}`);
  }
});

test('teeth: traversal verification with the final token from the original p is rejected by the same check', () => {
  const r = check(wrongTraversal('original-final', 'iid', { finalToken: 'original' }), fullTree(2, 3), 1000, 7, 0.001 / 4);
  assert.ok(r.rejected, `biased variant not detected: p = ${r.pValue}`);
  assert.ok(r.pValue < 1e-6, `p = ${r.pValue}`);
});

test('generate with a sequence-level verifier: exactly maxNewTokens, same seed same tokens, steps within [1, depth + 1]', () => {
  const decoder = new SpeculativeDecoder({ target, draft }, fullTree(2, 3), getSequenceVerifier('traversal-hub'), T1);
  const a = decoder.generate(PROMPT, 9, new SamplingChooser(createRng(3)));
  const b = decoder.generate(PROMPT, 9, new SamplingChooser(createRng(3)));
  assert.is(a.tokens.length, 9);
  assert.equal(a.tokens, b.tokens);
  assert.ok(a.steps.every((s) => s >= 1 && s <= 3));
  const same = new SpeculativeDecoder({ target, draft: target }, fullTree(2, 4), getSequenceVerifier('traversal-wor'), T1);
  assert.equal(same.generate(PROMPT, 8, new SamplingChooser(createRng(1))).steps, [4, 4]);
  assert.throws(() => new SpeculativeDecoder({ target, draft }, fullTree(2, 3), getSequenceVerifier('block'), T1), /needs a draft chain/);
});

test.run();
