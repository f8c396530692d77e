/**
 * Drafts without replacement by sequential renormalisation (§1.2): x_1 ~ q, then x_i ~ q restricted to
 * the tokens not yet drawn, renormalised. Q(x̄) = Π q(x_i) / (1 − Σ_{j<i} q(x_j)). The order is kept: the
 * RRSw verifier needs it (§8 item 7). Needs |supp q| ≥ k.
 *
 * The one-shot exponential-race / Gumbel-top-k sampler with the same law is `exponentialRaceDraws`.
 *
 * @example
 * ```ts
 * withoutReplacementDraws.prepare(floatField, [0.5, 0.3, 0.2], 2).draw(new SamplingChooser(createRng(1)));
 * ```
 */
import { Categorical, type CategoricalOptions } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftScheme, PreparedDraws } from './draftScheme.ts';
import { checkK, checkSupport } from './_internals/checks.ts';

export const withoutReplacementDraws: DraftScheme = {
  id: 'wor',
  title: 'without replacement (sequential renormalisation)',
  section: '§1.2',
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void {
    checkK(k);
    checkSupport(F, q, k, 'without-replacement');
  },
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options: CategoricalOptions = {}): PreparedDraws<T> {
    this.check(F, q, k);
    const law = Categorical.create(F, q, options);
    return {
      drafts: k,
      draw(chooser) {
        const out: number[] = [];
        for (let i = 0; i < k; i++) out.push(chooser.categorical(law, out));
        return out;
      },
    };
  },
  checkDrafts(_F, _q, drafts) {
    if (new Set(drafts).size !== drafts.length) throw new SpechubError('INVALID_ARGUMENT', 'drafts without replacement must be distinct');
  },
};
