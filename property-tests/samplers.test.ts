// Statistical tests: seeded samplers against their exact laws.
// Every test uses the G-test at significance 0.001 with cells of expected count < 5 pooled (goodnessOfFit's
// defaults) and has a teeth counterpart: a deliberately biased sampler that the same test must reject.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftJointLaw } from '../src/analysis/jointLaw.ts';
import { SamplingChooser } from '../src/core/chooser.ts';
import { floatField, rationalField as F } from '../src/core/field.ts';
import { exponentialRaceDraws, gumbelTopKDraws, hubPairDrawsByRace } from '../src/draws/exponentialRaceDraws.ts';
import { CORE_METHOD_IDS, getDraftScheme, getMethod } from '../src/methods.ts';
import { checkSampler, checkSamplerUnchecked } from '../src/montecarlo/checkSampler.ts';
import { goodnessOfFit } from '../src/montecarlo/goodnessOfFit.ts';
import { createRng } from '../src/random/createRng.ts';
import type { Rng } from '../src/core/rng.ts';
import { biasedMethod, E1, E4, E6, TEST_VECTORS, toFloat, vec } from './helpers.ts';

const SIGNIFICANCE = 0.001;
const DRAWS = 60_000;

/** G-test of `sampler`'s tuples against an exact joint law (keys 'x1,x2,…'). */
function testTuples(law: Map<string, { toNumber(): number }>, sampler: (rng: Rng) => number[], seed: string) {
  const keys = [...law.keys()];
  const index = new Map(keys.map((k, i) => [k, i]));
  const counts = new Float64Array(keys.length + 1); // last cell: tuples outside the support
  const rng = createRng(seed);
  for (let t = 0; t < DRAWS; t++) counts[index.get(sampler(rng).join(',')) ?? keys.length]!++;
  const probabilities = [...keys.map((k) => law.get(k)!.toNumber()), 0];
  const total = probabilities.reduce((s, x) => s + x, 0);
  return goodnessOfFit(counts, probabilities.map((x) => x / total), { significance: SIGNIFICANCE });
}

const INSTANCES = [E1.q, E4.q, E6.q, vec('1/2,1/4,0,1/8,1/8'), vec('7/10,1/10,1/10,1/10')];

for (const scheme of ['iid', 'wor', 'hub', 'greedy', 'greedy-q'] as const) {
  // `many`: the laws build alias tables (Monte Carlo); `few`: every draw scans and a draw without replacement
  // scans the renormalised rest (the decoder's default, DecoderOptions.draftSampler).
  for (const draws of ['many', 'few'] as const) {
    test(`${scheme} drafts (draws: ${draws}): the seeded sampler's empirical joint law matches the exact joint law`, () => {
      for (const [i, q] of INSTANCES.entries()) {
        const law = draftJointLaw(F, scheme, q, 2);
        const prepared = getDraftScheme(scheme).prepare(floatField, toFloat(q), 2, { draws });
        const r = testTuples(law, (rng) => prepared.draw(new SamplingChooser(rng)), `${scheme}-${i}${draws === 'few' ? '-few' : ''}`);
        assert.not.ok(r.rejected, `${scheme} instance ${i}: G = ${r.statistic}, p = ${r.pValue}`);
      }
    });
  }
}

test('teeth: a without-replacement second draw that scans the rest at u·Σq (not renormalised) is rejected by the same test', () => {
  const q = E4.q;
  const qf = toFloat(q);
  const scan = (u: number, skip: number) => {
    let target = u; // Σq = 1: the rest's mass 1 − q(skip) is forgotten
    let last = -1;
    for (let i = 0; i < qf.length; i++) {
      if (i === skip || !(qf[i]! > 0)) continue;
      last = i;
      target -= qf[i]!;
      if (target < 0) return i;
    }
    return last; // the overshoot lands on the last token
  };
  const biased = (rng: Rng) => {
    const first = scan(rng(), -1);
    return [first, scan(rng(), first)];
  };
  assert.ok(testTuples(draftJointLaw(F, 'wor', q, 2), biased, 'biased-wor-scan').rejected);
});

