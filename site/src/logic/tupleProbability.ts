/**
 * Q(x̄): the probability that a draft scheme produces one given ordered tuple (§1), read off the scheme's
 * own program by forcing each random draw to the token the tuple has at that position and multiplying the
 * probabilities of the forced draws (the same renormalisation off `exclude` as the library's enumerator).
 * O(k·n) instead of enumerating the whole joint law (n^k tuples for i.i.d. drafts).
 *
 * Which tuple position each draw fills: positions 0, 1, … in order for i.i.d., without-replacement and hub
 * drafts (the hub pair draws its second token only when the first is the hub); only the last position for the
 * greedy schemes (T is deterministic). The result is checked against `draftJointLaw` in the tests.
 */
import type { Categorical } from '../../../src/core/categorical.ts';
import type { Chooser } from '../../../src/core/chooser.ts';
import { SpechubError } from '../../../src/core/errors.ts';
import type { Field } from '../../../src/core/field.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { getDraftScheme } from '../../../src/methods.ts';

export function tupleProbability<T>(F: Field<T>, schemeId: DraftSchemeId, q: ArrayLike<T>, k: number, tuple: readonly number[]): T {
  const draws = getDraftScheme(schemeId).prepare(F, q, k);
  const positions = schemeId === 'greedy' || schemeId === 'greedy-q' ? [draws.drafts - 1] : Array.from({ length: draws.drafts }, (_, i) => i);
  let probability = F.one;
  let call = 0;
  let impossible = false;
  const chooser: Chooser<T> = {
    bernoulli(): boolean {
      throw new SpechubError('INVALID_ARGUMENT', 'a draft scheme made an accept test');
    },
    categorical(law: Categorical<T>, exclude?: readonly number[]): number {
      const position = positions[call++];
      const want = position === undefined ? -1 : tuple[position] ?? -1;
      let total = law.total;
      const excluded = new Set(exclude ?? []);
      for (const x of excluded) {
        const w = law.weights[x];
        if (w !== undefined && F.isPositive(w)) total = F.sub(total, w);
      }
      const w = want >= 0 && want < law.weights.length && !excluded.has(want) ? law.weights[want]! : F.zero;
      if (!F.isPositive(w) || !F.isPositive(total)) {
        impossible = true;
        for (const s of law.support) if (!excluded.has(s)) return s;
        return law.support[0]!;
      }
      probability = F.mul(probability, F.div(w, total));
      return want;
    },
  };
  const drawn = draws.draw(chooser);
  if (impossible || drawn.length !== tuple.length || drawn.some((x, i) => x !== tuple[i])) return F.zero;
  return probability;
}
