import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gcd } from './gcd.ts';

/** The reference: Euclid's algorithm, written out here independently of the code under test. */
function euclid(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const big = (maxBits: number) =>
  fc.array(fc.integer({ min: 0, max: 2 ** 30 - 1 }), { minLength: 1, maxLength: Math.ceil(maxBits / 30) })
    .map((limbs) => limbs.reduce((s, l) => (s << 30n) | BigInt(l), 0n));

test('gcd equals Euclid on random operands up to 3,000 bits with a common factor, signs mixed', () => {
  fc.assert(
    fc.property(big(3000), big(3000), big(1200), fc.boolean(), fc.boolean(), (a, b, g, na, nb) => {
      const x = (na ? -1n : 1n) * a * g;
      const y = (nb ? -1n : 1n) * b * g;
      assert.is(gcd(x, y), euclid(x, y));
      assert.is(gcd(y, x), euclid(x, y));
    }),
    { numRuns: 400, seed: 15 },
  );
});

test('gcd on structured operands: zeros, equal, powers of two, one much larger, consecutive Fibonacci numbers', () => {
  assert.is(gcd(0n, 0n), 0n);
  assert.is(gcd(0n, -7n), 7n);
  assert.is(gcd(12n, 0n), 12n);
  const p = (1n << 1074n) * 3n;
  assert.is(gcd(p, p), p);
  assert.is(gcd(1n << 1074n, (1n << 600n) * 5n), 1n << 600n);
  assert.is(gcd((1n << 2000n) + 1n, 3n), euclid((1n << 2000n) + 1n, 3n));
  assert.is(gcd(2n ** 127n - 1n, 2n ** 89n - 1n), 1n); // two Mersenne primes
  // Consecutive Fibonacci numbers are Euclid's worst case (every quotient 1): coprime.
  let [f0, f1] = [1n, 1n];
  for (let i = 0; i < 3000; i++) [f0, f1] = [f1, f0 + f1];
  assert.is(gcd(f1, f0), 1n);
  assert.is(gcd(f1 * 1234567891011n, f0 * 1234567891011n), 1234567891011n);
  // Operands just above and below the 2^50 switch to doubles.
  for (const a of [(1n << 50n) - 1n, 1n << 50n, (1n << 50n) + 1n, (1n << 53n) + 6n]) {
    for (const b of [1n, 6n, (1n << 49n) + 3n, (1n << 50n) - 2n]) assert.is(gcd(a, b), euclid(a, b), `${a} ${b}`);
  }
});

test.run();
