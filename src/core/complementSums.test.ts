// Complementary masses by summation (docs/theory.md §11.3): compared with exact rational sums.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complementSums } from './complementSums.ts';
import { floatField, rationalField } from './field.ts';
import { Rational } from './rational.ts';
import { createRng } from '../random/createRng.ts';

test('the complement of a few tokens equals the exact sum of the others (to a few ulps), where 1 − q(S) cancels', () => {
  const q = [0.999999999999, 1e-12, 1e-17, 1e-17];
  const rest = complementSums(floatField, q);
  const exact = (excluded: number[]) =>
    q.reduce((s, x, i) => (excluded.includes(i) ? s : s.add(Rational.fromNumber(x))), Rational.ZERO).toNumber();
  assert.ok(Math.abs(rest([0]) - exact([0])) <= 4e-16 * exact([0]));
  assert.ok(Math.abs(rest([0, 1]) - 2e-17) <= 1e-31);
  assert.ok(1 - q[0]! - q[1]! < 0, 'the subtraction this replaces goes negative');
  assert.is(rest([0, 1, 2, 3]), 0);
  assert.is(rest([]), floatField.sum(q));
});

test('random vectors and excluded sets: float = exact within 8 ulps relative; rational exactly', () => {
  const rng = createRng('complement');
  for (let t = 0; t < 300; t++) {
    const n = 1 + Math.floor(rng() * 40);
    const q = Array.from({ length: n }, () => (rng() < 0.2 ? 0 : rng() < 0.5 ? rng() * 1e-300 : rng()));
    const excluded = Array.from({ length: Math.floor(rng() * 4) }, () => Math.floor(rng() * n));
    const exact = q.reduce((s, x, i) => (excluded.includes(i) ? s : s.add(Rational.fromNumber(x))), Rational.ZERO);
    const float = complementSums(floatField, q)(excluded);
    assert.ok(Math.abs(float - exact.toNumber()) <= 8 * Number.EPSILON * exact.toNumber(), `${float} vs ${exact.toNumber()}`);
    const rational = complementSums(rationalField, q.map(Rational.fromNumber))(excluded);
    assert.ok(rational.equals(exact));
  }
});

test.run();
