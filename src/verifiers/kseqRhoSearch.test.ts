// K-SEQ's float ρ* search (docs/theory.md §11.4, §11.7): the certifying pass's β̂ and γ̂ are the generic
// program's `kseqBeta` / `kseqRejection` bit for bit (the fast path reuses γ̂ for its residual), and the search
// stays certified on the inputs where its parts are fragile: ties, zeros, one-hots, subnormal masses, q = p up to
// an ulp, disjoint supports, and a bucket holding so many breakpoints that it is ordered by sort instead of by
// insertion (checked exactly with rationals).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair } from '../../property-tests/arbitraries/degenerateLaws.ts';
import { kseqAcceptanceAt, kseqBeta, kseqCertifiedGap, kseqGap, kseqRejection, kseqRho, kseqRhoIllinois } from './kseq.ts';
import { kseqCertifyByReciprocal, kseqRhoSearch } from './kseqRhoSearch.ts';

const search = (p: ArrayLike<number>, q: ArrayLike<number>, k: number) => kseqRhoSearch(p, q, k, () => kseqRhoIllinois(p, q, k));

test('certified ρ̂ (or an end point), β̂ = kseqBeta and γ̂ = kseqRejection bit for bit when returned (degenerate laws)', () => {
  let searched = 0;
  fc.assert(
    fc.property(degeneratePair({ minN: 2, maxN: 40 }), fc.integer({ min: 2, max: 4 }), ({ p, q }, k) => {
      const r = search(p, q, k);
      assert.ok(r.rho >= 1 && r.rho <= k, `ρ̂ = ${r.rho} outside [1, ${k}]`);
      if (r.beta !== null) {
        assert.ok(Object.is(r.beta, kseqBeta(floatField, p, q, r.rho)), `β̂ ${r.beta} vs kseqBeta ${kseqBeta(floatField, p, q, r.rho)}`);
        assert.ok(Object.is(r.gamma, kseqRejection(floatField, p, q, r.rho)), `γ̂ ${r.gamma} vs kseqRejection ${kseqRejection(floatField, p, q, r.rho)}`);
      } else assert.is(r.gamma ?? null, null);
      if (r.rho > 1 && r.rho < k) {
        searched++;
        assert.ok(kseqCertifiedGap(p, q, k, r.rho).ok, `ρ̂ = ${r.rho} returned but h(ρ̂) is below its error bound`);
      }
      assert.is(kseqRho(floatField, p, q, k).rho, r.rho, 'kseqRho(floatField) returns the search result');
    }),
    { numRuns: 400, seed: 15 },
  );
  assert.ok(searched >= 100, `only ${searched} searches inside (1, k)`);
});

// The division-free certificate is sound: whenever it accepts ρ, h(ρ) ≥ 0 in exact arithmetic. Dyadic laws (the
// doubles are the exact law), ρ at and around ρ* (the exact root or its verified upper bound): a few ulps below,
// at, and up to 1e-13 above; it must also accept a clear majority of the points well above ρ* (not vacuous).
test('division-free certificate: accepts only ρ with h(ρ) ≥ 0 exactly, and accepts ρ clearly above ρ*', () => {
  const rng = createRng('kseq-reciprocal-certificate');
  let accepted = 0;
  let clearlyAbove = 0;
  let acceptedAbove = 0;
  for (let c = 0; c < 120; c++) {
    const n = 2 + Math.floor(rng() * 60);
    const bits = 24;
    const p = dyadic(integerWeights(Array.from({ length: n }, () => rng() ** 2), bits), bits);
    const q = dyadic(integerWeights(Array.from({ length: n }, () => rng() ** 2), bits), bits);
    const k = 2 + Math.floor(rng() * 3);
    const P = Array.from(p, Rational.fromNumber);
    const Q = Array.from(q, Rational.fromNumber);
    const star = kseqRho(rationalField, P, Q, k).rho.toNumber();
    if (!(star > 1 && star < k)) continue;
    for (const rho of [star * (1 - 4e-16), star, star * (1 + 1e-15), star * (1 + 1e-14), star * (1 + 1e-13), star * (1 + 1e-6)]) {
      if (!(rho >= 1 && rho <= k)) continue;
      const ok = kseqCertifyByReciprocal(p, q, k, rho);
      if (rho >= star * (1 + 1e-13)) {
        clearlyAbove++;
        if (ok) acceptedAbove++;
      }
      if (!ok) continue;
      accepted++;
      assert.ok(kseqGap(rationalField, P, Q, k, Rational.fromNumber(rho)).sign() >= 0, `accepted ρ = ${rho} with h(ρ) < 0 exactly (ρ* = ${star}, n = ${n}, k = ${k})`);
    }
  }
  assert.ok(clearlyAbove >= 100 && acceptedAbove >= 0.9 * clearlyAbove, `accepted ${acceptedAbove} of ${clearlyAbove} points clearly above ρ*`);
  assert.ok(accepted >= acceptedAbove, 'counts');
});

