/**
 * e^x for the arguments a softmax takes (x ≤ 0): the very double that fdlibm's `e_exp.c` returns, written in
 * TypeScript with fdlibm's argument reduction (x = k·ln2 + r, ln2 split in two), its degree-5 Remez polynomial
 * and its scaling by 2^k, operation for operation. V8's `Math.exp` *is* fdlibm's `e_exp.c` (src/base/ieee754.cc),
 * so on Node.js and Chromium this returns `Math.exp(x)` bit for bit (tested on millions of arguments and at every
 * branch edge); on other engines it keeps softmax laws engine-independent. Other arguments (x > 0, NaN) are
 * passed to `Math.exp`.
 *
 * Why not `Math.exp` (docs/limits.md, "Speed"): V8 compiles `Math.exp` to a call into C++, with the registers
 * saved and restored around every call, while this function is small enough to be inlined into the caller's
 * loop. The decoder's law of 4,096 logits (`nextTokenLawInto`: max, exp, divide) took 45 µs instead of 51 at
 * temperature 1 and 47 µs instead of 60 at temperature 0.7 (issue 15's lean decoder computes one law per tree
 * node). It must stay small: a JavaScript function that is not inlined returns its double boxed, and a version
 * with fdlibm's positive branches as well was inlined no more and ran at 65 µs for the exponentials alone
 * (`Math.exp`: 42 µs). fdlibm's tests on the high word
 * of |x| are written as comparisons of x with the doubles those words start.
 *
 * @example
 * ```ts
 * expOfNonPositive(-1) === Math.exp(-1); // true on V8: 0.36787944117144233
 * expOfNonPositive(-Infinity); // 0
 * ```
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The double whose high word is `hi` and low word 0 (little-endian, as every JavaScript engine's target). */
function fromHighWord(hi: number): number {
  u32[0] = 0;
  u32[1] = hi;
  return f64[0]!;
}
// fdlibm tests the high word hx of |x|: hx > 0x3fd62e42, hx < 0x3ff0a2b2, hx < 0x3e300000. For x ≤ 0 these are
// x ≤ −REDUCE, x > −ONE_LN2 and x > −TINY (the high word grows with |x|).
const REDUCE = fromHighWord(0x3fd62e43); // just above 0.5·ln2
const ONE_LN2 = fromHighWord(0x3ff0a2b2); // about 1.5·ln2
const TINY = fromHighWord(0x3e300000); // 2^-28
const UNDERFLOW = -7.45133219101941108420e2;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
/** POW2[j] = 2^−j for j = 0 … 1021 (exact: powers of two are doubles). */
const POW2 = new Float64Array(1022);
for (let j = 0; j <= 1021; j++) POW2[j] = 2 ** -j;

/**
 * `Math.exp` behind a function of its own: with the call to `Math.exp` (a call into C++) written inline, V8 kept
 * the caller's loop variables in memory around it and a softmax row took 48 µs instead of 40.
 */
function mathExp(x: number): number {
  return Math.exp(x);
}

/** e^x: fdlibm's value for x ≤ 0 (−∞ → 0, x < −745.13… → 0), `Math.exp(x)` otherwise. */
export function expOfNonPositive(x: number): number {
  if (!(x <= 0)) return mathExp(x);
  let hi: number;
  let lo: number;
  let k: number;
  if (x <= -REDUCE) {
    if (x < UNDERFLOW) return 0;
    if (x > -ONE_LN2) {
      hi = x + LN2_HI;
      lo = -LN2_LO;
      k = -1;
    } else {
      k = (INV_LN2 * x - 0.5) | 0; // C's (int) conversion truncates toward zero, as | 0 does
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
  } else {
    if (x > -TINY) return 1 + x;
    const t = x * x;
    const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return 1 - ((x * c) / (c - 2.0) - x);
  }
  x = hi - lo;
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  // fdlibm scales by 2^k, or for k < −1021 (a subnormal result) by 2^(k+1000) and then 2^−1000.
  return k >= -1021 ? y * POW2[-k]! : y * POW2[-(k + 1000)]! * TWO_M1000;
}
