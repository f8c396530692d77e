/**
 * OTM, optimal transport with membership cost (§2.5), for i.i.d. drafts (`otm`) and drafts without
 * replacement (`otm-wor`): the verifier that reaches the optimal acceptance α* of its draft law.
 *
 * Glossary: **drafts** x̄ ~ Q (i.i.d. or without replacement) with set S = S(x̄); **flow** an optimal
 * membership flow f*(S, y), y ∈ S (§4.2), computed once per (p, q, k) by the exact max-flow of §4.3;
 * **residual** norm(p − f*(·)), f*(y) = Σ_S f*(S, y); **acceptance** α = α* (the LP value, returned by
 * `acceptance` through the subset dual of §4.4); **profile** A(y) = f*(y) (depends on the optimal flow
 * chosen, §2.5 last bullet).
 *
 * ```
 * observe x̄ with set S
 * with probability f*(S, y)/Q_S(S): return (y, position of y in x̄)          for each y ∈ S
 * with the leftover probability ℓ_S/Q_S(S): return y ~ norm(p − f*(·))       (never a member of S when ℓ_S > 0)
 * ```
 * Exactness: token y is output with mass f*(y) + (1 − α*)·(p(y) − f*(y))/(1 − α*) = p(y). A residual draw
 * cannot land in S when ℓ_S > 0 (that would be an augmenting path source → S → y → sink), so α = α*.
 *
 * `prepare` builds the draft-set law and the flow: Σ_{m≤k} C(n, m) sets, small vocabularies only
 * (`TOO_LARGE` above 200,000 sets); `acceptance` is O(n log n) for i.i.d. and for k ≤ 2 without replacement.
 *
 * @example
 * ```ts
 * otm.acceptance(rationalField, E4.p, E4.q, 2).value.toString();     // '79/100'
 * otmWor.acceptance(rationalField, E4.p, E4.q, 2).value.toString();  // '701/840'
 * exactOutputLaw(rationalField, 'otm', E4.p, E4.q, 2).law.map(String); // ['1/10', '1/5', '3/10', '2/5']
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { setKeyOf } from '../draws/draftLaws.ts';
import { optimalMembershipFlow } from '../optimum/optimalMembershipFlow.ts';
import { subsetDualUnchecked } from '../optimum/subsetDual.ts';
import type { AcceptanceValue, PreparedVerifier, Verdict, Verifier } from './verifier.ts';
import { positivePart, residualLaw } from './_internals/residual.ts';

function otmVerifier(id: 'otm' | 'otm-wor', scheme: 'iid' | 'wor', title: string): Verifier {
  return {
    id,
    title,
    section: '§2.5',
    draftScheme: scheme,
    supportsK: (k) => Number.isInteger(k) && k >= 1,
    prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
      const flow = optimalMembershipFlow(F, scheme, p, q, k);
      const choices = new Map<number, Categorical<T> | null>();
      let residual: Categorical<T> | null = null;
      return {
        verify(drafts, chooser): Verdict {
          const s = flow.indexOf.get(setKeyOf(drafts));
          if (s === undefined) throw new SpechubError('INVALID_ARGUMENT', `drafts (${drafts.join(', ')}) have probability 0 under the ${scheme} draft law`);
          const members = flow.sets[s]!.members;
          let law = choices.get(s);
          if (law === undefined) {
            const leftover = F.positiveDifference(flow.sets[s]!.probability, flow.setOutflow[s]!);
            // A set whose float probability underflowed to 0 (e.g. {x} with q(x) = 1e-300, k = 2) can still be
            // drafted; 0/0 is read as its limit, the whole (zero) mass is leftover: the residual draw.
            law = Categorical.tryCreate(F, [...flow.setFlows[s]!, leftover]);
            choices.set(s, law);
          }
          const j = law === null ? members.length : chooser.categorical(law);
          if (j < members.length) return { token: members[j]!, acceptedIndex: drafts.indexOf(members[j]!) };
          residual ??= residualLaw(F, positivePart(F, p, flow.tokenInflow), Categorical.create(F, p));
          const y = chooser.categorical(residual);
          const position = drafts.indexOf(y);
          return { token: y, acceptedIndex: position >= 0 ? position : null };
        },
      };
    },
    acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
      const r = subsetDualUnchecked(F, scheme, p, q, k);
      return { value: r.optimum, exact: r.exact };
    },
  };
}

/** OTM for k i.i.d. drafts. */
export const otm: Verifier = otmVerifier('otm', 'iid', 'OTM optimal transport (i.i.d. drafts)');

/** OTM for k drafts without replacement. */
export const otmWor: Verifier = otmVerifier('otm-wor', 'wor', 'OTM optimal transport (drafts without replacement)');
