/**
 * SpecTr's K-SEQ (Sun et al. 2023), §2.4.
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
import { type Field, floatField, type Vec } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier, VerifierOptions } from './verifier.ts';
import { profileRows } from './_internals/profileRows.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareKseqFloat } from './_internals/kseqFloat.ts';
import { KSEQ_GAP_MARGIN_ULPS, kseqCertify, type KseqRhoResult, kseqRhoSearch } from './kseqRhoSearch.ts';

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
 * h(ρ) = ρβ(ρ) − 1 + (1 − β(ρ))^k; nondecreasing on [1, k], h(ρ) ≥ 0 iff ρ is exact. Evaluated without
 * cancellation beyond the signal itself (§11.4): for β ≤ 1/2 as ρβ + Σ_{i=1..k} C(k,i)(−β)^i (the definition,
 * expanded: every term is of the size of β, so a tiny β keeps its relative accuracy), for β > 1/2 as
 * γ(ρ)^k − δ(ρ) with γ = Σ (q − p/ρ)^+ = 1 − β and δ = Σ (p − ρq)^+ = 1 − ρβ (sums of non-negative terms).
 */
export function kseqGap<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): T {
  return gapWithScale(F, p, q, k, rho).gap;
}

/**
 * h(ρ) and an upper bound on the rounding error of its float evaluation by {@link kseqGap} (0 in exact
 * arithmetic). The float search for ρ* looks for gap ≥ bound, which implies h(ρ) ≥ 0 exactly (§11.4).
 */
export function kseqGapWithBound(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number): { gap: number; bound: number } {
  const { gap, scale, large } = gapWithScale(floatField, p, q, k, rho);
  const u = Number.EPSILON / 2;
  // Small β: every computed term carries ≤ (k + 4) roundings relative to itself. Large β: γ and δ are
  // compensated sums of terms each within u of max(q, p/ρ) resp. max(p, ρq) (absolute ≤ (2 + ρ)u in all), γ^k
  // adds k roundings, and the identities γ = 1 − β, δ = 1 − ρβ are off by the normalisation defects of q and p.
  if (!large) return { gap, bound: KSEQ_GAP_MARGIN_ULPS * (k + 4) * u * scale };
  const defect = Math.abs(floatField.sum(p) - 1) + Math.abs(floatField.sum(q) - 1) + 4 * u;
  return { gap, bound: KSEQ_GAP_MARGIN_ULPS * (k + 4) * u * (scale + 2 + rho) + (k + 1) * defect };
}

/** A safety factor on the error bounds of {@link kseqGapWithBound} (they are first-order estimates). */
export { KSEQ_GAP_MARGIN_ULPS };

/**
 * The certification of the float ρ search (§11.4): β̂ = Σ min(q, p/ρ) (compensated), h(ρ) from β̂ in the expanded
 * form (β̂ ≤ ½, bound as {@link kseqGapWithBound}) or directly as ρβ̂ − 1 + (1 − β̂)^k (bound for its roundings
 * and for the error of β̂), and whether h ≥ bound, which implies h(ρ) ≥ 0 in exact arithmetic.
 *
 * @example
 * ```ts
 * kseqCertifiedGap([0.25, 0.75], [0.75, 0.25], 2, 2); // {ok: true, beta: 0.5, gap: 0.125, bound: …}
 * ```
 */
export function kseqCertifiedGap(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number): { ok: boolean; beta: number; gap: number; bound: number } {
  return kseqCertify(p, q, k, rho);
}

