/**
 * Monte Carlo of the sequence-level verifiers against their exact values (§S3.5) and the exactness
 * criterion (§S0.2), with stated statistics:
 * - tokens per step: two-sided z-tests of the mean of 20,000 i.i.d. step lengths (bounded in [1, D + 1]) against
 *   the exact recursion; overall level 0.001, Bonferroni over the 8 cells (each at 0.000125);
 * - exactness: G-test (cells with expected count < 5 pooled) of the first 2 tokens of E · target continuation
 *   against the target, 40,000 steps per verifier, overall level 0.001, Bonferroni over the 4 correct verifiers;
 * - teeth: the same G-test must reject each of the six wrong variants of §S6.5 (level 0.001, Bonferroni over
 *   the 6); the trials per variant are sized from its exact biased law so that the approximate power
 *   (Patnaik noncentral χ²) is ≥ 0.99, and the test asserts that power before sampling.
 * Seeds are fixed, so every test is deterministic; with exact verifiers a seed fails with probability ≤ 0.001.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import { goodnessOfFit } from '../montecarlo/goodnessOfFit.ts';
import { normalQuantileTwoSided } from '../montecarlo/proportionInterval.ts';
import { exactStepLaw } from '../tree/exactWalkLaw.ts';
import type { MarkovChain } from '../tree/language.ts';
import { markovChainFromRows } from '../tree/markovChain.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import type { SequenceVerifier } from '../tree/sequenceVerifier.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { createTreeWalk } from '../tree/treeWalk.ts';
import { continuedBlockLaw } from './continuedBlockLaw.ts';
import { getSequenceVerifier } from './sequenceVerifiers.ts';
import { sequenceTokensPerStep } from './sequenceTokensPerStep.ts';
import { chiSquarePower, continuedCounts, noncentrality, targetCells } from './_testing/statistics.ts';
import { specInstance } from './_testing/specVectors.ts';
import { sharedUniformBlock, wrongTraversal } from './_testing/wrongVariants.ts';

const LEVEL = 0.001;
const floatChain = (chain: MarkovChain<Rational>): MarkovChain<number> =>
  markovChainFromRows(
    floatField,
    Array.from({ length: chain.vocabularySize }, (_, x) => Array.from(chain.target(x), (r) => r.toNumber())),
    Array.from({ length: chain.vocabularySize }, (_, x) => Array.from(chain.draft(x), (r) => r.toNumber())),
  );

const CELLS: Array<[string, string, string]> = [
  ['V8', 'chain:3', 'block'],
  ['V2', 'chain:3', 'block'],
  ['V8', '2^3', 'traversal'],
  ['V6', '2^3', 'traversal'],
  ['V6', '2^3', 'traversal-wor'],
  ['V7', '2^3', 'traversal-wor'],
  ['V7', '2^3', 'traversal-hub'],
  ['V8', '2^3', 'traversal-hub'],
];

test('tokens per step: Monte Carlo (20,000 steps) agrees with the exact recursion (z-tests, overall level 0.001, Bonferroni over 8)', () => {
  const critical = normalQuantileTwoSided(1 - LEVEL / CELLS.length);
  for (const [id, shape, method] of CELLS) {
    const v = specInstance(id);
    const tree = parseTreeSpec(shape);
    const exact = sequenceTokensPerStep(v.chain, tree, method, { start: v.start }).value.toNumber();
    const mc = simulateTreeWalk(floatChain(v.chain), tree, getSequenceVerifier(method), { steps: 20_000, seed: `mc-${id}-${shape}-${method}`, start: v.start });
    const z = (mc.tokensPerStep - exact) / (mc.standardDeviation / Math.sqrt(mc.steps));
    assert.ok(Math.abs(z) < critical, `${id} ${shape} ${method}: MC ${mc.tokensPerStep} vs exact ${exact}, z = ${z.toFixed(2)}`);
    assert.ok(mc.ci95[0] < mc.tokensPerStep && mc.tokensPerStep < mc.ci95[1]);
  }
});

test('exactness by Monte Carlo: first 2 tokens of E · target continuation (G-test, 40,000 steps, overall level 0.001, Bonferroni over 4)', () => {
  const checks: Array<[string, string, string]> = [['V8', 'chain:2', 'block'], ['V8', '2^3', 'traversal'], ['V6', '2^3', 'traversal-wor'], ['V7', '2^3', 'traversal-hub']];
  for (const [id, shape, method] of checks) {
    const v = specInstance(id);
    const chain = floatChain(v.chain);
    const counts = continuedCounts(createTreeWalk(chain, parseTreeSpec(shape), getSequenceVerifier(method)), chain, v.start, 2, 40_000, `exact-${id}-${method}`);
    const r = goodnessOfFit(counts, targetCells(chain, v.start, 2), { significance: LEVEL / checks.length });
    assert.not.ok(r.rejected, `${id} ${shape} ${method}: G = ${r.statistic.toFixed(2)}, p = ${r.pValue.toExponential(2)}`);
  }
});

test('teeth by Monte Carlo: the six wrong variants of §S6.5 are rejected by the same G-test (level 0.001, Bonferroni over 6, power ≥ 0.99 each)', () => {
  const variants: Array<[string, SequenceVerifier, string, string]> = [
    ['shared uniform', sharedUniformBlock(), 'V8', 'chain:2'],
    ['iid tree, wor update', wrongTraversal('a', 'iid', { updateLaw: 'wor', undraftedWeight: 'one' }), 'V1', '2^2'],
    ['wor tree, iid update', wrongTraversal('b', 'wor', { updateLaw: 'iid' }), 'V8', '2^2'],
    ['original p for the final token', wrongTraversal('c', 'iid', { finalToken: 'original' }), 'V1', '2^2'],
    ['weights recomputed', wrongTraversal('d', 'iid', { weights: 'recompute' }), 'V1', '2^3'],
    ['deepest leaf first', wrongTraversal('e', 'iid', { order: 'deepest-leaf' }), 'V1', '2^3'],
  ];
  const level = LEVEL / variants.length;
  for (const [name, verifier, id, shape] of variants) {
    const v = specInstance(id);
    const tree = parseTreeSpec(shape);
    const chain = floatChain(v.chain);
    // The biased law of the 2-token cells, exactly, to size the test.
    const exactBiased = continuedBlockLaw(v.chain, exactStepLaw(createTreeWalk(v.chain, tree, verifier), v.start).outcomes, v.start, 2);
    const n = v.n;
    const biased = Array.from({ length: n * n }, (_, cell) => (exactBiased.get(`${Math.floor(cell / n)},${cell % n}`)?.toNumber() ?? 0));
    const target = targetCells(chain, v.start, 2);
    let trials = 500;
    while (chiSquarePower(target.filter((p) => p > 0).length - 1, noncentrality(biased, target, trials), level) < 0.99) trials *= 2;
    const power = chiSquarePower(target.filter((p) => p > 0).length - 1, noncentrality(biased, target, trials), level);
    assert.ok(power >= 0.99, `${name}: power ${power}`);
    const counts = continuedCounts(createTreeWalk(chain, tree, verifier), chain, v.start, 2, trials, `teeth-${name}`);
    const r = goodnessOfFit(counts, target, { significance: level });
    if (process.env.SPECHUB_VERBOSE) console.log(name, trials, power.toFixed(4), r.pValue);
    assert.ok(r.rejected, `${name} not detected with ${trials} steps (power ${power.toFixed(3)}): p = ${r.pValue}`);
  }
});

test.run();
