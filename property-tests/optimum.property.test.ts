// Properties of optimal acceptance (§4) on generated instances: n ≤ 6, k ≤ 3, every draft scheme, with
// zeros, ties, one-hots and near-degenerate vectors. Exact routes are compared by equality, GLPK by 1e-9.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateInputs } from '../src/analysis/validateInputs.ts';
import { floatField, rationalField } from '../src/core/field.ts';
import type { Rational } from '../src/core/rational.ts';
import { CORE_METHOD_IDS, getMethod } from '../src/methods.ts';
import { setLawOf } from '../src/draws/draftLaws.ts';
import { solveMembershipLinearProgram } from '../src/optimum/membershipLinearProgram.ts';
import { membershipMaxFlow } from '../src/optimum/membershipMaxFlow.ts';
import { optimalAcceptance } from '../src/optimum/optimalAcceptance.ts';
import { solveOtmLinearProgram } from '../src/optimum/otmLinearProgram.ts';
import { solveSpecHubLinearProgram } from '../src/optimum/specHubLinearProgram.ts';
import { subsetDual } from '../src/optimum/subsetDual.ts';
import { subsetDualExhaustive } from '../src/optimum/subsetDualExhaustive.ts';
import { admits, dualValue, exactDistribution, instance, toFloat } from './optimum.fixtures.ts';

const TOLERANCE = 1e-9;
const SEED = 20_241_105;

test('the four routes agree: exact max-flow = exact dual = exhaustive dual, GLPK LPs within 1e-9; minimisers attain α*', async () => {
  await fc.assert(
    fc.asyncProperty(instance(6, 3), async ({ p, q, k, scheme }) => {
      const label = `${scheme} k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')})`;
      const sets = setLawOf(rationalField, scheme, q, k);
      const flow = membershipMaxFlow(rationalField, p, sets);
      const dual = subsetDual(rationalField, scheme, p, q, k);
      const exhaustive = subsetDualExhaustive(rationalField, p, sets);
      assert.ok(dual.exact, label);
      assert.is(dual.optimum.toString(), flow.optimum.toString(), `dual (${dual.method}) vs max-flow: ${label}`);
      assert.is(exhaustive.optimum.toString(), flow.optimum.toString(), `exhaustive vs max-flow: ${label}`);
      for (const [name, A] of [['dual', dual.argminSet], ['min cut', flow.argminSet], ['exhaustive', exhaustive.argminSet]] as const) {
        assert.is(dualValue(p, sets, A).toString(), flow.optimum.toString(), `${name} minimiser {${A}}: ${label}`);
      }
      const expected = flow.optimum.toNumber();
      const lp = await solveOtmLinearProgram(toFloat(p), toFloat(q), k, scheme);
      const membership = await solveMembershipLinearProgram(toFloat(p), toFloat(q), k, scheme);
      assert.ok(Math.abs(lp.optimum - expected) <= TOLERANCE, `full LP ${lp.optimum} vs ${expected}: ${label}`);
      assert.ok(Math.abs(membership.optimum - expected) <= TOLERANCE, `membership LP ${membership.optimum} vs ${expected}: ${label}`);
      const floatFlow = membershipMaxFlow(floatField, toFloat(p), setLawOf(floatField, scheme, toFloat(q), k)).optimum;
      assert.ok(Math.abs(floatFlow - expected) <= TOLERANCE, `float max-flow ${floatFlow} vs ${expected}: ${label}`);
    }),
    { numRuns: 400, seed: SEED },
  );
});

test('optimalAcceptance --via all: the routes agree and the exact value is the max-flow value', async () => {
  await fc.assert(
    fc.asyncProperty(instance(5, 3), async ({ p, q, k, scheme }) => {
      const report = await optimalAcceptance(p, q, k, scheme, { via: 'all' });
      const expected = membershipMaxFlow(rationalField, p, setLawOf(rationalField, scheme, q, k)).optimum;
      assert.is(report.exact, expected.toString());
      assert.ok(report.maxDisagreement <= TOLERANCE && !report.exactDisagreement, `disagreement ${report.maxDisagreement}`);
      assert.equal(Object.keys(report.skipped), []);
    }),
    { numRuns: 60, seed: SEED + 1 },
  );
});

