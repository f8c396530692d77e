// Block verification (§S2): the internals of §S6.3, every chain row of §S6.2 by three routes (the enumerated
// sampling program, the closed form (2.4), the traversal recursion), exactness of the stream, dominance over
// token-wise SD, the pitfalls of §S7 items 1, 2, 8, 9, and float64 against the rational reference on
// near-degenerate chains.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from '../core/categorical.ts';
import { enumerateOutcomes, SamplingChooser } from '../core/chooser.ts';
import { parseVector } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import { exactStepLaw } from '../tree/exactWalkLaw.ts';
import { expectedTokensPerStep } from '../tree/expectedTokensPerStep.ts';
import { markovChainFromRows } from '../tree/markovChain.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import type { DraftedTree, SequenceVerifier } from '../tree/sequenceVerifier.ts';
import { chainTree, fullTree } from '../tree/tokenTree.ts';
import { createTreeWalk } from '../tree/treeWalk.ts';
import { blockTokensPerStep } from './blockTokensPerStep.ts';
import { blockQuantities, blockVerify } from './blockVerify.ts';
import { getSequenceVerifier } from './sequenceVerifiers.ts';
import { traversalStepLaw } from './traversalStepLaw.ts';
import { continuedDistance, streamDistance } from './_testing/exactChecks.ts';
import { SPEC_ROWS, specInstance } from './_testing/specVectors.ts';
import { scaledResidual } from './_internals/weights.ts';

const block = getSequenceVerifier('block');

test('§S6.3: V1 chain:2 internals, block by block (Q, a, ρ, h, law of τ, E[τ | block]), Σ Q·E[τ] = 11/9', () => {
  const p = parseVector('1/3,2/3', F);
  const q = parseVector('2/3,1/3', F);
  const expected: Record<string, string[]> = {
    // Q, a1, a2, ρ0, ρ1, h1, h2, P(τ=0), P(τ=1), P(τ=2), E[τ|block]
    '00': ['4/9', '1/2', '1/4', '1/3', '0', '0', '1/4', '3/4', '0', '1/4', '1/2'],
    '01': ['2/9', '1/2', '1', '1/3', '0', '0', '1', '0', '0', '1', '2'],
    '10': ['2/9', '1', '1/2', '1/3', '1/3', '1', '1/2', '0', '1/2', '1/2', '3/2'],
    '11': ['1/9', '1', '1', '1/3', '1/3', '1', '1', '0', '0', '1', '2'],
  };
  let mean = Rational.ZERO;
  for (const [name, row] of Object.entries(expected)) {
    const X = name.split('').map(Number);
    const Q = q[X[0]!]!.mul(q[X[1]!]!);
    const { a, rho, h } = blockQuantities(F, X, [p, p, p], [q, q]);
    const outcomes = enumerateOutcomes(F, (c) => blockVerify(F, X, [p, p, p], [q, q], c));
    const tauLaw = [0, 1, 2].map((t) => outcomes.filter((o) => o.value.accepted === t).reduce((s, o) => s.add(o.probability), Rational.ZERO));
    const eTau = tauLaw.reduce((s, pt, t) => s.add(pt.mul(Rational.of(t))), Rational.ZERO);
    const got = [Q, a[1], a[2], rho[0], rho[1], h[1], h[2], ...tauLaw, eTau].map(String);
    assert.equal(got, row, `block ${name}`);
    mean = mean.add(Q.mul(eTau));
    // The token after τ < γ comes from r_τ = norm((a_τ p − q)^+) = (0, 1) here (τ = 0 and, after block 10, τ = 1).
    for (const o of outcomes) if (o.value.accepted < 2) assert.is(o.value.token, 1, `block ${name}, τ = ${o.value.accepted}`);
  }
  assert.is(mean.toString(), '11/9');
});

