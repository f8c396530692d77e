/**
 * Greedy-draft verification (Hu et al. 2025), variant **G-r**, §2.8.
 *
 * Glossary: **drafts** T = the k−1 most probable draft tokens (deterministic) then X ~ q'_T (q off T,
 * renormalised); **residual** norm(w), w = p on T and (p − q'_T)^+ off T — a residual draw that lands in T *is*
 * an accepted draft; **acceptance** α = p(T) + Σ_{y∉T} min(p(y), q'_T(y)), the optimum for this draft law;
 * **profile** A = p on T, min(p, q'_T) off T. For k = 2 the same α and A as SpecHub (the hub is T).
 *
 * ```
 * if u < p(X)/q'_T(X): return (X, last)
 * y ~ norm(w); return (y, index of y in T) if y ∈ T else (y, ⊥)
 * ```
 *
 * @example
 * ```ts
 * greedy.acceptance(rationalField, E4.p, E4.q, 2).value.toString(); // '23/30'
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import type { Field } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier } from './verifier.ts';
import { greedyProfile, greedyTables } from './_internals/greedyTables.ts';
import { ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareGreedyFloat } from './_internals/greedyFloat.ts';

export const greedy: Verifier = {
  id: 'greedy',
  title: 'greedy drafts G-r (Hu et al.)',
  section: '§2.8',
  draftScheme: 'greedy',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, docs/theory.md §11.7).
    if (F.name === 'float64') return prepareGreedyFloat(p as ArrayLike<number>, q as ArrayLike<number>, k, true) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    return greedy.prepareGeneric!(F, p, q, k);
  },
  prepareGeneric<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const tables = greedyTables(F, p, q, k, true);
    let residual: Categorical<T> | null = null;
    return {
      verify(drafts, chooser) {
        const last = drafts.length - 1;
        const x = drafts[last]!;
        if (ratioTest(F, chooser, p[x]!, tables.last(x))) return { token: x, acceptedIndex: last };
        residual ??= residualLaw(F, tables.residualWeights(), p);
        const y = chooser.categorical(residual);
        const position = tables.top.indexOf(y);
        return { token: y, acceptedIndex: position >= 0 ? position : null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    return { value: greedyTables(F, p, q, k, true).acceptance(), exact: true };
  },
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ClosedFormProfile<T> {
    return { byPosition: greedyProfile(F, p, q, k, true), exact: true, source: 'closed-form' };
  },
};
