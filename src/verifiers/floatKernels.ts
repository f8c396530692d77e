/**
 * The loops of the float fast paths (docs/theory.md §11.7), as module-level functions of their arrays: V8
 * optimises a loop once per function, and a loop that reads arrays captured by a fresh closure runs several
 * times slower than the same loop over parameters. Every loop is branch-free where its branch would be
 * unpredictable (an unpredictable branch costs more than the rest of the loop body):
 * - (d)^+ is ½(d + |d|), exact for every double (doubling and halving are exact);
 * - min(a, b) is picked from a two-slot table by the comparison (`a < b ? a : b`, the value of `Field.min`);
 * - Neumaier's compensated sum (`Field.sum` and friends: c += |s| ≥ |x| ? (s − t) + x : (x − t) + s) keeps its
 *   branch: for non-negative terms it goes the rare way only when a term exceeds the running sum, which then at
 *   least doubles (about 2,100 times at most in a pass), and it is two operations per term cheaper than Knuth's
 *   branch-free two-sum (the same exact rounding error of s + x, so the same double), 15–18 % of a pass.
 * Each kernel forms its values with the same operations as the generic program it replaces, so the fast paths
 * return the same doubles (tested: src/verifiers/floatFastPaths.test.ts).
 *
 * @example
 * ```ts
 * argmaxOf([0.2, 0.5, 0.3]); // 1
 * compensatedSumExcept([0.2, 0.5, 0.3], 1); // 0.5: the mass off token 1, summed (never 1 − 0.5)
 * ```
 */

/** Outputs of kernels that return several numbers (read right after the call). */
export const kernelOut = new Float64Array(4);
const pick = new Float64Array(2);

/** argmax with the lowest index on ties (`argmax` of core/distribution.ts). */
export function argmaxOf(v: ArrayLike<number>): number {
  const n = v.length;
  let best = 0;
  let top = v[0]!;
  for (let i = 1; i < n; i++) {
    const x = v[i]!;
    if (top < x) {
      top = x;
      best = i;
    }
  }
  return best;
}

/**
 * argmax (lowest index on ties, as {@link argmaxOf}) and, in the same pass, Σ_{i ≠ argmax} v(i) summed plainly
 * left to right (written to kernelOut[0]): the running total S and the total T without the current best, which
 * becomes S as it was before i when a new best appears at i. A cheap estimate of the compensated complement, with
 * the usual bound (n − 1)u·T on its error (`massBounds` in lazyFloatLaw.ts widens it rigorously).
 */
export function argmaxWithPlainRest(v: ArrayLike<number>): number {
  const n = v.length;
  let best = 0;
  let top = v[0]!;
  let s = top;
  let t = 0;
  for (let i = 1; i < n; i++) {
    const x = v[i]!;
    if (top < x) {
      top = x;
      best = i;
      t = s;
    } else t += x;
    s += x;
  }
  kernelOut[0] = t;
  return best;
}

/**
 * Σ (p − q)^+ and Σ_{y ≠ skip} q, both plain left to right, in one pass (kernelOut[0], kernelOut[1]): bounds on
 * the compensated sums the generic program forms (`massBounds`), for tests decided from bounds.
 */
export function plainDifferenceAndPlainRest(p: ArrayLike<number>, q: ArrayLike<number>, skip: number): void {
  const n = p.length;
  let s = 0;
  let rest = 0;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const d = p[y]! - qy;
    s += 0.5 * (d + Math.abs(d));
    rest += y === skip ? 0 : qy;
  }
  kernelOut[0] = s;
  kernelOut[1] = rest;
}

/**
 * Whether x is `argmaxOf(v)` (the first index of the maximum; finite entries): every earlier entry is below v(x)
 * and no later one above it. Stops at the first block of four entries that says no, so a token that is not the
 * argmax usually costs a few reads (a large entry comes early), the argmax itself one comparison pass. The four
 * comparisons of a block are combined without branches (`|` of 0/1): a loop that can leave at every entry ran at
 * half the speed when V8 compiled it on its own (not inlined into its caller), 1.21 against 0.55 ns per entry at
 * n = 32,000 and 128,256 (a summing pass: 0.63–0.67), and a block test on `Math.max` of the four degraded to
 * 4.4 ns per entry at 128,256.
 */
