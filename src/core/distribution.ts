/**
 * Probability vectors over a vocabulary V = {0, …, n−1} (§0.2): validation at the public boundary and
 * parsing from text.
 *
 * Float vectors (`ArrayLike<number>`, stored as `Float64Array`) must be finite, non-negative and sum to 1
 * within {@link NORMALISATION_TOLERANCE}; rational vectors (`Rational[]`) must sum to exactly 1.
 *
 * @example
 * ```ts
 * const p = validateDistribution([0.5, 0.25, 0.25], 'target');     // Float64Array
 * const q = parseDistribution('1/6,1/3,1/2', rationalField, 'draft'); // Rational[]
 * ```
 */
import { InvalidDistributionError, ParseError } from './errors.ts';
import { type Field, floatField, sum } from './field.ts';

export { NORMALISATION_TOLERANCE, validateDistribution, validateExactDistribution } from './validateDistribution.ts';

/** Validates a vector in either field (see {@link Field.validate}). */
export function validateInField<T>(F: Field<T>, v: ArrayLike<T>, name: string): ArrayLike<T> {
  return F.validate(v, name);
}

/** Throws unless the target and draft have the same vocabulary size. */
export function assertSameLength(p: ArrayLike<unknown>, q: ArrayLike<unknown>, names = ['target', 'draft']): void {
  if (p.length !== q.length) {
    throw new InvalidDistributionError(
      'LENGTH_MISMATCH',
      `${names[0]} has ${p.length} entries but ${names[1]} has ${q.length}`,
    );
  }
}

/** Parses a comma-separated list of decimals or fractions, e.g. `'1/6,1/3,1/2'` or `'0.2, 0.8'`. */
export function parseVector<T>(text: string, F: Field<T>, name = 'vector'): T[] {
  if (typeof text !== 'string' || text.trim() === '') throw new ParseError(`${name}: empty vector`);
  return text.split(',').map((part, i) => {
    try {
      return F.parse(part);
    } catch (e) {
      throw new ParseError(`${name}: entry ${i} ${(e as Error).message}`);
    }
  });
}

/** Parses and validates a probability vector in the given field. */
export function parseDistribution<T>(text: string, F: Field<T>, name = 'distribution'): T[] {
  const v = parseVector(text, F, name);
  validateInField(F, v, name);
  return v;
}

/** Number of entries with positive mass. */
export function supportSize<T>(F: Field<T>, v: ArrayLike<T>): number {
  let s = 0;
  if (F.name === 'float64') {
    // Floats: the same test (x > 0) without a Field call per entry.
    const x = v as ArrayLike<number>;
    for (let i = 0; i < x.length; i++) if (x[i]! > 0) s++;
    return s;
  }
  for (let i = 0; i < v.length; i++) if (F.isPositive(v[i]!)) s++;
  return s;
}

/** Index of the largest entry; ties go to the lowest index (§0.2, the hub convention). */
export function argmax<T>(F: Field<T>, v: ArrayLike<T>): number {
  let best = 0;
  if (F.name === 'float64') {
    // Floats: the same comparison (a < b) without a Field call per entry.
    const x = v as ArrayLike<number>;
    let top = x[0]!;
    for (let i = 1; i < x.length; i++) {
      const y = x[i]!;
      if (top < y) {
        top = y;
        best = i;
      }
    }
    return best;
  }
  for (let i = 1; i < v.length; i++) if (F.lt(v[best]!, v[i]!)) best = i;
  return best;
}

/** v / Σ v; the caller guarantees a positive total. */
export function normalise<T>(F: Field<T>, v: ArrayLike<T>): ArrayLike<T> {
  const total = sum(F, v);
  const out = F.zeros(v.length);
  for (let i = 0; i < v.length; i++) out[i] = F.div(v[i]!, total);
  return out;
}

/** Float copy of a vector of either field. */
export function toFloat64<T>(F: Field<T>, v: ArrayLike<T>): Float64Array {
  if (F === (floatField as unknown)) return Float64Array.from(v as ArrayLike<number>);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = F.toNumber(v[i]!);
  return out;
}
