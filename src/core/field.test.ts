// Field vector operations (docs/theory.md §11.3): float results against exact rational sums of the same doubles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField as F, rationalField as R } from './field.ts';
import { Rational } from './rational.ts';
import { createRng } from '../random/createRng.ts';

const exactSum = (v: readonly number[]) => v.reduce((s, x) => s.add(Rational.fromNumber(x)), Rational.ZERO).toNumber();

test('sum is compensated: 1 + 1e-16·10 − 1 and many small terms after a large one', () => {
  const v = [1, ...Array.from({ length: 10 }, () => 1e-16), -1];
  assert.ok(Math.abs(F.sum(v) - 1e-15) < 1e-30, `${F.sum(v)}`); // plain summation gives 0
  const rng = createRng('field-sum');
  for (let t = 0; t < 200; t++) {
    const w = Array.from({ length: 1 + Math.floor(rng() * 200) }, () => (rng() < 0.1 ? 1 - rng() * 1e-12 : rng() * 10 ** -Math.floor(rng() * 30)));
    const e = exactSum(w);
    assert.ok(Math.abs(F.sum(w) - e) <= 2 * Number.EPSILON * e, `${F.sum(w)} vs ${e}`);
  }
});

test('sumMin, sumPositiveDifference, sumExcept, positivePart, normaliseOrNull, clampUnit, renormalise', () => {
  const a = [0.5, 0.25, 0, 0.25];
  const b = [0.25, 0.25, 0.5, 0];
  assert.is(F.sumMin(a, b), 0.5);
  assert.is(F.sumPositiveDifference(a, b), 0.5);
  assert.is(F.sumExcept(a, [0, 3]), 0.25);
  assert.equal(Array.from(F.positivePart(a, b)), [0.25, 0, 0, 0.25]);
  assert.is(F.normaliseOrNull([0, 0]), null);
  assert.equal(Array.from(F.normaliseOrNull([1, 3])!), [0.25, 0.75]);
  assert.equal([F.clampUnit(-1e-17), F.clampUnit(1 + 1e-16), F.clampUnit(0.3)], [0, 1, 0.3]);
  const ra = a.map(Rational.fromNumber);
  const rb = b.map(Rational.fromNumber);
  assert.is(R.sumMin(ra, rb).toString(), '1/2');
  assert.is(R.sumPositiveDifference(ra, rb).toString(), '1/2');
  assert.is(R.sumExcept(ra, [0, 3]).toString(), '1/4');
  assert.equal(Array.from(R.normaliseOrNull([Rational.ONE, Rational.of(3)])!, String), ['1/4', '3/4']);
  assert.is(R.clampUnit(Rational.of(3, 2)).toString(), '1');
  assert.equal(Array.from(R.renormalise([Rational.ONE, Rational.ONE]), String), ['1/2', '1/2']);
  assert.equal(Array.from(F.renormalise([0.5, 0.5])), [0.5, 0.5]);
});

test.run();
