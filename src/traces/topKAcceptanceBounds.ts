/**
 * Provable acceptance intervals from top-K truncated distributions (docs/theory.md, §10): when only the
 * K most probable tokens of the target and/or the draft are known, with the remaining mass implied, the
 * acceptance of each verifier is bounded over **every** pair of full distributions consistent with what was
 * stored (each unstored probability at most the smallest stored one and at most the remaining mass):
 *
 * | method | bound | theorem |
 * |---|---|---|
 * | sd, spechub, greedy, greedy-q | overlap bounds of the closed form α = Σ min(p, r) | 10.2 |
 * | rrs | the scalar recursion S_{i+1} = S_i + R(S_i), α = 1 − R(S_k), R(c) = 1 − Σ min(p, c q), run with R's bounds | 10.3 |
 * | kseq | α = max_ρ min(1 − (1 − β(ρ))^k, ρβ(ρ)), monotone in β(ρ) = Σ min(q, p/ρ) | 10.3 |
 * | rrsw (k = 2) | α = Σ_x w(x) O(1 + ρ/(1 − q(x))) / Σ_x w(x), w = (q − p)^+, weights and values bounded | 10.3 |
 * | otm, khisti (i.i.d. optimum, any k); otm-wor (k ≤ 2) | cut bounds of the subset dual | 10.4 |
 *
 * RRSw and the w/o-replacement optimum for k ≥ 3 have no proven bound here: `null` (the caller reports them
 * as skipped). When both sides are fully known the interval collapses to the exact value (up to float64
 * rounding); the returned interval is widened outwards by {@link BOUND_SLACK} to cover rounding.
 *
 * @example
 * ```ts
 * const target = { ids: [3, 1], probs: [0.6, 0.3], tail: 0.1, cap: 0.1 };
 * const draft = { ids: [1, 3, 0], probs: [0.5, 0.3, 0.1], tail: 0.1, cap: 0.1 };
 * topKAcceptanceBounds('spechub', target, draft, 32000, 2); // [lo, hi] containing α for every completion
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { getMethod } from '../methods.ts';
import { optimumBounds } from './_internals/optimumBounds.ts';
import { overlapBounds } from './_internals/overlapBounds.ts';
import { draftMassOff, type PartialPair, partialPair, type SparseLaw } from './_internals/partialPair.ts';
import { type ScaledOverlap, scaledOverlap } from './_internals/scaledOverlap.ts';
import { maximumWeightedAverage, minimumWeightedAverage, type WeightedItem } from './_internals/ratioBounds.ts';

export type { SparseLaw } from './_internals/partialPair.ts';

/** Outward widening of every interval (float64 rounding of the closed forms and of the verifiers). */
export const BOUND_SLACK = 1e-12;

const UNKNOWN: [number, number] = [0, 1];

/** Tokens of positive draft mass the scheme needs for k drafts (§1; nodeMethod's rule). */
function supportNeeded(id: string, k: number): number {
  if (id === 'rrsw' || id === 'otm-wor' || id === 'greedy') return k;
  if (id === 'greedy-q') return Math.max(1, k - 1);
  return 1;
}

/**
 * The method and k actually used for this draft law (as `nodeMethod`): fewer drafts when the draft support is
 * too small, single-draft SD when the method is not defined for the smaller k; null when the stored data
 * cannot tell (the support size depends on the unstored tokens).
 */
function effectiveMethod(id: string, k: number, pair: PartialPair): { id: string; k: number } | null {
  let positive = 0;
  for (let i = 0; i < pair.q.length; i++) if (pair.q[i]! > 0) positive++;
  const unstored = pair.vocab - countKnown(pair.q);
  for (;;) {
    const verifier = getMethod(id).verifier;
    if (!verifier.supportsK(k)) {
      if (k === 1) return { id: 'sd', k: 1 };
      throw new SpechubError('UNSUPPORTED_K', `method '${id}' is not defined for k = ${k}`);
    }
    const need = supportNeeded(id, k);
    const lowest = positive + (pair.mq > 0 ? 1 : 0);
    const highest = positive + (pair.mq > 0 ? unstored : 0);
    if (need <= lowest) return { id, k };
    if (need <= highest) return null;
    if (k === 1) return { id: 'sd', k: 1 };
    k--;
  }
}

function countKnown(v: Float64Array): number {
  let c = 0;
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) c++;
  return c;
}

/** O(c) = Σ min(p, c q) bounds, clamped to [0, min(1, c)] (Lemma 10.1 with r = c·q; O(log n) per c). */
const scaled = new WeakMap<PartialPair, ScaledOverlap>();
function overlapWithScaledDraft(pair: PartialPair, c: number): [number, number] {
  let s = scaled.get(pair);
  if (s === undefined) scaled.set(pair, (s = scaledOverlap(pair)));
  return s.bounds(c);
}

