/**
 * K-SEQ's divisor ρ* in floats with one selection pass and one certifying pass (docs/theory.md §11.4, §11.7),
 * instead of a bracketing search that evaluates h(ρ) over the whole vocabulary 6–10 times.
 *
 * 1. **Selection pass (no sort).** Every token goes to one of 128 buckets by x = (p − q)/(p + q), a monotone
 *    function of its breakpoint p/q that is finite for every token: bucket 0 for p/q < 1, buckets 1..126 for
 *    ρ-edges evenly spaced in x between 1 and k, bucket 127 for p/q ≥ k (q = 0 included). Two comparisons class
 *    every token first (p < q: bucket 0; p ≥ fl(kq): bucket 127; sums in registers); only the others (the
 *    middle) are copied out, in index order (a branch-free compaction), and pay for the quotient and the
 *    per-bucket Σp and Σq; the bucket found below is gathered from that copy, not from all n.
 * 2. **Closed-form segment search.** On the edges the segment constants give β(ρ) = Q_upper + P_lower/ρ, so h
 *    is evaluated in O(k) per edge; the first edge with h ≥ its error bound marks the bucket holding ρ*. Only
 *    that bucket's tokens are gathered and ordered (about n/126 when the breakpoints spread: by insertion up to
 *    256, by sort beyond), which gives the segment between consecutive breakpoints where h changes sign; there
 *    h is a closed form of ρ and is bisected to the last bits.
 * 3. **Certification.** One pass computes β̂ = Σ min(q, p·fl(1/ρ̂)) (compensated; no division per token) and
 *    the float h with a rigorous bound on its rounding error (§11.4, widened by (ρ + k)·2u·β̂ for the rounding
 *    of the reciprocal); ρ̂ is returned only if h is at least that bound, so h(ρ̂) ≥ 0 holds in exact arithmetic
 *    for the same inputs (rounded up, §8 item 8). When that fails, the pass with divisions (β̂ exactly
 *    `kseqBeta`, the smaller bound; it also sums γ̂ = `kseqRejection` bit for bit, returned for the caller's
 *    residual) decides; otherwise ρ̂ is stepped up and certified again; after a few failures the caller's
 *    fallback (the bracketing search) decides. With `certificate: 'sums'` (the K-SEQ verifier's own ρ̂) the
 *    search instead targets h above its bound plus (ρ + k) times a bound on the error of β from the selection
 *    pass's plain sums, and certifies ρ̂ from those sums with no pass at all (§11.4, "the sums certificate"):
 *    an acceptance lower by about n·u, a pass saved per call; the pass above decides only when that fails.
 *
 * Nothing of size n is allocated per call: the buffers are module-level or borrowed (src/core/scratchBuffer.ts).
 * Degenerate inputs return ρ = 1 as before (p = q: no token with p > q; disjoint supports), and ρ = k when even
 * h(k) is below the bound (h(k) ≥ 0 in exact arithmetic by Bernoulli's inequality).
 *
 * @example
 * ```ts
 * // E4, k = 2: ρ* = 3/2 exactly; the float search returns a certified ρ̂ ≥ ρ*, a few ulps above.
 * kseqRhoSearch([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2, () => 2).rho; // 1.50000000000002…
 * ```
 */
import { claimScratch, SCRATCH_SLOTS } from '../core/scratchBuffer.ts';
import { plainPositiveDifference } from './floatKernels.ts';

/** A safety factor on the error bounds of the float h (they are first-order estimates). */
export const KSEQ_GAP_MARGIN_ULPS = 4;

const U = Number.EPSILON / 2;
/** Buckets 1..INNER cover ρ ∈ [1, k); 0 is p/q < 1, INNER + 1 is p/q ≥ k. */
const INNER = 126;
const BUCKETS = INNER + 2;
const bucketP = new Float64Array(BUCKETS);
const bucketQ = new Float64Array(BUCKETS);
/** Two-slot table for a branch-free exact min (an unpredictable branch costs more than the whole loop body). */
const pick = new Float64Array(2);

/**
 * h(ρ) = ρβ − 1 + (1 − β)^k from β and the rounding-error bound of that evaluation (§11.4):
 * β ≤ ½: the expanded form ρβ + Σ C(k,i)(−β)^i, bound 4(k + 4)u·Σ|terms| (as `kseqGapWithBound`);
 * β > ½: the direct form, bound 4(k + 4)u·(ρβ + |ρβ − 1| + (1 − β)^k + |h|) for its roundings plus
 * (ρ + k)·3.2u·β for the error of a compensated β̂ (|∂h/∂β| ≤ ρ + k, β̂ within 3.1u·β of β); both forms add
 * (ρ + k)·n·2⁻¹⁰⁷⁴ for quotients p/ρ that land in the subnormal range (accurate there only absolutely).
 */
export function kseqGapFromBeta(beta: number, k: number, rho: number, n: number): { gap: number; bound: number } {
  gapInto(beta, k, rho, n);
  return { gap: gapOut[0]!, bound: gapOut[1]! };
}

