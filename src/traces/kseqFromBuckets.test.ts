// K-SEQ's ρ* selected by the replay's ratio buckets (`kseqRhoSearchFromBuckets` in src/verifiers/kseqRhoSearch.ts fed
// by `kseqBuckets` of src/traces/_internals/ratioBuckets.ts, docs/theory.md §11.8) against references computed
// without the buckets: whenever ρ̂ ∈ (1, k) is returned, h(ρ̂) ≥ 0 holds exactly (rationals, on dyadic laws whose
// doubles are the exact law) and ρ̂ is within 1e-12 relative of the exact root ρ* (rationals, `kseqRho`); β̂ and γ̂,
// when returned, are `kseqBeta` / `kseqRejection` to 16u·Σp/ρ̂; on the near-degenerate laws of the float fuzz suite
// (zeros, ties, one-hots, subnormals, q = p) ρ̂ is certified by the exact-rounding check (`kseqCertifiedGap`) and the
// K-SEQ acceptance β(ρ̂)·Σγ^i agrees with the previous search's (`kseqRhoSearch`, its own selection pass) to 1e-12
// relative. Sizes: n ≤ 40 (fuzz), n = 3,000 and 30,000 (the buckets near ρ* hold tens to hundreds of tokens).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair } from '../../property-tests/arbitraries/degenerateLaws.ts';
import { kseqBeta, kseqCertifiedGap, kseqGap, kseqRejection, kseqRho, kseqRhoIllinois } from '../verifiers/kseq.ts';
import { kseqRhoSearch, kseqRhoSearchFromBuckets } from '../verifiers/kseqRhoSearch.ts';
import { compensatedSumExcept } from '../verifiers/floatKernels.ts';
import { FIRST, firstOut, firstPass, kseqBuckets, ratioOrderedForms } from './_internals/ratioBuckets.ts';

/** Calls of the fallback search (the bracketing search, after repeated failed certifications): the buckets guide
 * the search only if it is rarely needed, so each test bounds it. */
let fallbacks = 0;

/** The bucketed search as the replay runs it: first pass, bucket pass, then the search on those buckets. */
function bucketed(p: ArrayLike<number>, q: ArrayLike<number>, k: number, duals = true) {
  firstPass(p, q);
  const total = firstOut[FIRST.sumQ]!;
  const a = firstOut[FIRST.hub]!;
  const rest = q[a]! <= 0.5 * total ? total - q[a]! : compensatedSumExcept(q, a);
  // With the duals the search reads their running bucket sums; without (RRSw only, k = 2) it sums its own.
  ratioOrderedForms(p, q, k, { iid: duals, wor: duals, rrsw: true, hubSums: true }, rest);
  const buckets = kseqBuckets(k);
  assert.ok(buckets !== null, 'the bucket pass ran');
  const fallback = () => {
    fallbacks++;
    return kseqRhoIllinois(p, q, k);
  };
  const alone = kseqRhoSearchFromBuckets(p, q, k, fallback, buckets, { values: true });
  // The replay's route: the same search inside `ratioOrderedForms`, its bucket gathered in the shared visit.
  const before = fallbacks;
  const shared = ratioOrderedForms(p, q, k, { iid: duals, wor: duals, rrsw: true, hubSums: true, kseq: fallback }, rest).kseq;
  fallbacks = before;
  assert.ok(shared !== null, 'ratioOrderedForms computed K-SEQ');
  assert.ok(Object.is(shared.rho, alone.rho) && Object.is(shared.beta, alone.beta) && Object.is(shared.gamma ?? null, alone.gamma ?? null), `shared visit ${JSON.stringify(shared)} vs alone ${JSON.stringify(alone)}`);
  return alone;
}

/** K-SEQ's acceptance from ρ (β and γ summed the generic way). */
function acceptance(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number): number {
  const beta = kseqBeta(floatField, p, q, rho);
  const gamma = kseqRejection(floatField, p, q, rho);
  let scale = 0;
  let term = 1;
  for (let i = 0; i < k; i++) {
    scale += term;
    term *= gamma;
  }
  return beta * scale;
}

test('near-degenerate laws (n ≤ 40, k = 2 … 4): ρ̂ certified, β̂ and γ̂ = the generic sums to 16u, acceptance = the previous search’s to 1e-12', () => {
  let inside = 0;
  let returned = 0;
  fallbacks = 0;
  fc.assert(
    fc.property(degeneratePair({ minN: 2, maxN: 40 }), fc.integer({ min: 2, max: 4 }), ({ p, q }, k) => {
      if (q.filter((x) => x > 0).length < 1) return;
      const r = bucketed(p, q, k);
      assert.ok(r.rho >= 1 && r.rho <= k, `ρ̂ = ${r.rho} outside [1, ${k}]`);
      if (r.beta !== null) {
        // From the certifying pass: by quotients p·fl(1/ρ̂) (each within 2u of p/ρ̂) or bit for bit kseqBeta /
        // kseqRejection; both sums within 16u·Σ p/ρ̂ (plus subnormal rounding) of the generic ones.
        const beta = kseqBeta(floatField, p, q, r.rho);
        const gamma = kseqRejection(floatField, p, q, r.rho);
        const scale = (8 * Number.EPSILON * p.reduce((s, x) => s + x, 0)) / r.rho + 64 * Number.MIN_VALUE * p.length;
        assert.ok(Math.abs(r.beta - beta) <= scale, `β̂ ${r.beta} vs kseqBeta ${beta}`);
        assert.ok(Math.abs(r.gamma! - gamma) <= scale, `γ̂ ${r.gamma} vs kseqRejection ${gamma}`);
        returned++;
      }
      if (r.rho > 1 && r.rho < k) {
        inside++;
        assert.ok(kseqCertifiedGap(p, q, k, r.rho).ok, `ρ̂ = ${r.rho} returned but h(ρ̂) is below its error bound`);
      }
      const previous = kseqRhoSearch(p, q, k, () => kseqRhoIllinois(p, q, k)).rho;
      const mine = acceptance(p, q, k, r.rho);
      const theirs = acceptance(p, q, k, previous);
      assert.ok(Math.abs(mine - theirs) <= 1e-12 * theirs + 64 * Number.MIN_VALUE, `acceptance ${mine} (ρ̂ ${r.rho}) vs ${theirs} (ρ̂ ${previous}), k = ${k}`);
    }),
    { numRuns: 400, seed: 1308 },
  );
  assert.ok(inside >= 100, `only ${inside} searches inside (1, k)`);
  assert.ok(returned >= 100, `β̂, γ̂ returned only ${returned} times`);
  assert.ok(fallbacks <= 4, `the fallback search ran ${fallbacks} times (0 at this seed)`);
});