export function isArgmax(v: ArrayLike<number>, x: number): boolean {
  const n = v.length;
  const vx = v[x]!;
  let i = 0;
  for (; i + 4 <= x; i += 4) if (!(+(v[i]! < vx) & +(v[i + 1]! < vx) & +(v[i + 2]! < vx) & +(v[i + 3]! < vx))) return false;
  for (; i < x; i++) if (!(v[i]! < vx)) return false;
  i = x + 1;
  for (; i + 4 <= n; i += 4) if (+(vx < v[i]!) | +(vx < v[i + 1]!) | +(vx < v[i + 2]!) | +(vx < v[i + 3]!)) return false;
  for (; i < n; i++) if (vx < v[i]!) return false;
  return true;
}

/**
 * Σ_{i ≠ x} v(i) summed plainly left to right (the plain sum of {@link argmaxWithPlainRest}) when x is
 * `argmaxOf(v)` (finite entries), −1 when it is not: one pass that stops at the first block of four entries
 * saying no (as {@link isArgmax}), for a caller that expects x to be the argmax (the greedy draft, SpecHub's hub
 * as a first draft).
 */
export function plainRestIfArgmax(v: ArrayLike<number>, x: number): number {
  const n = v.length;
  const vx = v[x]!;
  let s = 0;
  let i = 0;
  for (; i + 4 <= x; i += 4) {
    const a = v[i]!;
    const b = v[i + 1]!;
    const c = v[i + 2]!;
    const d = v[i + 3]!;
    if (!(+(a < vx) & +(b < vx) & +(c < vx) & +(d < vx))) return -1;
    s += a;
    s += b;
    s += c;
    s += d;
  }
  for (; i < x; i++) {
    const y = v[i]!;
    if (!(y < vx)) return -1;
    s += y;
  }
  i = x + 1;
  for (; i + 4 <= n; i += 4) {
    const a = v[i]!;
    const b = v[i + 1]!;
    const c = v[i + 2]!;
    const d = v[i + 3]!;
    if (+(vx < a) | +(vx < b) | +(vx < c) | +(vx < d)) return -1;
    s += a;
    s += b;
    s += c;
    s += d;
  }
  for (; i < n; i++) {
    const y = v[i]!;
    if (vx < y) return -1;
    s += y;
  }
  return s;
}

/** Σ_{i ≠ skip} v(i), compensated (`Field.sumExcept(v, [skip])`; skip = −1: `Field.sum`). */
export function compensatedSumExcept(v: ArrayLike<number>, skip: number): number {
  const n = v.length;
  let s = 0;
  let c = 0;
  const end = skip >= 0 && skip < n ? skip : n;
  for (let i = 0; i < end; i++) {
    const x = v[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  for (let i = end + 1; i < n; i++) {
    const x = v[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Σ_{i: marks(i) = 0} v(i), compensated (`Field.sumExcept(v, T)` for a marked set T). */
export function compensatedSumUnmarked(v: ArrayLike<number>, marks: Uint8Array): number {
  const n = v.length;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (marks[i]) continue;
    const x = v[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Σ (a − b)^+, compensated (`Field.sumPositiveDifference`, and `normaliseOrNull` of `positivePart(a, b)`). */
export function compensatedPositiveDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    const x = 0.5 * (d + Math.abs(d));
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Σ (a − b)^+ left to right, plain (the categorical total of the weights (a − b)^+). */
export function plainPositiveDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    total += 0.5 * (d + Math.abs(d));
  }
  return total;
}

/** The inverse-CDF scan over the weights (a − b)^+ (`Categorical.scan`); −1 if target never drops below 0. */
export function scanPositiveDifference(a: ArrayLike<number>, b: ArrayLike<number>, target: number): number {
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    target -= 0.5 * (d + Math.abs(d));
    if (target < 0) return i;
  }
  return -1;
}

/** The last index with a − b > 0, or −1. */
export function lastPositiveDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i]! - b[i]! > 0) return i;
  return -1;
}

/** Σ_{i < n} w(i)^+ left to right, plain. */
export function plainTotal(w: ArrayLike<number>, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    total += 0.5 * (x + Math.abs(x));
  }
  return total;
}

