/**
 * K-SEQ's divisor ρ* in floats with one selection pass and one certifying pass (docs/theory.md §11.4, §11.7),
 * instead of a bracketing search that evaluates h(ρ) over the whole vocabulary 6–10 times.
 *
 * 1. **Selection pass (no sort).** Every token goes to one of 128 buckets by x = (p − q)/(p + q), a monotone
 *    function of its breakpoint p/q that is finite for every token: bucket 0 for p/q < 1, buckets 1..126 for
 *    ρ-edges evenly spaced in x between 1 and k, bucket 127 for p/q ≥ k (q = 0 included). Per bucket: Σp and
 *    Σq; per token: its bucket (one byte).
 * 2. **Closed-form segment search.** On the edges the segment constants give β(ρ) = Q_upper + P_lower/ρ, so h
 *    is evaluated in O(k) per edge; the first edge with h ≥ its error bound marks the bucket holding ρ*. Only
 *    that bucket's tokens are gathered and ordered (a few dozen for n = 32,000), which gives the segment
 *    between consecutive breakpoints where h changes sign; there h is a closed form of ρ and is bisected to
 *    the last bits.
 * 3. **Certification.** One pass computes β̂ = Σ min(q, p/ρ̂) (compensated, exactly `kseqBeta`) and the float h
 *    with a rigorous bound E on its rounding error (§11.4); ρ̂ is returned only if h ≥ E, so h(ρ̂) ≥ 0 holds in
 *    exact arithmetic for the same inputs (rounded up, §8 item 8). Otherwise ρ̂ is stepped up and certified
 *    again; after a few failures the caller's fallback (the bracketing search) decides.
 *
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
    return { gap: positive - negative, bound: KSEQ_GAP_MARGIN_ULPS * (k + 4) * U * scale + subnormal };
  }
  const a = rho * beta;
  const g = a - 1;
  const c = 1 - beta;
  let ck = 1;
  for (let i = 0; i < k; i++) ck *= c;
  const gap = g + ck;
  return { gap, bound: KSEQ_GAP_MARGIN_ULPS * (k + 4) * U * (a + Math.abs(g) + ck + Math.abs(gap)) + (rho + k) * 3.2 * U * beta + subnormal };
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
    const b = t - s;
    c += s - (t - b) + (x - b);
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
    const b = t - s;
    c += s - (t - b) + (x - b);
    s = t;
  }
  return s + c;
}

/**
 * β(ρ) and γ(ρ) in one pass: `kseqBetaFloat` and `kseqRejectionFloat` bit for bit (the same quotient p/ρ, the
 * same compensated sums in index order), written to `betaRejection` as [β, γ].
 */
export const betaRejection = new Float64Array(2);
export function kseqBetaRejectionFloat(p: ArrayLike<number>, q: ArrayLike<number>, rho: number): void {
  let s = 0;
  let c = 0;
  let sr = 0;
  let cr = 0;
  const n = p.length;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const sy = p[y]! / rho;
    pick[0] = sy;
    pick[1] = qy;
    const x = pick[+(qy < sy)]!;
    let t = s + x;
    let b = t - s;
    c += s - (t - b) + (x - b);
    s = t;
    const d = qy - sy;
    const r = 0.5 * (d + Math.abs(d));
    t = sr + r;
    b = t - sr;
    cr += sr - (t - b) + (r - b);
    sr = t;
  }
  betaRejection[0] = s + c;
  betaRejection[1] = sr + cr;
}

/**
 * One certifying pass: β̂ at ρ and whether the float h is at least its error bound (then h(ρ) ≥ 0 exactly);
 * `withRejection` also gives γ(ρ) = Σ (q − p/ρ)^+ from the same pass (else null).
 */
export function kseqCertify(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number, withRejection = false): { ok: boolean; beta: number; gap: number; bound: number; rejection: number | null } {
  let beta: number;
  let rejection: number | null = null;
  if (withRejection) {
    kseqBetaRejectionFloat(p, q, rho);
    beta = betaRejection[0]!;
    rejection = betaRejection[1]!;
  } else beta = kseqBetaFloat(p, q, rho);
  const { gap, bound } = kseqGapFromBeta(beta, k, rho, p.length);
  return { ok: gap >= bound, beta, gap, bound, rejection };
}

/**
 * The selection pass: bucket of every token (written to `bucketOf`), Σp and Σq per bucket (plain), and
 * Σ (p − q)^+ (plain; positive iff some token has p > q). Branch-free: the bucket index is a clamped
 * 1 + scale·(p − q)/(p + q) (NaN, for p = q = 0, lands in bucket 0 with zero masses).
 */
function selectionPass(p: ArrayLike<number>, q: ArrayLike<number>, scale: number, bucketOf: Uint8Array, bp: Float64Array, bq: Float64Array): number {
  const n = p.length;
  const top = INNER + 1;
  bp.fill(0);
  bq.fill(0);
  let above = 0;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    const d = py - qy;
    let t = (d / (py + qy)) * scale + 1;
    t = 0.5 * (t + Math.abs(t));
    const v = t - top;
    t = top + 0.5 * (v - Math.abs(v));
    const j = t | 0;
    bp[j]! += py;
    bq[j]! += qy;
    bucketOf[y] = j;
    above += 0.5 * (d + Math.abs(d));
  }
  return above;
}

/** Σ of a few values, compensated (the bucket totals). */
function compensated(values: Float64Array, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    const t = s + x;
    const b = t - s;
    c += s - (t - b) + (x - b);
    s = t;
  }
  return s + c;
}

