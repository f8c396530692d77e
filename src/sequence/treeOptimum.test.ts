// The tree-level optimum (§S4): the exact routes against second routes on random tiny instances (LP-A: cutting
// planes vs the flow form of §S4.2 and vs GLPK cutting planes; LP-B: min-cost flow vs the transportation LP), the
// relations of §S6.2 (walk, TV ≤ 1 + LP-A ≤ 1 + LP-B; equalities at depth 1 and on chains) with independent
// references (depth 1: the subset dual α* of mdsd §4.3; chains: BV's closed form (2.4) and
// LP-B = Σ_ℓ ov(p_{1:ℓ}, Q_{1:ℓ})), the path-set sizes of §S4.2, and the size guard.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { subsetDual } from '../optimum/subsetDual.ts';
import { expectedTokensPerStep } from '../tree/expectedTokensPerStep.ts';
import type { MarkovChain } from '../tree/language.ts';
import { markovChainFromRows } from '../tree/markovChain.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import { type TokenTree, treeFromParents } from '../tree/tokenTree.ts';
import { blockTokensPerStep } from './blockTokensPerStep.ts';
import { lpACuttingPlanesGlpk } from './lpACuttingPlanesGlpk.ts';
import { lpAFlowLinearProgram } from './lpAFlowLinearProgram.ts';
import { lpAOptimum } from './lpAOptimum.ts';
import { lpBBound } from './lpBBound.ts';
import { lpBTransportLinearProgram } from './lpBTransportLinearProgram.ts';
import { pathSetLaw } from './pathSetLaw.ts';
import type { SiblingLaw } from './siblingLaw.ts';
import { traversalStepLaw } from './traversalStepLaw.ts';
import { treeGapReport } from './treeGapReport.ts';
import { treeOptimum } from './treeOptimum.ts';
import { SPEC_INSTANCES, specInstance } from './_testing/specVectors.ts';

const ONE = Rational.ONE;
const small = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }).filter((w) => w.some((x) => x > 0)).map((w) => {
    const t = w.reduce((a, b) => a + b, 0);
    return w.map((x) => Rational.of(x, t));
  });
const instances = fc.sample(
  fc.integer({ min: 2, max: 3 }).chain((n) =>
    fc.record({
      target: fc.array(small(n), { minLength: n, maxLength: n }),
      draft: fc.array(small(n), { minLength: n, maxLength: n }),
      start: fc.integer({ min: 0, max: n - 1 }),
      shape: fc.constantFrom('chain:1', 'chain:2', 'chain:3', '2^2', '2^3', '3^2', '[-1, 0, 0, 1]', '[-1, 0, 1, 1, 0]'),
      kappa: fc.constantFrom<SiblingLaw>('iid', 'wor', 'hub'),
    }),
  ),
  { seed: 4242, numRuns: 36 },
).filter((x) => !(x.kappa === 'hub' && x.shape === '3^2'));

const walkOf = (kappa: SiblingLaw) => (kappa === 'iid' ? 'rrs' : kappa === 'wor' ? 'rrsw' : 'spechub');

test('second routes on random tiny instances: LP-A exact = GLPK flow form = GLPK cutting planes, LP-B min-cost flow = GLPK transportation LP (1e-9)', async () => {
  let compared = 0;
  for (const { target, draft, start, shape, kappa } of instances) {
    const chain = markovChainFromRows(F, target, draft);
    const tree = parseTreeSpec(shape);
    const law = pathSetLaw(chain, tree, kappa, start);
    const a = lpAOptimum(chain, law, start).value.toNumber();
    const b = lpBBound(chain, law, start).value.toNumber();
    const flow = (await lpAFlowLinearProgram(chain, law, start)).value;
    const cutting = (await lpACuttingPlanesGlpk(chain, law, start)).value;
    const transport = (await lpBTransportLinearProgram(chain, law, start)).value;
    const label = `${shape} ${kappa} n=${chain.vocabularySize}`;
    assert.ok(Math.abs(a - flow) < 1e-9 && Math.abs(a - cutting) < 1e-9, `${label}: LP-A exact ${a}, flow form ${flow}, GLPK cuts ${cutting}`);
    assert.ok(Math.abs(b - transport) < 1e-9, `${label}: LP-B exact ${b}, transport ${transport}`);
    compared++;
  }
  assert.ok(compared >= 30, `${compared} instances`);
});

