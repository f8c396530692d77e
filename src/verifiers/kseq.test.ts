import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { exactOutputLaw } from '../analysis/outputLaw.ts';
import { kseqAcceptanceAt, kseqCertifiedGap, kseqGap, kseqRho, kseqRhoIllinois } from './kseq.ts';
import { softmax } from '../core/softmax.ts';
import { createRng } from '../random/createRng.ts';
import { rationalPair, toFloat } from '../../property-tests/helpers.ts';
import { kseqBetaFloat, kseqRejectionFloat, kseqRhoSearch } from './kseqRhoSearch.ts';

test('ρ* is the smallest exact divisor: h(ρ*) ≥ 0 > h(ρ* − ε), float and rational agree', () => {
  fc.assert(
    fc.property(rationalPair(2, 7), fc.integer({ min: 1, max: 4 }), ({ p, q }, k) => {
      const exact = kseqRho(F, p, q, k);
      assert.ok(kseqGap(F, p, q, k, exact.rho).sign() >= 0, 'h(ρ̂) ≥ 0 exactly');
      assert.ok(exact.rho.compare(Rational.ONE) >= 0 && exact.rho.compare(Rational.of(k)) <= 0, 'ρ* ∈ [1, k]');
      if (exact.rho.compare(Rational.ONE) > 0) {
        const below = exact.rho.sub(Rational.of(1, 1_000_000_000));
        assert.ok(kseqGap(F, p, q, k, below).sign() < 0, 'h just below ρ* is negative');
      }
      const float = kseqRho(floatField, toFloat(p), toFloat(q), k);
      assert.ok(Math.abs(float.rho - exact.rho.toNumber()) < 1e-9, `float ${float.rho} vs rational ${exact.rho.toNumber()}`);
      assert.ok(kseqGap(floatField, toFloat(p), toFloat(q), k, float.rho) > -1e-12);
    }),
    { numRuns: 150, seed: 42 },
  );
});

test('k = 1 gives ρ* = 1 (plain speculative sampling)', () => {
  const p = [Rational.of(1, 4), Rational.of(3, 4)];
  const q = [Rational.of(3, 4), Rational.of(1, 4)];
  assert.ok(kseqRho(F, p, q, 1).rho.equals(Rational.ONE));
});

// Kills the mutant "the float ρ* search returns the low end of its bracket" (issue 10 item 10): the low end has
// float h below its error bound (and, on these inputs, h < 0 exactly), which the old check h > −1e-12 let pass.
test('float ρ: float h(ρ) ≥ its error bound and h(ρ) ≥ 0 exactly, with an exact K-SEQ law, on dyadic inputs', () => {
  // Dyadic weights: the doubles are the exact law, so an exact check of the float ρ is meaningful.
  const instances: Array<[number[], number[]]> = [
    [[1, 2, 3, 10], [10, 3, 2, 1]],
    [[5, 0, 1, 10], [1, 7, 7, 1]],
    [[1, 1, 1, 13], [13, 1, 1, 1]],
    [[2, 3, 5, 6], [6, 5, 3, 2]],
  ];
  let checked = 0;
  for (const [pw, qw] of instances) {
    const p = pw.map((w) => w / 16);
    const q = qw.map((w) => w / 16);
    for (const k of [2, 3, 4]) {
      const rho = kseqRho(floatField, p, q, k).rho;
      if (kseqGap(floatField, p, q, k, 1) >= 0) continue;
      checked++;
      const { gap, bound, ok } = kseqCertifiedGap(p, q, k, rho);
      assert.ok(ok && gap >= bound, `float h(${rho}) = ${gap} below its error bound ${bound}`);
      const exact = kseqGap(rationalField, p.map(Rational.fromNumber), q.map(Rational.fromNumber), k, Rational.fromNumber(rho));
      assert.ok(exact.sign() >= 0, `h(ρ̂) = ${exact.toNumber()} < 0 in exact arithmetic`);
      const law = exactOutputLaw(rationalField, 'kseq', p.map(Rational.fromNumber), q.map(Rational.fromNumber), k, { rho: Rational.fromNumber(rho) }).law;
      assert.ok(law.every((x, y) => x.equals(Rational.fromNumber(p[y]!))), 'the float ρ gives an exact K-SEQ');
    }
  }
  assert.ok(checked >= 8, `${checked} instances with ρ* > 1`);
});

