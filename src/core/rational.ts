/**
 * Exact rational numbers on `bigint`, always kept in lowest terms with a positive denominator.
 *
 * Used to certify output laws and acceptance probabilities by exact equality (§3.2, §8 item 10):
 * floating point can only compare with a tolerance.
 *
 * @example
 * ```ts
 * const a = Rational.parse('1/6');
 * a.add(Rational.of(1, 3)).toString(); // '1/2'
 * ```
 */
import { ParseError, SpechubError } from './errors.ts';
import { gcd } from './_internals/gcd.ts';

const TWO_POW_53 = 9007199254740992n;

function bitLength(x: bigint): number {
  const hex = x.toString(16);
  return hex.length * 4 - (Math.clz32(parseInt(hex[0]!, 16)) - 28);
}

/** 2^e for −1074 ≤ e ≤ 1023, built once from their bits (no rounding), indexed by e + 1074. */
const POWERS_OF_TWO: Float64Array = (() => {
  const table = new Float64Array(2098);
  const scratch = new Float64Array(1);
  const bits = new BigUint64Array(scratch.buffer);
  for (let e = -1074; e <= 1023; e++) {
    bits[0] = e >= -1022 ? BigInt(e + 1023) << 52n : 1n << BigInt(e + 1074);
    table[e + 1074] = scratch[0]!;
  }
  return table;
})();

/** 2^e as a double, exactly, for −1074 ≤ e ≤ 1023. */
export function powerOfTwo(e: number): number {
  return POWERS_OF_TWO[e + 1074]!;
}

/**
 * n/d (n, d > 0 bigints) rounded to the nearest double, ties to even: find E with 2^E ≤ n/d < 2^(E+1), take
 * the 53-bit (fewer in the subnormal range) integer quotient at that scale and round it on its remainder.
 */
export function roundedQuotient(n: bigint, d: bigint): number {
  let E = bitLength(n) - bitLength(d);
  if (E >= 0 ? n < d << BigInt(E) : n << BigInt(-E) < d) E--;
  if (E > 1023) return Infinity;
  if (E < -1075) return 0; // below half the smallest subnormal
  const exponent = Math.max(E, -1022);
  const shift = 52 - exponent;
  let num = n;
  let den = d;
  if (shift >= 0) num <<= BigInt(shift);
  else den <<= BigInt(-shift);
  let quotient = num / den;
  const twiceRemainder = 2n * (num - quotient * den);
  if (twiceRemainder > den || (twiceRemainder === den && (quotient & 1n) === 1n)) quotient += 1n;
  // quotient ≤ 2^53 and quotient·2^(exponent−52) lies on the double grid: the product is exact (or overflows).
  const scale = exponent - 52;
  return scale >= -1022 ? Number(quotient) * powerOfTwo(scale) : Number(quotient) * powerOfTwo(-1000) * powerOfTwo(scale + 1000);
}

const FROM_NUMBER_SCRATCH = new Float64Array(1);
const FROM_NUMBER_BITS = new BigUint64Array(FROM_NUMBER_SCRATCH.buffer);

