/**
 * Exact renormalisation of a float probability vector (docs/theory.md §11.2): every double is a dyadic
 * rational, so Σ v is computed *exactly* (as an integer multiple of 2⁻¹⁰⁷⁴), each v(i) is divided by it
 * exactly, and the quotient is rounded once to the nearest double (ties to even, subnormals included).
 *
 * The result r is the vector of doubles nearest to the exactly normalised law v/Σv: every entry carries a
 * relative error ≤ 2⁻⁵³ (absolute ≤ 2⁻¹⁰⁷⁵ in the subnormal range), zeros stay zero, positive entries stay
 * positive unless below half the smallest subnormal, and a vector that already sums to exactly 1 is returned
 * unchanged (bit for bit). This is what the public float entry points (`validateInputs`) do once at the
 * boundary, so that the 1e-9 normalisation slack the validator tolerates never reaches a verifier.
 *
 * {@link exactlyRenormalised} returns the same exact law as rationals (the reference the float paths are
 * tested against).
 *
 * @example
 * ```ts
 * renormalise([0.5, 0.5000000001]);             // Float64Array [0.49999999995, 0.50000000005]
 * renormalise([0.25, 0.75]);                     // unchanged: sums to exactly 1
 * exactlyRenormalised([0.25, 0.25]).map(String); // ['1/2', '1/2']
 * ```
 */
import { SpechubError } from './errors.ts';
import { powerOfTwo, Rational, roundedQuotient } from './rational.ts';

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);
const MANTISSA_MASK = (1n << 52n) - 1n;
/** 2^1074: the scale at which every finite double is an integer. */
const ONE_SCALED = 1n << 1074n;

/** x·2^1074 as an exact integer, for a finite x ≥ 0. */
function scaledInteger(x: number): bigint {
  scratch[0] = x;
  const bits = scratchBits[0]!;
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = bits & MANTISSA_MASK;
  if (biasedExponent === 0) return mantissa; // subnormal: mantissa·2^−1074
  return (mantissa | (1n << 52n)) << BigInt(biasedExponent - 1);
}

function scaledEntries(v: ArrayLike<number>): { scaled: bigint[]; total: bigint } {
  const scaled = new Array<bigint>(v.length);
  let total = 0n;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!(x >= 0) || !Number.isFinite(x)) throw new SpechubError('NOT_FINITE', `entry ${i} = ${x} is not a finite non-negative number`);
    const s = scaledInteger(x);
    scaled[i] = s;
    total += s;
  }
  if (total === 0n) throw new SpechubError('ZERO_DRAFT_MASS', 'cannot renormalise a vector of zero mass');
  return { scaled, total };
}

/**
 * v / Σ v computed exactly, then correctly rounded to doubles; unchanged (a copy) when Σ v = 1 exactly.
 *
 * Fast path (floats only, O(n) flops): Σ v as an exact floating-point expansion (Shewchuk/`msum`), which
 * decides Σ v = 1 exactly; otherwise S = Σ v as a double-double hi + lo (error ~2⁻¹⁰⁶ S), each quotient
 * x/S corrected once by its residual x − c·S (Dekker's exact product) and accepted only if that residual
 * proves c is the nearest double by a margin far above the residual's own error. Entries near a rounding tie,
 * at powers of two, or in the subnormal range take the exact bigint path.
 */
export function renormalise(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (!(x >= 0) || !Number.isFinite(x)) throw new SpechubError('NOT_FINITE', `entry ${i} = ${x} is not a finite non-negative number`);
  }
  const partials = expansionSum(v, -1);
  let exactlyOne = true;
  for (let k = 0; k < partials.length; k++) if (partials[k] !== 0) exactlyOne = false;
  if (exactlyOne) return Float64Array.from(v); // Σ v = 1 exactly
  const [hi, lo] = doubleDouble(expansionSum(v, 0));
  if (!(hi > 0)) throw new SpechubError('ZERO_DRAFT_MASS', 'cannot renormalise a vector of zero mass');
  const out = new Float64Array(n);
  let exact: { scaled: bigint[]; total: bigint } | null = null;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x === 0) continue;
    const fast = x >= 2 ** -1020 ? roundedQuotientFast(x, hi, lo) : null;
    if (fast !== null) {
      out[i] = fast;
      continue;
    }
    exact ??= scaledEntries(v);
    out[i] = roundedQuotient(exact.scaled[i]!, exact.total);
  }
  return out;
}

