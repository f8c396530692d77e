import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from '../core/categorical.ts';
import { SamplingChooser } from '../core/chooser.ts';
import { parseVector } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import { iidDraws } from '../draws/iidDraws.ts';
import { methodIds } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import { exactEmittedLaw, exactStepLaw, languageSequenceLaw } from './exactWalkLaw.ts';
import { markovChainFromRows } from './markovChain.ts';
import { chainTree, fullTree, treeFromParents } from './tokenTree.ts';
import { createTreeWalk } from './treeWalk.ts';

const vec = (t: string): Rational[] => parseVector(t, rationalField);
/** A 3-token chain with zeros (the draft never proposes token 2 after token 1) and a three-way hub tie. */
export const CHAIN3 = markovChainFromRows(
  rationalField,
  [vec('1/2,1/3,1/6'), vec('1/5,1/5,3/5'), vec('1/4,1/2,1/4')],
  [vec('1/6,1/2,1/3'), vec('1/2,1/2,0'), vec('1/3,1/3,1/3')],
);

function assertLawEqual(actual: Map<string, Rational>, expected: Map<string, Rational>, label: string): void {
  const keys = new Set([...actual.keys(), ...expected.keys()]);
  for (const key of keys) {
    const a = actual.get(key);
    const e = expected.get(key);
    const zero = (x: Rational | undefined) => x === undefined || x.isZero();
    if (zero(a) && zero(e)) continue;
    assert.ok(a !== undefined && e !== undefined && a.equals(e), `${label}: P(${key}) = ${a} but expected ${e}`);
  }
}

/** Every registered method with a binary tree-walk meaning (SpecHub is binary; sd runs on chains). */
const BINARY_METHODS = methodIds().filter((id) => id !== 'sd');

test('§5.1 exactness: the first 3 emitted tokens have the target chain’s law, depth-2 binary tree (2^3), every method, every start', () => {
  const tree = fullTree(2, 3);
  for (const id of BINARY_METHODS) {
    const walk = createTreeWalk(CHAIN3, tree, id);
    for (const start of [0, 1, 2]) {
      assertLawEqual(exactEmittedLaw(walk, start, 3), languageSequenceLaw(CHAIN3, start, 3), `${id} from ${start}`);
    }
  }
});

test('§5.1 exactness on a chain (sd) and on a non-full tree with a ternary root (rrs, rrsw, kseq, greedy)', () => {
  assertLawEqual(exactEmittedLaw(createTreeWalk(CHAIN3, chainTree(2), 'sd'), 0, 3), languageSequenceLaw(CHAIN3, 0, 3), 'sd chain:2');
  const tree = treeFromParents([-1, 0, 0, 0, 1]);
  for (const id of ['rrs', 'rrsw', 'kseq', 'greedy']) {
    assertLawEqual(exactEmittedLaw(createTreeWalk(CHAIN3, tree, id), 1, 3), languageSequenceLaw(CHAIN3, 1, 3), `${id} ternary`);
  }
});

test('eager drafting of the whole tree has the same step law as lazy drafting', () => {
  const tree = fullTree(2, 3);
  for (const id of ['rrs', 'spechub']) {
    const lazy = exactStepLaw(createTreeWalk(CHAIN3, tree, id), 0);
    const eager = exactStepLaw(createTreeWalk(CHAIN3, tree, id, { drafting: 'eager' }), 0);
    const asMap = (law: typeof lazy) => new Map(law.outcomes.map((o) => [o.emitted.join(','), o.probability]));
    assertLawEqual(asMap(eager), asMap(lazy), `${id} eager vs lazy`);
    assert.ok(eager.expectedTokens.equals(lazy.expectedTokens));
  }
});