/** Exact dyadic law from integer weights summing to 2^units (every double is the exact mass). */
function dyadic(weights: number[], bits: number): Float64Array {
  return Float64Array.from(weights, (w) => w / 2 ** bits);
}

/** Integer weights ≥ 0 summing to 2^bits, proportional to `shape` (the remainder goes to the largest). */
function integerWeights(shape: number[], bits: number): number[] {
  const total = shape.reduce((s, x) => s + x, 0);
  const w = shape.map((x) => Math.floor((x / total) * 2 ** bits));
  let rest = 2 ** bits - w.reduce((s, x) => s + x, 0);
  let big = 0;
  for (let i = 1; i < w.length; i++) if (w[i]! > w[big]!) big = i;
  w[big]! += rest;
  rest = 0;
  return w;
}

// The ρ* bucket ordered by sort (more than 256 breakpoints in it): n = 30,000 tokens whose ratios spread over
// [0.95, 1.55], so the buckets of (1, k) near ρ* hold about 380 of them. h(ρ̂) ≥ 0 is checked exactly.
test('a crowded ρ* bucket (ordered by sort): ρ̂ certified, h(ρ̂) ≥ 0 exactly, within 1e-12 of the previous search', () => {
  const rng = createRng('kseq-crowded-bucket');
  const bits = 40;
  for (let c = 0; c < 2; c++) {
    const n = 30_000;
    const qShape = Array.from({ length: n }, () => 0.5 + rng());
    const qw = integerWeights(qShape, bits);
    const pw = integerWeights(
      qw.map((x) => x * (0.95 + 0.6 * rng())),
      bits,
    );
    const p = dyadic(pw, bits);
    const q = dyadic(qw, bits);
    const k = 2;
    const r = search(p, q, k);
    assert.ok(r.rho > 1 && r.rho < k && kseqCertifiedGap(p, q, k, r.rho).ok, `ρ̂ = ${r.rho} not from the segment search`);
    // Tokens whose breakpoint shares ρ̂'s bucket (x = (ρ − 1)/(ρ + 1) in 126 equal steps up to (k − 1)/(k + 1)).
    const bucketOf = (ratio: number) => 1 + Math.floor((((ratio - 1) / (ratio + 1)) * 126) / ((k - 1) / (k + 1)));
    const crowd = Array.from(p).filter((x, y) => bucketOf(x / q[y]!) === bucketOf(r.rho)).length;
    assert.ok(crowd > 256, `only ${crowd} breakpoints in ρ̂'s bucket: the sort path is not exercised`);
    const P = Array.from(p, Rational.fromNumber);
    const Q = Array.from(q, Rational.fromNumber);
    assert.ok(kseqGap(rationalField, P, Q, k, Rational.fromNumber(r.rho)).sign() >= 0, `h(ρ̂ = ${r.rho}) < 0 exactly`);
    const previous = kseqRhoIllinois(p, q, k);
    assert.ok(Math.abs(r.rho - previous) <= 1e-12 * previous, `ρ̂ ${r.rho} vs previous search ${previous}`);
  }
});

