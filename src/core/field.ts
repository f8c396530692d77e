/**
 * The arithmetic every exact and floating-point routine in spechub is written against.
 *
 * Each verifier, draft scheme and closed form is written once, generically over a `Field<T>`, and run
 * either with {@link floatField} (`number`, fast, compared with a tolerance) or with {@link rationalField}
 * (`Rational`, exact, compared by equality; §3.2 and §8 item 10).
 *
 * @example
 * ```ts
 * const F = rationalField;
 * F.toString(F.add(F.parse('1/6'), F.parse('1/3'))); // '1/2'
 * ```
 */
import { SpechubError } from './errors.ts';
import { Rational } from './rational.ts';
import { RationalAccumulator } from './_internals/rationalAccumulator.ts';
import { renormalise } from './renormalise.ts';
import { validateDistribution, validateExactDistribution } from './validateDistribution.ts';

/** A writable vector of field elements (a `Float64Array` for floats, an array of `Rational` otherwise). */
export interface Vec<T> {
  [index: number]: T;
  readonly length: number;
}

export interface Field<T> {
  readonly name: 'float64' | 'rational';
  readonly zero: T;
  readonly one: T;
  /** Exact for rationals when the argument is an integer; floats pass through. */
  fromInt(n: number): T;
  /** A double, converted exactly (every double is a dyadic rational). */
  fromNumber(x: number): T;
  /** Reads a decimal or a fraction (`'0.25'`, `'1/4'`). */
  parse(text: string): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  compare(a: T, b: T): -1 | 0 | 1;
  lt(a: T, b: T): boolean;
  le(a: T, b: T): boolean;
  isZero(a: T): boolean;
  /** a > 0 */
  isPositive(a: T): boolean;
  min(a: T, b: T): T;
  max(a: T, b: T): T;
  /** max(a − b, 0) */
  positiveDifference(a: T, b: T): T;
  toNumber(a: T): number;
  toString(a: T): string;
  /** A vector of n zeros. */
  zeros(n: number): Vec<T>;

  // Vector operations (docs/theory.md §11): the float versions are compensated where cancellation matters, so
  // that a complementary mass is always a sum of the masses it is made of, never `1 − x`.
  /** Σ v. Floats: Neumaier-compensated summation (error ≤ 2u·Σ|v| + O(n²u²)·Σ|v|, u = 2⁻⁵³). */
  sum(v: ArrayLike<T>): T;
  /** Σ_{i ∉ excluded} v(i) (the complementary mass of the excluded tokens, summed, never 1 − v(excluded)). */
  sumExcept(v: ArrayLike<T>, excluded: readonly number[]): T;
  /** Σ_i min(a(i), b(i)): the overlap of two laws (compensated for floats). */
  sumMin(a: ArrayLike<T>, b: ArrayLike<T>): T;
  /** Σ_i (a(i) − b(i))^+: the mass of a's residual after b (compensated for floats). */
  sumPositiveDifference(a: ArrayLike<T>, b: ArrayLike<T>): T;
  /** (a − b)^+ componentwise. */
  positivePart(a: ArrayLike<T>, b: ArrayLike<T>): Vec<T>;
  /** v / Σ v, or null when Σ v is not positive (a residual of zero mass: a probability-zero path). */
  normaliseOrNull(v: ArrayLike<T>): Vec<T> | null;
  /** x clamped to [0, 1]: a guard for float probabilities (exact values always lie there already). */
  clampUnit(x: T): T;
  /**
   * v / Σ v for a validated probability vector (a copy). Floats: computed exactly (every double is a dyadic
   * rational) and correctly rounded once, unchanged when Σ v = 1 exactly (§11.2). Rationals: Σ v = 1 already.
   */
  renormalise(v: ArrayLike<T>): Vec<T>;
  /**
   * Checks a probability vector at the public boundary and returns it (a copy for floats): floats must be
   * finite, non-negative and sum to 1 within 1e-9; rationals must sum to exactly 1 (`InvalidDistributionError`).
   */
  validate(v: ArrayLike<T>, name: string): ArrayLike<T>;
  /**
   * Σ_{v(i) > 0} v(i): the total of a categorical law's weights (non-positive weights are outside its support).
   * Floats: plain left-to-right summation, the order in which the sampler's inverse-CDF scan subtracts them;
   * a NaN weight or an infinite total throws `NOT_FINITE` (never sampled from).
   */
  sumPositive(v: ArrayLike<T>): T;
  /** x > 0 for exact fields; x > tolerance for floats (a float residual below the tolerance is rounding noise). */
  isPositiveBeyond(x: T, tolerance: number): boolean;
}

