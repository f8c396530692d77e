/**
 * Khisti et al. (2024), the canonical two-step verifier (§2.7), for k i.i.d. drafts, built from an
 * optimal membership flow so that its acceptance is the optimum α*.
 *
 * Glossary: **drafts** x̄ i.i.d. from q with set S; **flow** an optimal membership flow f*(S, y) (§4.2,
 * exact max-flow of §4.3) with leftover ℓ_S = Q_S(S) − Σ_y f*(S, y); **selection** β_S(z) =
 * (f*(S, z) + ℓ_S·[z = z_S])/Q_S(S), z_S = the smallest token of S, inducing r(z) = Σ_S Q_S(S)β_S(z);
 * **residual** norm((p − r)^+); **acceptance** α = ov(p, r) = α* (canonical decomposition, §2.7);
 * **profile** A(y) = min(p(y), r(y)).
 *
 * ```
 * Step 1: observe x̄ with set S; pick Z ∈ S with probability β_S(Z)
 * Step 2: if u < p(Z)/r(Z): return (Z, position of Z in x̄);  else return y ~ norm((p − r)^+)
 * ```
 * Exactness: Z ~ r on average over x̄, and step 2 is single-draft SD from r to p (§2.1). r ≥ f* pointwise gives
 * ov(p, r) ≥ α*, and no exact verifier exceeds α*, so α = α* and a residual draw never lands in S.
 *
 * Cost as {@link otm}: the set law and flow are built in `prepare` (small vocabularies), `acceptance` is the
 * O(n log n) prefix dual.
 *
 * @example
 * ```ts
 * khisti.acceptance(rationalField, E1.p, E1.q, 2).value.toString();      // '29/36'
 * exactOutputLaw(rationalField, 'khisti', E1.p, E1.q, 2).law.map(String); // ['1/6', '1/3', '1/2']
 * ```
 */
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { setKeyOf } from '../draws/draftLaws.ts';
import { optimalMembershipFlow } from '../optimum/optimalMembershipFlow.ts';
import { subsetDualUnchecked } from '../optimum/subsetDual.ts';
import type { AcceptanceValue, PreparedVerifier, Verdict, Verifier } from './verifier.ts';
import { positivePart, ratioTest, residualLaw } from './_internals/residual.ts';

export const khisti: Verifier = {
  id: 'khisti',
  title: 'Khisti et al. two-step (i.i.d. drafts)',
  section: '§2.7',
  draftScheme: 'iid',
  supportsK: (k) => Number.isInteger(k) && k >= 1,
  prepare<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PreparedVerifier<T> {
    const flow = optimalMembershipFlow(F, 'iid', p, q, k);
    // null: the set's float probability underflowed to 0 (and no flow leaves it); if drafted, pick z_S (the
    // limit of β_S = (f + ℓ_S[z = z_S])/Q_S as Q_S → 0 with f = 0).
    const selections: (Categorical<T> | null)[] = [];
    const r = Array.from(flow.tokenInflow);
    flow.sets.forEach((set, s) => {
      const leftover = F.positiveDifference(set.probability, flow.setOutflow[s]!);
      const weights = flow.setFlows[s]!.slice();
      weights[0] = F.add(weights[0]!, leftover); // z_S = members[0], the smallest token
      const z = set.members[0]!;
      r[z] = F.add(r[z]!, leftover);
      selections.push(Categorical.tryCreate(F, weights));
    });
    let residual: Categorical<T> | null = null;
    return {
      verify(drafts, chooser): Verdict {
        const s = flow.indexOf.get(setKeyOf(drafts));
        if (s === undefined) throw new SpechubError('INVALID_ARGUMENT', `drafts (${drafts.join(', ')}) have probability 0 under the i.i.d. draft law`);
        const selection = selections[s]!;
        const z = flow.sets[s]!.members[selection === null ? 0 : chooser.categorical(selection)]!;
        if (ratioTest(F, chooser, p[z]!, r[z]!)) return { token: z, acceptedIndex: drafts.indexOf(z) };
        residual ??= residualLaw(F, positivePart(F, p, r), Categorical.create(F, p));
        const y = chooser.categorical(residual);
        const position = drafts.indexOf(y);
        return { token: y, acceptedIndex: position >= 0 ? position : null };
      },
    };
  },
  acceptance<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): AcceptanceValue<T> {
    const result = subsetDualUnchecked(F, 'iid', p, q, k);
    return { value: result.optimum, exact: result.exact };
  },
};
