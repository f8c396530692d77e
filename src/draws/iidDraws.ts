/**
 * i.i.d. drafts (§1.1): x_1..x_k independent, each ~ q. Q(x̄) = Π q(x_i); duplicates occur.
 * Used by RRS (SpecInfer) and K-SEQ (SpecTr).
 *
 * @example
 * ```ts
 * const draws = iidDraws.prepare(floatField, [0.5, 0.5], 2);
 * draws.draw(new SamplingChooser(createRng(1))); // e.g. [1, 1]
 * ```
 */
import { Categorical, type CategoricalOptions } from '../core/categorical.ts';
import type { Field } from '../core/field.ts';
import type { DraftScheme, PreparedDraws } from './draftScheme.ts';
import { checkK, checkSupport } from './_internals/checks.ts';

export const iidDraws: DraftScheme = {
  id: 'iid',
  title: 'i.i.d. (with replacement)',
  section: '§1.1',
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void {
    checkK(k);
    checkSupport(F, q, 1, 'i.i.d.');
  },
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options: CategoricalOptions = {}): PreparedDraws<T> {
    this.check(F, q, k);
    const law = Categorical.create(F, q, options);
    return {
      drafts: k,
      draw(chooser) {
        const out = new Array<number>(k);
        for (let i = 0; i < k; i++) out[i] = chooser.categorical(law);
        return out;
      },
    };
  },
};
