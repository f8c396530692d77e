/**
 * Exact sums of many rationals with one reduction at the end (docs/theory.md §11.3: complementary masses are
 * sums). Adding term by term in lowest terms takes a gcd per term, and the partial sums' reduced denominators
 * differ from the terms', so every later addition needs another; over a vector whose entries share one
 * denominator D (an exactly renormalised law) the accumulator instead keeps Σ numerators over D and reduces once.
 * With mixed denominators it keeps their least common multiple (one gcd when a new denominator appears, none
 * when it divides the current one).
 */
import { Rational } from '../rational.ts';
import { gcd } from './gcd.ts';

export class RationalAccumulator {
  private num = 0n;
  private den = 1n;

  /** Adds sign·(a/b) for a term a/b in lowest terms (b > 0). */
  private addTerm(a: bigint, b: bigint): void {
    if (a === 0n) return;
    const D = this.den;
    if (b === D) {
      this.num += a;
    } else if (b === 1n) {
      this.num += a * D;
    } else if (D === 1n) {
      this.num = this.num * b + a;
      this.den = b;
    } else if (b < D && D % b === 0n) {
      this.num += a * (D / b);
    } else {
      const g = gcd(D, b);
      this.num = this.num * (b / g) + a * (D / g);
      this.den = D * (b / g);
    }
  }

  add(x: Rational): this {
    this.addTerm(x.num, x.den);
    return this;
  }

  sub(x: Rational): this {
    this.addTerm(-x.num, x.den);
    return this;
  }

  /** The sum so far, in lowest terms. */
  value(): Rational {
    return this.num === 0n ? Rational.ZERO : Rational.of(this.num, this.den);
  }
}