// Ties: exactly tied breakpoints (ratio 3/2 on one block of tokens, one smaller ratio on the rest), one-hot / subnormal
// entries, at sizes where the buckets and the gather are exercised (n up to 3,000).
test('ties, one-hots and subnormal masses at n ≤ 3,000: certified, β̂ and γ̂ bit for bit when returned', () => {
  const rng = createRng('kseq-search-edges');
  let searched = 0;
  for (let c = 0; c < 60; c++) {
    const n = 2 + Math.floor(rng() * 3000);
    const kind = c % 4;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    if (kind === 0) {
      // Two blocks of exact ties: ratio 3/2 on the first half, 1/2 on the second.
      const half = Math.max(1, n >> 1);
      for (let y = 0; y < n; y++) q[y] = 1 / n;
      for (let y = 0; y < n; y++) p[y] = y < half ? 1.5 / n : (n - 1.5 * half) / (n - half) / n;
    } else if (kind === 1) {
      // One-hot q, spread p.
      q[Math.floor(rng() * n)] = 1;
      for (let y = 0; y < n; y++) p[y] = 1 / n;
    } else if (kind === 2) {
      // Subnormal and tiny masses mixed with ordinary ones.
      for (let y = 0; y < n; y++) {
        const u = rng();
        p[y] = u < 0.2 ? 5e-324 : u < 0.4 ? 1e-300 : rng();
        q[y] = u > 0.8 ? 2 ** -1060 : rng();
      }
      const sp = p.reduce((s, x) => s + x, 0);
      const sq = q.reduce((s, x) => s + x, 0);
      for (let y = 0; y < n; y++) {
        p[y]! /= sp;
        q[y]! /= sq;
      }
    } else {
      // Near one-hot both, with zeros.
      const a = Math.floor(rng() * n);
      p[a] = 1 - 1e-12;
      p[(a + 1) % n]! += 1e-12;
      q[(a + 1) % n] = 0.5;
      q[a]! += 0.5;
    }
    for (const k of [2, 3]) {
      const r = search(p, q, k);
      if (r.beta !== null) {
        assert.ok(Object.is(r.beta, kseqBeta(floatField, p, q, r.rho)), 'β̂ bit for bit');
        assert.ok(Object.is(r.gamma, kseqRejection(floatField, p, q, r.rho)), 'γ̂ bit for bit');
      }
      if (!(r.rho > 1 && r.rho < k)) continue;
      searched++;
      assert.ok(kseqCertifiedGap(p, q, k, r.rho).ok, `kind ${kind}, n = ${n}, k = ${k}: ρ̂ = ${r.rho} not certified`);
    }
  }
  assert.ok(searched >= 30, `only ${searched} certified searches`);
});

