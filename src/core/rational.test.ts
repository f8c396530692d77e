import fc from 'fast-check';
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

test('add, sub, mul, div equal the unreduced textbook forms reduced by Euclid (operands with large shared factors)', () => {
  const euclid = (a: bigint, b: bigint): bigint => {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  };
  const reduced = (n: bigint, d: bigint): string => {
    if (d < 0n) [n, d] = [-n, -d];
    const g = euclid(n, d);
    const [rn, rd] = g === 0n ? [0n, 1n] : [n / g, d / g];
    return rd === 1n ? `${rn}` : `${rn}/${rd}`;
  };
  const limb = fc.bigInt({ min: -(1n << 200n), max: 1n << 200n });
  const positive = fc.bigInt({ min: 1n, max: 1n << 200n });
  const shared = fc.constantFrom(1n, 2n ** 64n, 3n ** 40n, 6n ** 30n, (1n << 127n) - 1n);
  fc.assert(
    fc.property(limb, positive, limb, positive, shared, shared, (a, b, c, d, s, t) => {
      const x = Rational.of(a * t, b * s);
      const y = Rational.of(c * s, d * t);
      const [xn, xd, yn, yd] = [a * t, b * s, c * s, d * t];
      assert.is(x.add(y).toString(), reduced(xn * yd + yn * xd, xd * yd));
      assert.is(x.sub(y).toString(), reduced(xn * yd - yn * xd, xd * yd));
      assert.is(x.sub(x).toString(), '0');
      assert.is(x.mul(y).toString(), reduced(xn * yn, xd * yd));
      if (yn !== 0n) assert.is(x.div(y).toString(), reduced(xn * yd, xd * yn));
    }),
    { numRuns: 500, seed: 9 },
  );
});

test('fromNumber equals the value found by doubling until an integer, for any double (subnormals, negatives)', () => {
  const byDoubling = (x: number): string => {
    let den = 1n;
    let v = x;
    while (!Number.isInteger(v)) {
      v *= 2;
      den *= 2n;
    }
    let num = BigInt(v);
    while (den > 1n && num % 2n === 0n) {
      num /= 2n;
      den /= 2n;
    }
    return den === 1n ? `${num}` : `${num}/${den}`;
  };
  const edges = [5e-324, -5e-324, 2 ** -1022, 2 ** -1022 - 5e-324, 1 - 2 ** -53, 1 + 2 ** -52, 0.1, -0.75, 2 ** 52 + 0.5, 3 * 2 ** -1070];
  for (const x of edges) assert.is(Rational.fromNumber(x).toString(), byDoubling(x), `${x}`);
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
    assert.is(Rational.fromNumber(x).toString(), byDoubling(x));
    assert.is(Rational.fromNumber(x).toNumber(), x === 0 ? 0 : x);
  }), { numRuns: 2000, seed: 3 });
});

test.run();
