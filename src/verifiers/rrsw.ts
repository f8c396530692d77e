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
import type { Field } from '../core/field.ts';
import type { AcceptanceValue, PreparedVerifier, Verifier } from './verifier.ts';
import { normaliseOrNull, ratioTest, residualLaw } from './_internals/residual.ts';

/** norm((P − R)^+) with R = q off the prefix, divided by (1 − q(prefix)); null for zero mass. */
function nextResidual<T>(F: Field<T>, P: ArrayLike<T>, q: ArrayLike<T>, prefix: readonly number[], rest: T): ArrayLike<T> | null {
  const w = F.zeros(P.length);
  for (let y = 0; y < P.length; y++) {
    const R = prefix.includes(y) ? F.zero : F.div(q[y]!, rest);
    w[y] = F.positiveDifference(P[y]!, R);
  }
  return normaliseOrNull(F, w);
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
    return {
      verify(drafts, chooser) {
        let P: ArrayLike<T> = p;
        let rest = F.one; // 1 − q(x_1..x_{i−1})
        let state: { P: ArrayLike<T> | null; law: Categorical<T> | null } | null = null;
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          if (ratioTest(F, chooser, P[x]!, F.div(q[x]!, rest))) return { token: x, acceptedIndex: i };
          // P_{i+1} depends on x_1..x_{i−1} only (R_i is taken before x_i is removed).
          const prefix = drafts.slice(0, i);
          state = stateAfter(prefix, P, rest, `${i}|${prefix.join(',')}`);
          if (state.P === null) return { token: chooser.categorical(targetLaw()), acceptedIndex: null };
          P = state.P;
          rest = F.sub(rest, q[x]!);
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
    return { value: prefixAcceptance(F, p, q, k, p, [], F.one), exact: true };
  },
};

/** α over the remaining drafts, given the residual P after the rejected prefix and rest = 1 − q(prefix). */
function prefixAcceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, P: ArrayLike<T>, prefix: number[], rest: T): T {
  if (prefix.length === k) return F.zero;
  let accepted = F.zero;
  for (let y = 0; y < P.length; y++) {
    if (prefix.includes(y)) continue;
    accepted = F.add(accepted, F.min(P[y]!, F.div(q[y]!, rest)));
  }
  if (prefix.length + 1 === k) return accepted;
  const next = nextResidual(F, P, q, prefix, rest);
  if (next === null) return accepted;
  for (let x = 0; x < P.length; x++) {
    if (prefix.includes(x)) continue;
    const reject = F.positiveDifference(F.div(q[x]!, rest), P[x]!);
    if (!F.isPositive(reject)) continue;
    prefix.push(x);
    const later = prefixAcceptance(F, p, q, k, next, prefix, F.sub(rest, q[x]!));
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
  const n = p.length;
  let ov = 0;
  let residualMass = 0;
  for (let y = 0; y < n; y++) {
    ov += Math.min(p[y]!, q[y]!);
    residualMass += Math.max(p[y]! - q[y]!, 0);
  }
  if (residualMass <= 0) return ov;
  // Breakpoints P2(y)/q(y) for q(y) > 0, ascending; prefix sums of P2 and suffix sums of q.
  const tokens: number[] = [];
  for (let y = 0; y < n; y++) if (q[y]! > 0) tokens.push(y);
  const P2 = (y: number) => Math.max(p[y]! - q[y]!, 0) / residualMass;
  const ratio = new Float64Array(tokens.length);
  tokens.sort((a, b) => P2(a) / q[a]! - P2(b) / q[b]!);
  const prefixP2 = new Float64Array(tokens.length + 1);
  const suffixQ = new Float64Array(tokens.length + 1);
  tokens.forEach((y, j) => {
    ratio[j] = P2(y) / q[y]!;
    prefixP2[j + 1] = prefixP2[j]! + P2(y);
  });
  for (let j = tokens.length - 1; j >= 0; j--) suffixQ[j] = suffixQ[j + 1]! + q[tokens[j]!]!;
  const g = (c: number): number => {
    let lo = 0;
    let hi = tokens.length; // first index with ratio > c
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ratio[mid]! <= c) lo = mid + 1;
      else hi = mid;
    }
    return prefixP2[lo]! + c * suffixQ[lo]!;
  };
  let alpha = ov;
  for (let x = 0; x < n; x++) {
    if (p[x]! < q[x]! && q[x]! < 1) alpha += (q[x]! - p[x]!) * g(1 / (1 - q[x]!));
  }
  return alpha;
}

