/**
 * Greedy drafts of Hu et al. (§1.4), variant **G-q**: the k − 1 most probable draft tokens T drafted
 * deterministically, then a last draft X ~ q (unrestricted; if X ∈ T the set has only k − 1 tokens).
 * G-r is never worse (§2.8). The tuple is (T in order, X). Needs |supp q| ≥ k − 1.
 *
 * @example
 * ```ts
 * const chooser = new SamplingChooser(createRng(1));
 * greedyQDraws.prepare(floatField, [0.5, 0.3, 0.2], 2).draw(chooser); // [0, X], X ~ q
 * ```
 */
import { Categorical, type CategoricalOptions } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftScheme, PreparedDraws } from './draftScheme.ts';
import { checkK, checkSupport, topIndices } from './_internals/checks.ts';

export const greedyQDraws: DraftScheme = {
  id: 'greedy-q',
  title: 'greedy G-q (top k−1, last from q)',
  section: '§1.4',
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void {
    checkK(k);
    checkSupport(F, q, Math.max(1, k - 1), 'greedy (G-q)');
  },
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options: CategoricalOptions = {}): PreparedDraws<T> {
    this.check(F, q, k);
    const top = topIndices(F, q, k - 1);
    const law = Categorical.create(F, q, options);
    return {
      drafts: k,
      draw: (chooser) => [...top, chooser.categorical(law)],
    };
  },
  checkDrafts<T>(F: Field<T>, q: ArrayLike<T>, drafts: readonly number[], k: number): void {
    const top = topIndices(F, q, k - 1);
    if (top.some((t, i) => drafts[i] !== t)) throw new SpechubError('INVALID_ARGUMENT', `greedy drafts start with the top ${k - 1} draft tokens ${top.join(',')}`);
  },
};
