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
import { Rational, roundedQuotient } from './rational.ts';

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

/** v / Σ v computed exactly, then correctly rounded to doubles; unchanged (a copy) when Σ v = 1 exactly. */
export function renormalise(v: ArrayLike<number>): Float64Array {
  const { scaled, total } = scaledEntries(v);
  if (total === ONE_SCALED) return Float64Array.from(v);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = scaled[i] === 0n ? 0 : roundedQuotient(scaled[i]!, total);
  return out;
}

/** v / Σ v as exact rationals (Σ = 1 exactly): the law that {@link renormalise} rounds to doubles. */
export function exactlyRenormalised(v: ArrayLike<number>): Rational[] {
  const { scaled, total } = scaledEntries(v);
  return scaled.map((s) => Rational.of(s, total));
}
