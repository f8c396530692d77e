import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { kseqGap, kseqRho } from './kseq.ts';
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

test.run();
