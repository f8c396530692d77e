/**
 * The playground's deliberately **biased** verifier: RRS that skips a repeated draft without the residual
 * update, as the EAGLE repository's loop does (§8 item 1, §7.2). With i.i.d. drafts duplicates occur and
 * the output law is no longer p (E4: (1/10, 1/5, 183/560, 209/560), TV 3/112). The Monte Carlo panel's
 * "biased verifier" toggle runs it so that the G-test can be seen to reject.
 *
 * Written, like every spechub verifier, as a program over a {@link Chooser}, so the same code is sampled in the
 * worker and enumerated exactly (`exactOutputLawUnchecked`) for the page's "exact law of the biased verifier".
 */
import { Categorical } from '../../../src/core/categorical.ts';
import type { Chooser } from '../../../src/core/chooser.ts';
import { SpechubError } from '../../../src/core/errors.ts';
import type { Field } from '../../../src/core/field.ts';
import { iidDraws } from '../../../src/draws/iidDraws.ts';
import type { Method } from '../../../src/methods.ts';
import type { PreparedVerifier, Verifier } from '../../../src/verifiers/verifier.ts';

function nextResidual<T>(F: Field<T>, P: ArrayLike<T>, q: ArrayLike<T>): T[] | null {
  const w = Array.from({ length: P.length }, (_, y) => F.positiveDifference(P[y]!, q[y]!));
  let total = F.zero;
  for (const x of w) total = F.add(total, x);
  return F.isPositive(total) ? w.map((x) => F.div(x, total)) : null;
}

export const duplicateSkippingRrs: Verifier = {
  id: 'rrs',
  title: 'BIASED: RRS that skips duplicate drafts (§8 item 1)',
  section: '§8.1',
  draftScheme: 'iid',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): PreparedVerifier<T> {
    return {
      verify(drafts: readonly number[], chooser: Chooser<T>) {
        let P: ArrayLike<T> = p;
        const seen: number[] = [];
        for (let i = 0; i < drafts.length; i++) {
          const x = drafts[i]!;
          if (seen.includes(x)) continue; // the bug: a duplicate is skipped without the residual update
          seen.push(x);
          const accept = F.isZero(q[x]!) ? F.isPositive(P[x]!) : chooser.bernoulli(F.div(P[x]!, q[x]!));
          if (accept) return { token: x, acceptedIndex: i };
          P = nextResidual(F, P, q) ?? p;
        }
        return { token: chooser.categorical(Categorical.tryCreate(F, P) ?? Categorical.create(F, p)), acceptedIndex: null };
      },
    };
  },
  acceptance(): never {
    throw new SpechubError('INVALID_ARGUMENT', 'the biased verifier has no closed form; enumerate it (exactOutputLawUnchecked)');
  },
};

/** The biased verifier with its i.i.d. draft scheme, for `monteCarloUnchecked` and `exactOutputLawUnchecked`. */
export const biasedRrsMethod: Method = { id: 'rrs', verifier: duplicateSkippingRrs, scheme: iidDraws };
