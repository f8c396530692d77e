// rrswTwoDraftAcceptanceFast against the comparator-sort closed form `rrswTwoDraftAcceptance`:
// (a) float reference, 1e-12 relative, on random laws n = 2..128,256 built to reach every branch: a heavy token
//     (q(x) > ½, summed complement), many breakpoints above 1 reached by large q(x) (the search), q = 0 and
//     p = 0 entries, exact ties, p one ulp above q (p/q rounds to 1, tied with p = q), q = 1e-300 under a
//     moderate p (subnormal q is left to (b): the reference's P₂/q overflows there, see below);
// (b) on the near-degenerate pairs of the float fuzz suite (n ≤ 50): the exact rational value within the
//     closed-form tolerance of property-tests/floatChecks.ts, always; the float reference to 1e-12 relative
//     wherever the reference meets that tolerance. (The reference does not when q(y) and 1 − q(x) are
//     subnormal: its P₂(y)/q(y) overflows, e.g. p = [¼, ¼, ¼, 4e-17, ¼], q = [3.48792e-318, 1, 0,
//     5.180614e-318, 0] gives 0.55177…, exact 0.5; the fast form compares P₂(y)·(1 − q(x)) ≤ q(y) instead.)
// (c) that example, pinned.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField } from '../core/field.ts';
import { exactlyRenormalised, renormalise } from '../core/renormalise.ts';
import { floatRatioOrder } from '../optimum/floatRatioOrder.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair } from '../../property-tests/arbitraries/degenerateLaws.ts';
import { subnormalPerturbation, SUBNORMAL_FACTOR, TOLERANCE } from '../../property-tests/floatChecks.ts';
import { rrsw, rrswTwoDraftAcceptance } from './rrsw.ts';
import { breakpointAtOrBelow, rrswTwoDraftAcceptanceFast } from './rrswTwoDraftAcceptanceFast.ts';
import { Rational } from '../core/rational.ts';

function normalised(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return v.map((x) => x / s);
}

function randomPair(rng: () => number, n: number, shape: number): [Float64Array, Float64Array] {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    p[i] = r < 0.05 ? 0 : r < 0.15 ? Math.floor(rng() * 4) + 1 : rng() * 3;
    const s = rng();
    q[i] = s < 0.05 ? 0 : s < 0.15 ? p[i]! : s < 0.2 ? 1e-300 : rng() * 3;
  }
  if (shape === 1) q[Math.floor(rng() * n)] = 4 * n; // heavy token: q(x) > ½
  if (shape === 2) for (let j = 0; j < 5; j++) q[Math.floor(rng() * n)] = n / 8; // several large q(x): the search runs
  if (shape === 3) p[Math.floor(rng() * n)] = 3 * n; // a heavy target token
  const P = normalised(p);
  const Q = normalised(q);
  if (shape === 4) {
    // ulp ties: p one ulp above q on some tokens, p = q on the others (p/q = 1 for both).
    for (let i = 0; i < n; i++) P[i] = Q[i]!;
    for (let j = 0; j < Math.max(1, n >> 4); j++) {
      const i = Math.floor(rng() * n);
      if (Q[i]! > 0) P[i] = Q[i]! * (1 + 2 ** -52);
    }
  }
  return [P, Q];
}

test('(a) = rrswTwoDraftAcceptance(floatField) to 1e-12 relative, n = 2..128,256, every branch', () => {
  const rng = createRng('rrsw-fast');
  let cases = 0;
  for (const n of [2, 3, 5, 17, 200, 2047, 5000, 32_000, 128_256]) {
    for (let shape = 0; shape <= (n > 50_000 ? 1 : 4); shape++) {
      const [p, q] = randomPair(rng, n, shape);
      const expected = rrswTwoDraftAcceptance(floatField, p, q);
      const actual = rrswTwoDraftAcceptanceFast(p, q);
      const withOrder = rrswTwoDraftAcceptanceFast(p, q, floatRatioOrder(p, q));
      assert.ok(Math.abs(actual - expected) <= 1e-12 * expected + 1e-300, `n = ${n}, shape ${shape}: ${actual} vs ${expected}`);
      assert.is(withOrder, actual, 'a given order gives the same value');
      assert.ok(actual >= 0 && actual <= 1);
      cases++;
    }
  }
  assert.is(cases, 42);
});

