/**
 * The arithmetic every exact and floating-point routine in spechub is written against.
 *
 * Each verifier, draft scheme and closed form is written once, generically over a `Field<T>`, and run
 * either with {@link floatField} (`number`, fast, compared with a tolerance) or with {@link rationalField}
 * (`Rational`, exact, compared by equality; spec §3.2 and §8 item 10).
 *
 * @example
 * ```ts
 * const F = rationalField;
 * F.toString(F.add(F.parse('1/6'), F.parse('1/3'))); // '1/2'
 * ```
 */
import { Rational } from './rational.ts';

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
};

/** Σ v. */
export function sum<T>(F: Field<T>, v: ArrayLike<T>): T {
  let s = F.zero;
  for (let i = 0; i < v.length; i++) s = F.add(s, v[i]!);
  return s;
}
