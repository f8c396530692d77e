// Property tests of the sequence-level verifiers (§S2–§S3) over random small Markov chains (n = 2, 3;
// rows from the project's exact distribution generator: zeros, ties, one-hots, near-degenerate) and random tree
// shapes (chains, full trees, random parent lists of depth ≤ 3), every sibling law:
// - exactness: E · target continuation = target on the first max(3, D + 1) tokens, from every start (§S3.3);
// - the enumerated sampling program and the §S3.5 recursion give the same law of E;
// - on chains: block verification = the closed form (2.4), and ≥ token-wise SD (§S2.4);
// - on full trees with iid / wor siblings: TV ≥ the token-level walk (observed in the spec on 400 trees [NUM]).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rationalField as F } from '../src/core/field.ts';
import type { Rational } from '../src/core/rational.ts';
import { blockTokensPerStep } from '../src/sequence/blockTokensPerStep.ts';
import { getSequenceVerifier } from '../src/sequence/sequenceVerifiers.ts';
import type { SiblingLaw } from '../src/sequence/siblingLaw.ts';
import { traversalStepLaw } from '../src/sequence/traversalStepLaw.ts';
import { assertSameLaw, continuedDistance } from '../src/sequence/_testing/exactChecks.ts';
import { exactStepLaw } from '../src/tree/exactWalkLaw.ts';
import { expectedTokensPerStep } from '../src/tree/expectedTokensPerStep.ts';
import { markovChainFromRows } from '../src/tree/markovChain.ts';
import { parseTreeSpec } from '../src/tree/parseTreeSpec.ts';
import { type TokenTree, treeFromParents } from '../src/tree/tokenTree.ts';
import { createTreeWalk } from '../src/tree/treeWalk.ts';
import { rationalDistribution } from './helpers.ts';

const SEED = 1414;

const chainArb = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.record({
    target: fc.array(rationalDistribution(n), { minLength: n, maxLength: n }),
    draft: fc.array(rationalDistribution(n), { minLength: n, maxLength: n }),
    start: fc.integer({ min: 0, max: n - 1 }),
  }),
);

/** Random parent lists: each node's parent among the earlier nodes, depth ≤ 3, ≤ 7 nodes. */
const treeArb: fc.Arbitrary<TokenTree> = fc.oneof(
  fc.constantFrom('chain:1', 'chain:2', 'chain:3', '2^2', '2^3', '3^2').map(parseTreeSpec),
  fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).map((choices) => {
    const parents = [-1];
    const depth = [0];
    for (const c of choices) {
      const allowed = parents.map((_, v) => v).filter((v) => depth[v]! < 3);
      const u = allowed[c % allowed.length]!;
      parents.push(u);
      depth.push(depth[u]! + 1);
    }
    return treeFromParents(parents);
  }),
);

const idOf = (kappa: SiblingLaw) => (kappa === 'iid' ? 'traversal' : `traversal-${kappa}`);

test('TV is exact and its sampling program has the law of the §S3.5 recursion: random chains, shapes and sibling laws', () => {
  let checked = 0;
  fc.assert(
    fc.property(chainArb, treeArb, fc.constantFrom<SiblingLaw>('iid', 'wor', 'hub'), ({ target, draft, start }, tree, kappa) => {
      if (kappa === 'hub' && tree.maxBranching > 2) return;
      const chain = markovChainFromRows(F, target, draft);
      const verifier = getSequenceVerifier(idOf(kappa));
      const m = Math.max(3, tree.depth + 1);
      for (let x = 0; x < chain.vocabularySize; x++) assert.ok(continuedDistance(chain, tree, verifier, x, m).isZero(), `${kappa} from ${x}`);
      const program = exactStepLaw(createTreeWalk(chain, tree, verifier), start);
      const recursion = traversalStepLaw(chain, tree, kappa, start);
      assertSameLaw(new Map(program.outcomes.map((o) => [o.emitted.join(','), o.probability])), recursion.law!, `${kappa} law of E`);
      checked++;
    }),
    { seed: SEED, numRuns: 60 },
  );
  assert.ok(checked >= 40, `only ${checked} instances checked`);
});

test('BV on random chains: (2.4) = the recursion = the enumerated program, and BV ≥ token-wise SD', () => {
  fc.assert(
    fc.property(chainArb, fc.integer({ min: 1, max: 3 }), ({ target, draft, start }, gamma) => {
      const chain = markovChainFromRows(F, target, draft);
      const tree = parseTreeSpec(`chain:${gamma}`);
      const closed = blockTokensPerStep(chain, gamma, start);
      const recursion = traversalStepLaw(chain, tree, 'iid', start, { output: 'mean' }).expectedTokens;
      const program = exactStepLaw(createTreeWalk(chain, tree, getSequenceVerifier('block')), start).expectedTokens;
      assert.ok(closed.equals(recursion) && closed.equals(program), `(2.4) ${closed}, recursion ${recursion}, program ${program}`);
      const sd: Rational = expectedTokensPerStep(chain, tree, 'sd', { start }).value;
      assert.ok(sd.compare(closed) <= 0, `SD ${sd} > BV ${closed}`);
    }),
    { seed: SEED + 1, numRuns: 80 },
  );
});

test('TV ≥ the token-level walk of the same law (RRS for iid, RRSw for wor) on full trees 2^2, 2^3, 3^2 (observed, §S3.4)', () => {
  fc.assert(
    fc.property(chainArb, fc.constantFrom('2^2', '2^3', '3^2'), fc.constantFrom<SiblingLaw>('iid', 'wor'), ({ target, draft, start }, shape, kappa) => {
      const chain = markovChainFromRows(F, target, draft);
      const tree = parseTreeSpec(shape);
      const tv = traversalStepLaw(chain, tree, kappa, start, { output: 'mean' }).expectedTokens;
      const walk = expectedTokensPerStep(chain, tree, kappa === 'iid' ? 'rrs' : 'rrsw', { start }).value;
      assert.ok(walk.compare(tv) <= 0, `${shape} ${kappa}: walk ${walk} > TV ${tv}`);
    }),
    { seed: SEED + 2, numRuns: 150 },
  );
});

test.run();