export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** Builds num/den in lowest terms; throws on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = typeof num === 'bigint' ? num : Rational.integerToBigint(num);
    let d = typeof den === 'bigint' ? den : Rational.integerToBigint(den);
    if (d === 0n) throw new SpechubError('INVALID_ARGUMENT', 'rational with zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    if (g > 1n) {
      n /= g;
      d /= g;
    }
    return new Rational(n, d);
  }

  private static integerToBigint(x: number): bigint {
    if (!Number.isInteger(x)) throw new SpechubError('INVALID_ARGUMENT', `expected an integer, got ${x}`);
    return BigInt(x);
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** The exact value of a finite double (every double is a dyadic rational). */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new SpechubError('NOT_FINITE', `cannot convert ${x} to a rational`);
    if (Number.isInteger(x)) return new Rational(BigInt(x), 1n);
    // x = ±m·2^e with an integer m < 2^53 read from its bits, e < 0 here; cancel m's factors of two.
    FROM_NUMBER_SCRATCH[0] = x;
    const bits = FROM_NUMBER_BITS[0]!;
    const biased = Number((bits >> 52n) & 0x7ffn);
    let m = Number(bits & 0xfffffffffffffn);
    let e = biased === 0 ? -1074 : biased - 1075;
    if (biased !== 0) m += 2 ** 52;
    while (m % 2 === 0) {
      m /= 2;
      e++;
    }
    return new Rational(BigInt(x < 0 ? -m : m), 1n << BigInt(-e));
  }

  /**
   * Parses `'3'`, `'-1/2'`, `'0.125'`, `'1e-3'` or `'2.5e2'` exactly (decimals are read as decimal fractions,
   * so `'0.1'` is 1/10, not the nearest double).
   */
  static parse(text: string): Rational {
    const s = text.trim();
    const fraction = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(s);
    if (fraction) {
      const den = BigInt(fraction[2]!);
      if (den === 0n) throw new ParseError(`'${text}' has a zero denominator`);
      return Rational.of(BigInt(fraction[1]!), den);
    }
    const decimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (decimal && (decimal[2] !== '' || (decimal[3] !== undefined && decimal[3] !== ''))) {
      const sign = decimal[1] === '-' ? -1n : 1n;
      const intPart = decimal[2] ?? '';
      const fracPart = decimal[3] ?? '';
      const exponent = decimal[4] === undefined ? 0 : Number(decimal[4]);
      if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 10000) {
        throw new ParseError(`'${text}' has an exponent out of range`);
      }
      let num = BigInt((intPart + fracPart) || '0');
      let den = 10n ** BigInt(fracPart.length);
      if (exponent > 0) num *= 10n ** BigInt(exponent);
      else if (exponent < 0) den *= 10n ** BigInt(-exponent);
      return Rational.of(sign * num, den);
    }
    throw new ParseError(`'${text}' is not a number (expected a decimal like 0.25 or a fraction like 1/4)`);
  }

  // Henrici's forms (Knuth, TAOCP vol. 2, section 4.5.1): the gcds are taken of the operands' parts, which are half
  // the size of the unreduced products, and the results need no final reduction.
  add(o: Rational): Rational {
    return Rational.addSigned(this, o.num, o.den);
  }
  sub(o: Rational): Rational {
    return Rational.addSigned(this, -o.num, o.den);
  }
  /** a/b + c/d with g = gcd(b, d): t = a·(d/g) + c·(b/g), and the result is (t/h) / ((b/g)·(d/h)), h = gcd(t, g). */
  private static addSigned(x: Rational, c: bigint, d: bigint): Rational {
    const a = x.num;
    const b = x.den;
    if (b === d) return Rational.of(a + c, b);
    if (b === 1n) return new Rational(a * d + c, d);
    if (d === 1n) return new Rational(a + c * b, b);
    const g = gcd(b, d);
    if (g === 1n) return new Rational(a * d + c * b, b * d);
    const t = a * (d / g) + c * (b / g);
    if (t === 0n) return Rational.ZERO;
    const h = gcd(t, g);
    return new Rational(t / h, (b / g) * (d / h));
  }
  mul(o: Rational): Rational {
    if (this.num === 0n || o.num === 0n) return Rational.ZERO;
    return Rational.product(this.num, this.den, o.num, o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new SpechubError('INVALID_ARGUMENT', 'rational division by zero');
    if (this.num === 0n) return Rational.ZERO;
    return o.num < 0n ? Rational.product(this.num, this.den, -o.den, -o.num) : Rational.product(this.num, this.den, o.den, o.num);
  }
  /** (a/b)·(c/d), b, d > 0, both in lowest terms: cancel gcd(a, d) and gcd(c, b) first; the product is then reduced. */
  private static product(a: bigint, b: bigint, c: bigint, d: bigint): Rational {
    const g1 = d === 1n ? 1n : gcd(a, d);
    const g2 = b === 1n ? 1n : gcd(c, b);
    return g1 === 1n && g2 === 1n ? new Rational(a * c, b * d) : new Rational((a / g1) * (c / g2), (b / g2) * (d / g1));
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  /** -1, 0 or 1 as this is below, equal to or above `o`. */
  compare(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  /**
   * The nearest double, correctly rounded (ties to even), subnormals included: the double closest to num/den
   * (docs/theory.md §11.1). ±Infinity only for a magnitude beyond the largest double.
   */
  toNumber(): number {
    const negative = this.num < 0n;
    const n = negative ? -this.num : this.num;
    if (n === 0n) return 0;
    const d = this.den;
    // Both exact as doubles: IEEE division is correctly rounded.
    const magnitude = n <= TWO_POW_53 && d <= TWO_POW_53 ? Number(n) / Number(d) : roundedQuotient(n, d);
    return negative ? -magnitude : magnitude;
  }
  /** `'p/q'`, or `'p'` for integers. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
  toJSON(): string {
    return this.toString();
  }
}
