/**
 * Greedy-draft verification (Hu et al. 2025), variant **G-q**, §2.8.
 *
 * Glossary: **drafts** T = the k−1 most probable draft tokens then X ~ q (X may fall in T); **residual**
 * norm(w), w = p on T and (p − q)^+ off T (a draw in T is an accepted draft); **acceptance**
 * α = p(T) + Σ_{y∉T} min(p(y), q(y)) ≤ α(G-r); **profile** A = p on T, min(p, q) off T. (No hub.)
 *
 * ```
 * if X ∉ T and u < p(X)/q(X): return (X, last)
 * y ~ norm(w); return (y, index of y in T) if y ∈ T else (y, ⊥)
 * ```
 *
 * @example
 * ```ts
 * greedyQ.acceptance(rationalField, E4.p, E4.q, 2).value.toString(); // '3/5'
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import type { Field } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier } from './verifier.ts';
import { greedyProfile, greedyTables } from './_internals/greedyTables.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareGreedyFloat } from './_internals/greedyFloat.ts';

export const greedyQ: Verifier = {
  id: 'greedy-q',
  title: 'greedy drafts G-q (Hu et al.)',
  section: '§2.8',
  draftScheme: 'greedy-q',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md §11.7).
    if (F.name === 'float64') return prepareGreedyFloat(p as ArrayLike<number>, q as ArrayLike<number>, k, false) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    return greedyQ.prepareGeneric!(F, p, q, k);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const tables = greedyTables(F, p, q, k, false);
    let residual: Categorical<T> | null = null;
    return {
      verify(drafts, chooser) {
        const last = drafts.length - 1;
        const x = drafts[last]!;
        if (!tables.inTop[x] && ratioTest(F, chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: last };
        residual ??= residualLaw(F, tables.residualWeights(), p);
        const y = chooser.categorical(residual);
        const position = tables.top.indexOf(y);
        return { token: y, acceptedIndex: position >= 0 ? position : null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    return { value: greedyTables(F, p, q, k, false).acceptance(), exact: true };
  },
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> {
    return { byPosition: greedyProfile(F, p, q, k, false), exact: true, source: 'closed-form' };
  },
};