function rrsBounds(pair: PartialPair, k: number): [number, number] {
  const Rlo = (c: number) => 1 - overlapWithScaledDraft(pair, c)[1];
  const Rhi = (c: number) => 1 - overlapWithScaledDraft(pair, c)[0];
  let Slo = 1;
  let Shi = 1;
  for (let i = 1; i < k; i++) {
    Slo += Rlo(Slo);
    Shi += Rhi(Shi);
  }
  return [1 - Rhi(Slo), 1 - Rlo(Shi)];
}

function kseqBounds(pair: PartialPair, k: number): [number, number] {
  if (k === 1) return rrsBounds(pair, 1);
  // β(ρ) = Σ min(q, p/ρ) = O(ρ)/ρ, and Lemma 10.1's bounds scale the same way (§10.4).
  const beta = (rho: number): [number, number] => {
    const [lo, hi] = overlapWithScaledDraft(pair, rho);
    return [lo / rho, Math.min(hi / rho, 1, 1 / rho)];
  };
  const phi = (b: number) => 1 - Math.pow(1 - b, k);
  const crossing = (which: 0 | 1): { a: number; b: number } | null => {
    const d = (rho: number) => {
      const bt = beta(rho)[which];
      return phi(bt) - rho * bt;
    };
    if (d(1) <= 0) return null;
    let a = 1;
    let b = k;
    for (let i = 0; i < 64; i++) {
      const mid = (a + b) / 2;
      if (mid <= a || mid >= b) break;
      if (d(mid) > 0) a = mid;
      else b = mid;
    }
    return { a, b };
  };
  // Upper: max_ρ min(φ_hi, ψ_hi) ≤ max(φ_hi(a), ψ_hi(b)) for a bracket a ≤ b of the crossing.
  const up = crossing(1);
  const hi = up === null ? phi(beta(1)[1]) : Math.max(phi(beta(up.a)[1]), up.b * beta(up.b)[1]);
  // Lower: any ρ gives min(φ_lo(ρ), ψ_lo(ρ)) ≤ the maximum.
  const down = crossing(0);
  const valueLo = (rho: number) => {
    const bt = beta(rho)[0];
    return Math.min(phi(bt), rho * bt);
  };
  const lo = down === null ? valueLo(1) : Math.max(valueLo(down.a), valueLo(down.b));
  return [lo, hi];
}

/** α = Σ min(p, r) with r = 1 on the top set T and q/scale (or q) elsewhere (SpecHub, G-r, G-q). */
function topSetBounds(pair: PartialPair, topSize: number, renormalise: boolean): [number, number] | null {
  const n = pair.q.length;
  const stored: number[] = [];
  for (let i = 0; i < n; i++) if (pair.q[i] === pair.q[i]) stored.push(i);
  if (topSize > stored.length) return pair.mq > 0 ? null : null;
  stored.sort((a, b) => pair.q[b]! - pair.q[a]! || pair.ids[a]! - pair.ids[b]!);
  const top = stored.slice(0, topSize);
  // The top set is determined by the stored data only if no unstored token can reach its smallest member.
  if (topSize > 0 && pair.mq > 0 && pair.q[top[topSize - 1]!]! <= pair.cq) return null;
  // 1 − q(T), summed (draftMassOff); 0 only when q has no mass off T (no such scheme: the caller's SD rule).
  const scale = renormalise ? draftMassOff(pair, top) : 1;
  if (!(scale > 0)) return null;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = pair.q[i]! / scale; // NaN stays NaN
  for (const i of top) r[i] = 1;
  const [lo, hi] = overlapBounds(pair.p, 1, pair.mp, pair.cp, r, 1, pair.mq / scale, pair.cq / scale);
  return [lo, Math.min(hi, 1)];
}