function gapWithScale<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): { gap: T; scale: T; large: boolean } {
  const beta = kseqBeta(F, p, q, rho);
  const half = F.div(F.one, F.fromInt(2));
  if (F.le(beta, half)) {
    // ρβ − 1 + (1 − β)^k = ρβ + Σ_{i≥1} C(k,i)(−β)^i: positive and negative parts summed separately.
    let positive = F.mul(rho, beta);
    let negative = F.zero;
    let term = F.one;
    for (let i = 1; i <= k; i++) {
      term = F.div(F.mul(F.mul(term, beta), F.fromInt(k - i + 1)), F.fromInt(i));
      if (i % 2 === 1) negative = F.add(negative, term);
      else positive = F.add(positive, term);
    }
    return { gap: F.sub(positive, negative), scale: F.add(positive, negative), large: false };
  }
  const scaled = F.zeros(q.length);
  for (let y = 0; y < q.length; y++) scaled[y] = F.mul(rho, q[y]!);
  const gammaPower = power(F, kseqRejection(F, p, q, rho), k);
  const delta = F.sumPositiveDifference(p, scaled);
  return { gap: F.sub(gammaPower, delta), scale: F.add(gammaPower, delta), large: true };
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
 * ρ* (§2.4) in O(n log n): sort the ratios p(y)/q(y) (q(y) > 0) once, with prefix sums of p and suffix
 * sums of q, so that h at every breakpoint costs O(1); find the segment where h changes sign; on it
 * β(ρ) = P₁/ρ + Q₀ with constants, and the root is found by bisection at O(1) per step.
 * Float: bisection to machine precision, rounded up (h ≥ 0 at the returned ρ). Rational: the exact root if it
 * is a rational with denominator ≤ 10^9 (`exact: true`), else a verified rational upper bound within 1e-15.
 */
export function kseqRho<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): { rho: T; exact: boolean } {
  if (k === 1) return { rho: F.one, exact: true };
  // Not a vector operation: floats and rationals use different algorithms (a bracketing search rounded up past
  // an error bound, §11.4, versus an exact root with convergents and exact bisection).
  if (F.name === 'float64') return { rho: kseqRhoFloat(p as ArrayLike<number>, q as ArrayLike<number>, k).rho as T, exact: true };
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
  // Candidate points: 1, the breakpoints in (1, k), k; h is nondecreasing along them, so the first breakpoint
  // with h ≥ 0 is found by binary search (O(log n) exact evaluations).
  let first = below(F.one);
  while (first < m && !F.lt(F.one, items[first]!.ratio)) first++;
  const end = below(K);
  let lo: T = F.one;
  let hi: T = K;
  let left = first;
  let right = end; // the first index in [first, end) with h(ratio) ≥ 0, or end
  while (left < right) {
    const mid = (left + right) >> 1;
    if (F.lt(h(items[mid]!.ratio, mid), F.zero)) left = mid + 1;
    else right = mid;
  }
  if (left > first) lo = items[left - 1]!.ratio;
  if (left < end) hi = items[left]!.ratio;
  if (F.isZero(h(hi))) return { rho: hi, exact: true };
  // On (lo, hi) the tokens with ratio ≤ lo are the "p/ρ" ones.
  let j = below(lo);
  while (j < m && !F.lt(lo, items[j]!.ratio)) j++;
  const P1 = prefixP[j]!;
  const Q0 = suffixQ[j]!;
  // Float guess on the segment (β = P₁/ρ + Q₀ there), in the two forms of kseqGap (§11.4): the expansion
  // ρβ + Σ C(k,i)(−β)^i for β ≤ 1/2, else (Q₁ − P₁/ρ)^k − (P₀ − ρQ₀) with Q₁, P₀ the q-mass of the first j
  // tokens and the p-mass of the others; accurate enough that the exact checks below succeed at once instead
  // of bisecting the whole segment.
  let Q1 = F.zero;
  let P0 = F.zero;
  for (let i = 0; i < m; i++) {
    if (i < j) Q1 = F.add(Q1, items[i]!.q);
    else P0 = F.add(P0, items[i]!.p);
  }
  const [P1f, Q0f, Q1f, P0f] = [P1, Q0, Q1, P0].map((x) => F.toNumber(x)) as [number, number, number, number];
  const hFloat = (rho: number): number => {
    const beta = P1f / rho + Q0f;
    if (beta > 0.5) return Math.pow(Math.max(Q1f - P1f / rho, 0), k) - (P0f - rho * Q0f);
    let positive = rho * beta;
    let negative = 0;
    let term = 1;
    for (let i = 1; i <= k; i++) {
      term = (term * beta * (k - i + 1)) / i;
      if (i % 2 === 1) negative += term;
      else positive += term;
    }
    return positive - negative;
  };
  let a = F.toNumber(lo);
  let b = F.toNumber(hi);
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2;
    if (mid <= a || mid >= b) break;
    if (hFloat(mid) < 0) a = mid;
    else b = mid;
  }
  // A rational root lies within float accuracy of b: only nearby convergents are checked exactly.
  for (const [num, den] of convergents(b, 1e9)) {
    if (Math.abs(num / den - b) > 1e-9 * b) continue;
    const candidate = F.div(F.fromInt(num), F.fromInt(den));
    if (F.lt(lo, candidate) && F.lt(candidate, hi) && F.isZero(hOn(F, P1, Q0, candidate))) return { rho: candidate, exact: true };
  }
  // Irrational (or a huge denominator): a verified rational upper bound, refined by exact bisection if needed.
  const inside = (x: T) => F.lt(lo, x) && F.lt(x, hi);
  let upper = hi;
  for (const scale of [1, 1 + 2 ** -50, 1 + 2 ** -45]) {
    const candidate = F.fromNumber(b * scale);
    if (inside(candidate) && !F.lt(hOn(F, P1, Q0, candidate), F.zero)) {
      upper = candidate;
      break;
    }
  }
  let lower = lo;
  for (const scale of [1, 1 - 2 ** -50, 1 - 2 ** -45]) {
    const candidate = F.fromNumber(a * scale);
    if (F.le(lo, candidate) && F.lt(candidate, upper) && F.lt(hOn(F, P1, Q0, candidate), F.zero)) {
      lower = candidate;
      break;
    }
  }
  const half = F.div(F.one, F.fromInt(2));
  for (let i = 0; i < 200 && F.toNumber(F.sub(upper, lower)) > 1e-15 * F.toNumber(upper); i++) {
    const mid = F.mul(F.add(lower, upper), half);
    if (F.lt(hOn(F, P1, Q0, mid), F.zero)) lower = mid;
    else upper = mid;
  }
  return { rho: upper, exact: false };
}