/** The inverse-CDF scan over w(0..n−1)^+; the last positive index when target never drops below 0 (or −1). */
export function scanWeights(w: ArrayLike<number>, n: number, target: number): number {
  for (let i = 0; i < n; i++) {
    const x = w[i]!;
    target -= 0.5 * (x + Math.abs(x));
    if (target < 0) return i;
  }
  for (let i = n - 1; i >= 0; i--) if (w[i]! > 0) return i;
  return -1;
}

/**
 * out(y) = (src(y) − q(y))^+ / S: the next RRS residual (`normaliseOrNull(positivePart(src, q))` with its total
 * S). With `sumNext`, returns Σ (out − q)^+ compensated (the following normaliser); otherwise Σ out left to right,
 * plain: bit for bit {@link plainTotal} of `out` (each out(y) ≥ 0, so ½(x + |x|) = x), the total of the final
 * residual's draw without a pass of its own.
 */
export function nextResidualInto(src: ArrayLike<number>, q: ArrayLike<number>, S: number, out: Float64Array, sumNext: boolean): number {
  const n = q.length;
  if (!sumNext) {
    let total = 0;
    for (let y = 0; y < n; y++) {
      const d = src[y]! - q[y]!;
      const v = (0.5 * (d + Math.abs(d))) / S;
      out[y] = v;
      total += v;
    }
    return total;
  }
  let s = 0;
  let c = 0;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const d = src[y]! - qy;
    const v = (0.5 * (d + Math.abs(d))) / S;
    out[y] = v;
    const e = v - qy;
    const x = 0.5 * (e + Math.abs(e));
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * SpecHub's leftovers (§2.6 steps 2–4) off the hub h, one pass: with Q = q(h)·(q/rest) and P1 = (p − q)^+,
 * S_ai = Σ (Q − P1)^+ and S_ia = Σ (q − p)^+ (compensated, index order), the residual weights
 * P2 = (P1 − Q)^+ written to w (w(h) = 0), their left-to-right total, and Σ_{y<h} P2.
 * Results in kernelOut: [S_ai, S_ia, total, before].
 */
export function spechubLeftoversInto(p: ArrayLike<number>, q: ArrayLike<number>, h: number, rest: number, w: Float64Array): void {
  const n = p.length;
  const qa = q[h]!;
  let sai = 0;
  let cai = 0;
  let sia = 0;
  let cia = 0;
  let total = 0;
  for (let j = 0; j < h; j++) {
    const qj = q[j]!;
    const d = p[j]! - qj;
    const Q = qa * (qj / rest);
    const ad = Math.abs(d);
    const P1 = 0.5 * (d + ad);
    const Cia = 0.5 * (ad - d);
    const e = Q - P1;
    const ae = Math.abs(e);
    const Cai = 0.5 * (e + ae);
    const P2 = 0.5 * (ae - e);
    w[j] = P2;
    total += P2;
    let t = sai + Cai;
    cai += Math.abs(sai) >= Math.abs(Cai) ? sai - t + Cai : Cai - t + sai;
    sai = t;
    t = sia + Cia;
    cia += Math.abs(sia) >= Math.abs(Cia) ? sia - t + Cia : Cia - t + sia;
    sia = t;
  }
  const before = total;
  w[h] = 0;
  for (let j = h + 1; j < n; j++) {
    const qj = q[j]!;
    const d = p[j]! - qj;
    const Q = qa * (qj / rest);
    const ad = Math.abs(d);
    const P1 = 0.5 * (d + ad);
    const Cia = 0.5 * (ad - d);
    const e = Q - P1;
    const ae = Math.abs(e);
    const Cai = 0.5 * (e + ae);
    const P2 = 0.5 * (ae - e);
    w[j] = P2;
    total += P2;
    let t = sai + Cai;
    cai += Math.abs(sai) >= Math.abs(Cai) ? sai - t + Cai : Cai - t + sai;
    sai = t;
    t = sia + Cia;
    cia += Math.abs(sia) >= Math.abs(Cia) ? sia - t + Cia : Cia - t + sia;
    sia = t;
  }
  kernelOut[0] = sai + cai;
  kernelOut[1] = sia + cia;
  kernelOut[2] = total;
  kernelOut[3] = before;
}

/**
 * The approximate form of {@link spechubLeftoversInto}: Q(j) = q(j)·f with f = q(a)/r̃ for an approximation r̃
 * of 1 − q(a) (a multiplication, not q(a)·(q(j)/(1 − q(a)))), S_ai and S_ia summed plainly, the weights
 * a(j) = (P1(j) − Q(j))^+ written to w (w(h) = 0) with their plain left-to-right total. Each term is within
 * known bounds of the exact one (docs/theory.md §11.7, "bounded residual draws"): enough to decide the hub's
 * tests and, through `boundedScan`, the residual draw, unless a uniform falls within the bounds. Results in
 * kernelOut: [S_ai, S_ia, total] (plain, approximate). Two ranges skip h without a test per token (one loop with
 * the test ran 20 % slower), summing on in index order.
 */
export function spechubLeftoversApproxInto(p: ArrayLike<number>, q: ArrayLike<number>, h: number, f: number, w: Float64Array): void {
  kernelOut[0] = 0;
  kernelOut[1] = 0;
  kernelOut[2] = 0;
  leftoversApproxRange(p, q, f, w, 0, h);
  w[h] = 0;
  leftoversApproxRange(p, q, f, w, h + 1, p.length);
}

/** One range [from, to) of {@link spechubLeftoversApproxInto}, continuing its plain sums in kernelOut[0..2]. */
function leftoversApproxRange(p: ArrayLike<number>, q: ArrayLike<number>, f: number, w: Float64Array, from: number, to: number): void {
  let sai = kernelOut[0]!;
  let sia = kernelOut[1]!;
  let total = kernelOut[2]!;
  for (let j = from; j < to; j++) {
    const qj = q[j]!;
    const d = p[j]! - qj;
    const ad = Math.abs(d);
    const e = qj * f - 0.5 * (d + ad);
    const ae = Math.abs(e);
    const P2 = 0.5 * (ae - e);
    w[j] = P2;
    total += P2;
    sai += 0.5 * (e + ae);
    sia += 0.5 * (ad - d);
  }
  kernelOut[0] = sai;
  kernelOut[1] = sia;
  kernelOut[2] = total;
}

/** Σ_{y > from} w(y) continued left to right from `start` (a left-to-right total after patching one entry). */
export function continueTotal(w: ArrayLike<number>, n: number, from: number, start: number): number {
  let total = start;
  for (let y = from + 1; y < n; y++) total += w[y]!;
  return total;
}

/**
 * The approximate G-r residual for k = 2 (docs/theory.md §11.7, "bounded residual draws"): a(y) = (p(y) − q(y)·ρ)^+
 * off `only` with ρ = 1/r̃ for an approximation r̃ of q(V \ T) (a multiplication where the generic program divides),
 * p(only)^+ at `only`; written to w, returns Σ a left to right (plain).
 */
export function greedyResidualApproxInto(p: ArrayLike<number>, q: ArrayLike<number>, only: number, rho: number, w: Float64Array): number {
  const n = p.length;
  let total = 0;
  for (let y = 0; y < n; y++) {
    const d = y === only ? p[y]! : p[y]! - q[y]! * rho;
    const v = 0.5 * (d + Math.abs(d));
    w[y] = v;
    total += v;
  }
  return total;
}

/**
 * Greedy residual weights (§2.8): w = p^+ on T (the index `only`, or the marked tokens) and when r ≤ 0, else
 * (p − q/r)^+; written to w, returns their left-to-right total.
 */
export function greedyResidualInto(p: ArrayLike<number>, q: ArrayLike<number>, only: number, marks: Uint8Array | null, r: number, w: Float64Array): number {
  const n = p.length;
  let total = 0;
  if (!(r > 0)) {
    for (let y = 0; y < n; y++) {
      const x = p[y]!;
      const v = 0.5 * (x + Math.abs(x));
      w[y] = v;
      total += v;
    }
    return total;
  }
  if (marks === null && r === 1) {
    // G-q: r = q itself (q/1 = q exactly, so no division).
    for (let y = 0; y < n; y++) {
      const d = y === only ? p[y]! : p[y]! - q[y]!;
      const v = 0.5 * (d + Math.abs(d));
      w[y] = v;
      total += v;
    }
    return total;
  }
  if (marks === null) {
    // T = {only} (k = 2) or empty: the loops skip the test per token.
    const end = only >= 0 && only < n ? only : n;
    for (let y = 0; y < end; y++) {
      const d = p[y]! - q[y]! / r;
      const v = 0.5 * (d + Math.abs(d));
      w[y] = v;
      total += v;
    }
    if (end < n) {
      const x = p[end]!;
      const v = 0.5 * (x + Math.abs(x));
      w[end] = v;
      total += v;
      for (let y = end + 1; y < n; y++) {
        const d = p[y]! - q[y]! / r;
        const u = 0.5 * (d + Math.abs(d));
        w[y] = u;
        total += u;
      }
    }
    return total;
  }
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const d = marks[y] ? py : py - q[y]! / r;
    const v = 0.5 * (d + Math.abs(d));
    w[y] = v;
    total += v;
  }
  return total;
}