test('§S6.2 chain rows: sampling program (enumerated) = closed form (2.4) = traversal recursion = the table, and BV ≥ SD', () => {
  let rows = 0;
  for (const r of SPEC_ROWS.filter((row) => row.tree.startsWith('chain'))) {
    const v = specInstance(r.id);
    const tree = parseTreeSpec(r.tree);
    const program = exactStepLaw(createTreeWalk(v.chain, tree, block), v.start).expectedTokens;
    const closed = blockTokensPerStep(v.chain, tree.depth, v.start);
    const recursion = traversalStepLaw(v.chain, tree, 'iid', v.start).expectedTokens;
    for (const [route, value] of [['program', program], ['closed form', closed], ['recursion', recursion]] as const) {
      assert.is(value.toString(), r.traversal, `${r.id} ${r.tree} ${route}`);
    }
    const sd = expectedTokensPerStep(v.chain, tree, 'sd', { start: v.start }).value;
    assert.is(sd.toString(), r.walk, `${r.id} ${r.tree} SD`);
    assert.ok(sd.compare(program) <= 0, `${r.id} ${r.tree}: SD ${sd} > BV ${program}`);
    rows++;
  }
  assert.is(rows, 24);
});

test('§S2.3 exactness: first max(3, γ+1) tokens of the stream and of E · target continuation = target, every vector, γ = 1..3, every start', () => {
  for (const v of ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8'].map(specInstance)) {
    for (const gamma of [1, 2, 3]) {
      const m = Math.max(3, gamma + 1);
      for (let x = 0; x < v.n; x++) {
        assert.ok(continuedDistance(v.chain, chainTree(gamma), block, x, m).isZero(), `${v.id} chain:${gamma} from ${x}: continued law`);
      }
      assert.ok(streamDistance(v.chain, chainTree(gamma), block, v.start, m).isZero(), `${v.id} chain:${gamma}: stream`);
    }
  }
});

/** BV with one rule of §S7 item 2 broken, for the teeth below. */
function brokenBlock(id: string, rule: 'weights-as-h' | 'unscaled-residual'): SequenceVerifier {
  return {
    ...block,
    id,
    drafting: getMethod('sd'),
    checkTree: block.checkTree,
    verify<T>(tree: DraftedTree<T>, chooser: Parameters<SequenceVerifier['verify']>[1]) {
      const G = tree.field;
      const nodes = [0];
      while (tree.children(nodes[nodes.length - 1]!).length > 0) nodes.push(tree.children(nodes[nodes.length - 1]!)[0]!);
      const X = nodes.slice(1).map((v) => tree.token(v));
      const p = nodes.map((v) => tree.target(v));
      const q = nodes.slice(0, -1).map((v) => tree.draft(v));
      const { a, h } = blockQuantities(G, X, p, q);
      const test = rule === 'weights-as-h' ? a : h;
      let tau = 0;
      for (let i = X.length; i >= 1; i--) if ((chooser as { bernoulli(x: T): boolean }).bernoulli(test[i]!)) { tau = i; break; }
      if (tau === X.length) return { path: nodes.slice(1), token: (chooser as { categorical(l: Categorical<T>): number }).categorical(Categorical.create(G, p[tau]!)) };
      const scale = rule === 'unscaled-residual' ? G.one : a[tau]!;
      const law = Categorical.tryCreate(G, scaledResidual(G, scale, p[tau]!, q[tau]!)) ?? Categorical.create(G, p[tau]!);
      return { path: nodes.slice(1, 1 + tau), token: (chooser as { categorical(l: Categorical<T>): number }).categorical(law) };
    },
  } as SequenceVerifier;
}

test('§S7 item 2 teeth: a_i as the acceptance probability, or the residual scaled by 1 instead of a_τ, are rejected exactly', () => {
  const v1 = specInstance('V1');
  assert.ok(continuedDistance(v1.chain, chainTree(2), brokenBlock('a-as-h', 'weights-as-h'), 0, 3).sign() > 0, 'a_i instead of h_i must be biased on V1 chain:2');
  const v8 = specInstance('V8');
  assert.ok(continuedDistance(v8.chain, chainTree(2), brokenBlock('unscaled', 'unscaled-residual'), v8.start, 3).sign() > 0, 'unscaled residual must be biased on V8 chain:2');
});

