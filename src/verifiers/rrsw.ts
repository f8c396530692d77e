/**
 * Recursive rejection sampling without replacement (RRSw; Jeon et al. 2024; Sequoia `SpecTree`), spec §2.3.
 *
 * Glossary: **drafts** x_1..x_k without replacement, in sampling order, x_i ~ q_i (q with x_1..x_{i−1}
 * removed, renormalised); **residual** P_{i+1} = norm((P_i − q_i)^+), computed with q_i *before* x_i is
 * removed; **acceptance** α = P(Y ∈ {x_1..x_k}); **profile** A(y) = P(Y = y, Y drafted). (No hub.)
 *
 * ```
 * P ← p ; R ← q
 * for i = 1..k: if u_i < P(x_i)/R(x_i): return (x_i, i);  P ← norm((P − R)^+);  R(x_i) ← 0; R ← norm(R)
 * return y ~ P
 * ```
 * Residuals depend on the rejected prefix; they are computed lazily and cached per prefix.
 *
 * @example
 * ```ts
 * rrsw.acceptance(rationalField, p, q, 2).value.toString(); // '107/140' for test vector E4
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import { complementSums } from '../core/complementSums.ts';
import { type Field, floatField, type Vec } from '../core/field.ts';
import type { AcceptanceValue, PreparedVerifier, Verifier } from './verifier.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';

/**
 * R_i = q/(1 − q(prefix)) off the prefix (0 on it), with the complementary mass `rest` = Σ_{y ∉ prefix} q(y)
 * summed by the caller (never 1 − q(x_1) − …, which cancels to 0 or below when q(x_1) ≈ 1: §11.3).
 */
function draftLawAfter<T>(F: Field<T>, q: ArrayLike<T>, prefix: readonly number[], rest: T): Vec<T> {
  const R = F.zeros(q.length);
  if (!F.isPositive(rest)) return R;
  for (let y = 0; y < q.length; y++) if (!prefix.includes(y)) R[y] = F.div(q[y]!, rest);
  return R;
}

/** norm((P − R_i)^+) for the draft law R_i after `prefix`; null for zero mass. */
function nextResidual<T>(F: Field<T>, P: ArrayLike<T>, q: ArrayLike<T>, prefix: readonly number[], rest: T): ArrayLike<T> | null {
  return F.normaliseOrNull(F.positivePart(P, draftLawAfter(F, q, prefix, rest)));
}

/** Largest number of cached residual entries (vectors × n) before the cache is reset. */
const CACHE_ENTRY_LIMIT = 16_000_000;

export const rrsw: Verifier = {
  id: 'rrsw',
  title: 'recursive rejection sampling without replacement',
  section: '§2.3',
  draftScheme: 'wor',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
    let target: Categorical<T> | null = null;
    const targetLaw = () => (target ??= Categorical.create(F, p));
    const cache = new Map<string, { P: ArrayLike<T> | null; law: Categorical<T> | null }>();
    const stateAfter = (prefix: readonly number[], previous: ArrayLike<T>, rest: T, key: string) => {
      let state = cache.get(key);
      if (state === undefined) {
        if (cache.size * p.length > CACHE_ENTRY_LIMIT) cache.clear();
        state = { P: nextResidual(F, previous, q, prefix, rest), law: null };
        cache.set(key, state);
      }
      return state;
    };
    // 1 − q(x_1..x_i) as a sum of the other tokens' masses, O(i log n) per call (§11.3).
    const restAfter = complementSums(F, q);
    return {
      verify(drafts, chooser) {
        let P: ArrayLike<T> = p;
        let rest = F.one; // R_1 = q
        let state: { P: ArrayLike<T> | null; law: Categorical<T> | null } | null = null;
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          // R_i(x) = q(x)/rest with rest ≥ q(x) > 0 for a drafted x; ratioTest guards the rest.
          if (ratioTest(F, chooser, P[x]!, F.div(q[x]!, rest))) return { token: x, acceptedIndex: i };
          // P_{i+1} depends on x_1..x_{i−1} only (R_i is taken before x_i is removed).
          const prefix = drafts.slice(0, i);
          state = stateAfter(prefix, P, rest, `${i}|${prefix.join(',')}`);
          if (state.P === null) return { token: chooser.categorical(targetLaw()), acceptedIndex: null };
          P = state.P;
          rest = restAfter(drafts.slice(0, i + 1));
        }
        state!.law ??= residualLaw(F, state!.P!, p);
        return { token: chooser.categorical(state!.law), acceptedIndex: null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    if (F.name === 'float64' && k === 2) {
      return { value: rrswAcceptanceTwoDrafts(p as ArrayLike<number>, q as ArrayLike<number>) as T, exact: true };
    }
    if (Math.pow(p.length, k - 1) > 2e7) {
      throw new SpechubError('TOO_LARGE', `exact RRSw acceptance for k = ${k} needs ~n^${k - 1} = ${p.length}^${k - 1} prefixes; too many`);
    }
    return { value: F.clampUnit(prefixAcceptance(F, p, q, k, p, [], F.one)), exact: true };
  },
};

/** α over the remaining drafts, given the residual P after the rejected prefix and rest = 1 − q(prefix). */
function prefixAcceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, P: ArrayLike<T>, prefix: number[], rest: T): T {
  if (prefix.length === k) return F.zero;
  const R = draftLawAfter(F, q, prefix, rest);
  let accepted = F.sumMin(P, R); // R = 0 on the prefix
  if (prefix.length + 1 === k) return accepted;
  const next = nextResidual(F, P, q, prefix, rest);
  if (next === null) return accepted;
  for (let x = 0; x < P.length; x++) {
    if (prefix.includes(x)) continue;
    const reject = F.positiveDifference(R[x]!, P[x]!);
    if (!F.isPositive(reject)) continue;
    prefix.push(x);
    const later = prefixAcceptance(F, p, q, k, next, prefix, F.sumExcept(q, prefix)); // 1 − q(prefix), summed
    prefix.pop();
    accepted = F.add(accepted, F.mul(reject, later));
  }
  return accepted;
}