test('(b) near-degenerate pairs (n ≤ 50): fast form and rrsw.acceptance = exact; = float reference where the reference is', () => {
  let compared = 0;
  let referenceOff = 0;
  fc.assert(
    fc.property(degeneratePair({ maxN: 50 }), ({ p, q }) => {
      const pf = renormalise(p);
      const qf = renormalise(q);
      let positive = 0;
      for (const x of qf) positive += +(x > 0);
      if (positive < 2) return; // k = 2 needs two draftable tokens (validated upstream)
      const value = rrswTwoDraftAcceptanceFast(pf, qf);
      const reference = rrswTwoDraftAcceptance(floatField, pf, qf);
      assert.ok(value >= 0 && value <= 1);
      const P = exactlyRenormalised(p);
      const Q = exactlyRenormalised(q);
      const exact = rrswTwoDraftAcceptance(rationalField, P, Q).toNumber();
      const relative = Math.max(TOLERANCE.relative, SUBNORMAL_FACTOR * subnormalPerturbation(p, P), SUBNORMAL_FACTOR * subnormalPerturbation(q, Q));
      const within = (v: number) => Math.abs(v - exact) <= relative * exact + TOLERANCE.absolute;
      assert.ok(within(value), `${value} vs exact ${exact}, p = ${JSON.stringify(p)}, q = ${JSON.stringify(q)}`);
      const verifierValue = rrsw.acceptance(floatField, pf, qf, 2).value;
      assert.ok(within(verifierValue), `rrsw.acceptance ${verifierValue} vs exact ${exact}, p = ${JSON.stringify(p)}, q = ${JSON.stringify(q)}`);
      compared++;
      if (!within(reference)) {
        referenceOff++;
        return;
      }
      assert.ok(Math.abs(value - reference) <= 1e-12 * reference + 1e-300, `${value} vs float reference ${reference}, p = ${JSON.stringify(p)}, q = ${JSON.stringify(q)}`);
    }),
    { numRuns: 80, seed: 20260117 },
  );
  assert.ok(compared >= 50 && referenceOff <= compared / 10, `compared ${compared}, reference off ${referenceOff}`);
});

test('(c) subnormal 1 − q(x): the exact value where the reference’s ratio overflows', () => {
  const p0 = [0.25, 0.25, 0.25, 4e-17, 0.25];
  const q0 = [3.48792e-318, 1, 0, 5.180614e-318, 0];
  const exact = rrswTwoDraftAcceptance(rationalField, exactlyRenormalised(p0), exactlyRenormalised(q0)).toNumber();
  assert.ok(Math.abs(exact - 0.5) < 1e-15, `exact ${exact}`);
  const value = rrswTwoDraftAcceptanceFast(renormalise(p0), renormalise(q0));
  assert.ok(Math.abs(value - exact) <= 1e-5 * exact, `${value} vs exact ${exact}`);
  // The verifier's float acceptance takes the ratio-free form on such inputs (it printed 0.5518 before).
  const viaVerifier = rrsw.acceptance(floatField, renormalise(p0), renormalise(q0), 2).value;
  assert.ok(Math.abs(viaVerifier - exact) <= 1e-5 * exact, `rrsw.acceptance ${viaVerifier} vs exact ${exact}`);
  const q1 = renormalise([0, 5e-324, 1]);
  const p1 = renormalise([0.3, 0.3, 0.4]);
  const exact1 = rrswTwoDraftAcceptance(rationalField, exactlyRenormalised([0.3, 0.3, 0.4]), exactlyRenormalised([0, 5e-324, 1])).toNumber();
  assert.ok(Math.abs(rrsw.acceptance(floatField, p1, q1, 2).value - exact1) <= 1e-9, `second case: ${rrsw.acceptance(floatField, p1, q1, 2).value} vs ${exact1}`);
});

