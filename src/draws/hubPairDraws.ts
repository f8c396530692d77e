/**
 * SpecHub's hub pair for k = 2 (§1.3): every pair contains the hub a = argmax q (lowest index on ties)
 * exactly once, Q(i, a) = q(i) and Q(a, i) = q(a)·q(i)/(1 − q(a)). The first coordinate is marginally q.
 * Sampler (EAGLE `cnets.py`, mode `spechub`): first ~ q; if first = a, second ~ q without a, else second = a.
 * When q(a) = 1 no pair exists and the scheme falls back to a single draft [a] (§1.3 edge case, §8 item 5).
 *
 * @example
 * ```ts
 * hubPairDraws.prepare(floatField, [0.6, 0.3, 0.1], 2).draw(new SamplingChooser(createRng(3))); // [0, 1], [1, 0], …
 * ```
 */
import { Categorical, type CategoricalOptions } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftScheme, PreparedDraws } from './draftScheme.ts';
import { checkSupport } from './_internals/checks.ts';

/** Whether some token other than `hub` has positive mass. */
function otherTokenHasMass<T>(F: Field<T>, q: ArrayLike<T>, hub: number): boolean {
  if (F.name !== 'float64') return F.isPositive(F.sumExcept(q, [hub]));
  const x = q as ArrayLike<number>;
  for (let i = 0; i < x.length; i++) if (i !== hub && x[i]! > 0) return true;
  return false;
}

export const hubPairDraws: DraftScheme = {
  id: 'hub',
  title: 'SpecHub hub pair (k = 2)',
  section: '§1.3',
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void {
    if (k !== 2) throw new SpechubError('UNSUPPORTED_K', `the hub pair is defined for k = 2 only (got k = ${k}); see §1.5`);
    checkSupport(F, q, 1, 'hub-pair');
  },
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options: CategoricalOptions = {}): PreparedDraws<T> {
    this.check(F, q, k);
    const hub = argmax(F, q);
    // q(a) = 1 exactly when no other token has mass (tested on the rest, not by comparing q(a) with 1: a rounded
    // q(a) = 1 can still leave mass elsewhere, docs/theory.md §11.3). On floats the first other positive entry
    // decides (a sum of non-negative doubles is positive exactly when one of them is); other fields sum the rest.
    if (!otherTokenHasMass(F, q, hub)) {
      return { drafts: 1, draw: () => [hub] };
    }
    const law = Categorical.create(F, q, options);
    // The second draft when the first is the hub (probability q(a)): drawn once or twice (`few`), from q with the
    // hub excluded (one sum and one scan of the rest, the same as a law of the rest would make, without copying
    // q); drawn many times, from the law of q without the hub, made on first use (its alias table serves them).
    let rest: Categorical<T> | null = null;
    const withoutHub = (): Categorical<T> => {
      if (rest === null) {
        const w = F.zeros(q.length);
        for (let i = 0; i < q.length; i++) w[i] = i === hub ? F.zero : q[i]!;
        rest = Categorical.create(F, w, options);
      }
      return rest;
    };
    const second = options.draws === 'few' ? (chooser: Chooser<T>) => chooser.categorical(law, [hub]) : (chooser: Chooser<T>) => chooser.categorical(withoutHub());
    return {
      drafts: 2,
      draw(chooser) {
        const first = chooser.categorical(law);
        return first === hub ? [hub, second(chooser)] : [first, hub];
      },
    };
  },
  kForDraftCount: (count) => (count === 1 ? 2 : count),
  checkDrafts<T>(F: Field<T>, q: ArrayLike<T>, drafts: readonly number[]): void {
    const hub = argmax(F, q);
    const pointMass = !otherTokenHasMass(F, q, hub); // q(hub) = 1: no other token has mass
    const valid = drafts.length === 1 ? drafts[0] === hub && pointMass : drafts.length === 2 && drafts.filter((x) => x === hub).length === 1;
    if (!valid) {
      throw new SpechubError('INVALID_ARGUMENT', `a SpecHub pair contains the hub ${hub} exactly once (a single draft only when q(hub) = 1)`);
    }
  },
};