/** [gap, bound] of the last {@link gapInto}. */
const gapOut = new Float64Array(2);

/** {@link kseqGapFromBeta} into `gapOut` (no allocation: the segment search calls it hundreds of times per law). */
function gapInto(beta: number, k: number, rho: number, n: number): void {
  // Quotients p/ρ in the subnormal range are only accurate to 2⁻¹⁰⁷⁵ absolute: n of them, through |∂h/∂β| ≤ ρ + k.
  const subnormal = (rho + k) * n * Number.MIN_VALUE;
  if (beta <= 0.5) {
    let positive = rho * beta;
    let negative = 0;
    let term = 1;
    for (let i = 1; i <= k; i++) {
      term = (term * beta * (k - i + 1)) / i;
      if (i % 2 === 1) negative += term;
      else positive += term;
    }
    const scale = positive + negative;
    gapOut[0] = positive - negative;
    gapOut[1] = KSEQ_GAP_MARGIN_ULPS * (k + 4) * U * scale + subnormal;
    return;
  }
  const a = rho * beta;
  const g = a - 1;
  const c = 1 - beta;
  let ck = 1;
  for (let i = 0; i < k; i++) ck *= c;
  const gap = g + ck;
  gapOut[0] = gap;
  gapOut[1] = KSEQ_GAP_MARGIN_ULPS * (k + 4) * U * (a + Math.abs(g) + ck + Math.abs(gap)) + (rho + k) * 3.2 * U * beta + subnormal;
}

/**
 * β(ρ) = Σ_y min(q(y), p(y)/ρ), Neumaier-compensated in index order: the value of `kseqBeta` with floats, bit
 * for bit (the branch-free two-sum yields the same exact rounding error as Neumaier's branch). Its error is at
 * most 3.1u·β: each min is within u of the exact one, relative to itself, and the sum adds 2u.
 */