function rrswBounds(pair: PartialPair): [number, number] {
  const O = (c: number) => overlapWithScaledDraft(pair, c);
  const [o1lo, o1hi] = O(1);
  const rhoLo = Math.max(0, 1 - o1hi);
  const rhoHi = Math.max(0, 1 - o1lo);
  const [rrsLo] = rrsBounds(pair, 2);
  const [, worHi] = optimumBounds(pair, 'wor', 2);
  if (rhoHi <= 0) return [1, 1];
  const lowItems: WeightedItem[] = [];
  const highItems: WeightedItem[] = [];
  const add = (lowWeight: number, highWeight: number, cLo: number, cHi: number) => {
    if (highWeight <= 0) return;
    // t = 1 + c·ρ (c·0 = 0 for an infinite c: 1/(1 − q) overflows when 1 − q is a few subnormal ulps). O's bounds are
    // nondecreasing in t, so when t overflows the lower one is taken at the largest double (below the true t) and
    // the upper one at +∞ (above it): valid, if loose, for such laws.
    const tLo = 1 + (rhoLo > 0 ? cLo * rhoLo : 0);
    const tHi = 1 + (rhoHi > 0 ? cHi * rhoHi : 0);
    lowItems.push({ lowWeight, highWeight, value: O(tLo < Infinity ? tLo : Number.MAX_VALUE)[0] });
    highItems.push({ lowWeight, highWeight, value: O(tHi)[1] });
  };
  const capP = Math.min(pair.cp, pair.mp);
  for (let i = 0; i < pair.q.length; i++) {
    const qi = pair.q[i]!;
    if (!(qi === qi) || qi <= 0) continue;
    // c = 1/(1 − q(i)); above ½ the complement is summed (no cancellation: §11.3).
    const c = 1 / (qi > 0.5 ? draftMassOff(pair, [i]) : 1 - qi);
    const pi = pair.p[i]!;
    if (pi === pi) {
      const w = Math.max(0, qi - pi);
      add(w, w, c, c);
    } else add(Math.max(0, qi - capP), qi, c, c);
  }
  if (pair.mq > 0) add(0, pair.mq, 1, 1 / (1 - Math.min(pair.cq, pair.mq)));
  const lo = minimumWeightedAverage(lowItems);
  const hi = maximumWeightedAverage(highItems);
  const lower = Math.max(rrsLo, lo ?? 0);
  const upper = Math.min(worHi, rhoLo <= 0 ? 1 : (hi ?? 1));
  return [lower, upper];
}

/** The union layout of (target, draft), built once per pair of law objects (replay asks for every method). */
const pairs = new WeakMap<SparseLaw, WeakMap<SparseLaw, PartialPair>>();
function cachedPair(target: SparseLaw, draft: SparseLaw, vocab: number): PartialPair {
  let inner = pairs.get(target);
  if (inner === undefined) pairs.set(target, (inner = new WeakMap()));
  let pair = inner.get(draft);
  if (pair === undefined || pair.vocab !== vocab) inner.set(draft, (pair = partialPair(target, draft, vocab)));
  return pair;
}

/** Bounds for one method at the effective k; null when no proven bound exists here. */
function boundsFor(id: string, pair: PartialPair, k: number): [number, number] | null {
  switch (id) {
    case 'sd':
      return rrsBounds(pair, 1);
    case 'rrs':
      return rrsBounds(pair, k);
    case 'kseq':
      return kseqBounds(pair, k);
    case 'rrsw':
      return k === 1 ? rrsBounds(pair, 1) : k === 2 ? rrswBounds(pair) : null;
    case 'spechub': {
      // No mass off the hub (Σ_{y≠a} q = 0, summed: not 1 − q(a) = 0 in float): a single draft (SD), as the verifier does.
      let hub = -1;
      for (let i = 0; i < pair.q.length; i++) if (pair.q[i] === pair.q[i] && (hub < 0 || pair.q[i]! > pair.q[hub]!)) hub = i;
      if (hub >= 0 && draftMassOff(pair, [hub]) === 0) return rrsBounds(pair, 1);
      return topSetBounds(pair, 1, true);
    }
    case 'greedy':
      return topSetBounds(pair, k - 1, true);
    case 'greedy-q':
      return topSetBounds(pair, k - 1, false);
    case 'otm':
    case 'khisti':
      return optimumBounds(pair, 'iid', k);
    case 'otm-wor':
      return k <= 2 ? optimumBounds(pair, 'wor', k) : null;
    default:
      return null;
  }
}

/**
 * [lo, hi] containing the acceptance of `methodId` with k drafts for every full pair consistent with the
 * stored target and draft; [0, 1] when the stored data cannot determine which draft scheme applies (hub or top
 * set ties with unstored tokens, support size unknown); null when no bound is proven for the method and k.
 */
export function topKAcceptanceBounds(methodId: string, target: SparseLaw, draft: SparseLaw, vocab: number, k: number): [number, number] | null {
  getMethod(methodId);
  const pair = cachedPair(target, draft, vocab);
  const effective = effectiveMethod(methodId, k, pair);
  if (effective === null) return UNKNOWN;
  const b = boundsFor(effective.id, pair, effective.k);
  if (b === null) return effective.id === 'rrsw' || effective.id === 'otm-wor' ? null : UNKNOWN;
  if (!(b[0] <= b[1] + 1e-9)) throw new SpechubError('SOLVER_FAILURE', `internal: ${methodId} bounds [${b[0]}, ${b[1]}] are reversed`);
  return [Math.max(0, b[0] - BOUND_SLACK), Math.min(1, b[1] + BOUND_SLACK)];
}

/** The optimum of i.i.d. (any k) or without-replacement (k ≤ 2) drafts, bounded; null for wor with k ≥ 3. */
export function topKOptimumBounds(scheme: 'iid' | 'wor', target: SparseLaw, draft: SparseLaw, vocab: number, k: number): [number, number] | null {
  return topKAcceptanceBounds(scheme === 'iid' ? 'otm' : 'otm-wor', target, draft, vocab, k);
}