/**
 * Float ρ* (docs/theory.md §11.4): one selection pass, a closed-form segment search and one certifying pass
 * (`kseqRhoSearch`); the bracketing search below is its fallback. Previously:
 * h is monotone, so a bracketing root search on [1, k] with O(n) evaluations needs no sort:
 * Illinois (modified regula falsi) steps that keep the bracket, until it is narrower than 1e-13·ρ (typically
 * 6–10 evaluations). The search is for h(ρ) ≥ E(ρ), E the rounding-error bound of the float h
 * ({@link kseqGapWithBound}, §11.4); it returns the bracket's upper end, so h ≥ 0 holds exactly, not just in
 * float (rounded up, §8 item 8), at an acceptance cost of at most E (|dα/dρ| ≤ dh/dρ). E is relative to the
 * size of h's terms when β ≤ 1/2, so a tiny acceptance keeps its relative accuracy. ρ* = 1 exactly when
 * p = q or when the supports are disjoint (then h(1) = 0, and h ≡ 0 on [1, k] in the disjoint case).
 */
function kseqRhoFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number) {
  return kseqRhoSearch(p, q, k, () => kseqRhoIllinois(p, q, k));
}

/**
 * The previous float ρ* search (kept as the fallback of {@link kseqRhoFloat} and as a reference in tests and
 * benchmarks): Illinois steps on h − E over [1, k], each an evaluation of {@link kseqGapWithBound} over the
 * whole vocabulary, returning the upper end of the final bracket.
 */
