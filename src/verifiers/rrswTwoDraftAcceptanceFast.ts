/**
 * RRSw's k = 2 closed form (§2.3) for float laws without a comparator sort (docs/theory.md §11.7):
 *
 *   α = ov(p, q) + Σ_{x: p(x)<q(x)} (q(x) − p(x))·g(1/(1 − q(x))),   g(c) = Σ_y min(P₂(y), c·q(y)),
 *
 * with P₂ = (p − q)^+/Σ(p − q)^+. The breakpoints ρ_y = P₂(y)/q(y) of g are positive only where p > q, and
 * there they increase with p/q, so the tokens in the ratio order of the prefix dual (`floatRatioOrder`, shared
 * with the other methods of a replayed position) are already sorted by ρ: prefix sums of P₂ and suffix sums of
 * q along that order give g at any c in O(log n). Every c = 1/(1 − q(x)) is at least 1, so only the
 * breakpoints above 1 depend on x, and only tokens x with 1 − q(x) ≤ 1/ρ_min (a large q(x)) reach any of
 * them: for all the others g takes one precomputed value, and the sum over x is one pass with no search.
 *
 * Float rules (§11.3): 1 − q(x) is Σ_y q(y) − q(x) only when q(x) ≤ ½Σq (then the difference is accurate to a
 * few ulps, no cancellation); for the (at most one) token above that it is the compensated sum of the other
 * tokens; the comparison ρ ≤ c is made as P₂(y)·(1 − q(x)) ≤ q(y) (no ratio formed: `rrswTwoDraftAcceptance`'s
 * ρ·(1 − q(x)) ≤ 1 overflows to the wrong answer when q(y) and 1 − q(x) are subnormal), and as
 * P₂(y) ≤ q(y)/(1 − q(x)) when 1 − q(x) < 2⁻⁹⁶⁹, where the product would round on the subnormal grid; α is a compensated
 * sum of non-negative terms, clamped to [0, 1]. Agrees with `rrswTwoDraftAcceptance` to 1e-12 relative at
 * n = 32,000 and 128,256 and with the exact rational value on near-degenerate laws (tested).
 *
 * @example
 * ```ts
 * rrswTwoDraftAcceptanceFast(p, q); // = rrswTwoDraftAcceptance(floatField, p, q) up to rounding
 * ```
 */
import { claimScratch, SCRATCH_SLOTS } from '../core/scratchBuffer.ts';
import { floatRatioOrder, RATIO_KEY_SCALE } from '../optimum/floatRatioOrder.ts';
import { floatField } from '../core/field.ts';
import { compensatedSumExcept, kernelOut } from './floatKernels.ts';
import { rrswTwoDraftAcceptance } from './rrsw.ts';

const pick = new Float64Array(2);
/** Below this target mass a token's ratio key is imprecise (see `floatRatioOrder`). */
const LOOSE_BELOW = 2 ** -922;
/** More loose tokens than this: the comparator-sort form is cheaper. */
const MAX_LOOSE = 64;
/**
 * Below this 1 − q(x) the test ρ_y ≤ c_x is made as P₂(y) ≤ q(y)/(1 − q(x)) (q(y) ≤ 1 − q(x): no overflow) instead
 * of P₂(y)·(1 − q(x)) ≤ q(y): that product rounds on the subnormal grid, to within 2⁻¹⁰⁷⁵ absolute, which is an error
 * of 2⁻¹⁰⁷⁵/(1 − q(x)) in c·q(y) (P₂ = 0.7, 1 − q(x) = 2·2⁻¹⁰⁷⁴, q(y) = 2⁻¹⁰⁷⁴: the product 1.4·2⁻¹⁰⁷⁴ rounds to
 * q(y), so P₂ = 0.7 was counted where min(P₂, c·q) = 0.5). From 2⁻⁹⁶⁹ up that error is below 2⁻¹⁰⁶.
 */
export const TINY_REST = 2 ** -969;

/** Factors below this are scaled by SCALE_UP when their product is subnormal (see `breakpointAtOrBelow`). */
const SMALL_FACTOR = 2 ** -511;
const SCALE_UP = 2 ** 600;