/**
 * RRSw's third residual normaliser (§2.3): Σ (P_2 − R)^+ compensated, R = q/rest off x (0 at x, and 0 everywhere
 * when rest ≤ 0), with P_2 = (p − q)^+ / S_1 formed on the fly (as {@link firstResidualInto} forms it) and written
 * to P2out, and R written to Rout, so that the residual pass reads both instead of dividing again
 * ({@link rrswResidualFromStored}).
 */
export function rrswNormaliserStoring(p: ArrayLike<number>, q: ArrayLike<number>, S1: number, x: number, rest: number, P2out: Float64Array, Rout: Float64Array): number {
  const n = q.length;
  let s = 0;
  let c = 0;
  const positiveRest = rest > 0;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const e = p[y]! - qy;
    const P2 = (0.5 * (e + Math.abs(e))) / S1;
    const r = positiveRest && y !== x ? qy / rest : 0;
    P2out[y] = P2;
    Rout[y] = r;
    const d = P2 - r;
    const v = 0.5 * (d + Math.abs(d));
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/**
 * RRSw's third residual before normalising, approximately (docs/theory.md §11.7, "bounded residual draws"):
 * v(y) = (P₂(y) − R₂(y))^+ with P₂(y) = (p(y) − q(y))^+·σ (σ = 1/S₁ rounded) and R₂(y) = q(y)·ρ (ρ = 1/r̃ for an
 * approximation r̃ of 1 − q(x), R₂(x) = 0): multiplications where the generic program divides, written to w;
 * returns Σ v left to right (plain).
 */
export function rrswResidualApproxInto(p: ArrayLike<number>, q: ArrayLike<number>, sigma: number, x: number, rho: number, w: Float64Array): number {
  const n = q.length;
  let total = 0;
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    const e = p[y]! - qy;
    const d = 0.5 * (e + Math.abs(e)) * sigma - (y === x ? 0 : qy * rho);
    const v = 0.5 * (d + Math.abs(d));
    w[y] = v;
    total += v;
  }
  return total;
}

