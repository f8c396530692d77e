import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rational } from '../rational.ts';
import { RationalAccumulator } from './rationalAccumulator.ts';

/** The reference: Σ over unreduced fractions (product of the denominators), reduced by Euclid at the end. */
function reference(terms: Array<[bigint, bigint, 1n | -1n]>): string {
  let n = 0n;
  let d = 1n;
  for (const [a, b, s] of terms) {
    n = n * b + s * a * d;
    d *= b;
  }
  let [x, y] = [n < 0n ? -n : n, d];
  while (y !== 0n) [x, y] = [y, x % y];
  const [rn, rd] = n === 0n ? [0n, 1n] : [n / x, d / x];
  return rd === 1n ? `${rn}` : `${rn}/${rd}`;
}

test('the accumulated sum equals the unreduced sum reduced once: shared, dividing and coprime denominators, signs', () => {
  const D = 3n ** 50n * 7n;
  const denominator = fc.constantFrom(1n, D, D / 7n, D * 2n ** 70n, 11n, 2n ** 64n, (1n << 127n) - 1n, 6n);
  const term = fc.tuple(fc.bigInt({ min: -(1n << 120n), max: 1n << 120n }), denominator, fc.constantFrom<1n | -1n>(1n, -1n));
  fc.assert(
    fc.property(fc.array(term, { maxLength: 30 }), (raw) => {
      const accumulator = new RationalAccumulator();
      const terms: Array<[bigint, bigint, 1n | -1n]> = [];
      for (const [a, b, s] of raw) {
        const x = Rational.of(a, b); // reduced: its denominator may be a divisor of b
        terms.push([x.num, x.den, s]);
        if (s === 1n) accumulator.add(x);
        else accumulator.sub(x);
      }
      assert.is(accumulator.value().toString(), reference(terms));
    }),
    { numRuns: 500, seed: 4 },
  );
});

test('a sum that cancels to zero is 0/1, and an empty sum is 0', () => {
  const a = Rational.of(1n, 3n ** 40n);
  assert.is(new RationalAccumulator().add(a).sub(a).value().toString(), '0');
  assert.is(new RationalAccumulator().value().toString(), '0');
  assert.ok(new RationalAccumulator().add(Rational.of(1, 3)).add(Rational.of(2, 3)).value().equals(Rational.ONE));
});

test.run();
