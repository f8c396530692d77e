/**
 * Monte Carlo tree walk vs the exact §5.3 values. Statistical tests: two-sided z-tests of the mean tokens per
 * step (20,000 i.i.d. steps, step lengths bounded in [1, 4]) and a G-test of the law of the first two emitted
 * tokens (cells with expected count < 5 pooled), each at overall level 0.001 (Bonferroni over the methods).
 * Seeds are fixed, so each test is deterministic; with an exact walk the chance that a seed fails is ≤ 0.001.
 * Teeth: a greedy walk that does not descend after a residual draw on a drafted token, and duplicate-skipping
 * RRS (§8 item 1), must both be rejected.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SamplingChooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { greedyDraws } from '../draws/greedyDraws.ts';
import { iidDraws } from '../draws/iidDraws.ts';
import { goodnessOfFit } from '../montecarlo/goodnessOfFit.ts';
import { normalQuantileTwoSided } from '../montecarlo/proportionInterval.ts';
import { createRng } from '../random/createRng.ts';
import { greedy } from '../verifiers/greedy.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import { Categorical } from '../core/categorical.ts';
import { expectedTokensPerStep } from './expectedTokensPerStep.ts';
import type { Language } from './language.ts';
import { markovChainFromRows } from './markovChain.ts';
import { simulateTreeWalk } from './simulateTreeWalk.ts';
import { fullTree } from './tokenTree.ts';
import { createTreeWalk, type TreeWalk } from './treeWalk.ts';
import type { Method } from './nodeMethod.ts';

const CHAIN = markovChainFromRows(
  floatField,
  [[1 / 2, 1 / 3, 1 / 6], [1 / 5, 1 / 5, 3 / 5], [1 / 4, 1 / 2, 1 / 4]],
  [[1 / 6, 1 / 2, 1 / 3], [1 / 2, 1 / 2, 0], [1 / 3, 1 / 3, 1 / 3]],
);
const METHODS = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q'];
const LEVEL = 0.001;
const TREE = fullTree(2, 4);

function zScore(mean: number, sd: number, steps: number, exact: number): number {
  return (mean - exact) / (sd / Math.sqrt(steps));
}

test('Monte Carlo tokens per step agrees with the exact recursion (z-tests, overall level 0.001)', () => {
  const critical = normalQuantileTwoSided(1 - LEVEL / METHODS.length);
  for (const id of METHODS) {
    const exact = expectedTokensPerStep(CHAIN, TREE, id, { start: 0 }).value;
    const mc = simulateTreeWalk(CHAIN, TREE, id, { steps: 20_000, seed: `mc-${id}`, start: 0 });
    const z = zScore(mc.tokensPerStep, mc.standardDeviation, mc.steps, exact);
    assert.ok(Math.abs(z) < critical, `${id}: MC ${mc.tokensPerStep} vs exact ${exact}, z = ${z}`);
    assert.ok(mc.ci95[0] < mc.tokensPerStep && mc.tokensPerStep < mc.ci95[1]);
    assert.is(mc.histogram.reduce((s, c) => s + c, 0), 20_000);
  }
});

test('a start distribution: Monte Carlo agrees with Σ π(x) N(root, x)', () => {
  const start = [0.2, 0.5, 0.3];
  const exact = expectedTokensPerStep(CHAIN, TREE, 'spechub', { start }).value;
  const mc = simulateTreeWalk(CHAIN, TREE, 'spechub', { steps: 20_000, seed: 'start-law', start });
  assert.ok(Math.abs(zScore(mc.tokensPerStep, mc.standardDeviation, mc.steps, exact)) < normalQuantileTwoSided(1 - LEVEL), `${mc.tokensPerStep} vs ${exact}`);
});

test('same seed, same numbers; another seed, other numbers', () => {
  const a = simulateTreeWalk(CHAIN, TREE, 'rrsw', { steps: 2_000, seed: 5 });
  const b = simulateTreeWalk(CHAIN, TREE, 'rrsw', { steps: 2_000, seed: 5 });
  const c = simulateTreeWalk(CHAIN, TREE, 'rrsw', { steps: 2_000, seed: 6 });
  assert.equal(a.histogram, b.histogram);
  assert.is(a.tokensPerStep, b.tokensPerStep);
  assert.not.equal(a.histogram, c.histogram);
});

/** Greedy G-r verifier whose walk stops after a residual draw on a drafted token (it forgets the index). */
const nonDescendingGreedy: Method = {
  id: 'greedy-stops',
  scheme: greedyDraws,
  verifier: {
    ...greedy,
    prepare(F, p, q, k) {
      const inner = greedy.prepare(F, p, q, k);
      return {
        verify(drafts, chooser) {
          const verdict = inner.verify(drafts, chooser);
          return verdict.acceptedIndex === drafts.length - 1 ? verdict : { token: verdict.token, acceptedIndex: null };
        },
      };
    },
  } as Verifier,
};

