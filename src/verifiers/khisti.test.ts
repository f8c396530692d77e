// Khisti two-step verifier (§2.7): exact output law = p and acceptance = α* (i.i.d. drafts), in rationals;
// a teeth test (step 2 skipped: Z emitted unconditionally, output law r) must fail.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { E4, OPTIMUM_VECTORS, exactDistribution, toFloat } from '../../property-tests/optimum.fixtures.ts';
import { exactOutputLaw, exactOutputLawUnchecked } from '../analysis/outputLaw.ts';
import { Categorical } from '../core/categorical.ts';
import { type Field, rationalField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import { iidDraws } from '../draws/iidDraws.ts';
import { checkSampler, checkSamplerUnchecked } from '../montecarlo/checkSampler.ts';
import { setKeyOf } from '../draws/draftLaws.ts';
import { optimalMembershipFlow } from '../optimum/optimalMembershipFlow.ts';
import { subsetDual } from '../optimum/subsetDual.ts';
import { khisti } from './khisti.ts';
import type { PreparedVerifier, Verifier } from './verifier.ts';

const strings = (v: ArrayLike<Rational>) => Array.from(v, String);

function assertExactAndOptimal(p: Rational[], q: Rational[], k: number): void {
  const label = `khisti k = ${k} p = (${p.join(', ')}) q = (${q.join(', ')})`;
  const r = exactOutputLaw(rationalField, 'khisti', p, q, k);
  assert.equal(strings(r.law), strings(p), `${label}: output law`);
  const optimum = subsetDual(rationalField, 'iid', p, q, k).optimum;
  assert.is(r.acceptance.toString(), optimum.toString(), `${label}: acceptance = α*`);
  assert.is(r.acceptanceTest.toString(), optimum.toString(), `${label}: α_test = α`);
  assert.is(khisti.acceptance(rationalField, p, q, k).value.toString(), optimum.toString(), `${label}: acceptance()`);
}

for (const v of OPTIMUM_VECTORS) {
  test(`${v.id}: Khisti two-step (k = 1..3) is exact and reaches α*_iid (k = 2: ${v.iid[0]})`, () => {
    for (const k of [1, 2, 3]) assertExactAndOptimal(v.p, v.q, k);
    assert.is(khisti.acceptance(rationalField, v.p, v.q, 2).value.toString(), v.iid[0]);
  });
}

test('E4: the accepted-token profile equals the OTM i.i.d. profile of §7.1', () => {
  assert.equal(strings(exactOutputLaw(rationalField, 'khisti', E4.p, E4.q, 2).profile), ['1/10', '1/5', '3/10', '19/100']);
});

test('generated instances (n ≤ 5, k ≤ 3): exact output law = p, acceptance = α*', () => {
  fc.assert(
    fc.property(
      fc.record({ n: fc.integer({ min: 2, max: 5 }), k: fc.integer({ min: 1, max: 3 }) }).chain(({ n, k }) =>
        fc.record({ p: exactDistribution(n), q: exactDistribution(n), k: fc.constant(k) }),
      ),
      ({ p, q, k }) => assertExactAndOptimal(p, q, k),
    ),
    { numRuns: 100, seed: 37 },
  );
});

/** TEETH: step 2 skipped, the selected Z is always emitted (output law r, not p). */
const biasedKhisti: Verifier = {
  ...khisti,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const flow = optimalMembershipFlow(F, 'iid', p, q, k);
    return {
      verify(drafts: readonly number[], chooser) {
        const s = flow.indexOf.get(setKeyOf(drafts))!;
        const weights = flow.setFlows[s]!.slice();
        weights[0] = F.add(weights[0]!, F.positiveDifference(flow.sets[s]!.probability, flow.setOutflow[s]!));
        const z = flow.sets[s]!.members[chooser.categorical(Categorical.create(F, weights))]!;
        return { token: z, acceptedIndex: drafts.indexOf(z) };
      },
    };
  },
};

test('float path passes the Monte Carlo check; teeth: the biased variant fails the exact law and the check', () => {
  const r = checkSampler('khisti', toFloat(E4.p), toFloat(E4.q), 2, { trials: 20_000, seed: 9 });
  assert.not.ok(r.rejected, `G p-value ${r.outputLaw.pValue}, acceptance p-value ${r.acceptance.pValue}`);
  const method = { id: 'khisti' as const, verifier: biasedKhisti, scheme: iidDraws };
  assert.not.equal(strings(exactOutputLawUnchecked(rationalField, method, E4.p, E4.q, 2).law), strings(E4.p));
  const biased = checkSamplerUnchecked(method, toFloat(E4.p), toFloat(E4.q), 2, { trials: 20_000, seed: 9 });
  assert.ok(biased.outputLaw.rejected, `biased Khisti passed the G-test (p-value ${biased.outputLaw.pValue})`);
});

test.run();
