// Machine check of proofs/rrs-exactness.md: RRS output law, acceptance split and profile, exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactOutputLawUnchecked, type ExactAnalysis } from '../src/analysis/outputLaw.ts';
import { overlap } from '../src/core/divergence.ts';
import { rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { rrsResiduals } from '../src/verifiers/rrs.ts';
import { biasedMethod } from '../property-tests/helpers.ts';
import { checkExactness } from './_internals/exactness.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;

/** Items 2–3 of the statement, from the residual chain P_1 = p, P_{i+1} = norm((P_i − q)^+). */
function splitAndProfile(r: ExactAnalysis<Rational>, p: Rational[], q: Rational[]): void {
  const k = r.k;
  const chain = rrsResiduals(F, p, q, k);
  let reach = Rational.ONE;
  const profile = p.map(() => Rational.ZERO);
  for (let i = 0; i < k; i++) {
    const P = chain[i];
    const ri = P === undefined ? Rational.ZERO : overlap(F, P, q);
    assert.ok(r.perPosition[i]!.equals(reach.mul(ri)), `position ${i}: ${r.perPosition[i]} ≠ ${reach.mul(ri)}`);
    if (P !== undefined) p.forEach((_, y) => (profile[y] = profile[y]!.add(reach.mul(F.min(P[y]!, q[y]!)))));
    reach = reach.mul(Rational.ONE.sub(ri));
  }
  assert.ok(r.acceptance.equals(Rational.ONE.sub(reach)));
  profile.forEach((a, y) => assert.ok(r.profile[y]!.equals(a), `A(${y})`));
}

test('RRS: exact law p, α = 1 − Π(1 − r_i), split r_i Π(1 − r_j), profile — k = 2, 3 on grids, k ≤ 4 random', () => {
  const random = randomDistributions('proofs/rrs');
  const counts: Record<string, number> = {};
  for (const k of [2, 3]) {
    counts[`grid pairs n = 3 (d ≤ 4), k = ${k}`] = checkExactness('rrs', k, gridPairs(3, 4), splitAndProfile).checked;
    counts[`grid pairs n = 4 (d ≤ 3), k = ${k}`] = checkExactness('rrs', k, gridPairs(4, 3), splitAndProfile).checked;
  }
  let randomCount = 0;
  for (let t = 0; t < 120; t++) {
    const n = random.integer(2, 5);
    const k = random.integer(1, n === 5 ? 3 : 4);
    randomCount += checkExactness('rrs', k, [{ p: random.vector(n), q: random.vector(n) }], splitAndProfile).checked;
  }
  counts['random instances (n ≤ 5, k ≤ 4)'] = randomCount;
  report('rrs-exactness', counts);
});

test('sharpness: skipping the residual update on duplicates gives E4 the biased law of §7.2', () => {
  const p = ['1/10', '1/5', '3/10', '2/5'].map((s) => Rational.parse(s));
  const q = ['2/5', '3/10', '1/5', '1/10'].map((s) => Rational.parse(s));
  const r = exactOutputLawUnchecked(F, biasedMethod, p, q, 2);
  assert.equal(r.law.map(String), ['1/10', '1/5', '183/560', '209/560']);
});

test.run();
