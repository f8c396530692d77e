import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './errors.ts';
import { Rational } from './rational.ts';

test('parse fractions, decimals and exponents exactly', () => {
  assert.is(Rational.parse('1/6').toString(), '1/6');
  assert.is(Rational.parse(' 2/4 ').toString(), '1/2');
  assert.is(Rational.parse('-3/9').toString(), '-1/3');
  assert.is(Rational.parse('0.1').toString(), '1/10');
  assert.is(Rational.parse('.25').toString(), '1/4');
  assert.is(Rational.parse('2.').toString(), '2');
  assert.is(Rational.parse('1e-3').toString(), '1/1000');
  assert.is(Rational.parse('2.5E2').toString(), '250');
});

test('malformed numbers are ParseErrors', () => {
  for (const bad of ['', 'abc', '1/0', '1//2', '0x10', '.', 'NaN', '1/2/3', '--1']) {
    assert.throws(() => Rational.parse(bad), (e: unknown) => e instanceof SpechubError && e.code === 'PARSE_ERROR', bad);
  }
});

test('arithmetic stays in lowest terms', () => {
  const a = Rational.of(1, 6);
  const b = Rational.of(1, 3);
  assert.is(a.add(b).toString(), '1/2');
  assert.is(a.sub(b).toString(), '-1/6');
  assert.is(a.mul(b).toString(), '1/18');
  assert.is(a.div(b).toString(), '1/2');
  assert.is(Rational.of(6, -4).toString(), '-3/2');
  assert.ok(Rational.of(2, 4).equals(Rational.of(1, 2)));
  assert.is(Rational.of(1, 3).compare(Rational.of(1, 2)), -1);
  assert.throws(() => a.div(Rational.ZERO), /division by zero/);
  assert.throws(() => Rational.of(1, 0), /zero denominator/);
});

test('toNumber is accurate for huge numerators and denominators', () => {
  const big = Rational.of(10n ** 40n + 1n, 3n * 10n ** 40n);
  assert.ok(Math.abs(big.toNumber() - 1 / 3) < 1e-15);
  const tiny = Rational.of(1n, 10n ** 30n);
  assert.ok(Math.abs(tiny.toNumber() / 1e-30 - 1) < 1e-14);
  assert.is(Rational.of(-7, 2).toNumber(), -3.5);
});

test('fromNumber is the exact dyadic value of a double', () => {
  assert.is(Rational.fromNumber(0.5).toString(), '1/2');
  assert.is(Rational.fromNumber(0.1).toNumber(), 0.1);
  assert.is(Rational.fromNumber(0.1).den, 2n ** 55n);
  assert.throws(() => Rational.fromNumber(NaN), /cannot convert/);
});

test.run();
