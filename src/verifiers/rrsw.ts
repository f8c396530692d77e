/**
 * Recursive rejection sampling without replacement (RRSw; Jeon et al. 2024; Sequoia `SpecTree`), §2.3.
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
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier } from './verifier.ts';
import { overlapRow, profileRows } from './_internals/profileRows.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareRrswFloat } from './_internals/rrswFloat.ts';
import { rrswTwoDraftAcceptanceFast } from './rrswTwoDraftAcceptanceFast.ts';

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
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    // Floats, k ≤ 2: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md
    // §11.7); it hands tuples of three or more drafts to the generic program.
    if (F.name === 'float64' && k <= 2) {
      const pf = p as ArrayLike<number>;
      const qf = q as ArrayLike<number>;
      return prepareRrswFloat(pf, qf, () => rrsw.prepareGeneric!(floatField, pf, qf, k)) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    }
    return rrsw.prepareGeneric!(F, p, q, k);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
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
    if (k === 2) {
      // Draft masses below 2^-1000 can make the float breakpoint P2(y)/q(y) overflow or 1 − q(x) subnormal
      // (theory §11.3): the ratio-free fast form is exact to rounding there; elsewhere the two agree to 1e-12.
      if (F === (floatField as unknown as Field<T>) && hasTinyDraftMass(q as ArrayLike<number>)) {
        return { value: rrswTwoDraftAcceptanceFast(p as ArrayLike<number>, q as ArrayLike<number>) as T, exact: true };
      }
      return { value: rrswTwoDraftAcceptance(F, p, q), exact: true };
    }
    if (Math.pow(p.length, k - 1) > 2e7) {
      throw new SpechubError('TOO_LARGE', `exact RRSw acceptance for k = ${k} needs ~n^${k - 1} = ${p.length}^${k - 1} prefixes; too many`);
    }
    return { value: F.clampUnit(prefixAcceptance(F, p, q, k, p, [], F.one)), exact: true };
  },
  /** k ≤ 2: closed form, O(n log n); k ≥ 3: the exact sum over rejected prefixes (`source: 'prefix-sum'`). */
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> {
    if (k <= 2) {
      const byPosition = k === 1 ? [overlapRow(F, p, q)] : [overlapRow(F, p, q), rrswSecondRow(F, p, q)];
      return { byPosition, exact: true, source: 'closed-form' };
    }
    return { byPosition: rrswPrefixProfile(F, p, q, k), exact: true, source: 'prefix-sum' };
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
 * The O(n log n) closed form for k = 2 (§2.3), in any field:
 * α = ov(p,q) + Σ_{x: p(x)<q(x)} (q(x) − p(x)) g(1/(1 − q(x))), g(c) = Σ_y min(P_2(y), c q(y)).
 * 1 − q(x) is read as (Σ_{y<x} q) + (Σ_{y>x} q), never by subtraction (§11.3); the breakpoints P_2(y)/q(y) are
 * sorted once and g is evaluated by binary search, comparing ratio·(1 − q(x)) with 1 (no 1/(1 − q(x)) formed).
 */
export function rrswTwoDraftAcceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): T {
  const n = p.length;
  const ov = F.sumMin(p, q);
  const residualMass = F.sumPositiveDifference(p, q);
  if (!F.isPositive(residualMass)) return F.clampUnit(ov);
  const before: T[] = [F.zero];
  for (let y = 0; y < n; y++) before.push(F.add(before[y]!, q[y]!));
  const after: T[] = new Array<T>(n + 1).fill(F.zero);
  for (let y = n - 1; y >= 0; y--) after[y] = F.add(after[y + 1]!, q[y]!);
  // Breakpoints P2(y)/q(y) for q(y) > 0 (+∞ possible in float for a subnormal q(y): compared, never
  // subtracted), ascending; prefix sums of P2 and suffix sums of q.
  const P2 = F.zeros(n);
  for (let y = 0; y < n; y++) P2[y] = F.div(F.positiveDifference(p[y]!, q[y]!), residualMass);
  const tokens: Array<{ y: number; ratio: T }> = [];
  for (let y = 0; y < n; y++) if (F.isPositive(q[y]!)) tokens.push({ y, ratio: F.div(P2[y]!, q[y]!) });
  tokens.sort((a, b) => F.compare(a.ratio, b.ratio));
  const m = tokens.length;
  const prefixP2: T[] = [F.zero];
  for (let j = 0; j < m; j++) prefixP2.push(F.add(prefixP2[j]!, P2[tokens[j]!.y]!));
  const suffixQ: T[] = new Array<T>(m + 1).fill(F.zero);
  for (let j = m - 1; j >= 0; j--) suffixQ[j] = F.add(suffixQ[j + 1]!, q[tokens[j]!.y]!);
  // g(c), c = 1/rest: c·q ≤ P2 on the tokens whose breakpoint exceeds c, so suffixQ/rest never exceeds 1.
  const g = (rest: T): T => {
    let lo = 0;
    let hi = m; // first index with ratio > c, i.e. ratio·rest > 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (F.le(F.mul(tokens[mid]!.ratio, rest), F.one)) lo = mid + 1;
      else hi = mid;
    }
    return F.add(prefixP2[lo]!, F.div(suffixQ[lo]!, rest));
  };
  const terms: T[] = [ov];
  for (let x = 0; x < n; x++) {
    if (!F.lt(p[x]!, q[x]!)) continue;
    const rest = F.add(before[x]!, after[x + 1]!);
    if (!F.isPositive(rest)) continue; // x carries all the draft mass: no second draft (excluded by validation)
    terms.push(F.mul(F.sub(q[x]!, p[x]!), g(rest)));
  }
  return F.clampUnit(F.sum(terms));
}

