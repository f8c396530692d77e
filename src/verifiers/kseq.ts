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
  let s = F.zero;
  for (let y = 0; y < p.length; y++) s = F.add(s, F.min(q[y]!, F.div(p[y]!, rho)));
  return s;
}

function power<T>(F: Field<T>, x: T, k: number): T {
  let r = F.one;
  for (let i = 0; i < k; i++) r = F.mul(r, x);
  return r;
}

/** h(ρ) = ρβ(ρ) − 1 + (1 − β(ρ))^k; nondecreasing on [1, k], h(ρ) ≥ 0 iff ρ is exact. */
export function kseqGap<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): T {
  const beta = kseqBeta(F, p, q, rho);
  return F.add(F.sub(F.mul(rho, beta), F.one), power(F, F.sub(F.one, beta), k));
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
 * ρ* (spec §2.4): the smallest ρ ∈ [1, k] with h(ρ) ≥ 0, found on the segment between sorted breakpoints
 * p(y)/q(y) where h changes sign. Float: bisection to machine precision, rounded up. Rational: the exact root
 * if it is a rational with denominator ≤ 10^9 (`exact: true`), else a rational upper bound within 1e-15.
 */
export function kseqRho<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): { rho: T; exact: boolean } {
  const K = F.fromInt(k);
  const h = (rho: T) => kseqGap(F, p, q, k, rho);
  if (k === 1 || !F.lt(h(F.one), F.zero)) return { rho: F.one, exact: true };
  const points: T[] = [F.one];
  for (let y = 0; y < p.length; y++) {
    if (!F.isPositive(q[y]!)) continue;
    const r = F.div(p[y]!, q[y]!);
    if (F.lt(F.one, r) && F.lt(r, K)) points.push(r);
  }
  points.push(K);
  points.sort((a, b) => F.compare(a, b));
  let lo: T = points[0]!;
  let hi: T = K;
  for (const x of points) {
    if (F.lt(h(x), F.zero)) lo = x;
    else {
      hi = x;
      break;
    }
  }
  if (F.isZero(h(hi)) && F.name === 'rational') return { rho: hi, exact: true };
  // Float bisection on [lo, hi].
  let a = F.toNumber(lo);
  let b = F.toNumber(hi);
  const pf = Float64Array.from({ length: p.length }, (_, y) => F.toNumber(p[y]!));
  const qf = Float64Array.from({ length: q.length }, (_, y) => F.toNumber(q[y]!));
  const hf = (x: number) => kseqGap(floatField, pf, qf, k, x);
  for (let i = 0; i < 200 && b - a > 0; i++) {
    const m = (a + b) / 2;
    if (m <= a || m >= b) break;
    if (hf(m) < 0) a = m;
    else b = m;
  }
  if (F.name === 'float64') return { rho: b as unknown as T, exact: true };
  for (const [num, den] of convergents(b, 1e9)) {
    const candidate = F.div(F.fromInt(num), F.fromInt(den));
    if (F.isZero(h(candidate))) return { rho: candidate, exact: true };
  }
  // Irrational (or a huge denominator): an exact rational upper bound, verified, with bisection as a fallback.
  let upper = F.fromNumber(b);
  let lower = F.fromNumber(Math.max(a, F.toNumber(lo)));
  if (F.lt(h(upper), F.zero)) upper = hi;
  if (!F.lt(h(lower), F.zero)) lower = lo;
  const half = F.div(F.one, F.fromInt(2));
  for (let i = 0; i < 200 && F.toNumber(F.sub(upper, lower)) > 1e-15 * F.toNumber(upper); i++) {
    const mid = F.mul(F.add(lower, upper), half);
    if (F.lt(h(mid), F.zero)) lower = mid;
    else upper = mid;
  }
  return { rho: upper, exact: false };
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
    const target = Categorical.create(F, p);
    let residual: Categorical<T> | null = null;
    const buildResidual = (): Categorical<T> => {
      const beta = kseqBeta(F, p, q, rho);
      if (!F.isPositive(beta)) return target;
      const alpha = F.sub(F.one, power(F, F.sub(F.one, beta), k));
      const scale = F.div(alpha, beta);
      const w = F.zeros(p.length);
      for (let y = 0; y < p.length; y++) {
        w[y] = F.positiveDifference(p[y]!, F.mul(scale, F.min(q[y]!, F.div(p[y]!, rho))));
      }
      return residualLaw(F, w, target);
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
    const beta = kseqBeta(F, p, q, rho);
    return { value: F.sub(F.one, power(F, F.sub(F.one, beta), k)), exact };
  },
};