test('§S7 items 8–9: P = Q accepts every draft (V5: γ + 1 tokens); h_i = 1 on 0/0; α = 1 always, α = 0 never accepts; no NaN', () => {
  const v5 = specInstance('V5');
  for (const gamma of [1, 2, 3]) assert.is(blockTokensPerStep(v5.chain, gamma, v5.start).toString(), String(gamma + 1));
  const p = parseVector('1/2,1/2', F);
  const { h } = blockQuantities(F, [0, 1], [p, p, p], [p, p]);
  assert.equal(h.map(String), ['1', '1', '1']); // ρ_1 + 1 − a_1 = 0 → h_1 = 1
  // a deterministic zero: p(X_1) = 0 → a_1 = 0, nothing is accepted, the residual (p − q)^+ is used at τ = 0
  const p0 = parseVector('0,1', F);
  const q0 = parseVector('1/2,1/2', F);
  const outcomes = enumerateOutcomes(F, (c) => blockVerify(F, [0], [p0, p0], [q0], c));
  assert.equal(outcomes.map((o) => [o.value.accepted, o.value.token, o.probability.toString()]), [[0, 1, '1']]);
  // float: the same with a SamplingChooser, many times: never NaN, never a token outside the support
  const chooser = new SamplingChooser(createRng('bv-float'));
  for (let t = 0; t < 200; t++) {
    const r = blockVerify(floatField, [0, 0], [[1e-300, 1 - 1e-300], [5e-324, 1], [0.5, 0.5]], [[1 - 1e-16, 1e-16], [1, 0]], chooser);
    assert.ok(r.accepted >= 0 && r.accepted <= 2 && (r.token === 0 || r.token === 1));
  }
  assert.throws(() => blockQuantities(F, [0, 1], [p, p], [p, p]), (e: unknown) => e instanceof SpechubError && e.code === 'LENGTH_MISMATCH');
  assert.throws(() => createTreeWalk(v5.chain, fullTree(2, 2), block), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
});

test('float64 against the rational reference on near-degenerate chains (masses 1e-300, subnormals, 1 − 1e-16, one-hots)', () => {
  const rows = [
    [[1 - 1e-16, 1e-16, 0], [1e-300, 0.5, 0.5 - 1e-300], [5e-324, 1 - 5e-324, 0]],
    [[0.5, 0.5 - 1e-16, 1e-16], [1, 0, 0], [1 / 3, 1 / 3, 1 / 3]],
  ];
  const [target, draft] = rows;
  // Normalise exactly in rationals from the doubles, then use the dyadic doubles of those rationals in both fields.
  const exactRows = (m: number[][]) => m.map((r) => { const rs = r.map((x) => Rational.fromNumber(x)); const s = rs.reduce((a, b) => a.add(b), Rational.ZERO); return rs.map((x) => x.div(s)); });
  const exact = markovChainFromRows(F, exactRows(target!), exactRows(draft!));
  const float = markovChainFromRows(floatField, exactRows(target!).map((r) => r.map((x) => x.toNumber())), exactRows(draft!).map((r) => r.map((x) => x.toNumber())));
  for (const gamma of [1, 2, 3]) {
    for (let x = 0; x < 3; x++) {
      const e = blockTokensPerStep(exact, gamma, x).toNumber();
      const f = blockTokensPerStep(float, gamma, x);
      const tv = traversalStepLaw(float, chainTree(gamma), 'iid', x, { output: 'mean' }).expectedTokens;
      assert.ok(Number.isFinite(f) && Math.abs(f - e) < 1e-12 && Math.abs(tv - e) < 1e-12, `γ = ${gamma}, x = ${x}: exact ${e}, closed form ${f}, recursion ${tv}`);
    }
  }
});

test('bad input: γ and start out of range, a block longer than its laws', () => {
  const v1 = specInstance('V1');
  assert.throws(() => blockTokensPerStep(v1.chain, -1, 0), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => blockTokensPerStep(v1.chain, 2, 5), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => blockTokensPerStep(v1.chain, 30, 0), (e: unknown) => e instanceof SpechubError && e.code === 'TOO_LARGE');
  assert.is(blockTokensPerStep(v1.chain, 0, 0).toString(), '1');
});

test.run();