test('relations on the same random instances: walk, TV ≤ 1 + LP-A ≤ 1 + LP-B; LP-A = LP-B = 1 + α* at depth 1; LP-A = BV on chains', () => {
  for (const { target, draft, start, shape, kappa } of instances) {
    const chain = markovChainFromRows(F, target, draft);
    const tree = parseTreeSpec(shape);
    const law = pathSetLaw(chain, tree, kappa, start);
    const A = lpAOptimum(chain, law, start).value.add(ONE);
    const B = lpBBound(chain, law, start).value.add(ONE);
    const tv = traversalStepLaw(chain, tree, kappa, start, { output: 'mean' }).expectedTokens;
    const walk = expectedTokensPerStep(chain, tree, tree.maxBranching <= 1 ? 'sd' : walkOf(kappa), { start }).value;
    const label = `${shape} ${kappa}`;
    assert.ok(tv.compare(A) <= 0 && walk.compare(A) <= 0 && A.compare(B) <= 0, `${label}: walk ${walk}, TV ${tv}, LP-A ${A}, LP-B ${B}`);
    if (tree.depth === 1) {
      assert.ok(A.equals(B), `${label}: LP-A ${A} ≠ LP-B ${B} at depth 1`);
      const kids = tree.children[0]!.length;
      const q = Array.from(chain.draft(start));
      const support = q.filter((x) => x.sign() > 0).length;
      const k = kappa === 'wor' ? Math.min(kids, support) : kids;
      const scheme = kappa === 'hub' && kids === 1 ? 'iid' : kappa;
      if (!(kappa === 'hub' && k === 2 && q.some((x) => x.equals(ONE)))) {
        const alpha = subsetDual(F, scheme, chain.target(start), q, k, { method: 'exhaustive' }).optimum;
        assert.ok(A.equals(alpha.add(ONE)), `${label}: LP-A ${A} ≠ 1 + α* = ${alpha.add(ONE)}`);
      }
    }
    if (tree.maxBranching <= 1) assert.ok(A.equals(blockTokensPerStep(chain, tree.depth, start)), `${label}: LP-A ≠ BV on a chain`);
  }
});

/** Σ_ℓ ov(p_{1:ℓ}, Q_{1:ℓ}) over the laws of the first ℓ tokens, by enumeration (§S4.3, chains). */
function chainLpB(chain: MarkovChain<Rational>, gamma: number, start: number): Rational {
  let total = Rational.ZERO;
  const visit = (last: number, depth: number, p: Rational, q: Rational) => {
    if (depth > 0) total = total.add(p.compare(q) < 0 ? p : q);
    if (depth === gamma) return;
    for (let y = 0; y < chain.vocabularySize; y++) visit(y, depth + 1, p.mul(chain.target(last)[y]!), q.mul(chain.draft(last)[y]!));
  };
  visit(start, 0, ONE, ONE);
  return total;
}

test('chains: LP-B = Σ_ℓ ov(p_{1:ℓ}, Q_{1:ℓ}) on every vector, γ = 1..3 (and 1/3 + 1 = 4/3 on V1 chain:2, the "ideal" 12/9 of the BV paper)', () => {
  for (const v of SPEC_INSTANCES) {
    for (const gamma of [1, 2, 3]) {
      const law = pathSetLaw(v.chain, parseTreeSpec(`chain:${gamma}`), 'iid', v.start);
      assert.ok(lpBBound(v.chain, law, v.start).value.equals(chainLpB(v.chain, gamma, v.start)), `${v.id} chain:${gamma}`);
    }
  }
  const v1 = specInstance('V1');
  assert.is(lpBBound(v1.chain, pathSetLaw(v1.chain, parseTreeSpec('chain:2'), 'iid', 0), 0).value.toString(), '4/3');
  assert.is(lpAOptimum(v1.chain, pathSetLaw(v1.chain, parseTreeSpec('chain:2'), 'iid', 0), 0).value.toString(), '11/9');
});