/**
 * The search result: ρ̂ and, when a certifying pass ran at ρ̂, β̂(ρ̂) (bit for bit `kseqBeta`) and, when asked
 * (`withRejection`), γ(ρ̂) (bit for bit `kseqRejectionFloat`) from the same pass; null otherwise.
 */
export interface KseqRhoResult {
  rho: number;
  beta: number | null;
  rejection: number | null;
}

/** ρ* by selection, segment search and certification (see the module comment); `fallback` after repeated failures. */
export function kseqRhoSearch(p: ArrayLike<number>, q: ArrayLike<number>, k: number, fallback: () => number, withRejection = false): KseqRhoResult {
  if (k === 1) return { rho: 1, beta: null, rejection: null };
  const n = p.length;
  const xk = (k - 1) / (k + 1);
  const scale = INNER / xk;
  const top = INNER + 1;
  const idxClaim = claimScratch(SCRATCH_SLOTS.ratios, Math.ceil(n / 8) + 1);
  const bucketOf = new Uint8Array(idxClaim.buffer.buffer, 0, n);
  const above = selectionPass(p, q, scale, bucketOf, bucketP, bucketQ);
  // ρ* = 1 when no token has p > q (p = q) or when the supports are disjoint (h ≡ 0 on [1, k]).
  if (!(above > 0)) return { rho: 1, beta: null, rejection: null };
  let overlap = bucketP[0]! > 0 || bucketQ[top]! > 0;
  for (let j = 1; j <= INNER && !overlap; j++) overlap = bucketP[j]! + bucketQ[j]! > 0;
  if (!overlap) return { rho: 1, beta: null, rejection: null };

  const edge = (j: number): number => {
    if (j <= 0) return 1;
    if (j >= INNER) return k;
    const x = (j * xk) / INNER;
    return (1 + x) / (1 - x);
  };
  // G(ρ) = h − 1.5·E from segment sums: the same forms as the certification, with a margin for the sums.
  const G = (lowerP: number, upperQ: number, rho: number): number => {
    const { gap, bound } = kseqGapFromBeta(upperQ + lowerP / rho, k, rho, n);
    return gap - 1.5 * bound;
  };
  // lowerThrough[j] = Σ_{i ≤ j} P_i, upperAfter[j] = Σ_{i > j} Q_i (compensated running sums over the buckets).
  const lowerThrough = new Float64Array(BUCKETS);
  const upperAfter = new Float64Array(BUCKETS);
  {
    let s = 0;
    let c = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const x = bucketP[i]!;
      const t = s + x;
      const b = t - s;
      c += s - (t - b) + (x - b);
      s = t;
      lowerThrough[i] = s + c;
    }
    s = 0;
    c = 0;
    for (let i = BUCKETS - 1; i >= 0; i--) {
      upperAfter[i] = s + c;
      const x = bucketQ[i]!;
      const t = s + x;
      const b = t - s;
      c += s - (t - b) + (x - b);
      s = t;
    }
  }

  if (G(lowerThrough[0]!, upperAfter[0]!, 1) >= 0) {
    const cert = kseqCertify(p, q, k, 1, withRejection);
    if (cert.ok) return { rho: 1, beta: cert.beta, rejection: cert.rejection };
  }
  if (G(lowerThrough[INNER]!, upperAfter[INNER]!, k) < 0) return { rho: k, beta: null, rejection: null };
  let j = 1;
  while (j < INNER && G(lowerThrough[j]!, upperAfter[j]!, edge(j)) < 0) j++;

  // Gather bucket j: its breakpoints, ordered.
  const R: number[] = [];
  const P: number[] = [];
  const Q: number[] = [];
  for (let y = 0; y < n; y++) {
    if (bucketOf[y] !== j) continue;
    R.push(p[y]! / q[y]!);
    P.push(p[y]!);
    Q.push(q[y]!);
  }
  const order = Array.from(R.keys()).sort((u, v) => R[u]! - R[v]!);
  const baseLower = lowerThrough[j - 1]!;
  const baseUpper = upperAfter[j]!;
  let lowerP = baseLower;
  let upperQ = baseUpper + compensated(Float64Array.from(Q), 0, Q.length);
  let a = edge(j - 1);
  let b = edge(j);
  for (let i = 0; i < order.length; i++) {
    const r = R[order[i]!]!;
    if (r >= b) break; // this and every later breakpoint stay on the q side below b
    if (r > a) {
      if (G(lowerP, upperQ, r) >= 0) {
        b = r;
        break;
      }
      a = r;
    }
    // Past this breakpoint the token is on the p/ρ side.
    lowerP += P[order[i]!]!;
    upperQ -= Q[order[i]!]!;
  }
  // On (a, b) the classes are fixed: bisect G to the last bits; b is the upper end (G(b) ≥ 0).
  upperQ = Math.max(upperQ, 0);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (a + b);
    if (!(mid > a && mid < b)) break;
    if (G(lowerP, upperQ, mid) < 0) a = mid;
    else b = mid;
  }
  let rho = b;
  let step = Math.max(b - a, 2 ** -44 * b);
  for (let attempt = 0; attempt < 8; attempt++) {
    const cert = kseqCertify(p, q, k, rho, withRejection);
    if (cert.ok) return { rho, beta: cert.beta, rejection: cert.rejection };
    if (rho >= k) break;
    rho = Math.min(k, rho + step);
    step *= 4;
  }
  return { rho: fallback(), beta: null, rejection: null };
}
