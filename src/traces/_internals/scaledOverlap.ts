/**
 * Lemma 10.1 for the family O(t) = Σ_y min(p(y), t·q(y)), t ≥ 0 (used by RRS, K-SEQ and RRSw), evaluated in
 * O(log n) per t after an O(n log n) preparation: every term is piecewise linear in t, so sorted breakpoints and
 * prefix sums give O_lo(t) = Σ_J min(p, tq) and the X terms of the lemma
 * (X_s = Σ_{A_p} min(p, t·c_q), X_r = Σ_{A_q} min(t·q, c_p)) by binary search.
 * K-SEQ's β(ρ) = Σ min(q, p/ρ) is O(ρ)/ρ, with the same bounds divided by ρ.
 */
import type { PartialPair } from './partialPair.ts';

/** Breakpoints b_i (ascending) with values v_i: evaluates Σ_{b_i ≤ x} v_i and #{b_i > x}, Σ_{b_i > x} w_i. */
class Sorted {
  readonly breaks: Float64Array;
  readonly prefix: Float64Array;
  readonly suffixWeight: Float64Array;
  constructor(breaks: number[], values: number[], weights: number[]) {
    const order = breaks.map((_, i) => i).sort((a, b) => breaks[a]! - breaks[b]!);
    const n = order.length;
    this.breaks = Float64Array.from(order, (i) => breaks[i]!);
    this.prefix = new Float64Array(n + 1);
    this.suffixWeight = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) this.prefix[j + 1] = this.prefix[j]! + values[order[j]!]!;
    for (let j = n - 1; j >= 0; j--) this.suffixWeight[j] = this.suffixWeight[j + 1]! + weights[order[j]!]!;
  }
  /** Index of the first breakpoint > x. */
  above(x: number): number {
    let lo = 0;
    let hi = this.breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.breaks[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface ScaledOverlap {
  /** [O_lo(t), O_hi(t)] with O_hi clamped to min(1, t). */
  bounds(t: number): [number, number];
}

export function scaledOverlap(pair: PartialPair): ScaledOverlap {
  const { p, q, mp, cp, mq, cq } = pair;
  // J: min(p, tq) = p if p/q ≤ t else t·q.
  const jb: number[] = [];
  const jp: number[] = [];
  const jq: number[] = [];
  // A_p: min(p, t·cq) = p if p/cq ≤ t else t·cq  (weight 1 per token).
  const ab: number[] = [];
  const ap: number[] = [];
  const one: number[] = [];
  // A_q: min(t·q, cp) = t·q if t ≤ cp/q else cp.
  const qb: number[] = [];
  const qq: number[] = [];
  const qOne: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const pk = p[i] === p[i];
    const qk = q[i] === q[i];
    if (pk && qk) {
      if (q[i]! > 0) {
        jb.push(p[i]! / q[i]!);
        jp.push(p[i]!);
        jq.push(q[i]!);
      }
    } else if (pk) {
      if (cq > 0) {
        ab.push(p[i]! / cq);
        ap.push(p[i]!);
        one.push(1);
      }
    } else if (qk && q[i]! > 0) {
      qb.push(cp / q[i]!);
      qq.push(q[i]!);
      qOne.push(1);
    }
  }
  const J = new Sorted(jb, jp, jq);
  const A = new Sorted(ab, ap, one);
  // For A_q we need Σ_{cp/q ≥ t} q (those below the cap: t·q) and #{cp/q < t} (at the cap).
  const Q = new Sorted(qb, qOne, qq);
  return {
    bounds(t) {
      // t may be +∞ (an upper scale 1 + c·ρ that overflowed): the bounds are nondecreasing in t, so the upper one
      // at +∞ still bounds O at the true t; t·0 is taken as 0 there, never NaN.
      const times = (w: number) => (w === 0 ? 0 : t * w);
      const j = J.above(t);
      const lo = J.prefix[j]! + times(J.suffixWeight[j]!);
      const a = A.above(t);
      const xs = A.prefix[a]! + times(cq * (A.breaks.length - a));
      // Breakpoints cp/q: those ≤ t are at the cap (counted by prefix), the others contribute t·q.
      const k = Q.above(t);
      const xr = cp * Q.prefix[k]! + times(Q.suffixWeight[k]!);
      const extra = Math.min(times(mq) + Math.min(mp, xr), mp + Math.min(times(mq), xs));
      return [lo, Math.min(1, t, lo + extra)];
    },
  };
}