/** Neumaier's compensated sum of a float vector (optionally skipping the indices in `excluded`). */
function neumaierSum(v: ArrayLike<number>, excluded?: readonly number[]): number {
  let s = 0;
  let c = 0;
  // One excluded index (the usual case) is skipped by a comparison, not a lookup per entry.
  const skip = excluded !== undefined && excluded.length === 1 ? excluded[0]! : -1;
  const others = excluded !== undefined && excluded.length > 1 ? excluded : null;
  for (let i = 0; i < v.length; i++) {
    if (i === skip || (others !== null && others.includes(i))) continue;
    const x = v[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Float64 arithmetic. */
export const floatField: Field<number> = {
  name: 'float64',
  zero: 0,
  one: 1,
  fromInt: (n) => n,
  fromNumber: (x) => x,
  parse: (text) => Rational.parse(text).toNumber(),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  isZero: (a) => a === 0,
  isPositive: (a) => a > 0,
  min: (a, b) => (a < b ? a : b),
  max: (a, b) => (a > b ? a : b),
  positiveDifference: (a, b) => (a > b ? a - b : 0),
  toNumber: (a) => a,
  toString: (a) => String(a),
  zeros: (n) => new Float64Array(n),
  sum: (v) => neumaierSum(v),
  sumExcept: (v, excluded) => neumaierSum(v, excluded),
  sumMin(a, b) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]! < b[i]! ? a[i]! : b[i]!;
      const t = s + x;
      c += s >= x ? s - t + x : x - t + s; // both non-negative
      s = t;
    }
    return s + c;
  },
  sumPositiveDifference(a, b) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i]! - b[i]!;
      if (!(d > 0)) continue;
      const t = s + d;
      c += s >= d ? s - t + d : d - t + s;
      s = t;
    }
    return s + c;
  },
  positivePart(a, b) {
    const n = a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = a[i]! - b[i]!;
      if (d > 0) out[i] = d;
    }
    return out;
  },
  normaliseOrNull(v) {
    const total = neumaierSum(v);
    if (!(total > 0) || !Number.isFinite(total)) return null;
    const n = v.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = v[i]! / total;
    return out;
  },
  clampUnit: (x) => (x > 0 ? (x < 1 ? x : 1) : 0),
  renormalise: (v) => renormalise(v),
  validate: (v, name) => validateDistribution(v, name),
  sumPositive(v) {
    let total = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x > 0) total += x;
      else if (x !== x) throw new SpechubError('NOT_FINITE', `weight ${i} is NaN`);
    }
    if (total === Infinity) throw new SpechubError('NOT_FINITE', 'weights with an infinite total');
    return total;
  },
  isPositiveBeyond: (x, tolerance) => x > tolerance,
};

/** Exact bigint-rational arithmetic. */
export const rationalField: Field<Rational> = {
  name: 'rational',
  zero: Rational.ZERO,
  one: Rational.ONE,
  fromInt: (n) => Rational.of(n),
  fromNumber: (x) => Rational.fromNumber(x),
  parse: (text) => Rational.parse(text),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  compare: (a, b) => a.compare(b),
  lt: (a, b) => a.compare(b) < 0,
  le: (a, b) => a.compare(b) <= 0,
  isZero: (a) => a.isZero(),
  isPositive: (a) => a.sign() > 0,
  min: (a, b) => (a.compare(b) <= 0 ? a : b),
  max: (a, b) => (a.compare(b) >= 0 ? a : b),
  positiveDifference: (a, b) => (a.compare(b) > 0 ? a.sub(b) : Rational.ZERO),
  toNumber: (a) => a.toNumber(),
  toString: (a) => a.toString(),
  zeros: (n) => new Array<Rational>(n).fill(Rational.ZERO),
  // Sums accumulate over a common denominator and reduce once (core/_internals/rationalAccumulator.ts).
  sum(v) {
    const s = new RationalAccumulator();
    for (let i = 0; i < v.length; i++) s.add(v[i]!);
    return s.value();
  },
  sumExcept(v, excluded) {
    const s = new RationalAccumulator();
    for (let i = 0; i < v.length; i++) if (!excluded.includes(i)) s.add(v[i]!);
    return s.value();
  },
  sumMin(a, b) {
    const s = new RationalAccumulator();
    for (let i = 0; i < a.length; i++) s.add(a[i]!.compare(b[i]!) <= 0 ? a[i]! : b[i]!);
    return s.value();
  },
  sumPositiveDifference(a, b) {
    const s = new RationalAccumulator();
    for (let i = 0; i < a.length; i++) if (a[i]!.compare(b[i]!) > 0) s.add(a[i]!).sub(b[i]!);
    return s.value();
  },
  positivePart(a, b) {
    const out = new Array<Rational>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i]!.compare(b[i]!) > 0 ? a[i]!.sub(b[i]!) : Rational.ZERO;
    return out;
  },
  normaliseOrNull(v) {
    const accumulator = new RationalAccumulator();
    for (let i = 0; i < v.length; i++) accumulator.add(v[i]!);
    const total = accumulator.value();
    if (total.sign() <= 0) return null;
    const out = new Array<Rational>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i]!.div(total);
    return out;
  },
  clampUnit: (x) => (x.sign() < 0 ? Rational.ZERO : x.compare(Rational.ONE) > 0 ? Rational.ONE : x),
  renormalise(v) {
    const accumulator = new RationalAccumulator();
    for (let i = 0; i < v.length; i++) accumulator.add(v[i]!);
    const total = accumulator.value();
    if (total.sign() <= 0) throw new SpechubError('ZERO_DRAFT_MASS', 'cannot renormalise a vector of zero mass');
    const one = total.equals(Rational.ONE);
    return Array.from(v, (x) => (one ? x : x.div(total)));
  },
  validate: (v, name) => validateExactDistribution(Array.from(v), name),
  sumPositive(v) {
    let s = Rational.ZERO;
    for (let i = 0; i < v.length; i++) if (v[i]!.sign() > 0) s = s.add(v[i]!);
    return s;
  },
  isPositiveBeyond: (x) => x.sign() > 0,
};

/** Σ v (see {@link Field.sum}: compensated for floats). */
export function sum<T>(F: Field<T>, v: ArrayLike<T>): T {
  return F.sum(v);
}
