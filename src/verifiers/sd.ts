/**
 * Single-draft speculative sampling (Leviathan et al. 2023; Chen et al. 2023), §2.1.
 *
 * Glossary: **draft** x ~ q; **residual** norm((p − q)^+); **acceptance** α = ov(p, q);
 * **profile** A(y) = min(p(y), q(y)). (No hub: one draft.)
 *
 * ```
 * if u < p(x)/q(x): return (x, 0)
 * else return y ~ norm((p − q)^+)
 * ```
 *
 * @example
 * ```ts
 * const v = sd.prepare(floatField, [0.5, 0.5], [0.9, 0.1], 1);
 * v.verify([0], new SamplingChooser(createRng(1))); // {token: 0, acceptedIndex: 0} or a residual draw
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import { overlap } from '../core/divergence.ts';
import type { Field } from '../core/field.ts';
import type { AcceptanceValue, ClosedFormProfile, PreparedVerifier, Verifier } from './verifier.ts';
import { overlapRow } from './_internals/profileRows.ts';
import { positivePart, ratioTest, residualLaw } from './_internals/residual.ts';
import { prepareSdFloat } from './_internals/sdFloat.ts';

/** The generic program (any field): the certified reference of the float fast path. */
function sdProgram<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
  let residual: Categorical<T> | null = null;
  return {
    verify(drafts, chooser) {
      const x = drafts[0]!;
      if (ratioTest(F, chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: 0 };
      residual ??= residualLaw(F, positivePart(F, p, q), p);
      return { token: chooser.categorical(residual), acceptedIndex: null };
    },
  };
}

export const sd: Verifier = {
  id: 'sd',
  title: 'single-draft speculative sampling',
  section: '§2.1',
  draftScheme: 'iid',
  supportsK: (k) => k === 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
    // Floats: the fused fast path (same uniforms, same verdicts as the generic program, §11.7).
    if (F.name === 'float64') return prepareSdFloat(p as ArrayLike<number>, q as ArrayLike<number>) as PreparedVerifier<unknown> as PreparedVerifier<T>;
    return sdProgram(F, p, q);
  },
  prepareGeneric: <T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> => sdProgram(F, p, q),
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): AcceptanceValue<T> {
    return { value: F.clampUnit(overlap(F, p, q)), exact: true };
  },
  /** A_0 = min(p, q) (§2.1). */
  profile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): ClosedFormProfile<T> {
    return { byPosition: [overlapRow(F, p, q)], exact: true, source: 'closed-form' };
  },
};
