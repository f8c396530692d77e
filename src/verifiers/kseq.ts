/**
 * SpecTr's K-SEQ (Sun et al. 2023), spec §2.4.
 *
 * Glossary: **drafts** x_1..x_k i.i.d. from q; a divisor ρ ∈ [1, k] with β(ρ) = Σ min(q, p/ρ) and
 * α(ρ) = 1 − (1 − β(ρ))^k; **residual** norm(p − (α/β)·min(q, p/ρ)); **acceptance** α(ρ*);
 * **profile** A(y) = (α/β)·min(q(y), p(y)/ρ*). (No hub.)
 *
 * ```
 * for i = 1..k: if u_i < p(x_i)/(ρ q(x_i)): return (x_i, i)
 * return y ~ norm(p − (α(ρ)/β(ρ))·min(q, p/ρ))
 * ```
 * ρ* is the unique root of h(ρ) = ρβ(ρ) − 1 + (1 − β(ρ))^k on [1, k]; every ρ ≥ ρ* is exact and ρ* maximises
 * acceptance. ρ < ρ* silently breaks exactness, so a given ρ is checked (§8 item 8). ρ* is in general
 * irrational: in the rational field, {@link kseqRho} returns the exact root when it is rational and otherwise a
 * rational ρ̂ ≥ ρ* within 1e-15 (still exact as a verifier; its acceptance is then marked inexact).
 *
 * @example
 * ```ts
 * kseqRho(rationalField, E1.p, E1.q, 2); // {rho: 3/2, exact: true}
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import { type Field, floatField } from '../core/field.ts';
import type { AcceptanceValue, PreparedVerifier, Verifier, VerifierOptions } from './verifier.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';

/** β(ρ) = Σ_y min(q(y), p(y)/ρ). */
export function kseqBeta<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, rho: T): T {
  const scaled = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) scaled[y] = F.div(p[y]!, rho);
  return F.sumMin(q, scaled);
}

function power<T>(F: Field<T>, x: T, k: number): T {
  let r = F.one;
  for (let i = 0; i < k; i++) r = F.mul(r, x);
  return r;
}

/**
 * γ(ρ) = Σ_y (q(y) − p(y)/ρ)^+ = 1 − β(ρ): the probability that one draft is rejected, summed (never 1 − β,
 * which cancels when β ≈ 1, docs/theory.md §11.4).
 */
export function kseqRejection<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, rho: T): T {
  const scaled = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) scaled[y] = F.div(p[y]!, rho);
  return F.sumPositiveDifference(q, scaled);
}

/** α(ρ)/β(ρ) = Σ_{i<k} γ^i (so that α = β·Σ_{i<k} γ^i = 1 − γ^k, a sum of non-negative terms). */
function geometricSum<T>(F: Field<T>, gamma: T, k: number): T {
  let s = F.zero;
  let term = F.one;
  for (let i = 0; i < k; i++) {
    s = F.add(s, term);
    term = F.mul(term, gamma);
  }
  return s;
}

/** α(ρ) = 1 − (1 − β(ρ))^k, evaluated as β·Σ_{i<k} γ^i with β and γ = 1 − β both summed (§11.4). */
export function kseqAcceptanceAt<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): T {
  const beta = kseqBeta(F, p, q, rho);
  return F.clampUnit(F.mul(beta, geometricSum(F, kseqRejection(F, p, q, rho), k)));
}

/**
 * h(ρ) = ρβ(ρ) − 1 + (1 − β(ρ))^k; nondecreasing on [1, k], h(ρ) ≥ 0 iff ρ is exact. Evaluated as
 * γ(ρ)^k − δ(ρ) with δ(ρ) = Σ (p − ρq)^+ = 1 − ρβ(ρ), both sums of non-negative terms (§11.4).
 */
export function kseqGap<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): T {
  const scaled = F.zeros(q.length);
  for (let y = 0; y < q.length; y++) scaled[y] = F.mul(rho, q[y]!);
  return F.sub(power(F, kseqRejection(F, p, q, rho), k), F.sumPositiveDifference(p, scaled));
}

/** Continued-fraction convergents of x with denominators up to maxDen. */
function convergents(x: number, maxDen: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let v = x;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(v);
    const h2 = a * h1 + h0;
    const k2 = a * k1 + k0;
    if (k2 > maxDen) break;
    out.push([h2, k2]);
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    const frac = v - a;
    if (frac < 1e-15) break;
    v = 1 / frac;
  }
  return out;
}

