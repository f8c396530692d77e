/**
 * Recursive rejection sampling with replacement (RRS; SpecInfer's multi-step speculative sampling), §2.2.
 *
 * Glossary: **drafts** x_1..x_k i.i.d. from q; **residual** P_{i+1} = norm((P_i − q)^+), P_1 = p (q itself is
 * never modified); **acceptance** α = 1 − Π(1 − r_i), r_i = ov(P_i, q); **profile**
 * A(y) = Σ_i min(P_i(y), q(y)) Π_{j<i}(1 − r_j). (No hub.)
 *
 * ```
 * P ← p
 * for i = 1..k: if u_i < P(x_i)/q(x_i): return (x_i, i);  P ← norm((P − q)^+)
 * return y ~ P
 * ```
 * The residual update is applied for every draft, duplicates included: skipping duplicates biases the output
 * law (§8 item 1). The residual chain does not depend on the drafts, so it is computed once, lazily.
 *
 * @example
 * ```ts
 * const v = rrs.prepare(rationalField, p, q, 2);
 * rrs.acceptance(rationalField, p, q, 2).value.toString(); // '18/25' for test vector E4
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { overlap } from '../core/divergence.ts';
import type { Field, Vec } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier, VerifierOptions } from './verifier.ts';
import { profileRows } from './_internals/profileRows.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareRrsFloat } from './_internals/rrsFloat.ts';

/** P_1 = p, P_{i+1} = norm((P_i − q)^+); the chain stops (null) once the residual mass is zero. */
export function rrsResiduals<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): Array<ArrayLike<T>> {
  const chain: Array<ArrayLike<T>> = [p];
  for (let i = 1; i <= k; i++) {
    const next = F.normaliseOrNull(F.positivePart(chain[i - 1]!, q));
    if (next === null) break;
    chain.push(next);
  }
  return chain;
}

export const rrs: Verifier = {
  id: 'rrs',
  title: 'recursive rejection sampling (with replacement)',
  section: '§2.2',
  draftScheme: 'iid',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options?: VerifierOptions<T>): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md §11.7).
    if (F.name === 'float64') return prepareRrsFloat(p as ArrayLike<number>, q as ArrayLike<number>, k) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    return rrs.prepareGeneric!(F, p, q, k, options);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    let target: Categorical<T> | null = null;
    const targetLaw = () => (target ??= Categorical.create(F, p));
    const residuals: Array<ArrayLike<T> | null> = [p];
    let finalLaw: Categorical<T> | null = null;
    // Lazily extends the residual chain; null marks a zero-mass residual (probability-zero path).
    const residual = (i: number): ArrayLike<T> | null => {
      while (residuals.length <= i) {
        const previous = residuals[residuals.length - 1];
        residuals.push(previous == null ? null : F.normaliseOrNull(F.positivePart(previous, q)));
      }
      return residuals[i]!;
    };
    return {
      verify(drafts, chooser) {
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          const P = residual(i);
          if (P === null) return { token: chooser.categorical(targetLaw()), acceptedIndex: null };
          if (ratioTest(F, chooser, P[x]!, q[x]!)) return { token: x, acceptedIndex: i };
        }
        if (finalLaw === null) {
          const P = residual(k);
          finalLaw = P === null ? targetLaw() : residualLaw(F, P, p);
        }
        return { token: chooser.categorical(finalLaw), acceptedIndex: null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    // α = Σ_i r_i·Π_{j<i}(1 − r_j), a sum of non-negative terms, with 1 − r_j = Σ (P_j − q)^+ summed (the
    // unnormalised residual mass), never 1 − ov(P_j, q), and never 1 − Π(1 − r_i), which cancels when α is
    // small (docs/theory.md §11.3). Equal to 1 − Π(1 − r_i) exactly when Σ P_j = Σ q = 1.
    let alpha = F.zero;
    let reach = F.one;
    let P: ArrayLike<T> | null = p;
    for (let i = 0; i < k && P !== null && F.isPositive(reach); i++) {
      alpha = F.add(alpha, F.mul(reach, overlap(F, P, q)));
      const rejected = F.positivePart(P, q);
      const mass = F.sum(rejected);
      reach = F.mul(reach, mass);
      P = i + 1 < k ? F.normaliseOrNull(rejected) : null;
    }
    return { value: F.clampUnit(alpha), exact: true };
  },
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> {
    return { byPosition: rrsProfile(F, p, q, k), exact: true, source: 'closed-form' };
  },
};

/**
 * RRS (§2.2): position i is reached when the i earlier drafts were all rejected, probability Π_{j<i}(1 − r_j)
 * (the drafts are i.i.d. and the residual chain does not depend on them), and then accepts token y with mass
 * q(y)·min(1, P_i(y)/q(y)) = min(P_i(y), q(y)).
 */
function rrsProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): Vec<T>[] {
  const out = profileRows(F, k, p.length);
  let P: ArrayLike<T> | null = p;
  let reach = F.one;
  for (let i = 0; i < k && P !== null; i++) {
    const row = out[i]!;
    for (let y = 0; y < p.length; y++) row[y] = F.mul(reach, F.min(P[y]!, q[y]!));
    // 1 − r_i = Σ (P_i − q)^+, summed (never 1 − r_i, §11.3).
    const rejected = F.positivePart(P, q);
    reach = F.mul(reach, F.sum(rejected));
    if (!F.isPositive(reach)) break;
    P = F.normaliseOrNull(rejected);
  }
  return out;
}