/** w = (P2 − R)^+ / S from stored P2 and R (the values {@link rrswNextResidualInto} forms); returns Σ w left to right. */
export function rrswResidualFromStored(P2: Float64Array, R: Float64Array, n: number, S: number, w: Float64Array): number {
  let total = 0;
  for (let y = 0; y < n; y++) {
    const d = P2[y]! - R[y]!;
    const v = (0.5 * (d + Math.abs(d))) / S;
    w[y] = v;
    total += v;
  }
  return total;
}

/** w = (P2 − R)^+ / S (R as in {@link rrswNormaliserStoring}); returns the left-to-right total of w. */
export function rrswNextResidualInto(P2: ArrayLike<number>, q: ArrayLike<number>, x: number, rest: number, S: number, w: Float64Array): number {
  const n = q.length;
  let total = 0;
  const positiveRest = rest > 0;
  for (let y = 0; y < n; y++) {
    const r = positiveRest && y !== x ? q[y]! / rest : 0;
    const d = P2[y]! - r;
    const v = (0.5 * (d + Math.abs(d))) / S;
    w[y] = v;
    total += v;
  }
  return total;
}

/** out(y) = (p − q)^+ / S (RRS and RRSw's P_2), no sum. */
export function firstResidualInto(p: ArrayLike<number>, q: ArrayLike<number>, S: number, out: Float64Array): void {
  const n = p.length;
  for (let y = 0; y < n; y++) {
    const d = p[y]! - q[y]!;
    out[y] = (0.5 * (d + Math.abs(d))) / S;
  }
}

