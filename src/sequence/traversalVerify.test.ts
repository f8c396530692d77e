// Traversal verification (§S3): the worked trace of §S6.4, every tree row of §S6.2 by the enumerated sampling
// program and by the independent recursion of §S3.5 (whole law of E), exactness of the stream and of
// E · target continuation (first max(3, D + 1) tokens), the special cases of §S3.4, and the teeth: the six wrong
// variants of §S6.5 at their exact distances, plus the pitfalls of §S7 items 3, 7, 8.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Chooser } from '../core/chooser.ts';
import { enumerateOutcomes, SamplingChooser } from '../core/chooser.ts';
import { floatField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { createRng } from '../random/createRng.ts';
import { exactStepLaw } from '../tree/exactWalkLaw.ts';
import { markovChainFromRows } from '../tree/markovChain.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import type { DraftedTree, SequenceVerifier } from '../tree/sequenceVerifier.ts';
import { fullTree } from '../tree/tokenTree.ts';
import { createTreeWalk } from '../tree/treeWalk.ts';
import { getSequenceVerifier } from './sequenceVerifiers.ts';
import { traversalStepLaw } from './traversalStepLaw.ts';
import { traversalVerify } from './traversalVerify.ts';
import { assertSameLaw, continuedDistance, rowVerifier, rowWalkMethod, streamDistance } from './_testing/exactChecks.ts';
import { SPEC_ROWS, specInstance } from './_testing/specVectors.ts';
import { sharedUniformBlock, wrongTraversal } from './_testing/wrongVariants.ts';

const stepLawMap = (outcomes: Array<{ emitted: number[]; probability: Rational }>) => new Map(outcomes.map((o) => [o.emitted.join(','), o.probability]));

test('§S6.4 trace, V8 iid 2^3: tests in order with their weights, the tree probability, the law of E given this tree', () => {
  const v8 = specInstance('V8');
  // root (x0 = 3) → (0, 1); node 0 → (1, 3); node 1 → (2, 1): node ids 1, 2 (root's children), 3, 4 (of 1), 5, 6 (of 2)
  const children = [[1, 2], [3, 4], [5, 6], [], [], [], []];
  const tokens = [3, 0, 1, 1, 3, 2, 1];
  const context = (v: number) => tokens[v]!; // Markov: the state is the last token
  const tree: DraftedTree<Rational> = {
    field: F,
    children: (v) => children[v]!,
    token: (v) => tokens[v]!,
    target: (v) => v8.chain.target(context(v)),
    draft: (v) => v8.chain.draft(context(v)),
  };
  const pathName = (v: number): string => (v === 0 ? '∅' : v <= 2 ? String(tokens[v]) : `${tokens[v <= 4 ? 1 : 2]}${tokens[v]}`);
  const trace: string[] = [];
  // Every test fails unless its weight is 1 (the root's): the order in which the tests happen, as in the spec.
  const rejectAll: Chooser<Rational> = { bernoulli: (w) => F.le(F.one, w), categorical: () => 0 };
  traversalVerify(tree, 'iid', rejectAll, { test: (v, w) => trace.push(`${pathName(v)}: ${w}`) });
  assert.is(`TV-trace tests: ${trace.join('; ')}`, 'TV-trace tests: 01: 2/5; 03: 15/17; 0: 0; 12: 2/3; 11: 0; 1: 7/27; ∅: 1');
  // Tree probability under i.i.d. drafting, from the Q rows directly.
  const q = (x: number, y: number) => v8.chain.draft(x)[y]!;
  assert.is(q(3, 0).mul(q(3, 1)).mul(q(0, 1)).mul(q(0, 3)).mul(q(1, 2)).mul(q(1, 1)).toString(), '1/5000');
  const law = new Map<string, Rational>();
  for (const { value, probability } of enumerateOutcomes(F, (c) => traversalVerify(tree, 'iid', c))) {
    const key = [...value.path.map((v) => tokens[v]), value.token].join('');
    law.set(key, (law.get(key) ?? Rational.ZERO).add(probability));
  }
  const text = [...law].sort(([a], [b]) => (a.length - b.length) || (a < b ? -1 : 1)).map(([k, p]) => `${k}: ${p}`).join(', ');
  assert.is(
    `TV-trace block law: ${text}`,
    'TV-trace block law: 3: 8/459, 10: 14/2295, 010: 4/25, 011: 3/25, 012: 2/25, 013: 1/25, 030: 9/85, 031: 9/85, 032: 9/85, 033: 18/85, 120: 1/85, 121: 1/85, 122: 1/85, 123: 1/85',
  );
});

test('§S6.2 tree rows (62): the enumerated sampling program and the §S3.5 recursion give the same law of E and the table value; walk ≤ TV for iid/wor', () => {
  let rows = 0;
  for (const r of SPEC_ROWS.filter((row) => !row.tree.startsWith('chain') && row.traversal !== null)) {
    const v = specInstance(r.id);
    const tree = parseTreeSpec(r.tree);
    const program = exactStepLaw(createTreeWalk(v.chain, tree, rowVerifier(r.tree, r.law)), v.start);
    const recursion = traversalStepLaw(v.chain, tree, r.law, v.start);
    assertSameLaw(stepLawMap(program.outcomes), recursion.law!, `${r.id} ${r.tree} ${r.law}`);
    assert.is(program.expectedTokens.toString(), r.traversal, `${r.id} ${r.tree} ${r.law}: program`);
    assert.is(recursion.expectedTokens.toString(), r.traversal, `${r.id} ${r.tree} ${r.law}: recursion`);
    if (r.law !== 'hub') assert.ok(Rational.parse(r.walk!).compare(recursion.expectedTokens) <= 0, `${r.id} ${r.tree} ${r.law}: walk > TV`);
    rows++;
  }
  assert.is(rows, 62);
});

test('§S3.3 exactness on every tree row: E · target continuation from every state and the stream from x_0, first max(3, D + 1) tokens', () => {
  for (const r of SPEC_ROWS.filter((row) => !row.tree.startsWith('chain') && row.traversal !== null)) {
    const v = specInstance(r.id);
    const tree = parseTreeSpec(r.tree);
    const m = Math.max(3, tree.depth + 1);
    const verifier = rowVerifier(r.tree, r.law);
    for (let x = 0; x < v.n; x++) assert.ok(continuedDistance(v.chain, tree, verifier, x, m).isZero(), `${r.id} ${r.tree} ${r.law} from ${x}`);
    assert.ok(streamDistance(v.chain, tree, verifier, v.start, m).isZero(), `${r.id} ${r.tree} ${r.law}: stream`);
  }
});

test('§S3.4: on chains TV = BV (law of E); at depth 1 TV = RRS (iid) and RRSw (wor) (law of E), but not SpecHub (hub)', () => {
  for (const v of ['V1', 'V3', 'V6', 'V8'].map(specInstance)) {
    for (const shape of ['chain:1', 'chain:2', 'chain:3']) {
      const tree = parseTreeSpec(shape);
      const tv = exactStepLaw(createTreeWalk(v.chain, tree, getSequenceVerifier('traversal')), v.start);
      const bv = exactStepLaw(createTreeWalk(v.chain, tree, getSequenceVerifier('block')), v.start);
      assertSameLaw(stepLawMap(tv.outcomes), stepLawMap(bv.outcomes), `${v.id} ${shape}`);
    }
    for (const [shape, id, walk] of [['2^2', 'traversal', 'rrs'], ['3^2', 'traversal', 'rrs'], ['2^2', 'traversal-wor', 'rrsw'], ['3^2', 'traversal-wor', 'rrsw']] as const) {
      const tree = parseTreeSpec(shape);
      const tv = exactStepLaw(createTreeWalk(v.chain, tree, getSequenceVerifier(id)), v.start);
      const token = exactStepLaw(createTreeWalk(v.chain, tree, walk), v.start);
      assertSameLaw(stepLawMap(tv.outcomes), stepLawMap(token.outcomes), `${v.id} ${shape} ${id} vs ${walk}`);
    }
  }
  const v6 = specInstance('V6'); // spec: SpecHub 2, TV-hub 15/8 on 2^2
  assert.is(exactStepLaw(createTreeWalk(v6.chain, fullTree(2, 2), getSequenceVerifier('traversal-hub')), v6.start).expectedTokens.toString(), '15/8');
  assert.is(exactStepLaw(createTreeWalk(v6.chain, fullTree(2, 2), 'spechub'), v6.start).expectedTokens.toString(), '2');
});

test('§S6.5 teeth: each wrong variant at the exact distance of the table (first 2 tokens of E · target continuation), and its stream is biased too', () => {
  const cases: Array<[string, SequenceVerifier, string, string, string]> = [
    ['shared uniform for all BV tests', sharedUniformBlock(), 'V8', 'chain:2', '21/850'],
    ['i.i.d.-drafted tree, w/o-replacement R update', wrongTraversal('iid-tree-wor-update', 'iid', { updateLaw: 'wor', undraftedWeight: 'one' }), 'V1', '2^2', '2/9'],
    ['w/o-replacement-drafted tree, i.i.d. R update', wrongTraversal('wor-tree-iid-update', 'wor', { updateLaw: 'iid' }), 'V8', '2^2', '1/15'],
    ['final token from the original p', wrongTraversal('original-final', 'iid', { finalToken: 'original' }), 'V1', '2^2', '2/27'],
    ['weights recomputed at every descent', wrongTraversal('recomputed-weights', 'iid', { weights: 'recompute' }), 'V1', '2^3', '1/4'],
    ['globally deepest remaining leaf first', wrongTraversal('deepest-leaf', 'iid', { order: 'deepest-leaf' }), 'V1', '2^3', '11/81'],
  ];
  for (const [name, verifier, id, shape, distance] of cases) {
    const v = specInstance(id);
    const tree = parseTreeSpec(shape);
    assert.is(continuedDistance(v.chain, tree, verifier, v.start, 2).toString(), distance, name);
    assert.ok(streamDistance(v.chain, tree, verifier, v.start, 2).sign() > 0, `${name}: stream not biased`);
  }
});

test('finding: the V1 2^2 distance 2/9 of the wrong R update comes from reading R(x) = 0 as weight 1; with the limit guard it vanishes there (n = 2) but not on V8', () => {
  const limit = wrongTraversal('iid-tree-wor-update-limit', 'iid', { updateLaw: 'wor' });
  const v1 = specInstance('V1');
  assert.ok(continuedDistance(v1.chain, fullTree(2, 2), limit, v1.start, 2).isZero());
  const v8 = specInstance('V8');
  assert.is(continuedDistance(v8.chain, fullTree(2, 2), limit, v8.start, 2).toString(), '1/30');
});

/** TV on a view of the drafted tree changed by `edit` (children lists), for the ordering/skipping pitfalls. */
function editedTraversal(id: string, kappa: 'iid' | 'wor' | 'hub', edit: <T>(tree: DraftedTree<T>, v: number) => readonly number[]): SequenceVerifier {
  const base = getSequenceVerifier(kappa === 'iid' ? 'traversal' : `traversal-${kappa}`);
  return {
    ...base,
    id,
    drafting: base.drafting,
    checkTree: base.checkTree,
    verify: <T>(tree: DraftedTree<T>, chooser: Chooser<T>) => traversalVerify({ ...tree, children: (v) => edit(tree, v) }, kappa, chooser),
  };
}

test('§S7 items 3 and 7: reversed sibling order is harmless for iid but biased for wor and hub; skipping duplicate iid siblings or weight-0 children without the update is biased', () => {
  const reversed = <T>(tree: DraftedTree<T>, v: number) => [...tree.children(v)].reverse();
  const v3 = specInstance('V3');
  assert.ok(continuedDistance(v3.chain, fullTree(2, 3), editedTraversal('rev-iid', 'iid', reversed), v3.start, 3).isZero());
  assert.ok(continuedDistance(v3.chain, fullTree(2, 2), editedTraversal('rev-wor', 'wor', reversed), v3.start, 2).sign() > 0);
  const v1 = specInstance('V1');
  assert.ok(continuedDistance(v1.chain, fullTree(2, 2), editedTraversal('rev-hub', 'hub', reversed), v1.start, 2).sign() > 0);
  const skipDuplicates = <T>(tree: DraftedTree<T>, v: number) => {
    const seen = new Set<number>();
    return tree.children(v).filter((c) => !seen.has(tree.token(c)) && (seen.add(tree.token(c)), true));
  };
  const v8 = specInstance('V8');
  assert.ok(continuedDistance(v8.chain, fullTree(2, 2), editedTraversal('skip-dup', 'iid', skipDuplicates), v8.start, 2).sign() > 0);
  // §S7 item 7, second half: a weight-0 child may be skipped only if the parent update still runs for it.
  const v7 = specInstance('V7');
  assert.is(continuedDistance(v7.chain, fullTree(2, 2), wrongTraversal('skip-zero', 'iid', { zeroWeightChildren: 'skip' }), v7.start, 2).toString(), '5/32');
  assert.is(continuedDistance(v7.chain, fullTree(2, 2), wrongTraversal('skip-zero-wor', 'wor', { zeroWeightChildren: 'skip' }), v7.start, 2).toString(), '9/56');
});

test('§S7 item 8: float64 TV on near-degenerate chains agrees with the rational reference; sampling never yields NaN or an undrafted path', () => {
  const rows = (m: number[][]) => m.map((r) => { const rs = r.map((x) => Rational.fromNumber(x)); const s = rs.reduce((a, b) => a.add(b), Rational.ZERO); return rs.map((x) => x.div(s)); });
  const target = rows([[1 - 1e-16, 1e-16, 0], [1e-300, 0.5, 0.5], [5e-324, 1, 0]]);
  const draft = rows([[0.5, 0.5, 1e-16], [1, 0, 0], [1 / 3, 1 / 3, 1 / 3]]);
  const exact = markovChainFromRows(F, target, draft);
  const float = markovChainFromRows(floatField, target.map((r) => r.map((x) => x.toNumber())), draft.map((r) => r.map((x) => x.toNumber())));
  for (const kappa of ['iid', 'wor', 'hub'] as const) {
    for (const shape of ['2^2', '2^3', '{"parents": [-1, 0, 0, 1, 1, 1]}']) {
      if (kappa === 'hub' && shape.includes('parents')) continue;
      const tree = parseTreeSpec(shape);
      for (let x = 0; x < 3; x++) {
        const e = traversalStepLaw(exact, tree, kappa, x, { output: 'mean' }).expectedTokens.toNumber();
        const f = traversalStepLaw(float, tree, kappa, x, { output: 'mean' }).expectedTokens;
        assert.ok(Math.abs(e - f) < 1e-12, `${kappa} ${shape} from ${x}: exact ${e}, float ${f}`);
      }
      const walk = createTreeWalk(float, tree, getSequenceVerifier(kappa === 'iid' ? 'traversal' : `traversal-${kappa}`));
      const chooser = new SamplingChooser(createRng(`tv-float-${kappa}`));
      for (let t = 0; t < 300; t++) {
        const { emitted, state } = walk.step(t % 3, chooser);
        assert.ok(emitted.length >= 1 && emitted.length <= tree.depth + 1 && emitted.every((y) => y >= 0 && y < 3) && Number.isInteger(state));
      }
    }
  }
});

test.run();