export function kseqBetaFloat(p: ArrayLike<number>, q: ArrayLike<number>, rho: number): number {
  let s = 0;
  let c = 0;
  const n = p.length;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const sy = p[y]! / rho;
    pick[0] = sy;
    pick[1] = qy;
    const x = pick[+(qy < sy)]!; // qy < sy ? qy : sy, as Field.min(q, p/ρ)
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** γ(ρ) = Σ (q − p/ρ)^+, compensated in index order: `kseqRejection` with floats, bit for bit. */
export function kseqRejectionFloat(p: ArrayLike<number>, q: ArrayLike<number>, rho: number): number {
  let s = 0;
  let c = 0;
  const n = p.length;
  for (let y = 0; y < n; y++) {
    const d = q[y]! - p[y]! / rho;
    const x = 0.5 * (d + Math.abs(d));
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * One certifying pass: β̂ at ρ and whether the float h is at least its error bound (then h(ρ) ≥ 0 exactly).
 * The same pass sums γ̂ = Σ (q − p/ρ)^+ from the same quotients (bit for bit {@link kseqRejectionFloat}).
 */
export function kseqCertify(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number): { ok: boolean; beta: number; gamma: number; gap: number; bound: number } {
  betaAndRejection(p, q, rho);
  const beta = certOut[0]!;
  const gamma = certOut[1]!;
  const { gap, bound } = kseqGapFromBeta(beta, k, rho, p.length);
  return { ok: gap >= bound, beta, gamma, gap, bound };
}

/**
 * The certifying pass without divisions: β̂ from quotients p·fl(1/ρ) (compensated, index order), and whether the
 * float h is at least its error bound plus (ρ + k)·2u·β̂ for the extra rounding of the reciprocal (each quotient
 * within about 2u of p/ρ instead of u, so β̂ within 5.1u·β of β, |∂h/∂β| ≤ ρ + k). A pass with a division per
 * token costs about twice the baseline pass on its own, so this one is tried first; when it cannot certify,
 * {@link kseqCertify} (divisions, the smaller bound) decides.
 */
export function kseqCertifyByReciprocal(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number): boolean {
  const beta = betaByReciprocal(p, q, 1 / rho);
  const { gap, bound } = kseqGapFromBeta(beta, k, rho, p.length);
  return gap >= bound + (rho + k) * 2 * U * beta;
}

/** Σ min(q, p·inverse), compensated in index order. */
function betaByReciprocal(p: ArrayLike<number>, q: ArrayLike<number>, inverse: number): number {
  let s = 0;
  let c = 0;
  const n = p.length;
  const table = pick;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const sy = p[y]! * inverse;
    table[0] = sy;
    table[1] = qy;
    const x = table[+(qy < sy)]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Σ min(q, p·inverse) and Σ (q − p·inverse)^+, compensated in index order, into `certOut` (the division-free pass
 * of {@link certifyAt} with `values`: γ̂ comes with β̂ at no extra quotient).
 */
function betaAndRejectionByReciprocal(p: ArrayLike<number>, q: ArrayLike<number>, inverse: number): void {
  let s = 0;
  let c = 0;
  let g = 0;
  let e = 0;
  const n = p.length;
  const table = pick;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const sy = p[y]! * inverse;
    table[0] = sy;
    table[1] = qy;
    const x = table[+(qy < sy)]!;
    let t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    const d = qy - sy;
    const z = 0.5 * (d + Math.abs(d));
    t = g + z;
    e += Math.abs(g) >= Math.abs(z) ? g - t + z : z - t + g;
    g = t;
  }
  certOut[0] = s + c;
  certOut[1] = g + e;
}

/** [β̂, γ̂] of the last {@link betaAndRejection}. */
const certOut = new Float64Array(2);

/**
 * β̂ = Σ min(q, p/ρ) and γ̂ = Σ (q − p/ρ)^+, both compensated in index order, in one pass sharing the quotient
 * p/ρ: bit for bit {@link kseqBetaFloat} and {@link kseqRejectionFloat}. Results in `certOut`.
 */
function betaAndRejection(p: ArrayLike<number>, q: ArrayLike<number>, rho: number): void {
  let s = 0;
  let c = 0;
  let g = 0;
  let e = 0;
  const n = p.length;
  const table = pick;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const sy = p[y]! / rho;
    table[0] = sy;
    table[1] = qy;
    const x = table[+(qy < sy)]!;
    let t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    const d = qy - sy;
    const z = 0.5 * (d + Math.abs(d));
    t = g + z;
    e += Math.abs(g) >= Math.abs(z) ? g - t + z : z - t + g;
    g = t;
  }
  certOut[0] = s + c;
  certOut[1] = g + e;
}

/** Copies of the bucket sums, indexed (y mod HIST)·BUCKETS + bucket: consecutive tokens of one bucket (most tokens
 * fall in the two end buckets) then update different slots, so the adds do not wait on each other's stores. */
const HIST = 4;
const histP = new Float64Array(HIST * BUCKETS);
const histQ = new Float64Array(HIST * BUCKETS);

/**
 * Bucket of t = 1 + scale·(p − q)/(p + q) by its integer part: clampTable[⌊t⌋ + 400] = ⌊t⌋ clamped to
 * [0, INNER + 1]. |(p − q)/(p + q)| ≤ 1 and scale ≤ 3·INNER, so ⌊t⌋ + 400 lies in [0, 800).
 */
const clampTable = Uint8Array.from({ length: 800 }, (_, i) => Math.max(0, Math.min(INNER + 1, i - 400)));

/**
 * The selection pass, in three simple loops (one loop doing all of it runs slower in V8):
 * 1. every token is classed by two comparisons, no division: p < q (class B, bucket 0: on the p/ρ side for every
 *    ρ ≥ 1), p ≥ fl(k·q) (class A, bucket INNER + 1: on the q side), or the middle; Σp and Σq of class B and Σq of
 *    class A go to registers (plain sums), and the middle tokens' p and q are copied, in index order, to `midP`,
 *    `midQ` (written unconditionally, the count advanced by 0 or 1);
 * 2. the bucket of every middle token (written to `midBucket`; a division and a table look-up);
 * 3. Σp and Σq per bucket over the middle tokens (plain, in HIST interleaved partial sums, then added up into bp, bq).
 * Only the middle tokens (about 30 % of a vocabulary in the benchmark's pair) pay for the division and the
 * scattered adds. Returns the number of middle tokens.
 */
function selectionPass(p: ArrayLike<number>, q: ArrayLike<number>, k: number, scale: number, midP: Float64Array, midQ: Float64Array, midBucket: Uint8Array, bp: Float64Array, bq: Float64Array): number {
  const count = classify(p, q, k, midP, midQ);
  middleBuckets(midP, midQ, count, scale, midBucket);
  middleSums(midP, midQ, count, midBucket);
  const hp = histP;
  const hq = histQ;
  for (let j = 0; j < BUCKETS; j++) {
    bp[j] = hp[j]! + hp[BUCKETS + j]! + (hp[2 * BUCKETS + j]! + hp[3 * BUCKETS + j]!);
    bq[j] = hq[j]! + hq[BUCKETS + j]! + (hq[2 * BUCKETS + j]! + hq[3 * BUCKETS + j]!);
  }
  bp[0] = classOut[0]!;
  bq[0] = classOut[1]!;
  bq[INNER + 1]! += classOut[2]!;
  bp[INNER + 1]! += classOut[3]!;
  return count;
}

/** [Σp, Σq of class B; Σq, Σp of class A] of the last {@link classify}. */
const classOut = new Float64Array(4);

/** Pass 1 of {@link selectionPass}: the classes' sums to `classOut`, the middle tokens to midP, midQ; returns their number. */
function classify(p: ArrayLike<number>, q: ArrayLike<number>, k: number, midP: Float64Array, midQ: Float64Array): number {
  const n = p.length;
  let pb = 0;
  let qb = 0;
  let qa = 0;
  let pa = 0;
  let count = 0;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    const below = +(py < qy);
    const above = +(py >= k * qy);
    pb += py * below;
    qb += qy * below;
    qa += qy * above;
    pa += py * above;
    midP[count] = py;
    midQ[count] = qy;
    count += 1 - below - above; // p < q and p ≥ kq ≥ q cannot both hold
  }
  classOut[0] = pb;
  classOut[1] = qb;
  classOut[2] = qa;
  classOut[3] = pa;
  return count;
}

/** midBucket[i] = clampTable[⌊1 + scale·x⌋ + 400], x = (p − q)/(p + q) ≥ 0 (a middle token has p ≥ q > 0). */
function middleBuckets(midP: Float64Array, midQ: Float64Array, count: number, scale: number, midBucket: Uint8Array): void {
  const table = clampTable;
  for (let i = 0; i < count; i++) {
    const py = midP[i]!;
    const qy = midQ[i]!;
    midBucket[i] = table[(((py - qy) / (py + qy)) * scale + 401) | 0]!;
  }
}

/** The interleaved bucket sums of the middle tokens into histP/histQ. */
function middleSums(midP: Float64Array, midQ: Float64Array, count: number, midBucket: Uint8Array): void {
  const hp = histP;
  const hq = histQ;
  hp.fill(0);
  hq.fill(0);
  for (let i = 0; i < count; i++) {
    const slot = ((i & (HIST - 1)) << 7) | midBucket[i]!;
    hp[slot]! += midP[i]!;
    hq[slot]! += midQ[i]!;
  }
}

/** The search result: ρ̂ and, when a certifying pass ran at ρ̂, β̂(ρ̂) and γ̂(ρ̂) (bit for bit `kseqBeta`, `kseqRejection`). */
export interface KseqRhoResult {
  rho: number;
  beta: number | null;
  gamma?: number | null;
  /**
   * When the sums certificate returned ρ̂ (`certificate: 'sums'`, no pass at ρ̂): β̂(ρ̂) from the bucket sums with a
   * bound on its error against the exact β(ρ̂), and Σq from the same sums with its error (γ(ρ̂) = Σq − β(ρ̂) exactly).
   */
  sums?: KseqSums;
}

/** β̂(ρ̂) and Σq from the selection pass's sums, each with a bound on its error (see {@link KseqRhoResult}). */
export interface KseqSums {
  beta: number;
  betaError: number;
  qTotal: number;
  qTotalError: number;
}

/** ρ at the upper edge of bucket j (1 for j ≤ 0, k for j ≥ INNER): x = j·x_k/INNER mapped back by ρ = (1 + x)/(1 − x). */
function edgeOf(j: number, k: number, xk: number): number {
  if (j <= 0) return 1;
  if (j >= INNER) return k;
  const x = (j * xk) / INNER;
  return (1 + x) / (1 - x);
}

/** G(ρ) = h − 1.5·E from segment sums (β = upperQ + lowerP/ρ): the forms of the certification, with a margin for the sums. */
function segmentGap(lowerP: number, upperQ: number, rho: number, k: number, n: number): number {
  gapInto(upperQ + lowerP / rho, k, rho, n);
  return gapOut[0]! - 1.5 * gapOut[1]!;
}

/**
 * The error bound of β̂ = fl(upperQ + fl(lowerP/ρ)) formed from the plain bucket sums (the sums certificate,
 * docs/theory.md §11.4): `terms`·u·(lowerP/ρ + upper0) for the sums (every token's p or q enters at most one plain
 * sum of non-negative terms, at most n + m of them in a row, and the compensated running sums add 2u; upper0 ≥ upperQ
 * is the q-side sum before the bucket's passed tokens were subtracted, which bounds every partial value of that
 * chain), 2u·β for the two roundings, and (8k + 8)·u·β for tokens on the wrong side of ρ (a token is classed by a
 * comparison, by its bucket or by fl(p/q): its breakpoint is then within (6.5k + 4)·u of ρ relative, and its term
 * p/ρ or q within that of the other); 2⁻¹⁰⁷³ for a quotient lowerP/ρ in the subnormal range.
 */
function sumsBetaError(beta: number, lowerP: number, upper0: number, rho: number, terms: number, k: number): number {
  const sums = terms * U * (lowerP / rho + upper0);
  return 1.02 * (sums + (8 * k + 10) * U * (beta + sums)) + 2 ** -1073;
}

/**
 * G(ρ) of the sums certificate: h − 1.5·(E + (ρ + k)·E_β), E_β = {@link sumsBetaError} (|∂h/∂β| ≤ ρ + k), so that
 * the ρ̂ it finds is certified by the same sums without a pass (at the end of {@link searchSegment}); `terms` = 0:
 * {@link segmentGap}.
 */
function gapOfSums(lowerP: number, upperQ: number, upper0: number, rho: number, k: number, n: number, terms: number): number {
  if (terms === 0) return segmentGap(lowerP, upperQ, rho, k, n);
  const beta = upperQ + lowerP / rho;
  gapInto(beta, k, rho, n);
  return gapOut[0]! - 1.5 * (gapOut[1]! + (rho + k) * sumsBetaError(beta, lowerP, upper0, rho, terms, k));
}

/** lowerThrough[j] = Σ_{i ≤ j} P_i, upperAfter[j] = Σ_{i > j} Q_i (compensated running sums over the buckets). */
const lowerThrough = new Float64Array(BUCKETS);
const upperAfter = new Float64Array(BUCKETS);

/**
 * Gathers the middle tokens of bucket j (index order) into g as triples (p/q, p, q) at 3i, 3i + 1, 3i + 2; returns
 * their number m.
 */
function gatherBucket(midP: Float64Array, midQ: Float64Array, midBucket: Uint8Array, count: number, j: number, g: Float64Array): number {
  let m = 0;
  for (let i = 0; i < count; i++) {
    if (midBucket[i] !== j) continue;
    const py = midP[i]!;
    const qy = midQ[i]!;
    g[3 * m] = py / qy;
    g[3 * m + 1] = py;
    g[3 * m + 2] = qy;
    m++;
  }
  return m;
}

/**
 * The order of the breakpoints g[3i] (i < m) written to g[3m + i] (ascending, ties by position: deterministic),
 * by insertion (a bucket holds few tokens, about n/126 when the breakpoints spread) or, past 256, by sort.
 */
function orderBucket(g: Float64Array, m: number): void {
  const o = 3 * m;
  if (m > 256) {
    const order = Array.from({ length: m }, (_, t) => t);
    order.sort((u, v) => g[3 * u]! - g[3 * v]! || u - v);
    for (let t = 0; t < m; t++) g[o + t] = order[t]!;
    return;
  }
  for (let t = 0; t < m; t++) {
    const r = g[3 * t]!;
    let u = t;
    while (u > 0 && g[3 * g[o + u - 1]!]! > r) {
      g[o + u] = g[o + u - 1]!;
      u--;
    }
    g[o + u] = t;
  }
}

/** Σ_{i<m} g[3i + 2] (the q masses of a gathered bucket), compensated. */
function gatheredQ(g: Float64Array, m: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < m; i++) {
    const x = g[3 * i + 2]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * One certification of ρ: the division-free pass first, the pass with divisions only when it fails (so ρ̂ is the same
 * with and without `values`). With `values` (the caller needs β̂ and γ̂ at ρ̂ anyway) the division-free pass also
 * sums γ̂ = Σ (q − p·fl(1/ρ))^+ and returns its β̂, γ̂ (each quotient within about 2u of p/ρ: not `kseqBeta` bit for
 * bit, but as accurate to a few ulps); when the pass with divisions certifies, its β̂, γ̂ (bit for bit). Null when
 * neither certifies.
 */
function certifyAt(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number, values: boolean): KseqRhoResult | null {
  if (!values) {
    if (kseqCertifyByReciprocal(p, q, k, rho)) return { rho, beta: null, gamma: null };
  } else {
    betaAndRejectionByReciprocal(p, q, 1 / rho);
    const beta = certOut[0]!;
    const gamma = certOut[1]!;
    gapInto(beta, k, rho, p.length);
    if (gapOut[0]! >= gapOut[1]! + (rho + k) * 2 * U * beta) return { rho, beta, gamma };
  }
  const cert = kseqCertify(p, q, k, rho);
  return cert.ok ? { rho, beta: cert.beta, gamma: cert.gamma } : null;
}

/**
 * lower[i] = Σ_{j ≤ i} P_j and upper[i] = Σ_{j > i} Q_j over buckets 0 … B − 1, compensated (Neumaier) running
 * sums: the segment sums of the ρ* search, shared by the selection pass and the caller's buckets.
 */
function runningSums(P: ArrayLike<number>, Q: ArrayLike<number>, B: number, lower: Float64Array, upper: Float64Array): void {
  let s = 0;
  let c = 0;
  for (let i = 0; i < B; i++) {
    const x = P[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
    lower[i] = s + c;
  }
  s = 0;
  c = 0;
  for (let i = B - 1; i >= 0; i--) {
    upper[i] = s + c;
    const x = Q[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
}

/**
 * ρ* by selection, segment search and certification (see the module comment); `fallback` after repeated failures.
 * With `options.values`, whenever a certifying pass ran at the returned ρ̂ its β̂ and γ̂ come with it (the
 * division-free pass sums both: no pass for β̂ and γ̂ afterwards; see `certifyAt` for their accuracy); ρ̂ itself
 * does not change. With `options.certificate: 'sums'` (ignored with `values`) ρ̂ is certified from the selection
 * pass's plain sums when their error bound allows, with no pass at ρ̂ (docs/theory.md §11.4): ρ̂ is then higher
 * by about n·u relative, and `sums` carries β̂(ρ̂) and Σq with their error bounds.
 */
export function kseqRhoSearch(p: ArrayLike<number>, q: ArrayLike<number>, k: number, fallback: () => number, options: { values?: boolean; certificate?: 'pass' | 'sums' } = {}): KseqRhoResult {
  const values = options.values === true;
  const bySums = options.certificate === 'sums' && !values;
  if (k === 1) return { rho: 1, beta: null, gamma: null };
  const n = p.length;
  const xk = (k - 1) / (k + 1);
  const scale = INNER / xk;
  const top = INNER + 1;
  // midP, midQ: n doubles each; midBucket: n bytes, in one borrowed buffer.
  const claim = claimScratch(SCRATCH_SLOTS.ratios, 2 * n + Math.ceil(n / 8) + 1);
  const midP = claim.buffer.subarray(0, n);
  const midQ = claim.buffer.subarray(n, 2 * n);
  const midBucket = new Uint8Array(claim.buffer.buffer, 16 * n, n);
  const count = selectionPass(p, q, k, scale, midP, midQ, midBucket, bucketP, bucketQ);
  // ρ* = 1 when no token has p > q (p = q) or when the supports are disjoint (h ≡ 0 on [1, k]). A token in a
  // bucket ≥ 2 has (p − q)/(p + q) ≥ 1/scale > 0; when those are all empty, one pass decides.
  let someAbove = false;
  for (let j = 2; j < BUCKETS && !someAbove; j++) someAbove = bucketP[j]! > 0;
  if (!someAbove && !(plainPositiveDifference(p, q) > 0)) return { rho: 1, beta: null, gamma: null };
  let overlap = bucketP[0]! > 0 || bucketQ[top]! > 0;
  for (let j = 1; j <= INNER && !overlap; j++) overlap = bucketP[j]! + bucketQ[j]! > 0;
  if (!overlap) return { rho: 1, beta: null, gamma: null };

  runningSums(bucketP, bucketQ, BUCKETS, lowerThrough, upperAfter);

  if (segmentGap(lowerThrough[0]!, upperAfter[0]!, 1, k, n) >= 0) {
    const found = certifyAt(p, q, k, 1, values);
    if (found !== null) return found;
  }
  // The sums certificate: every token's mass enters one plain sum of at most n terms before the bucket's own (m).
  const edgeTerms = bySums ? n + 12 : 0;
  if (gapOfSums(lowerThrough[INNER]!, upperAfter[INNER]!, upperAfter[INNER]!, k, k, n, edgeTerms) < 0) return { rho: k, beta: null, gamma: null };
  let j = 1;
  while (j < INNER && gapOfSums(lowerThrough[j]!, upperAfter[j]!, upperAfter[j]!, edgeOf(j, k, xk), k, n, edgeTerms) < 0) j++;

  // Gather bucket j: its breakpoints, ordered.
  const g = claimScratch(SCRATCH_SLOTS.kseqBucket, 4 * count + 4).buffer;
  const m = gatherBucket(midP, midQ, midBucket, count, j, g);
  let sums: SumsCertificate | null = null;
  if (bySums) {
    let qTotal = 0;
    for (let i = 0; i < BUCKETS; i++) qTotal += bucketQ[i]!;
    sums = { terms: n + m + 12, qTotal, qTotalError: 1.02 * (n + BUCKETS + 4) * U * qTotal };
  }
  return searchSegment(p, q, k, g, m, lowerThrough[j - 1]!, upperAfter[j]! + gatheredQ(g, m), edgeOf(j - 1, k, xk), edgeOf(j, k, xk), values, fallback, sums);
}

/** The sums certificate's context in {@link searchSegment}: the count of its error bound and Σq with its error. */
interface SumsCertificate {
  terms: number;
  qTotal: number;
  qTotalError: number;
}

/**
 * The end of the search, shared by both selections: the m breakpoints of the bucket holding ρ* gathered into g
 * (triples (p/q, p, q)), ordered here; lowerP = Σp of the tokens below the bucket, upperQ = Σq of the bucket and
 * those above; G(a) < 0 ≤ G(b) at the segment ends a < b. Finds the segment between consecutive breakpoints where
 * G changes sign, bisects it, and certifies (stepping ρ̂ up a few times, then `fallback`).
 */
function searchSegment(p: ArrayLike<number>, q: ArrayLike<number>, k: number, g: Float64Array, m: number, lowerP: number, upperQ: number, a: number, b: number, values: boolean, fallback: () => number, sums: SumsCertificate | null = null): KseqRhoResult {
  const n = p.length;
  const terms = sums === null ? 0 : sums.terms;
  const upper0 = upperQ;
  orderBucket(g, m);
  for (let i = 0; i < m; i++) {
    const o = 3 * g[3 * m + i]!;
    const r = g[o]!;
    if (r >= b) break; // this and every later breakpoint stay on the q side below b
    if (r > a) {
      if (gapOfSums(lowerP, upperQ, upper0, r, k, n, terms) >= 0) {
        b = r;
        break;
      }
      a = r;
    }
    // Past this breakpoint the token is on the p/ρ side.
    lowerP += g[o + 1]!;
    upperQ -= g[o + 2]!;
  }
  // On (a, b) the classes are fixed: bisect G to the last bits; b is the upper end (G(b) ≥ 0).
  upperQ = Math.max(upperQ, 0);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (a + b);
    if (!(mid > a && mid < b)) break;
    if (gapOfSums(lowerP, upperQ, upper0, mid, k, n, terms) < 0) a = mid;
    else b = mid;
  }
  let rho = b;
  if (sums !== null) {
    // The sums certificate at b (the classes of the segment hold at its upper end: β is continuous there).
    const beta = upperQ + lowerP / rho;
    const betaError = sumsBetaError(beta, lowerP, upper0, rho, terms, k);
    gapInto(beta, k, rho, n);
    if (gapOut[0]! >= gapOut[1]! + (rho + k) * betaError) return { rho, beta: null, gamma: null, sums: { beta, betaError, qTotal: sums.qTotal, qTotalError: sums.qTotalError } };
  }
  let step = Math.max(b - a, 2 ** -44 * b);
  for (let attempt = 0; attempt < 8; attempt++) {
    const found = certifyAt(p, q, k, rho, values);
    if (found !== null) return found;
    if (rho >= k) break;
    rho = Math.min(k, rho + step);
    step *= 4;
  }
  return { rho: fallback(), beta: null, gamma: null };
}

/**
 * Ratio buckets computed by the caller's own pass (the replay's, src/traces/_internals/ratioBuckets.ts), for
 * {@link kseqRhoSearchFromBuckets}: every token y lies in bucket `bucketOf[y]`, bucket b holds the tokens whose
 * p/q (as computed, one rounding) lies in [edge[b], edge[b + 1]) — the buckets are monotone in p/q —, with Σp, Σq
 * of bucket b in `sumP[b]`, `sumQ[b]` (any order of summation) and its number of tokens in `count[b]`. `one` and `last` are the buckets holding the
 * ratios 1 and just below k (edge[one] ≤ 1 < edge[one + 1], edge[last] < k ≤ edge[last + 1]); edge[b] is read for
 * b in one + 1 … last only. `ov` = Σ min(p, q) (compensated), `positives` = the number of tokens with p > q.
 */
export interface KseqRatioBuckets {
  bucketOf: Uint16Array;
  sumP: Float64Array;
  sumQ: Float64Array;
  count: Uint32Array;
  edge: Float64Array;
  one: number;
  last: number;
  ov: number;
  positives: number;
  /**
   * Optional running sums the caller already has (compensated): before[b] = Σ_{i<b} sumP[i], after[b] =
   * Σ_{i>b} sumQ[i] (read for b ≤ last); computed here when absent.
   */
  before?: Float64Array;
  after?: Float64Array;
}

let bucketLower = new Float64Array(0);
let bucketUpper = new Float64Array(0);

/**
 * {@link kseqRhoSearch} with the selection pass replaced by the caller's ratio buckets (no pass over the vocabulary
 * but the gathering of one bucket's tokens, and the certifying pass). The segment search evaluates G at ρ = 1
 * (β(1) = Σ min(p, q)) and at the bucket edges inside (1, k); the first edge with G ≥ 0 closes the segment, whose
 * bucket is gathered and searched as in {@link kseqRhoSearch}; with none, the bucket below k is, after the check
 * that G(k) ≥ 0 (else ρ = k, as there). Certification as there: ρ̂ is certified whenever it is returned inside
 * (1, k), so the buckets only guide the search.
 */
export function kseqRhoSearchFromBuckets(p: ArrayLike<number>, q: ArrayLike<number>, k: number, fallback: () => number, buckets: KseqRatioBuckets, options: { values?: boolean } = {}): KseqRhoResult {
  const selection = kseqSelectBucket(p, q, k, buckets, options);
  if (selection.done !== null) return selection.done;
  const J = selection.bucket;
  const g = claimScratch(SCRATCH_SLOTS.kseqBucket, 4 * buckets.count[J]! + 4).buffer;
  const bucketOf = buckets.bucketOf;
  const n = p.length;
  let m = 0;
  for (let y = 0; y < n; y++) {
    if (bucketOf[y] !== J) continue;
    const py = p[y]!;
    const qy = q[y]!;
    g[3 * m] = py / qy;
    g[3 * m + 1] = py;
    g[3 * m + 2] = qy;
    m++;
  }
  return kseqFinishBucket(p, q, k, fallback, selection, g, m, options);
}

/**
 * The first half of {@link kseqRhoSearchFromBuckets}: the end points (`done`), or the bucket whose tokens the
 * caller gathers — triples (p/q, p, q) in index order, into a buffer of at least 4·count + 4 doubles — for
 * {@link kseqFinishBucket}: `a` the segment's lower end, `b` its upper end (null: k, after the check G(k) ≥ 0),
 * `lowerP` = Σp below the bucket, `upperQ` = Σq above it.
 */
export interface KseqBucketSelection {
  done: KseqRhoResult | null;
  bucket: number;
  a: number;
  b: number | null;
  lowerP: number;
  upperQ: number;
}

export function kseqSelectBucket(p: ArrayLike<number>, q: ArrayLike<number>, k: number, buckets: KseqRatioBuckets, options: { values?: boolean } = {}): KseqBucketSelection {
  const end = (done: KseqRhoResult): KseqBucketSelection => ({ done, bucket: -1, a: 1, b: null, lowerP: 0, upperQ: 0 });
  if (k === 1) return end({ rho: 1, beta: null, gamma: null });
  const values = options.values === true;
  const n = p.length;
  // ρ* = 1 when no token has p > q (p = q) or when the supports are disjoint (h ≡ 0 on [1, k]).
  if (buckets.positives === 0 || !(buckets.ov > 0)) return end({ rho: 1, beta: null, gamma: null });
  if (kseqGapFromBetaMargin(buckets.ov, k, 1, n) >= 0) {
    const found = certifyAt(p, q, k, 1, values);
    if (found !== null) return end(found);
  }
  const { sumP, sumQ, edge, one, last } = buckets;
  // lower[b] = Σ_{i ≤ b} P_i, upper[b] = Σ_{i > b} Q_i (compensated running sums over the buckets 0 … B − 1).
  const B = sumP.length;
  if (bucketLower.length < B) {
    bucketLower = new Float64Array(B);
    bucketUpper = new Float64Array(B);
  }
  const lower = bucketLower;
  const upper = bucketUpper;
  if (buckets.before !== undefined && buckets.after !== undefined) {
    // lower[i] = Σ_{j≤i} P_j = before[i + 1], upper[i] = after[i].
    const before = buckets.before;
    const after = buckets.after;
    for (let i = 0; i <= last; i++) {
      lower[i] = before[i + 1]!;
      upper[i] = after[i]!;
    }
  } else runningSums(sumP, sumQ, B, lower, upper);
  // The first edge e = edge[j] in (1, k) with G(e) ≥ 0 (buckets below j on the p side, j and above on the q side).
  let j = one + 1;
  while (j <= last && segmentGap(lower[j - 1]!, upper[j - 1]!, edge[j]!, k, n) < 0) j++;
  const J = j - 1; // the segment's bucket
  return { done: null, bucket: J, a: J > one ? edge[J]! : 1, b: j <= last ? edge[j]! : null, lowerP: lower[J - 1] ?? 0, upperQ: upper[J]! };
}

/** The second half of {@link kseqRhoSearchFromBuckets}: the search in the gathered bucket (g, m), certified. */
export function kseqFinishBucket(p: ArrayLike<number>, q: ArrayLike<number>, k: number, fallback: () => number, selection: KseqBucketSelection, g: Float64Array, m: number, options: { values?: boolean } = {}): KseqRhoResult {
  const values = options.values === true;
  const n = p.length;
  const { a, lowerP, upperQ } = selection;
  if (selection.b !== null) return searchSegment(p, q, k, g, m, lowerP, upperQ + gatheredQ(g, m), a, selection.b, values, fallback);
  // No edge inside (1, k) closes the segment: it ends at k. G(k) < 0 (only by the margin of the error bound): ρ = k.
  let belowK = lowerP;
  let aboveK = upperQ;
  for (let i = 0; i < m; i++) {
    if (g[3 * i]! < k) belowK += g[3 * i + 1]!;
    else aboveK += g[3 * i + 2]!;
  }
  if (segmentGap(belowK, aboveK, k, k, n) < 0) return { rho: k, beta: null, gamma: null };
  return searchSegment(p, q, k, g, m, lowerP, upperQ + gatheredQ(g, m), a, k, values, fallback);
}

/** G at ρ from β (as `segmentGap`). */
function kseqGapFromBetaMargin(beta: number, k: number, rho: number, n: number): number {
  gapInto(beta, k, rho, n);
  return gapOut[0]! - 1.5 * gapOut[1]!;
}

/**
 * Runs the search on small laws when the module loads (16 times, V8 records feedback from about the eighth call on), so that V8 has type feedback for the code after
 * each long loop before it compiles the loop on the fly (see `warmKernels` in floatKernels.ts: otherwise the
 * compiled loop deoptimises on leaving it, at every call). Nothing observable changes.
 */
function warmSearch(): void {
  const p = Float64Array.of(0.375, 0.25, 0.25, 0.125);
  const q = Float64Array.of(0.125, 0.25, 0.25, 0.375);
  for (let round = 0; round < 16; round++) {
    kseqRhoSearch(p, q, 2, () => 2);
    kseqRhoSearch(p, q, 3, () => 3);
    kseqRhoSearch(p, q, 2, () => 2, { values: true });
    kseqRhoSearch(p, q, 2, () => 2, { certificate: 'sums' });
    kseqBetaFloat(p, q, 1.5);
    kseqRejectionFloat(p, q, 1.5);
    kseqCertify(p, q, 2, 1.5);
    const g = new Float64Array(4 * 300);
    for (let i = 0; i < 300; i++) g[3 * i] = (i * 37) % 300;
    orderBucket(g, 3);
    orderBucket(g, 300);
    gatheredQ(g, 300);
  }
}
warmSearch();