/** The k = 2 closed form in float64 (see {@link rrswTwoDraftAcceptance}). */
export function rrswAcceptanceTwoDrafts(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return rrswTwoDraftAcceptance(floatField, p, q);
}

/**
 * RRSw, second position (k = 2, §2.3). The first residual P_2 = norm((p − q)^+) does not depend on x_1; x_1 is
 * rejected with mass w_x = (q(x) − p(x))^+ and then x_2 ~ c_x·q off x (c_x = 1/(1 − q(x))) is accepted as y with
 * mass min(P_2(y), c_x q(y)) (y ≠ x holds automatically: w_x > 0 forces P_2(x) = 0). So
 * A_1(y) = q(y)·Σ_x w_x min(ρ_y, c_x) with ρ_y = P_2(y)/q(y) = q(y)·WC(< ρ_y) + P_2(y)·W(≥ ρ_y): sort the c_x
 * once and binary-search each ρ_y, O(n log n) instead of O(n²).
 */
function rrswSecondRow<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T> {
  const n = p.length;
  const row = F.zeros(n);
  const P2 = F.normaliseOrNull(F.positivePart(p, q));
  if (P2 === null) return row;
  const restOf = complementSums(F, q); // 1 − q(x) summed over the other tokens (§11.3)
  const rejected: Array<{ c: T; w: T }> = [];
  for (let x = 0; x < n; x++) {
    const w = F.positiveDifference(q[x]!, p[x]!);
    const rest = restOf([x]);
    if (F.isPositive(w) && F.isPositive(rest)) rejected.push({ c: F.div(F.one, rest), w });
  }
  rejected.sort((u, v) => F.compare(u.c, v.c));
  const W: T[] = [F.zero];
  const WC: T[] = [F.zero];
  for (const { c, w } of rejected) {
    W.push(F.add(W[W.length - 1]!, w));
    WC.push(F.add(WC[WC.length - 1]!, F.mul(w, c)));
  }
  const totalW = W[W.length - 1]!;
  for (let y = 0; y < n; y++) {
    if (!F.isPositive(q[y]!) || !F.isPositive(P2[y]!)) continue;
    const ratio = F.div(P2[y]!, q[y]!);
    let lo = 0;
    let hi = rejected.length; // number of c_x below ratio
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (F.lt(rejected[mid]!.c, ratio)) lo = mid + 1;
      else hi = mid;
    }
    row[y] = F.add(F.mul(q[y]!, WC[lo]!), F.mul(P2[y]!, F.sub(totalW, W[lo]!)));
  }
  return row;
}

/** Cap on the prefix-sum work n^k for RRSw with k ≥ 3. */
const PREFIX_WORK_LIMIT = 5e7;

/**
 * RRSw for any k by the sum over rejected prefixes (§2.3, §3.1): at position i, after the rejected prefix
 * x_1..x_{i−1} (reached with probability `reach`), the draft law is R_i = q/(1 − q(prefix)) off the prefix and
 * token y is accepted with mass reach·min(P_i(y), R_i(y)); x_i = x is rejected with mass reach·(R_i(x) − P_i(x))^+,
 * after which P_{i+1} = norm((P_i − R_i)^+) (independent of x_i).
 */
function rrswPrefixProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): Vec<T>[] {
  const n = p.length;
  if (Math.pow(n, k) > PREFIX_WORK_LIMIT) {
    throw new SpechubError('TOO_LARGE', `the RRSw profile for k = ${k} sums over ~n^${k - 1} rejected prefixes (n = ${n}); too many. Use Monte Carlo.`);
  }
  const out = profileRows(F, k, n);
  const prefix: number[] = [];
  const visit = (P: ArrayLike<T>, rest: T, reach: T, i: number): void => {
    const row = out[i]!;
    const R = F.zeros(n);
    if (!F.isPositive(rest)) return; // the prefix holds all the draft mass: no further draft (guard)
    for (let y = 0; y < n; y++) {
      if (prefix.includes(y)) continue;
      R[y] = F.div(q[y]!, rest);
      row[y] = F.add(row[y]!, F.mul(reach, F.min(P[y]!, R[y]!)));
    }
    if (i + 1 >= k) return;
    const next = F.normaliseOrNull(F.positivePart(P, R));
    if (next === null) return;
    for (let x = 0; x < n; x++) {
      if (prefix.includes(x)) continue;
      const reject = F.positiveDifference(R[x]!, P[x]!);
      if (!F.isPositive(reject)) continue;
      prefix.push(x);
      visit(next, F.sumExcept(q, prefix), F.mul(reach, reject), i + 1); // 1 − q(prefix), summed (§11.3)
      prefix.pop();
    }
  };
  visit(p, F.one, F.one, 0);
  return out;
}

/** Whether some draft mass is positive but below 2^-1000 (where float breakpoints can overflow). */
function hasTinyDraftMass(q: ArrayLike<number>): boolean {
  for (let y = 0; y < q.length; y++) if (q[y]! > 0 && q[y]! < 2 ** -1000) return true;
  return false;
}
