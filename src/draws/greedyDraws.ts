/**
 * Greedy drafts of Hu et al. (§1.4), variant **G-r**: the k − 1 most probable draft tokens T (by
 * decreasing q, ties by lowest index) are drafted deterministically, then one last draft X ~ q'_T, q
 * restricted to V \ T and renormalised. Never duplicates; needs |supp q| ≥ k. For k = 2 its set law equals the
 * SpecHub set law. The drafted tuple is (T in order, X).
 *
 * @example
 * ```ts
 * const chooser = new SamplingChooser(createRng(1));
 * greedyDraws.prepare(floatField, [0.5, 0.3, 0.2], 3).draw(chooser); // [0, 1, 2]
 * ```
 */
import { Categorical, type CategoricalOptions } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftScheme, PreparedDraws } from './draftScheme.ts';
import { checkK, checkSupport, topIndices } from './_internals/checks.ts';

export const greedyDraws: DraftScheme = {
  id: 'greedy',
  title: 'greedy G-r (top k−1, last from the renormalised rest)',
  section: '§1.4',
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void {
    checkK(k);
    checkSupport(F, q, k, 'greedy (G-r)');
  },
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options: CategoricalOptions = {}): PreparedDraws<T> {
    this.check(F, q, k);
    const top = topIndices(F, q, k - 1);
    // The last draft: drawn once or twice (`few`), from q with the top tokens excluded (one sum and one scan of the
    // rest, the same as a law of the rest would make, without copying q); drawn many times, from the law of the
    // rest (its alias table serves them).
    let drawLast: (chooser: Chooser<T>) => number;
    if (options.draws === 'few') {
      const law = Categorical.create(F, q, options);
      drawLast = (chooser) => chooser.categorical(law, top);
    } else {
      const rest = F.zeros(q.length);
      for (let i = 0; i < q.length; i++) rest[i] = q[i]!;
      for (const t of top) rest[t] = F.zero;
      const last = Categorical.create(F, rest, options);
      drawLast = (chooser) => chooser.categorical(last);
    }
    return { drafts: k, draw: (chooser) => [...top, drawLast(chooser)] };
  },
  checkDrafts<T>(F: Field<T>, q: ArrayLike<T>, drafts: readonly number[], k: number): void {
    const top = topIndices(F, q, k - 1);
    if (top.some((t, i) => drafts[i] !== t)) throw new SpechubError('INVALID_ARGUMENT', `greedy drafts start with the top ${k - 1} draft tokens ${top.join(',')}`);
    if (top.includes(drafts[k - 1]!)) throw new SpechubError('INVALID_ARGUMENT', 'the last G-r draft is drawn outside the top tokens');
  },
};
