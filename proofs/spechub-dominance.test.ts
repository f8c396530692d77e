// Machine check of proofs/spechub-dominance.md: H3 (q(a) ≥ 1/2 ⇒ SpecHub ≥ M ≥ α*_iid ≥ RRS, K-SEQ), the
// general part of the chain, the H4 examples, and loss counts on each side of q(a) = 1/2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { draftSetLaw } from '../src/analysis/jointLaw.ts';
import { argmax } from '../src/core/distribution.ts';
import { floatField, rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { getMethod } from '../src/methods.ts';
import { iidMembershipBound } from '../src/optimum/membershipBound.ts';
import { setEntries, subsetMinimum } from './_internals/dual.ts';
import { gridPairs, randomDistributions, report } from './_internals/instances.ts';

const F = rationalField;
const HALF = Rational.of(1, 2);
const acceptance = (id: string, p: Rational[], q: Rational[]) => getMethod(id).verifier.acceptance(F, p, q, 2);

test('H3 and the membership chain, exactly, on grids and random instances; H4 loss counts', () => {
  const random = randomDistributions('proofs/dominance');
  const instances = [...gridPairs(3, 4), ...gridPairs(4, 4)];
  for (let t = 0; t < 400; t++) {
    const n = random.integer(3, 6);
    instances.push({ p: random.vector(n), q: random.vector(n) });
  }
  const losses = { low: { rrs: 0, kseq: 0, optimum: 0, rrsw: 0 }, high: { rrs: 0, kseq: 0, optimum: 0, rrsw: 0 } };
  let checked = 0;
  let hypothesis = 0;
  let irrational = 0;
  for (const { p, q } of instances) {
    if (q.filter((x) => x.sign() > 0).length < 2) continue; // the hub pair and w/o-replacement pair need two tokens
    checked++;
    const a = argmax(F, q);
    const hub = acceptance('spechub', p, q).value;
    const bound = iidMembershipBound(F, p, q, 2);
    const optimum = subsetMinimum(p, setEntries(draftSetLaw(F, 'iid', q, 2))).value;
    const rrs = acceptance('rrs', p, q).value;
    const kseq = acceptance('kseq', p, q);
    const rrsw = acceptance('rrsw', p, q).value;
    assert.ok(F.le(optimum, bound), 'α*_iid ≤ M');
    assert.ok(F.le(rrs, optimum), 'RRS ≤ α*_iid');
    if (kseq.exact) assert.ok(F.le(kseq.value, optimum), 'K-SEQ ≤ α*_iid');
    else {
      irrational++;
      const float = getMethod('kseq').verifier.acceptance(floatField, p.map((x) => x.toNumber()), q.map((x) => x.toNumber()), 2).value;
      assert.ok(float <= optimum.toNumber() + 1e-12, 'K-SEQ ≤ α*_iid (float, irrational ρ*)');
    }
    const side = F.le(HALF, q[a]!) ? 'high' : 'low';
    if (side === 'high') {
      hypothesis++;
      assert.ok(F.le(bound, hub), `H3: α_hub ≥ M for p = (${p.join(',')}), q = (${q.join(',')})`);
    }
    if (F.lt(hub, rrs)) losses[side].rrs++;
    if (F.lt(hub, optimum)) losses[side].optimum++;
    if (kseq.exact ? F.lt(hub, kseq.value) : hub.toNumber() < kseq.value.toNumber() - 1e-12) losses[side].kseq++;
    if (F.lt(hub, rrsw)) losses[side].rrsw++;
  }
  assert.equal([losses.high.rrs, losses.high.kseq, losses.high.optimum], [0, 0, 0], 'H3: no loss to RRS, K-SEQ or α*_iid when q(a) ≥ 1/2');
  assert.ok(losses.low.rrs > 0 && losses.low.rrsw > 0 && losses.high.rrsw > 0, 'H4: losses exist');
  report('spechub-dominance', {
    'instances (grids n = 3, 4 with d ≤ 4, and random n ≤ 6)': checked,
    'with q(a) ≥ 1/2 (H3 checked)': hypothesis,
    'K-SEQ with irrational ρ* (float comparison)': irrational,
  });
  console.log(`  [proof spechub-dominance] SpecHub loses, q(a) < 1/2: to RRS ${losses.low.rrs}, K-SEQ ${losses.low.kseq}, α*_iid ${losses.low.optimum}, RRSw ${losses.low.rrsw}; q(a) ≥ 1/2: to RRS ${losses.high.rrs}, K-SEQ ${losses.high.kseq}, α*_iid ${losses.high.optimum}, RRSw ${losses.high.rrsw}`);
});

test('H4: the examples of the table, exactly', () => {
  const v = (...xs: string[]) => xs.map((x) => Rational.parse(x));
  const one = { p: v('0', '0', '1'), q: v('1/3', '1/3', '1/3') };
  assert.is(acceptance('spechub', one.p, one.q).value.toString(), '1/2');
  assert.is(acceptance('rrs', one.p, one.q).value.toString(), '5/9');
  assert.is(acceptance('rrsw', one.p, one.q).value.toString(), '2/3');
  const two = { p: v('0', '0', '1'), q: v('1/4', '1/2', '1/4') };
  assert.is(acceptance('spechub', two.p, two.q).value.toString(), '1/2');
  assert.is(acceptance('rrsw', two.p, two.q).value.toString(), '7/12');
  const three = { p: v('1/7', '1/7', '5/7'), q: v('3/8', '1/2', '1/8') };
  assert.is(acceptance('spechub', three.p, three.q).value.toString(), '15/28');
  assert.is(acceptance('rrsw', three.p, three.q).value.toString(), '153/280');
});

test.run();