test('exponential race and Gumbel-top-k have the sequential without-replacement law (k = 2, 3); Sequoia hub sampler = hub law', () => {
  for (const [i, q] of INSTANCES.entries()) {
    for (const k of [2, 3]) {
      const law = draftJointLaw(F, 'wor', q, k);
      const qf = toFloat(q);
      const race = testTuples(law, (rng) => exponentialRaceDraws(qf, k, rng), `race-${i}-${k}`);
      assert.not.ok(race.rejected, `race instance ${i} k ${k}: p = ${race.pValue}`);
      const gumbel = testTuples(law, (rng) => gumbelTopKDraws(qf, k, rng), `gumbel-${i}-${k}`);
      assert.not.ok(gumbel.rejected, `gumbel instance ${i} k ${k}: p = ${gumbel.pValue}`);
    }
    const hub = testTuples(draftJointLaw(F, 'hub', q, 2), (rng) => hubPairDrawsByRace(toFloat(q), rng), `hubrace-${i}`);
    assert.not.ok(hub.rejected, `hub race instance ${i}: p = ${hub.pValue}`);
  }
});

test('teeth: a race that ranks keys log(u)·q (wrong transform) is rejected by the same test', () => {
  const q = E4.q;
  const qf = toFloat(q);
  const biased = (rng: Rng) => {
    const keys = Array.from(qf, (w) => Math.log(rng()) * w);
    return [...keys.keys()].sort((a, b) => keys[b]! - keys[a]!).slice(0, 2);
  };
  assert.ok(testTuples(draftJointLaw(F, 'wor', q, 2), biased, 'biased-race').rejected);
});

for (const id of CORE_METHOD_IDS) {
  test(`${id}: Monte Carlo output law = p and acceptance = exact value (check at level ${SIGNIFICANCE})`, () => {
    const k = id === 'sd' ? 1 : 2;
    for (const v of TEST_VECTORS) {
      const r = checkSampler(id, toFloat(v.p), toFloat(v.q), k, { trials: 100_000, seed: `${id}-${v.id}`, significance: SIGNIFICANCE });
      assert.not.ok(r.rejected, `${id} ${v.id}: output p = ${r.outputLaw.pValue}, acceptance p = ${r.acceptance.pValue}`);
      assert.ok(r.outputLaw.cells >= 2, 'the test had cells to compare');
    }
  });
}

test('k = 3 Monte Carlo checks (rrs, rrsw, kseq, greedy, greedy-q)', () => {
  const p = toFloat(vec('1/10,1/5,3/10,1/4,3/20'));
  const q = toFloat(vec('2/5,3/10,1/10,1/10,1/10'));
  for (const id of ['rrs', 'rrsw', 'kseq', 'greedy', 'greedy-q']) {
    const r = checkSampler(id, p, q, 3, { trials: 100_000, seed: `k3-${id}` });
    assert.not.ok(r.rejected, `${id}: output p = ${r.outputLaw.pValue}, acceptance p = ${r.acceptance.pValue}`);
  }
});

test('teeth: the Monte Carlo check rejects duplicate-skipping RRS (E4, TV 3/112)', () => {
  const r = checkSamplerUnchecked(biasedMethod, toFloat(E4.p), toFloat(E4.q), 2, {
    trials: 100_000,
    seed: 'teeth',
    exactAcceptance: getMethod('rrs').verifier.acceptance(floatField, toFloat(E4.p), toFloat(E4.q), 2).value,
  });
  assert.ok(r.outputLaw.rejected, `biased RRS must be rejected, p = ${r.outputLaw.pValue}`);
  assert.ok(r.rejected);
});

test('same seed, same numbers', () => {
  const run = () => checkSampler('spechub', toFloat(E4.p), toFloat(E4.q), 2, { trials: 20_000, seed: 'repeat' });
  const a = run();
  const b = run();
  assert.equal(Array.from(a.monteCarlo.tokenCounts), Array.from(b.monteCarlo.tokenCounts));
  assert.is(a.outputLaw.statistic, b.outputLaw.statistic);
});

test.run();
