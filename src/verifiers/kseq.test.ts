import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { exactOutputLaw } from '../analysis/outputLaw.ts';
import { kseqGap, kseqGapWithBound, kseqRho } from './kseq.ts';
import { rationalPair, toFloat } from '../../property-tests/helpers.ts';

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
      const { gap, bound } = kseqGapWithBound(p, q, k, rho);
      assert.ok(gap >= bound, `float h(${rho}) = ${gap} below its error bound ${bound}`);
      const exact = kseqGap(rationalField, p.map(Rational.fromNumber), q.map(Rational.fromNumber), k, Rational.fromNumber(rho));
      assert.ok(exact.sign() >= 0, `h(ρ̂) = ${exact.toNumber()} < 0 in exact arithmetic`);
      const law = exactOutputLaw(rationalField, 'kseq', p.map(Rational.fromNumber), q.map(Rational.fromNumber), k, { rho: Rational.fromNumber(rho) }).law;
      assert.ok(law.every((x, y) => x.equals(Rational.fromNumber(p[y]!))), 'the float ρ gives an exact K-SEQ');
    }
  }
  assert.ok(checked >= 8, `${checked} instances with ρ* > 1`);
});

test.run();