test('§S4.2 sizes for 2^3 with n = 4: 660 (iid), 216 (wor), 27 (hub) distinct path sets; at most 6 cuts on the vectors', () => {
  const v6 = specInstance('V6');
  assert.equal((['iid', 'wor', 'hub'] as const).map((k) => pathSetLaw(v6.chain, parseTreeSpec('2^3'), k, v6.start).sets.length), [660, 216, 27]);
  let most = 0;
  for (const v of SPEC_INSTANCES) {
    for (const [shape, kappa] of [['2^3', 'iid'], ['2^3', 'wor'], ['2^3', 'hub'], ['3^2', 'iid']] as const) {
      const law = pathSetLaw(v.chain, parseTreeSpec(shape), kappa, v.start);
      assert.is(law.sets.reduce((s, x) => s.add(x.probability), Rational.ZERO).toString(), '1');
      most = Math.max(most, lpAOptimum(v.chain, law, v.start).cuts.length);
    }
  }
  assert.ok(most >= 1 && most <= 6, `most cuts ${most}`);
});

test('treeOptimum: auto picks exact for rational chains, float (GLPK) beyond the exact limits; TOO_LARGE names the size; gap report', async () => {
  const v8 = specInstance('V8');
  const float = markovChainFromRows(floatField, Array.from({ length: 4 }, (_, x) => Array.from(v8.chain.target(x), (r) => r.toNumber())), Array.from({ length: 4 }, (_, x) => Array.from(v8.chain.draft(x), (r) => r.toNumber())));
  const tree = parseTreeSpec('2^3');
  const exact = await treeOptimum({ exact: v8.chain, float }, tree, 'wor', 3);
  assert.equal([exact.lpA!.exact, exact.lpB!.exact, exact.lpA!.route], ['3', '3', 'exact']);
  const beyond = await treeOptimum({ exact: v8.chain, float }, tree, 'iid', 3, { maxExactPathSets: 100 });
  assert.is(beyond.lpA!.route, 'glpk');
  assert.ok(Math.abs(beyond.lpA!.tokensPerStep - 1605271 / 583200) < 1e-9 && Math.abs(beyond.lpB!.tokensPerStep - 39967 / 14400) < 1e-9);
  await treeOptimum({ exact: v8.chain, float }, tree, 'iid', 3, { route: 'exact', maxExactPathSets: 100 }).then(
    () => assert.unreachable('expected TOO_LARGE'),
    (e: unknown) => assert.ok(e instanceof SpechubError && e.code === 'TOO_LARGE' && /100 distinct/.test(e.message), String(e)),
  );
  const gap = treeGapReport(v8.chain, tree, 'wor', 3, Rational.of(3));
  assert.equal(gap.map((g) => [g.method, g.tokensPerStep.toString(), g.fractionOfOptimum.toString()]), [['rrsw', '116/45', '116/135'], ['traversal-wor', '4751/1800', '4751/5400']]);
  assert.throws(() => treeGapReport(v8.chain, tree, 'wor', 3, Rational.of(2)), (e: unknown) => e instanceof SpechubError && e.code === 'SOLVER_FAILURE');
  const bad: TokenTree = treeFromParents([-1, 0, 0, 0]);
  assert.throws(() => pathSetLaw(v8.chain, bad, 'hub', 3), (e: unknown) => e instanceof SpechubError && e.code === 'UNSUPPORTED_K');
});

test.run();