/**
 * ρ ≤ c for the breakpoint ρ = P₂/q and c = 1/rest (see TINY_REST): P₂·rest ≤ q, or P₂ ≤ q/rest for a tiny rest.
 * A product below 2⁻¹⁰²² (a tiny P₂: a token whose target mass is near the subnormal range) would round on the
 * subnormal grid, to 0 for P₂·rest below 2⁻¹⁰⁷⁵, and 0 ≤ q = 0 then counted a breakpoint at +∞ (P₂ = 2.5e-310,
 * rest = 1e-17, q = 0: the replay's RRSw gave 2.5e-310 for 2e-323, found by `npm run fuzz:replay -- --seed 9`).
 * There each factor below 2⁻⁵¹¹ and q are scaled by 2⁶⁰⁰ (exact: powers of two; the product lands in the normal
 * range, q·2¹²⁰⁰ may overflow to +∞, which is then the right answer), so the test is as accurate as a normal product.
 */
export function breakpointAtOrBelow(P2: number, q: number, rest: number): boolean {
  if (rest < TINY_REST) return P2 <= q / rest;
  const product = P2 * rest;
  if (product >= 2 ** -1022) return product <= q;
  let a = P2;
  let b = rest;
  let c = q;
  if (a < SMALL_FACTOR) {
    a *= SCALE_UP;
    c *= SCALE_UP;
  }
  if (b < SMALL_FACTOR) {
    b *= SCALE_UP;
    c *= SCALE_UP;
  }
  return a * b <= c;
}

/** ov = Σ min(p, q), S = Σ (p − q)^+, Σq (compensated) and the index of the largest q: kernelOut[0..3]. */
function firstPass(p: ArrayLike<number>, q: ArrayLike<number>): void {
  const n = p.length;
  const table = pick;
  let so = 0;
  let co = 0;
  let ss = 0;
  let cs = 0;
  let sq = 0;
  let cq = 0;
  let top = -1;
  let best = 0;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    table[0] = qy;
    table[1] = py;
    const m = table[+(py < qy)]!;
    let t = so + m;
    co += Math.abs(so) >= Math.abs(m) ? so - t + m : m - t + so;
    so = t;
    const d = py - qy;
    const x = 0.5 * (d + Math.abs(d));
    t = ss + x;
    cs += Math.abs(ss) >= Math.abs(x) ? ss - t + x : x - t + ss;
    ss = t;
    t = sq + qy;
    cq += Math.abs(sq) >= Math.abs(qy) ? sq - t + qy : qy - t + sq;
    sq = t;
    if (top < qy) {
      top = qy;
      best = y;
    }
  }
  kernelOut[0] = so + co;
  kernelOut[1] = ss + cs;
  kernelOut[2] = sq + cq;
  kernelOut[3] = best;
}

