/**
 * Greatest common divisor of two bigints by Lehmer's algorithm (Knuth, TAOCP vol. 2, section 4.5.2, Algorithm L).
 *
 * Euclid's algorithm on B-bit operands takes about 0.58·B division steps, each a bigint `%` that allocates.
 * Lehmer's runs Euclid on the leading 50 bits of both operands in double arithmetic (exact: every value stays
 * below 2^51), collecting the cofactors of as many steps as the leading bits determine, and then applies them
 * to the full operands in one step (four small-by-big products); each such step removes about 25 bits. The
 * result is the same integer Euclid gives (gcd is unique); the test compares the two on random and structured
 * operands.
 */

/** Operands below this are finished in doubles (exact below 2^53). */
const SMALL = 1n << 50n;
const LEADING_BITS = 50;

/** The number of bits of an integer 0 ≤ x < 2^53 held in a double. */
function bitLengthOfDouble(x: number): number {
  return x >= 4294967296 ? 64 - Math.clz32(Math.floor(x / 4294967296)) : 32 - Math.clz32(x);
}

function smallGcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** gcd(|a|, |b|) (gcd(0, 0) = 0). */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (b === 0n) return a;
  if (a < SMALL) return BigInt(smallGcd(Number(a), Number(b)));
  let bits = a.toString(16).length * 4; // an upper bound, refined below
  while (b !== 0n) {
    if (a < SMALL) return BigInt(smallGcd(Number(a), Number(b)));
    // bits bounds a's length from above; the leading part at that scale gives the exact length (a ≥ 2^50).
    let x = Number(a >> BigInt(bits - LEADING_BITS));
    if (x < 2 ** (LEADING_BITS - 1)) {
      bits = x === 0 ? a.toString(16).length * 4 : bits - LEADING_BITS + bitLengthOfDouble(x);
      if (x === 0) continue;
      x = Number(a >> BigInt(bits - LEADING_BITS));
    }
    // Leading bits of a and b at the same scale: 2^49 ≤ x < 2^50, 0 ≤ y ≤ x.
    let y = Number(b >> BigInt(bits - LEADING_BITS));
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    for (;;) {
      const yc = y + C;
      const yd = y + D;
      if (yc === 0 || yd === 0) break;
      const q = Math.floor((x + A) / yc);
      if (q !== Math.floor((x + B) / yd)) break;
      let t = A - q * C;
      A = C;
      C = t;
      t = B - q * D;
      B = D;
      D = t;
      t = x - q * y;
      x = y;
      y = t;
    }
    if (B === 0) {
      // The leading bits decided nothing (a large quotient): one plain Euclid step.
      const t = a % b;
      a = b;
      b = t;
    } else {
      const nextA = BigInt(A) * a + BigInt(B) * b;
      const nextB = BigInt(C) * a + BigInt(D) * b;
      a = nextA;
      b = nextB;
    }
  }
  return a;
}