// The sums certificate (`certificate: 'sums'`, the verifier's own ρ̂, docs/theory.md §11.4): ρ̂ certified from the
// selection pass's plain bucket sums, no pass at ρ̂. Laws that sum to 1 exactly as rationals but whose float sums
// round (integer weights below 2^53 over a power of two above 2^53), so the sums carry real rounding errors; h(ρ̂)
// ≥ 0 is checked exactly, and so are the stated error bounds of β̂(ρ̂) and Σq. (These random laws' sums stay within
// about 0.1·n·u of the true ones, well inside the margin: the next test's law is the one that needs it. Without the
// margin ρ̂ would be the pass's own, which the last assertion here catches.)
test('sums certificate: h(ρ̂) ≥ 0 exactly, β̂ and Σq within their stated errors, acceptance within 2(ρ + k)(k + 2)·n·u of the pass-certified ρ̂', () => {
  const rng = createRng('kseq-sums-certificate');
  let searched = 0;
  let bySums = 0;
  let worstExcess = 0;
  for (let c = 0; c < 90; c++) {
    const n = 2 + Math.floor(rng() ** 2 * 4000);
    const k = 2 + (c % 3);
    const weight = () => (rng() < 0.05 ? 0 : Math.floor(rng() ** 3 * 2 ** 51));
    const pw = Array.from({ length: n }, weight);
    const qw = c % 2 === 0 ? pw.map((w) => Math.floor(w * (0.7 + 0.6 * rng()))) : Array.from({ length: n }, weight);
    const p = roundingLaw(pw);
    const q = roundingLaw(qw);
    const fallback = () => kseqRhoIllinois(p, q, k);
    const r = kseqRhoSearch(p, q, k, fallback, { certificate: 'sums' });
    const pass = kseqRhoSearch(p, q, k, fallback).rho;
    assert.ok(r.rho >= 1 && r.rho <= k, `ρ̂ = ${r.rho} outside [1, ${k}]`);
    if (!(r.rho > 1 && r.rho < k)) continue;
    searched++;
    const P = Array.from(p, Rational.fromNumber);
    const Q = Array.from(q, Rational.fromNumber);
    const R = Rational.fromNumber(r.rho);
    assert.ok(kseqGap(rationalField, P, Q, k, R).sign() >= 0, `case ${c}, n = ${n}, k = ${k}: h(ρ̂ = ${r.rho}) < 0 exactly`);
    // The acceptance given up: at most the certificate's margin in h (|dα/dρ| ≤ dh/dρ, §11.4), about
    // 1.5·(ρ + k)·(k + 1)·n·u·β: bounded here by 2·(ρ + k)·(k + 2)·n·u, plus 16u for the two float evaluations.
    const loss = kseqAcceptanceAt(floatField, p, q, k, pass) - kseqAcceptanceAt(floatField, p, q, k, r.rho);
    const allowed = 2 * (r.rho + k) * (k + 2) * n * 2 ** -53 + 16 * 2 ** -53;
    worstExcess = Math.max(worstExcess, r.rho - pass);
    assert.ok(loss <= allowed, `case ${c}: ρ̂ ${r.rho} gives up ${loss} of acceptance against the pass-certified ${pass} (allowed ${allowed})`);
    if (r.sums === undefined) continue;
    bySums++;
    const beta = kseqBeta(rationalField, P, Q, R);
    assert.ok(within(r.sums.beta, beta, r.sums.betaError), `case ${c}: β̂ ${r.sums.beta} misses β by more than ${r.sums.betaError}`);
    assert.ok(within(r.sums.qTotal, Rational.of(1), r.sums.qTotalError), `case ${c}: Σq ${r.sums.qTotal} misses 1 by more than ${r.sums.qTotalError}`);
  }
  assert.ok(searched >= 45 && bySums >= 0.9 * searched, `searched ${searched}, certified by the sums ${bySums}`);
  assert.ok(worstExcess > 0, 'the sums certificate rounds ρ̂ up (not the same ρ̂ as the pass)');
});