/**
 * K-SEQ's residual weights (§2.4): w = (p − scale·min(q, p/ρ))^+ written to w; kernelOut = [total, Σ min]
 * (Σ min > 0 iff β(ρ) > 0).
 */
export function kseqResidualInto(p: ArrayLike<number>, q: ArrayLike<number>, rho: number, scale: number, w: Float64Array): void {
  const n = p.length;
  const table = pick;
  let total = 0;
  let mins = 0;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    const sy = py / rho;
    table[0] = sy;
    table[1] = qy;
    const m = table[+(qy < sy)]!;
    mins += m;
    const d = py - scale * m;
    const v = 0.5 * (d + Math.abs(d));
    w[y] = v;
    total += v;
  }
  kernelOut[0] = total;
  kernelOut[1] = mins;
}

/**
 * Runs every kernel on a small law when the module loads (16 times). V8 compiles a long loop on the fly (on-stack
 * replacement) during its first call, before the code after the loop has ever run: that code then has no type
 * feedback, and the compiled loop deoptimises on leaving it, at every later call too (a deoptimisation costs
 * more than a pass over n = 32,000 entries). Running each kernel to the end a few times first (V8 records
 * feedback only from about the eighth call of a function on) gives that code its feedback, so the compiled
 * loops stay. The inputs are Float64Arrays (what softmax returns); nothing observable
 * changes (the outputs go to local buffers and `kernelOut`, which every caller reads right after its own call).
 */
function warmKernels(): void {
  const p = Float64Array.of(0.25, 0.5, 0.125, 0.125);
  const q = Float64Array.of(0.5, 0.125, 0.25, 0.125);
  const w = new Float64Array(4);
  const marks = Uint8Array.of(0, 1, 0, 0);
  for (let round = 0; round < 16; round++) {
    argmaxOf(q);
    isArgmax(q, 0);
    isArgmax(q, 2);
    argmaxWithPlainRest(q);
    argmaxWithPlainRest(p);
    plainRestIfArgmax(q, 0);
    plainRestIfArgmax(q, 2);
    plainRestIfArgmax(p, 1);
    plainDifferenceAndPlainRest(p, q, 1);
    plainDifferenceAndPlainRest(p, q, -1);
    compensatedSumExcept(q, 1);
    compensatedSumExcept(q, -1);
    compensatedSumUnmarked(q, marks);
    compensatedPositiveDifference(p, q);
    plainPositiveDifference(p, q);
    scanPositiveDifference(p, q, 0.1);
    scanPositiveDifference(p, q, 1);
    lastPositiveDifference(p, q);
    plainTotal(p, 4);
    scanWeights(p, 4, 0.3);
    scanWeights(p, 4, 2);
    nextResidualInto(p, q, 0.5, w, false);
    nextResidualInto(p, q, 0.5, w, true);
    spechubLeftoversInto(p, q, 0, 0.5, w);
    spechubLeftoversInto(p, q, 2, 0.75, w);
    spechubLeftoversApproxInto(p, q, 0, 1, w);
    spechubLeftoversApproxInto(p, q, 2, 0.75, w);
    continueTotal(p, 4, 1, 0.25);
    greedyResidualInto(p, q, -1, null, 0, w);
    greedyResidualInto(p, q, 1, null, 0.875, w);
    greedyResidualInto(p, q, -1, null, 0.875, w);
    greedyResidualInto(p, q, 1, null, 1, w);
    greedyResidualApproxInto(p, q, 1, 1.125, w);
    greedyResidualApproxInto(p, q, -1, 1.125, w);
    greedyResidualInto(p, q, -1, marks, 0.875, w);
    rrswNextResidualInto(p, q, 1, 0.875, 0.5, w);
    const w2 = new Float64Array(4);
    rrswNormaliserStoring(p, q, 0.5, 1, 0.875, w, w2);
    rrswNormaliserStoring(p, q, 0.5, 1, 0, w, w2);
    rrswResidualFromStored(w, w2, 4, 0.5, new Float64Array(4));
    rrswResidualApproxInto(p, q, 2, 1, 1.125, w);
    firstResidualInto(p, q, 0.5, w);
    kseqResidualInto(p, q, 1.5, 1.25, w);
  }
}
warmKernels();