// Regression (found by a randomised comparison with the exact value): with 1 − q(x) a few subnormal ulps, the test
// ρ_y ≤ c_x made as P₂(y)·(1 − q(x)) ≤ q(y) rounds the product on the subnormal grid. Here 1 − q(a) = 3 ulps and
// q(4) = 1 ulp: P₂(4)·3 ulps rounds to 1 ulp = q(4), so P₂(4) was counted where min(P₂, c·q) = 1/3 (0.420 for
// 0.377). Below 2⁻⁹⁶⁹ the test is now P₂ ≤ q/(1 − q(x)) (TINY_REST).
test('(d) 1 − q(x) a few subnormal ulps: ρ ≤ c without the product’s subnormal rounding (exact to 1e-11)', () => {
  const p = [0.38727563965408135, 0.19255972868467328, 0.0003770255734954748, 0.06440154185640658, 0.3553860642313432];
  const q = [0, 0, 1e-323, 1, 5e-324];
  const exact = rrswTwoDraftAcceptance(rationalField, exactlyRenormalised(p), exactlyRenormalised(q)).toNumber();
  const value = rrswTwoDraftAcceptanceFast(p, q);
  assert.ok(Math.abs(value - exact) <= 1e-11 * exact, `${value} vs exact ${exact}`);
  const viaVerifier = rrsw.acceptance(floatField, p, q, 2).value;
  assert.ok(Math.abs(viaVerifier - exact) <= 1e-11 * exact, `rrsw.acceptance ${viaVerifier} vs exact ${exact}`);
});

// Regression (`npm run fuzz:replay -- --seed 9`): P₂·rest below 2⁻¹⁰⁷⁵ rounded to 0, and 0 ≤ q = 0 counted a
// breakpoint at +∞ as at or below c. The test is now the exact comparison P₂·rest ≤ q wherever the product is not
// within rounding of q: checked against rationals on tiny, subnormal and zero operands.
test('(e) breakpointAtOrBelow = the exact P₂·rest ≤ q for tiny P₂ and subnormal products (zero, tiny and subnormal q)', () => {
  const exact = (P2: number, q: number, rest: number) => Rational.fromNumber(P2).mul(Rational.fromNumber(rest)).compare(Rational.fromNumber(q)) <= 0;
  const rng = createRng('breakpoint-subnormal');
  let checked = 0;
  const masses = [0, 5e-324, 1e-323, 2.46730556967723e-310, 1e-300, 2 ** -600, 2 ** -511, 0.25, 1];
  const rests = [2 ** -969, 2 ** -700, 2 ** -512, 1e-17, 2 ** -60, 0.5, 1];
  for (const P2 of masses) {
    for (const rest of rests) {
      // q: 0, the exact product's neighbours on the subnormal grid, and random tiny values.
      const product = P2 * rest;
      const qs = [0, 5e-324, 1e-323, product, product * (1 + 2 ** -52), product * (1 - 2 ** -52), rng() * 1e-310, rng() * 2 ** -1000, rng() * 1e-320];
      for (const q of qs) {
        const want = exact(P2, q, rest);
        const got = breakpointAtOrBelow(P2, q, rest);
        // A normal product within one rounding of q may go either way (the documented rounding band).
        const band = product >= 2 ** -1022 && Math.abs(product - q) <= 2 ** -52 * product;
        if (!band) assert.is(got, want, `P₂ = ${P2}, rest = ${rest}, q = ${q}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 500);
  assert.is(breakpointAtOrBelow(2.46730556967723e-310, 0, 1e-17), false, 'a breakpoint at +∞ (q = 0) is never at or below c');
});

test.run();