/** Exact dyadic law from shape weights: integer weights summing to 2^bits (every double is the exact mass). */
function dyadic(shape: number[], bits: number): Float64Array {
  const total = shape.reduce((s, x) => s + x, 0);
  const w = shape.map((x) => Math.floor((x / total) * 2 ** bits));
  let big = 0;
  for (let i = 1; i < w.length; i++) if (w[i]! > w[big]!) big = i;
  w[big]! += 2 ** bits - w.reduce((s, x) => s + x, 0);
  return Float64Array.from(w, (x) => x / 2 ** bits);
}

test('dyadic laws at n = 3,000 and 30,000 (k = 2, 3): h(ρ̂) ≥ 0 exactly and ρ̂ within 1e-12 of the exact ρ*', () => {
  const rng = createRng('kseq-from-buckets');
  let checked = 0;
  fallbacks = 0;
  for (const n of [3000, 30_000]) {
    for (let c = 0; c < 3; c++) {
      const bits = 40;
      const q = dyadic(Array.from({ length: n }, (_, i) => Math.exp(-6 * rng()) / (i + 1)), bits);
      // Ratios spread around 1 (Zipf-like tail with noise, a few tokens far above k and some p = 0).
      const p = dyadic(Array.from(q, (x) => (rng() < 0.05 ? 0 : x * Math.exp(1.2 * (rng() - 0.45)) * (rng() < 0.02 ? 20 : 1))), bits);
      for (const k of [2, 3]) {
        const r = bucketed(p, q, k);
        const P = Array.from(p, Rational.fromNumber);
        const Q = Array.from(q, Rational.fromNumber);
        const star = kseqRho(rationalField, P, Q, k).rho.toNumber();
        assert.ok(r.rho > 1 && r.rho < k, `n = ${n}, k = ${k}: ρ̂ = ${r.rho} not inside (1, k) (ρ* = ${star})`);
        assert.ok(kseqGap(rationalField, P, Q, k, Rational.fromNumber(r.rho)).sign() >= 0, `h(ρ̂ = ${r.rho}) < 0 exactly`);
        assert.ok(r.rho >= star * (1 - 1e-15) && r.rho <= star * (1 + 1e-12), `ρ̂ ${r.rho} vs exact ρ* ${star}`);
        if (k === 2) assert.ok(Math.abs(bucketed(p, q, k, false).rho - r.rho) <= 1e-12 * r.rho, 'the same ρ̂ from its own bucket sums');
        checked++;
      }
    }
  }
  assert.is(checked, 12);
  assert.is(fallbacks, 0, 'the buckets found ρ* without the fallback search');
});

test('every token but two on one ratio (q = p elsewhere), one-hot laws, disjoint supports, p = q: ρ̂ = the exact ρ* (or 1)', () => {
  fallbacks = 0;
  const n = 500;
  const q = Float64Array.from({ length: n }, () => 1 / n);
  // p = q but one token doubled and one halved: ρ* found inside the single crowded bucket around 1.
  const p = q.slice();
  p[0] = 2 / n;
  p[1] = 0;
  for (const k of [2, 3]) {
    const r = bucketed(p, q, k);
    const star = kseqRho(rationalField, Array.from(p, Rational.fromNumber), Array.from(q, Rational.fromNumber), k).rho.toNumber();
    assert.ok(Math.abs(r.rho - star) <= 1e-12 * star, `k = ${k}: ρ̂ ${r.rho} vs ρ* ${star}`);
  }
  const oneHot = new Float64Array(n);
  oneHot[7] = 1;
  for (const [target, draft, what] of [[q, oneHot, 'one-hot draft'], [oneHot, q, 'one-hot target']] as const) {
    const star = kseqRho(rationalField, Array.from(target, Rational.fromNumber), Array.from(draft, Rational.fromNumber), 2).rho.toNumber();
    const r = bucketed(target, draft, 2).rho;
    assert.ok(r >= star * (1 - 1e-15) && r <= star * (1 + 1e-12), `${what}: ρ̂ ${r} vs exact ρ* ${star}`);
  }
  const left = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 2 / n : 0));
  const right = Float64Array.from({ length: n }, (_, i) => (i >= n / 2 ? 2 / n : 0));
  assert.is(bucketed(left, right, 2).rho, 1, 'disjoint supports: ρ* = 1');
  assert.is(bucketed(q, q, 2).rho, 1, 'p = q: ρ* = 1');
  assert.is(fallbacks, 0, 'no fallback search');
});

test.run();