// The float ρ search (selection pass, segment search, one certifying pass; docs/theory.md §11.4): on random
// dyadic laws (exact as doubles) of up to 400 tokens, the certified ρ̂ has h(ρ̂) ≥ 0 in exact arithmetic and lies
// within 1e-12 (relative) above the rational ρ* (the exact root, or its verified upper bound within 1e-15).
test('float ρ̂: certified (h(ρ̂) ≥ 0 exactly) and within 1e-12 of ρ*, random dyadic laws, n ≤ 400, k = 2..4', () => {
  const rng = createRng('kseq-rho-search');
  let worst = 0;
  let searched = 0;
  for (let c = 0; c < 150; c++) {
    const n = 2 + Math.floor(rng() ** 2 * 400);
    const units = 1 << 20;
    const law = () => {
      const w = new Float64Array(n);
      const cuts = Array.from({ length: n - 1 }, () => Math.floor(rng() * (units + 1))).sort((a, b) => a - b);
      let last = 0;
      for (let i = 0; i < n - 1; i++) {
        w[i] = (cuts[i]! - last) / units;
        last = cuts[i]!;
      }
      w[n - 1] = (units - last) / units;
      return w;
    };
    const p = law();
    const q = rng() < 0.2 ? Float64Array.from(p, (x, i) => (i % 3 === 0 ? x : p[(i + 1) % n]!)) : law();
    const qs = q.reduce((s, x) => s + x, 0);
    if (qs !== 1) continue;
    const k = 2 + Math.floor(rng() * 3);
    const rho = kseqRho(floatField, p, q, k).rho;
    const P = Array.from(p, (x) => Rational.fromNumber(x));
    const Q = Array.from(q, (x) => Rational.fromNumber(x));
    assert.ok(kseqGap(F, P, Q, k, Rational.fromNumber(rho)).sign() >= 0, `h(ρ̂ = ${rho}) < 0 exactly (n = ${n}, k = ${k})`);
    const exact = kseqRho(F, P, Q, k).rho.toNumber();
    if (exact > 1) searched++;
    assert.ok(rho >= exact * (1 - 1e-15), `ρ̂ = ${rho} below ρ* = ${exact}`);
    worst = Math.max(worst, (rho - exact) / exact);
  }
  assert.ok(searched >= 80, `only ${searched} instances with ρ* > 1`);
  assert.ok(worst <= 1e-12, `ρ̂ − ρ* up to ${worst} relative`);
});

// Large vocabularies (issue 15): the new search agrees with the previous bracketing search (kseqRhoIllinois)
// to 1e-12 relative in ρ̂ and in the acceptance, and both are certified.
test('float ρ̂ at n = 32,000 and 128,256 agrees with the previous search to 1e-12, acceptance too', () => {
  for (const n of [32_000, 128_256]) {
    for (let seed = 0; seed < 3; seed++) {
      const rng = createRng(`kseq-large-${n}-${seed}`);
      const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
      const p = softmax(logits);
      const q = softmax(logits.map((x) => x + (0.3 + seed * 0.5) * gauss()));
      for (const k of [2, 4]) {
        const fresh = kseqRho(floatField, p, q, k).rho;
        const previous = kseqRhoIllinois(p, q, k);
        assert.ok(kseqCertifiedGap(p, q, k, fresh).ok, 'certified');
        assert.ok(Math.abs(fresh - previous) <= 1e-12 * previous, `n = ${n}, k = ${k}: ρ̂ ${fresh} vs previous ${previous}`);
        const a = kseqAcceptanceAt(floatField, p, q, k, fresh);
        const b = kseqAcceptanceAt(floatField, p, q, k, previous);
        assert.ok(Math.abs(a - b) <= 1e-12 * b, `n = ${n}, k = ${k}: α ${a} vs ${b}`);
      }
    }
  }
});

test.run();