/** The first index in order[lo, hi) from which `holds` is true (it must hold on a suffix of that range). */
function firstWhere(order: ArrayLike<number>, lo: number, hi: number, holds: (y: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(order[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The sum over x of (q − p)^+·(A + B/rest_x): A, B the prefix-P₂ and suffix-q sums below the breakpoints
 * ρ ≤ 1 (shared by every x), unless the smallest breakpoint above 1 is ≤ c = 1/rest_x, when those are searched.
 * "ρ_y ≤ c" is tested as P₂(y)·rest_x ≤ q(y): no ratio is formed, so nothing overflows when q(y) or rest_x is
 * subnormal (where P₂(y)/q(y) or 1/rest_x would be +∞); as P₂(y) ≤ q(y)/rest_x when rest_x < 2⁻⁹⁶⁹ (TINY_REST).
 * Compensated.
 */
function secondPass(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  total: number,
  heavy: number,
  heavyRest: number,
  masses: Float64Array,
  drafts: Float64Array,
  prefixP2: Float64Array,
  suffixQ: Float64Array,
  from: number,
  to: number,
  start: number,
  looseMasses: readonly number[],
  looseDrafts: readonly number[],
): number {
  const n = p.length;
  const A0 = prefixP2[from]!;
  const B0 = suffixQ[from]!;
  const massMin = from < to ? masses[from]! : 1;
  const draftMin = from < to ? drafts[from]! : 0;
  let s = start;
  let c = 0;
  for (let x = 0; x < n; x++) {
    const px = p[x]!;
    const qx = q[x]!;
    const d = qx - px;
    const w = 0.5 * (d + Math.abs(d));
    const rest = x === heavy ? heavyRest : total - qx;
    let A = A0;
    let B = B0;
    if (breakpointAtOrBelow(massMin, draftMin, rest)) {
      // Some breakpoint above 1 lies below c = 1/rest: the first index whose breakpoint exceeds c.
      let lo = from;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breakpointAtOrBelow(masses[mid]!, drafts[mid]!, rest)) lo = mid + 1;
        else hi = mid;
      }
      A = prefixP2[lo]!;
      B = suffixQ[lo]!;
    }
    let extra = 0;
    for (let l = 0; l < looseMasses.length; l++) extra += breakpointAtOrBelow(looseMasses[l]!, looseDrafts[l]!, rest) ? looseMasses[l]! : looseDrafts[l]! / rest;
    const term = rest > 0 ? w * (A + B / rest + extra) : 0;
    const t = s + term;
    c += Math.abs(s) >= Math.abs(term) ? s - t + term : term - t + s;
    s = t;
  }
  return s + c;
}

/** α_RRSw for k = 2 (see the module comment); `order` is `floatRatioOrder(p, q)` when the caller has it. */
export function rrswTwoDraftAcceptanceFast(p: ArrayLike<number>, q: ArrayLike<number>, order?: ArrayLike<number>): number {
  const n = p.length;
  firstPass(p, q);
  const ov = kernelOut[0]!;
  const residualMass = kernelOut[1]!;
  const total = kernelOut[2]!;
  const largest = kernelOut[3]!;
  const clamp = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0);
  if (!(residualMass > 0)) return clamp(ov);
  // 1 − q(x) as a difference only where it cannot cancel (q(x) ≤ Σq/2); the largest token otherwise summed.
  const heavy = q[largest]! > 0.5 * total ? largest : -1;
  const heavyRest = heavy >= 0 ? compensatedSumExcept(q, heavy) : 0;
  const ord = order ?? floatRatioOrder(p, q);
  // The order ends with the tokens whose ratio is +∞ (q = 0, or p/q beyond the largest double), in index order;
  // before them the ratios are finite and ascending. Tokens with an infinite ratio and q > 0 have a breakpoint
  // above every c: their q counts in every suffix sum. Among the finite ones only p > q has a breakpoint above
  // 0; they are picked by a scan, not a search (p > q need not be a suffix of the order: p/q rounds to 1 for
  // p one ulp above q, tied with p = q).
  const finiteEnd = firstWhere(ord, 0, n, (y) => !((p[y]! * RATIO_KEY_SCALE) / q[y]! < Infinity));
  let beyond = 0;
  for (let j = finiteEnd; j < n; j++) beyond += q[ord[j]!]!;
  let m = 0;
  // Tokens with p < 2^−922 have imprecise keys (p·2^−100 is subnormal or 0), so their place in the order
  // says nothing: they are kept out of the sorted list and evaluated one by one for every x ("loose" tokens;
  // none in float32/float16 data; many only in contrived float64 input, then the comparator-sort form runs).
  const loose: number[] = [];
  for (let j = 0; j < finiteEnd; j++) {
    const y = ord[j]!;
    if (!(p[y]! > q[y]!)) continue;
    if (p[y]! < LOOSE_BELOW) loose.push(y);
    else m++;
  }
  if (loose.length > MAX_LOOSE) return rrswTwoDraftAcceptance(floatField, p, q);
  const looseMasses = loose.map((y) => (p[y]! - q[y]!) / residualMass);
  const looseDrafts = loose.map((y) => q[y]!);
  // sortKeys is free again (the order's keys are no longer needed); the order itself lives in sortSpare.
  const claim = claimScratch(SCRATCH_SLOTS.sortKeys, 4 * m + 2);
  const masses = claim.buffer.subarray(0, m);
  const prefixP2 = claim.buffer.subarray(m, 2 * m + 1);
  const suffixQ = claim.buffer.subarray(2 * m + 1, 3 * m + 2);
  const drafts = claim.buffer.subarray(3 * m + 2, 4 * m + 2);
  prefixP2[0] = 0;
  let i = 0;
  for (let j = 0; j < finiteEnd; j++) {
    const y = ord[j]!;
    const py = p[y]!;
    const qy = q[y]!;
    if (!(py > qy) || py < LOOSE_BELOW) continue;
    const P2 = (py - qy) / residualMass;
    masses[i] = P2;
    prefixP2[i + 1] = prefixP2[i]! + P2;
    drafts[i] = qy;
    i++;
  }
  suffixQ[m] = beyond;
  for (let j = m - 1; j >= 0; j--) suffixQ[j] = suffixQ[j + 1]! + drafts[j]!;
  // Breakpoints ρ ≤ 1 lie below every c ≥ 1: the search starts after them.
  let from = 0;
  while (from < m && masses[from]! <= drafts[from]!) from++;
  return clamp(secondPass(p, q, total, heavy, heavyRest, masses, drafts, prefixP2, suffixQ, from, m, ov, looseMasses, looseDrafts));
}