/** The exact sum of v plus `extra`, as a non-overlapping expansion (Shewchuk's partials; Python's msum). */
function expansionSum(v: ArrayLike<number>, extra: number): number[] {
  // At most one partial per binade in use (≤ 2098), so a fixed buffer never overflows.
  const partials = new Float64Array(2100);
  let count = 0;
  const n = v.length;
  for (let i = 0; i <= n; i++) {
    if (i === n && extra === 0) break;
    let x = i < n ? v[i]! : extra;
    let j = 0;
    for (let k = 0; k < count; k++) {
      let y = partials[k]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[j++] = low;
      x = high;
    }
    partials[j] = x;
    count = j + 1;
  }
  return Array.from(partials.subarray(0, count));
}

/** hi + lo ≈ Σ partials, |error| ≲ 2⁻¹⁰⁵·|Σ|, summing from the largest partial down with error-free sums. */
function doubleDouble(partials: number[]): [number, number] {
  let s = 0;
  let c = 0;
  for (let k = partials.length - 1; k >= 0; k--) {
    const p = partials[k]!;
    const t = s + p;
    const b = t - s;
    c += s - (t - b) + (p - b);
    s = t;
  }
  const hi = s + c;
  return [hi, c - (hi - s)];
}

const SPLITTER = 134217729; // 2^27 + 1 (Dekker)


/** The spacing of doubles at a normal positive c (null at a power of two, where it differs on each side). */
function ulpOf(c: number): number | null {
  let e = Math.floor(Math.log2(c));
  if (powerOfTwo(e) > c) e--;
  else if (powerOfTwo(e + 1) <= c) e++;
  if (powerOfTwo(e) === c) return null;
  return powerOfTwo(e - 52);
}

/**
 * The double nearest to x/S, S = hi + lo, or null when it cannot be certified cheaply: c = x/hi corrected by
 * its residual, then accepted only if |x − c·S| < (½ − 2⁻³⁰)·ulp(c)·S. The residual is computed with an exact
 * product, so its error (≲ 2⁻⁵⁰·ulp(c)·S) is far below the 2⁻³⁰ margin.
 */
function roundedQuotientFast(x: number, hi: number, lo: number): number | null {
  const q0 = x / hi;
  const c = q0 + residual(x, q0, hi, lo) / hi;
  if (!(c >= 2 ** -1020) || !Number.isFinite(c)) return null;
  const u = ulpOf(c);
  if (u === null) return null;
  return Math.abs(residual(x, c, hi, lo)) < (0.5 - 2 ** -30) * u * hi ? c : null;
}

/** x − c·(hi + lo), with c·hi = ph + pl exact (Dekker's split and product). No closures: this is the hot loop. */
function residual(x: number, c: number, hi: number, lo: number): number {
  const chi = SPLITTER * hi;
  const hh = chi - (chi - hi);
  const hl = hi - hh;
  const ph = c * hi;
  const cc = SPLITTER * c;
  const ch = cc - (cc - c);
  const cl = c - ch;
  const pl = ch * hh - ph + ch * hl + cl * hh + cl * hl;
  return x - ph - pl - c * lo;
}

/** v / Σ v as exact rationals (Σ = 1 exactly): the law that {@link renormalise} rounds to doubles. */
export function exactlyRenormalised(v: ArrayLike<number>): Rational[] {
  const { scaled, total } = scaledEntries(v);
  return scaled.map((s) => Rational.of(s, total));
}
