/**
 * IEEE 754 binary16 (float16) and bfloat16 conversions, exact: every float16/bfloat16 value is a double, and
 * the encoders round to nearest, ties to even (as numpy's `astype(float16)` and torch's `.to(bfloat16)` do).
 */

let float16Table: Float64Array | null = null;

/** The double value of every float16 bit pattern (a 65,536-entry table built on first use). */
export function float16Values(): Float64Array {
  if (float16Table !== null) return float16Table;
  const table = new Float64Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = float16BitsToNumber(bits);
  float16Table = table;
  return table;
}

let bfloat16Table: Float64Array | null = null;

/** The double value of every bfloat16 bit pattern (a 65,536-entry table built on first use). */
export function bfloat16Values(): Float64Array {
  if (bfloat16Table !== null) return bfloat16Table;
  const widened = new Uint32Array(65536);
  for (let bits = 0; bits < 65536; bits++) widened[bits] = bits << 16;
  bfloat16Table = Float64Array.from(new Float32Array(widened.buffer));
  return bfloat16Table;
}

/** The value of one float16 bit pattern. */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Nearest float16 (ties to even) of a double, as a bit pattern; overflow gives ±∞, NaN a quiet NaN. */
export function numberToFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  // Subnormal range: multiples of 2^-24 below 2^-14.
  if (a < 2 ** -14) {
    const m = roundHalfEven(a / 2 ** -24); // 0..1024 (1024 = smallest normal)
    return sign | m;
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

/** Nearest bfloat16 (ties to even) of a double, as a bit pattern (through float32, like torch). */
export function numberToBfloat16Bits(x: number): number {
  const f32 = new Float32Array([x]);
  const u = new Uint32Array(f32.buffer)[0]!;
  if (Number.isNaN(f32[0]!)) return 0x7fc0;
  const lower = u & 0xffff;
  let upper = u >>> 16;
  if (lower > 0x8000 || (lower === 0x8000 && (upper & 1) === 1)) upper += 1;
  return upper & 0xffff;
}

/** The value of one bfloat16 bit pattern. */
export function bfloat16BitsToNumber(bits: number): number {
  const u = new Uint32Array([(bits & 0xffff) << 16]);
  return new Float32Array(u.buffer)[0]!;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
