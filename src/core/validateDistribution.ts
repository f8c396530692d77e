/**
 * Validation of probability vectors at the public boundary (§0.2): float vectors must be finite,
 * non-negative and sum to 1 within {@link NORMALISATION_TOLERANCE}; exact vectors must sum to exactly 1.
 * (The `Field` of each kind validates with these: `floatField.validate`, `rationalField.validate`.)
 *
 * @example
 * ```ts
 * validateDistribution([0.5, 0.25, 0.25], 'target');                 // Float64Array [0.5, 0.25, 0.25]
 * validateExactDistribution([Rational.of(1, 2), Rational.of(1, 2)]); // the same array
 * ```
 */
import { InvalidDistributionError } from './errors.ts';
import type { Rational } from './rational.ts';
import { RationalAccumulator } from './_internals/rationalAccumulator.ts';

/** |Σ v − 1| allowed for float vectors. */
export const NORMALISATION_TOLERANCE = 1e-9;

/**
 * Checks a float probability vector and returns it as a `Float64Array` (a copy; the input is not modified).
 * Throws {@link InvalidDistributionError} naming the first problem: empty, NaN/∞, negative, or not summing to 1.
 */
export function validateDistribution(v: ArrayLike<number>, name = 'distribution'): Float64Array {
  if (v === null || v === undefined || typeof v.length !== 'number') {
    throw new InvalidDistributionError('EMPTY', `${name}: expected an array of probabilities`);
  }
  if (v.length === 0) throw new InvalidDistributionError('EMPTY', `${name}: the vector is empty`);
  const out = new Float64Array(v.length);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InvalidDistributionError('NOT_FINITE', `${name}[${i}] = ${String(x)} is not a finite number`);
    }
    if (x < 0) throw new InvalidDistributionError('NEGATIVE_ENTRY', `${name}[${i}] = ${x} is negative`);
    out[i] = x;
    total += x;
  }
  if (Math.abs(total - 1) > NORMALISATION_TOLERANCE) {
    throw new InvalidDistributionError(
      total === 0 ? 'ZERO_DRAFT_MASS' : 'NOT_NORMALISED',
      `${name} sums to ${total}, not 1 (tolerance ${NORMALISATION_TOLERANCE})`,
    );
  }
  return out;
}

/** Checks an exact probability vector: non-negative entries summing to exactly 1. */
export function validateExactDistribution(v: readonly Rational[], name = 'distribution'): readonly Rational[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new InvalidDistributionError('EMPTY', `${name}: the vector is empty`);
  }
  v.forEach((x, i) => {
    if (x.sign() < 0) throw new InvalidDistributionError('NEGATIVE_ENTRY', `${name}[${i}] = ${x} is negative`);
  });
  const accumulator = new RationalAccumulator();
  for (const x of v) accumulator.add(x);
  const total = accumulator.value();
  if (total.num !== total.den) {
    throw new InvalidDistributionError(
      total.isZero() ? 'ZERO_DRAFT_MASS' : 'NOT_NORMALISED',
      `${name} sums to ${total}, not exactly 1`,
    );
  }
  return v;
}