test('every heuristic verifier accepts at most the optimum of its own draft law; SpecHub, G-r and G-q attain it', () => {
  fc.assert(
    fc.property(instance(6, 3, ['iid']), ({ p, q, k }) => {
      for (const id of CORE_METHOD_IDS) {
        const method = getMethod(id);
        if (!method.verifier.supportsK(k) || !admits(method.scheme.id, q, k)) continue;
        const v = validateInputs(rationalField, id, p, q, k);
        const accepted = method.verifier.acceptance(rationalField, v.p, v.q, k);
        const optimum = subsetDual(rationalField, method.scheme.id, p, q, k).optimum;
        const label = `${id} k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')})`;
        if (accepted.exact) assert.ok(accepted.value.compare(optimum) <= 0, `${label}: ${accepted.value} > α* = ${optimum}`);
        else assert.ok(accepted.value.toNumber() <= optimum.toNumber() + 1e-12, `${label}: ${accepted.value.toNumber()} > α* = ${optimum}`);
        if (['spechub', 'greedy', 'greedy-q'].includes(id) || k === 1) {
          assert.is(accepted.value.toString(), optimum.toString(), `${label}: optimal for its own drafts`);
        }
      }
    }),
    { numRuns: 300, seed: SEED + 2 },
  );
});

test('α*(without replacement) ≥ α*(i.i.d.), exactly', () => {
  fc.assert(
    fc.property(instance(6, 3, ['wor']), ({ p, q, k }) => {
      const wor = subsetDual(rationalField, 'wor', p, q, k).optimum;
      const iid = subsetDual(rationalField, 'iid', p, q, k).optimum;
      assert.ok(wor.compare(iid) >= 0, `k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')}): wor ${wor} < iid ${iid}`);
    }),
    { numRuns: 300, seed: SEED + 3 },
  );
});

test("SpecHub's compact LP equals its closed form (H2) and the G-r optimum at k = 2", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 2, max: 7 }).chain((n) => fc.record({ p: exactDistribution(n), q: exactDistribution(n) })),
      async ({ p, q }) => {
        const lp = await solveSpecHubLinearProgram(toFloat(p), toFloat(q));
        const closedForm = getMethod('spechub').verifier.acceptance(rationalField, p, q, 2).value as Rational;
        assert.ok(Math.abs(lp.optimum - closedForm.toNumber()) <= TOLERANCE, `LP ${lp.optimum} vs closed form ${closedForm}`);
        const hubOptimum = membershipMaxFlow(rationalField, p, setLawOf(rationalField, 'hub', q, 2)).optimum;
        assert.is(hubOptimum.toString(), closedForm.toString(), 'hub-pair max-flow vs SpecHub closed form');
        if (admits('greedy', q, 2)) {
          const greedyOptimum = membershipMaxFlow(rationalField, p, setLawOf(rationalField, 'greedy', q, 2)).optimum;
          assert.is(greedyOptimum.toString(), hubOptimum.toString(), 'G-r and hub-pair optima (k = 2)');
        }
      },
    ),
    { numRuns: 150, seed: SEED + 4 },
  );
});

test('without replacement, k = 3 and 4: the race-integral prefix search matches the exhaustive optimum (§4.4 [NUM])', () => {
  fc.assert(
    fc.property(
      fc.record({ n: fc.integer({ min: 3, max: 7 }), k: fc.integer({ min: 3, max: 4 }) }).chain(({ n, k }) =>
        fc.record({ p: exactDistribution(n), q: exactDistribution(n), k: fc.constant(k) }),
      ),
      ({ p, q, k }) => {
        fc.pre(admits('wor', q, k));
        const exhaustive = subsetDual(rationalField, 'wor', p, q, k);
        const integral = subsetDual(floatField, 'wor', toFloat(p), toFloat(q), k, { exhaustiveMaxN: 0 });
        assert.is(integral.method, 'prefix-wor-race-integral');
        const gap = Math.abs(integral.optimum - exhaustive.optimum.toNumber());
        assert.ok(gap <= TOLERANCE, `k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')}): ${integral.optimum} vs ${exhaustive.optimum}`);
      },
    ),
    { numRuns: 150, seed: SEED + 5 },
  );
});

test.run();
