/**
 * Size guards of the exact (rational) optimum routes. A rational operation on operands of B bits costs about
 * B² (schoolbook products and Lehmer's gcd in `Rational`), and the denominators of the sums a route forms grow
 * to the bits of the least common multiple of the input denominators: 20 bits for a vector of 6-digit decimals
 * over a common denominator, but n·20 bits for q(x)/(1 − q(x)) over n tokens. A route of `steps` operations
 * is therefore estimated at steps · B² "bit operations" (B at least 64: a fixed overhead per operation), B bounded by the summed bit lengths of the *distinct*
 * denominators involved, and refused (`TOO_LARGE`) above {@link RATIONAL_WORK_LIMIT} before it starts.
 * Calibration (shared 2-core machine): the without-replacement prefix dual at n = 400 over 6-digit decimals,
 * B ≈ 7,500 bits, took 4.8 s ≈ 2e-10 s per unit with Euclid's gcd; the limit is about 2 s of such work. Since the
 * gcd became Lehmer's (about 2–5× faster on such operands) the limit is conservative; it was kept so that the routes
 * refused, and the error messages that name them, stay as documented.
 * Theory: docs/theory.md §12.9.
 *
 * @example
 * ```ts
 * const bits = denominatorBits(rationalField, [Rational.of(1, 3), Rational.of(2, 3)]); // 8: one denominator + the largest numerator (4 bits each, rounded to hex digits)
 * guardRationalWork(1_000, bits, 'a small sum', 'use floats');                      // passes
 * guardRationalWork(1e9, bits, 'a huge sum', 'use floats');                         // throws TOO_LARGE '… use floats'
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';

/** steps · B² above this is refused. */
export const RATIONAL_WORK_LIMIT = 1e10;

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  return x === 0n ? 0 : x.toString(16).length * 4;
}

/**
 * An upper bound on the bits of the least common multiple of the denominators of the given vectors (plus the
 * largest numerator), summed over distinct denominators; 0 in float64.
 */
export function denominatorBits<T>(F: Field<T>, ...vectors: ArrayLike<T>[]): number {
  if (F.name === 'float64') return 0;
  const seen = new Set<bigint>();
  let bits = 0;
  let numerator = 0;
  for (const v of vectors) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as unknown as Rational;
      if (!seen.has(x.den)) {
        seen.add(x.den);
        bits += bitLength(x.den);
      }
      numerator = Math.max(numerator, bitLength(x.num));
    }
  }
  return bits + numerator;
}

/** Throws `TOO_LARGE` when steps · bits² exceeds the limit; `instead` names the route that works. */
export function guardRationalWork(steps: number, bits: number, what: string, instead: string, limit = RATIONAL_WORK_LIMIT): void {
  const work = rationalWork(steps, bits);
  if (work > limit) {
    throw new SpechubError(
      'TOO_LARGE',
      `${what} in exact rationals would cost about ${work.toExponential(1)} bit operations (${steps.toLocaleString('en-US')} steps on numbers of up to ~${bits.toLocaleString('en-US')} bits; limit ${limit.toExponential(0)}): ${instead}`,
    );
  }
}

/** Whether a rational computation of this size passes {@link guardRationalWork}. */
export function rationalWorkFits(steps: number, bits: number, limit = RATIONAL_WORK_LIMIT): boolean {
  return rationalWork(steps, bits) <= limit;
}

/** steps · max(bits, 64)²: below ~64 bits a rational operation costs its fixed overhead (~0.5 µs), not B². */
function rationalWork(steps: number, bits: number): number {
  const b = Math.max(bits, MIN_EFFECTIVE_BITS);
  return steps * b * b;
}

const MIN_EFFECTIVE_BITS = 64;