/**
 * ρ* (spec §2.4) in O(n log n): sort the ratios p(y)/q(y) (q(y) > 0) once, with prefix sums of p and suffix
 * sums of q, so that h at every breakpoint costs O(1); find the segment where h changes sign; on it
 * β(ρ) = P₁/ρ + Q₀ with constants, and the root is found by bisection at O(1) per step.
 * Float: bisection to machine precision, rounded up (h ≥ 0 at the returned ρ). Rational: the exact root if it
 * is a rational with denominator ≤ 10^9 (`exact: true`), else a verified rational upper bound within 1e-15.
 */
export function kseqRho<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): { rho: T; exact: boolean } {
  if (k === 1) return { rho: F.one, exact: true };
  if (F.name === 'float64') return { rho: kseqRhoFloat(p as ArrayLike<number>, q as ArrayLike<number>, k) as T, exact: true };
  const K = F.fromInt(k);
  const items: Array<{ ratio: T; p: T; q: T }> = [];
  for (let y = 0; y < p.length; y++) if (F.isPositive(q[y]!)) items.push({ ratio: F.div(p[y]!, q[y]!), p: p[y]!, q: q[y]! });
  items.sort((a, b) => F.compare(a.ratio, b.ratio));
  const m = items.length;
  const prefixP: T[] = [F.zero];
  for (let j = 0; j < m; j++) prefixP.push(F.add(prefixP[j]!, items[j]!.p));
  const suffixQ: T[] = new Array<T>(m + 1);
  suffixQ[m] = F.zero;
  for (let j = m - 1; j >= 0; j--) suffixQ[j] = F.add(suffixQ[j + 1]!, items[j]!.q);
  // h on a segment where exactly the first j sorted tokens have ratio < ρ.
  const hOn = <U>(G: Field<U>, P1: U, Q0: U, rho: U): U =>
    G.add(G.sub(G.add(P1, G.mul(rho, Q0)), G.one), power(G, G.sub(G.sub(G.one, Q0), G.div(P1, rho)), k));
  // Number of sorted tokens with ratio < x (binary search).
  const below = (x: T): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (F.lt(items[mid]!.ratio, x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const h = (rho: T, j = below(rho)) => hOn(F, prefixP[j]!, suffixQ[j]!, rho);
  if (!F.lt(h(F.one), F.zero)) return { rho: F.one, exact: true };
  // Candidate points: 1, the breakpoints in (1, k), k; h is nondecreasing along them.
  const start = below(F.one);
  let lo: T = F.one;
  let hi: T = K;
  for (let j = start; j < m && F.lt(items[j]!.ratio, K); j++) {
    const r = items[j]!.ratio;
    if (!F.lt(F.one, r)) continue;
    if (F.lt(h(r, j), F.zero)) lo = r;
    else {
      hi = r;
      break;
    }
  }
  if (F.isZero(h(hi))) return { rho: hi, exact: true };
  // On (lo, hi) the tokens with ratio ≤ lo are the "p/ρ" ones.
  let j = below(lo);
  while (j < m && !F.lt(lo, items[j]!.ratio)) j++;
  const P1 = prefixP[j]!;
  const Q0 = suffixQ[j]!;
  const P1f = F.toNumber(P1);
  const Q0f = F.toNumber(Q0);
  let a = F.toNumber(lo);
  let b = F.toNumber(hi);
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2;
    if (mid <= a || mid >= b) break;
    if (hOn(floatField, P1f, Q0f, mid) < 0) a = mid;
    else b = mid;
  }
  for (const [num, den] of convergents(b, 1e9)) {
    const candidate = F.div(F.fromInt(num), F.fromInt(den));
    if (F.lt(lo, candidate) && F.lt(candidate, hi) && F.isZero(hOn(F, P1, Q0, candidate))) return { rho: candidate, exact: true };
  }
  // Irrational (or a huge denominator): a verified rational upper bound, refined by exact bisection if needed.
  let upper = F.fromNumber(b);
  let lower = F.fromNumber(a);
  if (!(F.lt(lo, upper) && F.lt(upper, hi)) || F.lt(hOn(F, P1, Q0, upper), F.zero)) upper = hi;
  if (!(F.le(lo, lower) && F.lt(lower, hi)) || !F.lt(hOn(F, P1, Q0, lower), F.zero)) lower = lo;
  const half = F.div(F.one, F.fromInt(2));
  for (let i = 0; i < 200 && F.toNumber(F.sub(upper, lower)) > 1e-15 * F.toNumber(upper); i++) {
    const mid = F.mul(F.add(lower, upper), half);
    if (F.lt(hOn(F, P1, Q0, mid), F.zero)) lower = mid;
    else upper = mid;
  }
  return { rho: upper, exact: false };
}

/** The float ρ* search aims at h ≥ E with E = KSEQ_GAP_MARGIN_ULPS·(k + 1)·2⁻⁵³ (see {@link kseqGapMargin}). */
export const KSEQ_GAP_MARGIN_ULPS = 32;

/**
 * E(k): a bound on the rounding error of the float {@link kseqGap} (γ and δ are compensated sums of terms
 * each within 2⁻⁵² relative, γ^k adds k roundings): the float search returns a ρ with float h(ρ) ≥ E, so
 * that h(ρ) ≥ 0 holds in exact arithmetic for the same inputs (§11.4).
 */
export function kseqGapMargin(k: number): number {
  return KSEQ_GAP_MARGIN_ULPS * (k + 1) * (Number.EPSILON / 2);
}

/**
 * Float ρ*: h is monotone, so a bracketing root search on [1, k] with O(n) evaluations needs no sort:
 * Illinois (modified regula falsi) steps that keep the bracket, until it is narrower than 1e-13·ρ (typically
 * 6–10 evaluations). The search is for h(ρ) ≥ E (see {@link kseqGapMargin}) with h evaluated as γ^k − δ
 * (§11.4); it returns the bracket's upper end, so h ≥ 0 holds exactly, not just in float (rounded up, §8
 * item 8), at an acceptance cost of order E. ρ* = 1 exactly when p = q or when the supports are disjoint
 * (then h(1) = 0, and h ≡ 0 on [1, k] in the disjoint case).
 */
function kseqRhoFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const F = floatField;
  if (!(F.sumPositiveDifference(p, q) > 0) || !(F.sumMin(p, q) > 0)) return 1;
  const margin = kseqGapMargin(k);
  const H = (rho: number): number => kseqGap(F, p, q, k, rho) - margin;
  let a = 1;
  let ha = H(a);
  if (ha >= 0) return 1;
  let b = k;
  let hb = H(b);
  if (hb < 0) return k; // h(k) ≥ 0 in exact arithmetic (Bernoulli): within the margin of 0 here
  // Any b with H(b) ≥ 0 is exact; the bracket width only costs acceptance (< 1e-13 relative here).
  let side = 0;
  for (let i = 0; i < 200 && b - a > 1e-13 * b; i++) {
    let m = (a * hb - b * ha) / (hb - ha);
    if (!(m > a && m < b)) m = (a + b) / 2;
    const hm = H(m);
    if (hm < 0) {
      [a, ha] = [m, hm];
      if (side === -1) hb /= 2;
      side = -1;
    } else {
      [b, hb] = [m, hm];
      if (side === 1) ha /= 2;
      side = 1;
    }
  }
  return b;
}