test('teeth: a greedy walk that does not descend after a residual draw on a drafted token is rejected', () => {
  const exact = expectedTokensPerStep(CHAIN, TREE, 'greedy', { start: 0 }).value;
  const mc = simulateTreeWalk(CHAIN, TREE, nonDescendingGreedy, { steps: 20_000, seed: 'mc-greedy', start: 0 });
  const z = zScore(mc.tokensPerStep, mc.standardDeviation, mc.steps, exact);
  assert.ok(Math.abs(z) > normalQuantileTwoSided(1 - LEVEL), `biased walk not detected: z = ${z}`);
});

/** Counts of the first two emitted tokens over `runs` runs of consecutive steps from state `start`. */
function firstTwoCounts(walk: TreeWalk<number>, start: number, runs: number, seed: string): Float64Array {
  const n = walk.language.vocabularySize;
  const counts = new Float64Array(n * n);
  const chooser = new SamplingChooser(createRng(seed));
  for (let r = 0; r < runs; r++) {
    const tokens: number[] = [];
    let state = start;
    while (tokens.length < 2) {
      const s = walk.step(state, chooser);
      tokens.push(...s.emitted);
      state = s.state;
    }
    counts[tokens[0]! * n + tokens[1]!]!++;
  }
  return counts;
}

function pairLaw(language: Language<number>, start: number): Float64Array {
  const n = language.vocabularySize;
  const law = new Float64Array(n * n);
  const p = language.target(start);
  for (let a = 0; a < n; a++) {
    const next = language.target(language.next(start, a));
    for (let b = 0; b < n; b++) law[a * n + b] = p[a]! * next[b]!;
  }
  return law;
}

test('the first two emitted tokens follow the target chain (G-test); duplicate-skipping RRS is rejected', () => {
  for (const id of METHODS) {
    const fit = goodnessOfFit(firstTwoCounts(createTreeWalk(CHAIN, TREE, id), 0, 20_000, `law-${id}`), pairLaw(CHAIN, 0), { significance: LEVEL / METHODS.length });
    assert.not.ok(fit.rejected, `${id}: G = ${fit.statistic}, p = ${fit.pValue}`);
  }
  const p = [0.1, 0.2, 0.3, 0.4];
  const q = [0.4, 0.3, 0.2, 0.1];
  const e4 = markovChainFromRows(floatField, [p, p, p, p], [q, q, q, q]);
  const skipping: Method = {
    id: 'rrs-skip',
    scheme: iidDraws,
    verifier: {
      id: 'rrs',
      title: 'duplicate-skipping RRS',
      section: 'test',
      draftScheme: 'iid',
      supportsK: () => true,
      acceptance: () => {
        throw new SpechubError('INVALID_ARGUMENT', 'not needed');
      },
      prepare(F, pp, qq) {
        return {
          verify(drafts, chooser) {
            let P = pp;
            const seen: number[] = [];
            for (let i = 0; i < drafts.length; i++) {
              const x = drafts[i]!;
              if (seen.includes(x)) continue;
              seen.push(x);
              if (chooser.bernoulli(F.div(P[x]!, qq[x]!))) return { token: x, acceptedIndex: i };
              const next = F.normaliseOrNull(F.positivePart(P, qq));
              if (next === null) break;
              P = next;
            }
            return { token: chooser.categorical(Categorical.create(F, P)), acceptedIndex: null };
          },
        };
      },
    },
  };
  const fit = goodnessOfFit(firstTwoCounts(createTreeWalk(e4, fullTree(2, 2), skipping), 0, 20_000, 'skip'), pairLaw(e4, 0), { significance: LEVEL });
  assert.ok(fit.rejected, `biased RRS not detected: G = ${fit.statistic}, p = ${fit.pValue}`);
});

test('bad input: too few steps, start out of range', () => {
  assert.throws(() => simulateTreeWalk(CHAIN, TREE, 'rrs', { steps: 1, seed: 1 }), (e: unknown) => e instanceof SpechubError);
  assert.throws(() => simulateTreeWalk(CHAIN, TREE, 'rrs', { steps: 10, seed: 1, start: 7 }), (e: unknown) => e instanceof SpechubError);
  assert.throws(() => simulateTreeWalk(CHAIN, TREE, 'rrs', { steps: 10, seed: 1, start: [0.5, 0.6, 0] }), (e: unknown) => e instanceof SpechubError && e.code === 'NOT_NORMALISED');
});

test.run();
