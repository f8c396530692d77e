// OTM verifiers (§2.5): exact output law = p and acceptance = α* of the own draft law, in rationals, on the
// §7.1 vectors and on generated instances; a teeth test (residual drawn from p instead of p − f*) must fail.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { E4, OPTIMUM_VECTORS, exactDistribution, toFloat } from '../../property-tests/optimum.fixtures.ts';
import { exactOutputLaw, exactOutputLawUnchecked } from '../analysis/outputLaw.ts';
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import { type Field, floatField, rationalField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import { withoutReplacementDraws } from '../draws/withoutReplacementDraws.ts';
import { getMethod } from '../methods.ts';
import { checkSampler, checkSamplerUnchecked } from '../montecarlo/checkSampler.ts';
import { setKeyOf } from '../draws/draftLaws.ts';
import { optimalMembershipFlow } from '../optimum/optimalMembershipFlow.ts';
import { subsetDual } from '../optimum/subsetDual.ts';
import { createRng } from '../random/createRng.ts';
import { verifyDrafts } from '../sampling/verifyDrafts.ts';
import { otm, otmWor } from './otm.ts';
import type { PreparedVerifier, Verifier } from './verifier.ts';

const strings = (v: ArrayLike<Rational>) => Array.from(v, String);

function assertExactAndOptimal(id: 'otm' | 'otm-wor', p: Rational[], q: Rational[], k: number): void {
  const label = `${id} k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')})`;
  const r = exactOutputLaw(rationalField, id, p, q, k);
  assert.equal(strings(r.law), strings(p), `${label}: output law`);
  const optimum = subsetDual(rationalField, id === 'otm' ? 'iid' : 'wor', p, q, k).optimum;
  assert.is(r.acceptance.toString(), optimum.toString(), `${label}: enumerated acceptance = α*`);
  assert.is(r.acceptanceTest.toString(), optimum.toString(), `${label}: α_test = α`);
  assert.is(getMethod(id).verifier.acceptance(rationalField, p, q, k).value.toString(), optimum.toString(), `${label}: acceptance()`);
}

for (const v of OPTIMUM_VECTORS) {
  test(`${v.id}: OTM (i.i.d. and without replacement, k = 1..3) is exact and reaches α*`, () => {
    for (const k of [1, 2, 3]) {
      assertExactAndOptimal('otm', v.p, v.q, k);
      assertExactAndOptimal('otm-wor', v.p, v.q, k);
    }
    assert.is(otm.acceptance(rationalField, v.p, v.q, 2).value.toString(), v.iid[0]);
    assert.is(otmWor.acceptance(rationalField, v.p, v.q, 2).value.toString(), v.wor[0]);
  });
}

test('E4: the OTM accepted-token profiles of §7.1', () => {
  assert.equal(strings(exactOutputLaw(rationalField, 'otm', E4.p, E4.q, 2).profile), ['1/10', '1/5', '3/10', '19/100']);
  assert.equal(strings(exactOutputLaw(rationalField, 'otm-wor', E4.p, E4.q, 2).profile), ['1/10', '1/5', '3/10', '197/840']);
});

test('generated instances (n ≤ 5, k ≤ 3, zeros, ties, one-hots): exact output law = p, acceptance = α*', () => {
  fc.assert(
    fc.property(
      fc.record({ n: fc.integer({ min: 2, max: 5 }), k: fc.integer({ min: 1, max: 3 }) }).chain(({ n, k }) =>
        fc.record({ p: exactDistribution(n), q: exactDistribution(n), k: fc.constant(k), wor: fc.boolean() }),
      ),
      ({ p, q, k, wor }) => {
        const support = q.filter((x) => x.sign() > 0).length;
        if (wor && support >= k) assertExactAndOptimal('otm-wor', p, q, k);
        else assertExactAndOptimal('otm', p, q, k);
      },
    ),
    { numRuns: 120, seed: 31 },
  );
});

test('float path: Monte Carlo output law and acceptance pass the check (E4, 20,000 trials each)', () => {
  for (const id of ['otm', 'otm-wor']) {
    const r = checkSampler(id, toFloat(E4.p), toFloat(E4.q), 2, { trials: 20_000, seed: 5 });
    assert.not.ok(r.rejected, `${id}: G p-value ${r.outputLaw.pValue}, acceptance p-value ${r.acceptance.pValue}`);
  }
  const verdict = verifyDrafts('otm', toFloat(E4.p), toFloat(E4.q), [3, 0], createRng(1));
  assert.ok(verdict.token >= 0 && verdict.token < 4);
  assert.ok(verdict.acceptedIndex === null || [3, 0][verdict.acceptedIndex] === verdict.token);
});

/** TEETH: OTM whose leftover mass is drawn from p instead of norm(p − f*): biased. */
const biasedOtm: Verifier = {
  ...otmWor,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const flow = optimalMembershipFlow(F, 'wor', p, q, k);
    const target = Categorical.create(F, p);
    return {
      verify(drafts: readonly number[], chooser) {
        const s = flow.indexOf.get(setKeyOf(drafts))!;
        const members = flow.sets[s]!.members;
        const leftover = F.positiveDifference(flow.sets[s]!.probability, flow.setOutflow[s]!);
        const j = chooser.categorical(Categorical.create(F, [...flow.setFlows[s]!, leftover]));
        if (j < members.length) return { token: members[j]!, acceptedIndex: drafts.indexOf(members[j]!) };
        return { token: chooser.categorical(target), acceptedIndex: null }; // the bug
      },
    };
  },
};

test('teeth: the exact law and the Monte Carlo check both reject OTM with the wrong residual', () => {
  const method = { id: 'otm-wor' as const, verifier: biasedOtm, scheme: withoutReplacementDraws };
  const law = exactOutputLawUnchecked(rationalField, method, E4.p, E4.q, 2).law;
  assert.not.equal(strings(law), strings(E4.p), 'the biased law must differ from p');
  const r = checkSamplerUnchecked(method, toFloat(E4.p), toFloat(E4.q), 2, { trials: 20_000, seed: 5 });
  assert.ok(r.outputLaw.rejected, `biased OTM passed the G-test (p-value ${r.outputLaw.pValue})`);
});

test('bad inputs: drafts outside the draft law, a vocabulary too large for the flow network', () => {
  const prepared = otmWor.prepare(rationalField, E4.p, E4.q, 2);
  try {
    prepared.verify([0, 0], { bernoulli: () => true, categorical: () => 0 });
    assert.unreachable('a repeated draft cannot come from drafts without replacement');
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, 'INVALID_ARGUMENT');
  }
  const n = 200;
  const u = new Array(n).fill(1 / n);
  try {
    otm.prepare(floatField, u, u, 3);
    assert.unreachable('1.3 million draft sets must be refused');
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, 'TOO_LARGE');
  }
  // acceptance() needs no set law: fast at any n.
  assert.ok(Math.abs(otm.acceptance(floatField, u, u, 3).value - 1) < 1e-12);
});

test.run();