export const kseq: Verifier = {
  id: 'kseq',
  title: 'SpecTr K-SEQ',
  section: '§2.4',
  draftScheme: 'iid',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T> {
    let rho: T;
    if (options?.rho !== undefined) {
      rho = options.rho;
      if (F.lt(rho, F.one) || F.lt(kseqGap(F, p, q, k, rho), F.zero)) {
        throw new SpechubError('INVALID_ARGUMENT', `ρ = ${F.toString(rho)} is below ρ* (h(ρ) < 0): the K-SEQ output would not be exact`);
      }
    } else rho = kseqRho(F, p, q, k).rho;
    let residual: Categorical<T> | null = null;
    const buildResidual = (): Categorical<T> => {
      const beta = kseqBeta(F, p, q, rho);
      if (!F.isPositive(beta)) return Categorical.create(F, p);
      const scale = geometricSum(F, kseqRejection(F, p, q, rho), k); // α/β, without dividing (§11.4)
      const w = F.zeros(p.length);
      for (let y = 0; y < p.length; y++) {
        w[y] = F.positiveDifference(p[y]!, F.mul(scale, F.min(q[y]!, F.div(p[y]!, rho))));
      }
      return residualLaw(F, w, p);
    };
    return {
      verify(drafts, chooser) {
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          if (ratioTest(F, chooser, p[x]!, F.mul(rho, q[x]!))) return { token: x, acceptedIndex: i };
        }
        residual ??= buildResidual();
        return { token: chooser.categorical(residual), acceptedIndex: null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    const { rho, exact } = kseqRho(F, p, q, k);
    return { value: kseqAcceptanceAt(F, p, q, k, rho), exact };
  },
};

