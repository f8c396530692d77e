import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseVector } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { methodIds } from '../methods.ts';
import { exactStepLaw } from './exactWalkLaw.ts';
import { expectedTokensPerStep } from './expectedTokensPerStep.ts';
import { markovChainFromRows } from './markovChain.ts';
import { chainTree, fullTree, type TokenTree, treeFromParents } from './tokenTree.ts';
import { createTreeWalk } from './treeWalk.ts';

const vec = (t: string): Rational[] => parseVector(t, rationalField);
const CHAIN3 = markovChainFromRows(
  rationalField,
  [vec('1/2,1/3,1/6'), vec('1/5,1/5,3/5'), vec('1/4,1/2,1/4')],
  [vec('1/6,1/2,1/3'), vec('1/2,1/2,0'), vec('1/3,1/3,1/3')],
);
const BINARY_METHODS = methodIds().filter((id) => id !== 'sd');

function assertRecursionMatchesEnumeration(tree: TokenTree, id: string, label: string): void {
  const recursion = expectedTokensPerStep(CHAIN3, tree, id);
  const walk = createTreeWalk(CHAIN3, tree, id);
  for (let x = 0; x < 3; x++) {
    const enumerated = exactStepLaw(walk, x).expectedTokens;
    assert.ok(recursion.byStart[x]!.equals(enumerated), `${label} ${id} start ${x}: recursion ${recursion.byStart[x]} vs enumeration ${enumerated}`);
  }
}

test('§5.3 recursion equals the exact enumeration of the walk: full binary 2^3 and a chain, every method', () => {
  for (const id of BINARY_METHODS) assertRecursionMatchesEnumeration(fullTree(2, 3), id, '2^3');
  assertRecursionMatchesEnumeration(chainTree(3), 'sd', 'chain:3');
  assertRecursionMatchesEnumeration(chainTree(2), 'spechub', 'chain:2 (SD fallback)');
});

test('per-position profiles matter: SpecHub on mirrored non-full trees (child 0 vs child 1 deeper)', () => {
  const left = treeFromParents([-1, 0, 0, 1, 1]);
  const right = treeFromParents([-1, 0, 0, 2, 2]);
  for (const id of ['spechub', 'rrs', 'rrsw', 'greedy']) {
    assertRecursionMatchesEnumeration(left, id, 'left-deep');
    assertRecursionMatchesEnumeration(right, id, 'right-deep');
  }
  const a = expectedTokensPerStep(CHAIN3, left, 'spechub').byStart;
  const b = expectedTokensPerStep(CHAIN3, right, 'spechub').byStart;
  assert.ok([0, 1, 2].some((x) => !a[x]!.equals(b[x]!)), 'the two SpecHub children are not symmetric');
});

test('ternary nodes (3^2, and a Sequoia-like budget tree) for i.i.d., w/o-replacement (k = 3 prefix sum), K-SEQ and greedy', () => {
  const sequoiaLike = treeFromParents([-1, 0, 0, 0, 1, 1, 2]);
  for (const id of ['rrs', 'rrsw', 'kseq', 'greedy', 'greedy-q']) {
    assertRecursionMatchesEnumeration(fullTree(3, 2), id, '3^2');
    assertRecursionMatchesEnumeration(sequoiaLike, id, 'budget-6');
  }
  // Row 1's draft has two tokens, so that node drafts k = 2 (closed form); the others need the k = 3 prefix sum.
  assert.equal(expectedTokensPerStep(CHAIN3, fullTree(3, 2), 'rrsw').sources.sort(), ['closed-form', 'prefix-sum']);
});

test('independent checks: p = q gives depth + 1; an i.i.d. language with SD on chain:L gives Σ α^i', () => {
  const same = markovChainFromRows(rationalField, [vec('1/2,1/3,1/6'), vec('1/5,1/5,3/5'), vec('1/4,1/2,1/4')], [vec('1/2,1/3,1/6'), vec('1/5,1/5,3/5'), vec('1/4,1/2,1/4')]);
  for (const id of BINARY_METHODS) assert.is(expectedTokensPerStep(same, fullTree(2, 4), id).value.toString(), '4', id);
  const p = vec('1/10,1/5,3/10,2/5');
  const q = vec('2/5,3/10,1/5,1/10');
  const iid = markovChainFromRows(rationalField, [p, p, p, p], [q, q, q, q]);
  const alpha = Rational.of(3, 5); // ov(p, q) for E4
  let expected = Rational.ZERO;
  for (let i = 0, power = Rational.ONE; i <= 4; i++, power = power.mul(alpha)) expected = expected.add(power);
  assert.ok(expectedTokensPerStep(iid, chainTree(4), 'sd').value.equals(expected));
  // With identical rows every node sees E4; RRS on 2^2 gives 1 + α_RRS(k=2) = 1 + 18/25.
  assert.is(expectedTokensPerStep(iid, fullTree(2, 2), 'rrs').value.toString(), '43/25');
  assert.is(expectedTokensPerStep(iid, fullTree(2, 2), 'spechub').value.toString(), '53/30');
});

test('float64 agrees with rationals; a start distribution averages N(root, x)', () => {
  const floatChain = markovChainFromRows(
    floatField,
    [0, 1, 2].map((x) => Float64Array.from(CHAIN3.target(x), (r) => r.toNumber())),
    [0, 1, 2].map((x) => Float64Array.from(CHAIN3.draft(x), (r) => r.toNumber())),
  );
  for (const id of ['rrs', 'rrsw', 'spechub', 'greedy', 'kseq']) {
    const exact = expectedTokensPerStep(CHAIN3, fullTree(2, 4), id).byStart;
    const float = expectedTokensPerStep(floatChain, fullTree(2, 4), id).byStart;
    for (let x = 0; x < 3; x++) assert.ok(Math.abs(exact[x]!.toNumber() - float[x]!) < 1e-12, `${id} ${x}`);
  }
  const r = expectedTokensPerStep(CHAIN3, fullTree(2, 3), 'spechub', { start: vec('1/2,1/4,1/4') });
  const byStart = r.byStart;
  assert.ok(r.value.equals(byStart[0]!.mul(Rational.of(1, 2)).add(byStart[1]!.mul(Rational.of(1, 4))).add(byStart[2]!.mul(Rational.of(1, 4)))));
});

test('bad input: start out of range, start distribution of the wrong size or not normalised, SpecHub on 3^2', () => {
  const code = (c: string) => (e: unknown) => e instanceof SpechubError && e.code === c;
  assert.throws(() => expectedTokensPerStep(CHAIN3, fullTree(2, 2), 'rrs', { start: 3 }), code('INVALID_ARGUMENT'));
  assert.throws(() => expectedTokensPerStep(CHAIN3, fullTree(2, 2), 'rrs', { start: vec('1/2,1/2') }), code('LENGTH_MISMATCH'));
  assert.throws(() => expectedTokensPerStep(CHAIN3, fullTree(2, 2), 'rrs', { start: vec('1/2,1/2,1/2') }), code('NOT_NORMALISED'));
  assert.throws(() => expectedTokensPerStep(CHAIN3, fullTree(3, 2), 'spechub'), code('UNSUPPORTED_K'));
  assert.throws(() => markovChainFromRows(rationalField, [vec('1/2,1/2')], [vec('1/2,1/2')]), code('LENGTH_MISMATCH'));
  assert.throws(() => markovChainFromRows(rationalField, [vec('1/2,1/2'), vec('1/2,1/3')], [vec('1/2,1/2'), vec('1/2,1/2')]), code('NOT_NORMALISED'));
});

test.run();