/** RRS that skips a duplicate draft without the residual update (§7.2, §8 item 1): a biased verifier. */
function duplicateSkippingRrs(): Verifier {
  return {
    id: 'rrs',
    title: 'biased RRS (skips duplicates)',
    section: 'test',
    draftScheme: 'iid',
    supportsK: (k) => k >= 1,
    acceptance: () => {
      throw new Error('not needed');
    },
    prepare(F, p, q) {
      return {
        verify(drafts, chooser) {
          let P = p;
          const seen: number[] = [];
          for (let i = 0; i < drafts.length; i++) {
            const x = drafts[i]!;
            if (seen.includes(x)) continue; // the bias: no residual update for a repeated draft
            seen.push(x);
            if (chooser.bernoulli(F.div(P[x]!, q[x]!))) return { token: x, acceptedIndex: i };
            const next = F.normaliseOrNull(F.positivePart(P, q));
            if (next === null) break;
            P = next;
          }
          return { token: chooser.categorical(Categorical.create(F, P)), acceptedIndex: null };
        },
      };
    },
  };
}

test('teeth: the walk with duplicate-skipping RRS does not reproduce the target law', () => {
  const E4 = markovChainFromRows(rationalField, [vec('1/10,1/5,3/10,2/5'), vec('1/10,1/5,3/10,2/5'), vec('1/10,1/5,3/10,2/5'), vec('1/10,1/5,3/10,2/5')], [vec('2/5,3/10,1/5,1/10'), vec('2/5,3/10,1/5,1/10'), vec('2/5,3/10,1/5,1/10'), vec('2/5,3/10,1/5,1/10')]);
  const biased = { id: 'rrs-skip', verifier: duplicateSkippingRrs(), scheme: iidDraws };
  const law = exactEmittedLaw(createTreeWalk(E4, fullTree(2, 2), biased), 0, 1);
  assert.is(law.get('2')!.toString(), '183/560');
  assert.is(law.get('3')!.toString(), '209/560');
  const good = exactEmittedLaw(createTreeWalk(E4, fullTree(2, 2), 'rrs'), 0, 1);
  assert.is(good.get('2')!.toString(), '3/10');
});

test('greedy drafts: a residual draw on a drafted token descends into that child', () => {
  // One row where the greedy residual must land on the top draft: q puts its top on token 0, p(0) = 1/2.
  const chain = markovChainFromRows(rationalField, [vec('1/2,1/2,0'), vec('1/2,1/2,0'), vec('1/2,1/2,0')], [vec('3/5,0,2/5'), vec('3/5,0,2/5'), vec('3/5,0,2/5')]);
  const law = exactStepLaw(createTreeWalk(chain, fullTree(2, 2), 'greedy'), 0);
  // k = 2: T = {0}, X = 2 (never accepted, p(2) = 0); the residual emits 0 as child 0 (then the bonus token).
  const lengths = new Map<number, Rational>();
  for (const o of law.outcomes) lengths.set(o.emitted.length, (lengths.get(o.emitted.length) ?? rationalField.zero).add(o.probability));
  assert.is(lengths.get(2)!.toString(), '1/2');
  assert.is(lengths.get(1)!.toString(), '1/2');
  assert.is(law.expectedTokens.toString(), '3/2');
});

test('bad input: unknown method, SpecHub on a ternary node, a verifier that returns a token that is not its draft', () => {
  assert.throws(() => createTreeWalk(CHAIN3, fullTree(2, 2), 'nope'), (e: unknown) => e instanceof SpechubError && e.code === 'UNKNOWN_METHOD');
  assert.throws(() => createTreeWalk(CHAIN3, fullTree(3, 2), 'spechub'), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
  const liar: Verifier = { ...duplicateSkippingRrs(), prepare: () => ({ verify: (d) => ({ token: (d[0]! + 1) % 3, acceptedIndex: 0 }) }) };
  const floatChain = markovChainFromRows(floatField, [[0.5, 0.5, 0], [0.5, 0.5, 0], [0.5, 0.5, 0]], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]);
  const walk = createTreeWalk(floatChain, fullTree(2, 2), { id: 'rrs', verifier: liar, scheme: iidDraws });
  assert.throws(() => walk.step(0, new SamplingChooser(createRng(1))), (e: unknown) => e instanceof SpechubError && /accepted index/.test((e as Error).message));
});

test.run();