/**
 * The O(n log n) closed form for k = 2 (spec §2.3):
 * α = ov(p,q) + Σ_{x: p(x)<q(x)} (q(x) − p(x)) g(1/(1 − q(x))), g(c) = Σ_y min(P_2(y), c q(y)).
 */
export function rrswAcceptanceTwoDrafts(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const F = floatField;
  const n = p.length;
  const ov = F.sumMin(p, q);
  const residualMass = F.sumPositiveDifference(p, q);
  if (!(residualMass > 0)) return F.clampUnit(ov);
  // 1 − q(x) = Σ_{y≠x} q(y) = (Σ_{y<x} q) + (Σ_{y>x} q): two sums of non-negative masses, no cancellation (§11.3).
  const before = new Float64Array(n + 1);
  const after = new Float64Array(n + 1);
  for (let y = 0; y < n; y++) before[y + 1] = before[y]! + q[y]!;
  for (let y = n - 1; y >= 0; y--) after[y] = after[y + 1]! + q[y]!;
  // Breakpoints P2(y)/q(y) for q(y) > 0, ascending; prefix sums of P2 and suffix sums of q.
  const tokens: number[] = [];
  for (let y = 0; y < n; y++) if (q[y]! > 0) tokens.push(y);
  const P2 = (y: number) => Math.max(p[y]! - q[y]!, 0) / residualMass;
  const ratio = new Float64Array(tokens.length);
  const breakpoint = (y: number) => P2(y) / q[y]!; // +∞ possible for a subnormal q(y): compared, never subtracted
  tokens.sort((a, b) => {
    const ra = breakpoint(a);
    const rb = breakpoint(b);
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
  const prefixP2 = new Float64Array(tokens.length + 1);
  const suffixQ = new Float64Array(tokens.length + 1);
  tokens.forEach((y, j) => {
    ratio[j] = breakpoint(y);
    prefixP2[j + 1] = prefixP2[j]! + P2(y);
  });
  for (let j = tokens.length - 1; j >= 0; j--) suffixQ[j] = suffixQ[j + 1]! + q[tokens[j]!]!;
  // g(c) = Σ_y min(P2(y), c·q(y)), evaluated as c·Σ q over the tokens whose breakpoint exceeds c; c·q ≤ P2
  // there, so the product never exceeds 1 even when c = 1/(1 − q(x)) is huge.
  const g = (rest: number): number => {
    let lo = 0;
    let hi = tokens.length; // first index with ratio > c = 1/rest, i.e. ratio·rest > 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ratio[mid]! * rest <= 1) lo = mid + 1;
      else hi = mid;
    }
    return prefixP2[lo]! + suffixQ[lo]! / rest;
  };
  let alpha = ov;
  let compensation = 0;
  for (let x = 0; x < n; x++) {
    if (!(p[x]! < q[x]!)) continue;
    const rest = before[x]! + after[x + 1]!;
    if (!(rest > 0)) continue; // x carries all the draft mass: no second draft (excluded by validation)
    const term = (q[x]! - p[x]!) * g(rest);
    const t = alpha + term;
    compensation += alpha >= term ? alpha - t + term : term - t + alpha;
    alpha = t;
  }
  return F.clampUnit(alpha + compensation);
}
