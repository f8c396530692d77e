// prefixDualsFloat against subsetDualPrefix's float path (the previous computation, one scan per scheme): the
// same doubles (same order, same arithmetic) for i.i.d. drafts k = 1..4 and without-replacement drafts
// k = 1, 2 (null for k ≥ 3), on random laws n = 1..50,000 with zeros, ties and dust; and against the exact
// rational prefix dual on near-degenerate pairs (n ≤ 20; rationals of subnormals are slow) within the float closed-form tolerance.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField } from '../core/field.ts';
import { exactlyRenormalised, renormalise } from '../core/renormalise.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair } from '../../property-tests/arbitraries/degenerateLaws.ts';
import { floatRatioOrder } from './floatRatioOrder.ts';
import { prefixDualsFloat } from './prefixDualsFloat.ts';
import { subsetDualPrefix } from './subsetDualPrefix.ts';

function randomLaw(rng: () => number, n: number): Float64Array {
  const v = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = rng();
    v[i] = r < 0.1 ? 0 : r < 0.2 ? 1e-300 : r < 0.3 ? Math.floor(rng() * 3) + 1 : rng();
    s += v[i]!;
  }
  if (s === 0) v[0] = s = 1;
  return v.map((x) => x / s);
}

test('= subsetDualPrefix(floatField, …) exactly, iid k = 1..4, wor k = 1, 2', () => {
  const rng = createRng('prefix-duals-float');
  for (const n of [1, 2, 9, 300, 5000, 50_000]) {
    const p = randomLaw(rng, n);
    const q = randomLaw(rng, n);
    for (let k = 1; k <= 4; k++) {
      const duals = prefixDualsFloat(p, q, k, floatRatioOrder(p, q));
      assert.is(duals.iid, subsetDualPrefix(floatField, 'iid', p, q, k).optimum, `iid, n = ${n}, k = ${k}`);
      if (k <= 2) assert.is(duals.wor, subsetDualPrefix(floatField, 'wor', p, q, k).optimum, `wor, n = ${n}, k = ${k}`);
      else assert.is(duals.wor, null);
    }
  }
});

test('vs the exact rational prefix dual on near-degenerate pairs (n ≤ 20, k = 1, 2)', () => {
  let compared = 0;
  fc.assert(
    fc.property(degeneratePair({ maxN: 20 }), fc.integer({ min: 1, max: 2 }), ({ p, q }, k) => {
      const pf = renormalise(p);
      const qf = renormalise(q);
      if (qf.filter((x) => x > 0).length < k) return; // k drafts need k draftable tokens (validated upstream)
      const P = exactlyRenormalised(p);
      const Q = exactlyRenormalised(q);
      const duals = prefixDualsFloat(pf, qf, k, floatRatioOrder(pf, qf));
      for (const [scheme, value] of [['iid', duals.iid], ['wor', duals.wor]] as const) {
        const exact = subsetDualPrefix(rationalField, scheme, P, Q, k).optimum.toNumber();
        // Prefix sums of n ≤ 50 terms of a law renormalised to ~1e-16: absolute error ≤ ~1e-14.
        assert.ok(Math.abs(value! - exact) <= 1e-13, `${scheme}, k = ${k}: ${value} vs exact ${exact}`);
        compared++;
      }
    }),
    { numRuns: 150, seed: 20260118 },
  );
  assert.ok(compared >= 200, `only ${compared} comparisons`);
});

test.run();