// Teeth for the sums certificate's margin: a law whose plain bucket sum rounds up at nearly every addition (each
// class-B mass p chosen so that the running float sum s + p lands 33/64 of an ulp above a double: it rounds up by
// 31/64 ulp), so β̂ from the sums exceeds β by about n·u/4 relative, the direction in which the float h overstates
// h (∂h/∂β = ρ − k(1 − β)^(k−1) > 0 here). A certificate without the sums' error terms returns a ρ̂ with h(ρ̂) < 0
// exactly on these laws (checked by hand: the margin removed, this test fails; the sums' error bound divided by 10,
// β̂ misses β by more than its stated bound); with them, h(ρ̂) ≥ 0.
test('sums certificate: sound on a law whose plain sums round up at every addition (h(ρ̂) ≥ 0 exactly, β̂ within its bound)', () => {
  const rng = createRng('kseq-sums-adversarial');
  let certifiedBySums = 0;
  for (let c = 0; c < 4; c++) {
    const nb = 6000 + 1000 * c; // class B: p < q, summed in index order by the selection pass
    const nm = 300; // middle tokens: q ≤ p < 2q
    const p: number[] = [];
    const q: number[] = [];
    let s = 0;
    const base = 0.3 / nb;
    for (let j = 0; j < nb; j++) {
      const ulp = ulpOf(s + base);
      const pj = Math.floor((s + base) / ulp) * ulp - s + (33 / 64) * ulp;
      p.push(pj);
      q.push(2 * pj);
      s += pj;
    }
    let pm = 0;
    let qm = 0;
    for (let j = 0; j < nm; j++) {
      const qj = (0.3 / nm) * (0.5 + rng());
      const pj = qj * (1 + 0.999 * rng());
      p.push(pj);
      q.push(qj);
      pm += pj;
      qm += qj;
    }
    // Class A (p ≥ 2q): the rest of both masses.
    p.push(Math.max(0, 1 - s - pm));
    q.push(Math.max(0, 1 - 2 * s - qm) * 0.01);
    q.push(Math.max(0, 1 - 2 * s - qm) * 0.99);
    p.push(0);
    const k = 2;
    const r = kseqRhoSearch(p, q, k, () => kseqRhoIllinois(p, q, k), { certificate: 'sums' });
    assert.ok(r.rho > 1 && r.rho < k, `case ${c}: ρ̂ = ${r.rho} not inside (1, ${k})`);
    const P = p.map(Rational.fromNumber);
    const Q = q.map(Rational.fromNumber);
    const R = Rational.fromNumber(r.rho);
    // h in its definition's form, ρβ − 1 + (1 − β)^k with β = Σ min(q, p/ρ) exactly (what the certificate claims).
    const beta = kseqBeta(rationalField, P, Q, R);
    if (r.sums !== undefined) {
      certifiedBySums++;
      assert.ok(within(r.sums.beta, beta, r.sums.betaError), `case ${c}: β̂ ${r.sums.beta} misses β by ${Rational.fromNumber(r.sums.beta).sub(beta).toNumber()}, more than its bound ${r.sums.betaError}`);
    }
    const oneMinus = Rational.of(1).sub(beta);
    const h = R.mul(beta).sub(Rational.of(1)).add(oneMinus.mul(oneMinus));
    assert.ok(h.sign() >= 0, `case ${c} (n = ${p.length}): h(ρ̂ = ${r.rho}) = ${h.toNumber()} < 0 exactly`);
  }
  assert.ok(certifiedBySums >= 3, `only ${certifiedBySums} of 4 certified by the sums`);
});

/** |x − exact| ≤ bound, in exact arithmetic. */
function within(x: number, exact: Rational, bound: number): boolean {
  const miss = Rational.fromNumber(x).sub(exact);
  const b = Rational.fromNumber(bound);
  return miss.compare(b) <= 0 && miss.neg().compare(b) <= 0;
}

/** The spacing of the doubles at |x| (x normal). */
function ulpOf(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
}

/**
 * p = w/2^B for integer weights w ≤ 2^53 summing exactly to 2^B ≥ 2^53: the remainder is spread over the tokens of
 * positive weight in index order (zeros stay zeros), each kept at most 2^53, so every entry is an exact double and
 * Σp = 1 exactly, while the float sums of these entries round (weights below 2^51 leave room for the remainder).
 */
function roundingLaw(weights: number[]): Float64Array {
  const w = weights.map((x) => BigInt(x));
  let total = w.reduce((s, x) => s + x, 0n);
  if (total === 0n) {
    w[0] = 1n;
    total = 1n;
  }
  let bits = 53;
  while (1n << BigInt(bits) < total) bits++;
  let rest = (1n << BigInt(bits)) - total;
  const cap = 1n << 53n;
  for (let i = 0; i < w.length && rest > 0n; i++) {
    if (w[i] === 0n) continue;
    const add = cap - w[i]! < rest ? cap - w[i]! : rest;
    w[i]! += add;
    rest -= add;
  }
  if (rest !== 0n) throw new Error('no room for the remainder');
  return Float64Array.from(w, (x) => Number(x) / 2 ** bits);
}

test.run();