export function kseqRhoIllinois(p: ArrayLike<number>, q: ArrayLike<number>, k: number): number {
  const F = floatField;
  if (!(F.sumPositiveDifference(p, q) > 0) || !(F.sumMin(p, q) > 0)) return 1;
  const H = (rho: number): number => {
    const { gap, bound } = kseqGapWithBound(p, q, k, rho);
    return gap - bound;
  };
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

/**
 * The verifier's own ρ̂ on floats (fast path and generic program alike): the search of {@link kseqRhoFloat} with the
 * sums certificate (`certificate: 'sums'`, docs/theory.md §11.4): ρ̂ is certified from the selection pass's plain
 * bucket sums, without a pass at ρ̂, when their error bound allows (nearly always); it is then rounded up by that
 * bound, a relative excess of about n·u over {@link kseqRho}'s ρ̂ (an acceptance lower by as much). The closed forms
 * (`acceptance`, `profile`) keep `kseqRho`'s pass-certified ρ̂. k = 1: ρ = 1.
 */
function verifierRhoFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number): KseqRhoResult {
  if (k === 1) return { rho: 1, beta: null, gamma: null };
  return kseqRhoSearch(p, q, k, () => kseqRhoIllinois(p, q, k), { certificate: 'sums' });
}

/** A caller's ρ, refused when it is below ρ* (h(ρ) < 0: the output would not be exact, §8 item 8). */
function checkedRho<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): T {
  if (F.lt(rho, F.one) || F.lt(kseqGap(F, p, q, k, rho), F.zero)) {
    throw new SpechubError('INVALID_ARGUMENT', `ρ = ${F.toString(rho)} is below ρ* (h(ρ) < 0): the K-SEQ output would not be exact`);
  }
  return rho;
}

export const kseq: Verifier = {
  id: 'kseq',
  title: 'SpecTr K-SEQ',
  section: '§2.4',
  draftScheme: 'iid',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md §11.7).
    if (F.name === 'float64') {
      const pf = p as ArrayLike<number>;
      const qf = q as ArrayLike<number>;
      if (options?.rho !== undefined) {
        return prepareKseqFloat(pf, qf, k, { rho: checkedRho(F, p, q, k, options.rho) as number, gamma: null }) as PreparedVerifier<unknown> as PreparedVerifier<T>;
      }
      // The generic float program's ρ (`verifierRhoFloat`), with γ(ρ) when a certifying pass has it, or the sums
      // that certified it; searched only when a verdict needs ρ.
      const divisor = () => {
        const found = verifierRhoFloat(pf, qf, k);
        return { rho: found.rho, gamma: found.gamma ?? null, sums: found.sums ?? null };
      };
      return prepareKseqFloat(pf, qf, k, divisor) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    }
    return kseq.prepareGeneric!(F, p, q, k, options);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T> {
    let rho: T;
    if (options?.rho !== undefined) rho = checkedRho(F, p, q, k, options.rho);
    else if (F.name === 'float64') rho = verifierRhoFloat(p as ArrayLike<number>, q as ArrayLike<number>, k).rho as T;
    else rho = kseqRho(F, p, q, k).rho;
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
  /**
   * A_i = (1 − β)^i·min(q, p/ρ*) at `kseqRho`'s ρ (exact: false when ρ* is irrational): the ρ the verifier itself uses
   * in rationals; on floats the verifier's own ρ̂ is certified from plain sums and lies about n·u above it (§11.4).
   */
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> {
    const { rho, exact } = kseqRho(F, p, q, k);
    return { byPosition: kseqProfile(F, p, q, k, rho), exact, source: 'closed-form' };
  },
};

/**
 * K-SEQ (§2.4): each i.i.d. draft is accepted with total probability β(ρ) independently, and token y with mass
 * q(y)·min(1, p(y)/(ρq(y))) = min(q(y), p(y)/ρ); so position i carries (1 − β)^i·min(q, p/ρ).
 */
function kseqProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): Vec<T>[] {
  const gamma = kseqRejection(F, p, q, rho); // 1 − β, summed (§11.4)
  const out = profileRows(F, k, p.length);
  let reach = F.one;
  for (let i = 0; i < k; i++) {
    const row = out[i]!;
    for (let y = 0; y < p.length; y++) row[y] = F.mul(reach, F.min(q[y]!, F.div(p[y]!, rho)));
    reach = F.mul(reach, gamma);
  }
  return out;
}


