/**
 * The transport view (§4.2–4.5): an optimal coupling between draft sets and target tokens, and SpecHub's
 * own plan for the hub pair, as matrices for heat maps.
 *
 * - {@link optimalPlan}: an optimal membership flow f*(S, y) of a draft law (i.i.d., without replacement or the
 *   hub pair) from the library's max-flow (`optimalMembershipFlow`, Dinic, exact in rationals; §4.3). Row S
 *   carries Q_S(S); f*(S, y) > 0 only for members y ∈ S; the leftover ℓ_S = Q_S(S) − Σ_y f*(S, y) is the
 *   mass the OTM verifier sends to its residual draw (§2.5). Σ f* = α*. Optimal flows are not unique (§2.5):
 *   this is the one the library's max-flow returns.
 * - {@link specHubPlan}: SpecHub's coupling π(x̄, y) = Q(x̄)·P(Y = y | x̄) over the ordered hub pairs (§1.3),
 *   from the branch enumeration of the library's SpecHub verifier on each pair. Its mass on members is α_hub,
 *   which equals the optimum of its compact LP (§4.5 H2).
 */
import { argmax } from '../../../src/core/distribution.ts';
import type { Field } from '../../../src/core/field.ts';
import { draftJointLaw } from '../../../src/analysis/jointLaw.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { optimalMembershipFlow } from '../../../src/optimum/optimalMembershipFlow.ts';
import { branchLaw } from './stepThrough.ts';

export interface PlanRow<T> {
  /** Row label: the set {a, b} or the ordered pair (a, b), as token ids. */
  tokens: number[];
  ordered: boolean;
  /** Q_S(S) or Q(x̄). */
  probability: T;
  /** Mass sent to each target token y. */
  cells: T[];
  /** Which cells are members (y ∈ S): acceptances. */
  member: boolean[];
  /** Mass of the row not sent to any token here (the optimal flow's leftover ℓ_S), or zero. */
  leftover: T;
}

export interface Plan<T> {
  title: string;
  rows: PlanRow<T>[];
  /** Σ over member cells (= α* for the optimal flow, α_hub for SpecHub). */
  value: T;
  /** Column sums over member cells: the accepted-token profile A(y). */
  profile: T[];
  /** A minimiser of the subset dual from the minimum cut (optimal flow only). */
  argminSet: number[] | null;
  hub: number | null;
}

/** Most draft sets the view builds the max-flow for (i.i.d. n = 12, k = 3 has 298). */
export const MAX_PLAN_SETS = 400;

export function optimalPlan<T>(F: Field<T>, scheme: DraftSchemeId, p: ArrayLike<T>, q: ArrayLike<T>, k: number): Plan<T> {
  const n = p.length;
  const flow = optimalMembershipFlow(F, scheme, p, q, k, { maxSets: MAX_PLAN_SETS });
  const rows: PlanRow<T>[] = flow.sets.map((set, s) => {
    const cells = Array.from({ length: n }, () => F.zero);
    const member = Array.from({ length: n }, () => false);
    set.members.forEach((y, j) => {
      cells[y] = flow.setFlows[s]![j]!;
      member[y] = true;
    });
    return { tokens: set.members, ordered: false, probability: set.probability, cells, member, leftover: F.positiveDifference(set.probability, flow.setOutflow[s]!) };
  });
  return { title: 'optimal membership flow f*(S, y)', rows, value: flow.optimum, profile: flow.tokenInflow, argminSet: flow.argminSet, hub: scheme === 'hub' ? argmax(F, q) : null };
}

export function specHubPlan<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Plan<T> {
  const n = p.length;
  const rows: PlanRow<T>[] = [];
  const profile = Array.from({ length: n }, () => F.zero);
  let value = F.zero;
  for (const [key, probability] of draftJointLaw(F, 'hub', q, 2)) {
    const tuple = key.split(',').map(Number);
    const law = branchLaw(F, 'spechub', p, q, 2, tuple);
    const cells = law.total.map((x) => F.mul(probability, x));
    const member = Array.from({ length: n }, (_, y) => tuple.includes(y));
    cells.forEach((c, y) => {
      if (member[y]) {
        profile[y] = F.add(profile[y]!, c);
        value = F.add(value, c);
      }
    });
    rows.push({ tokens: tuple, ordered: true, probability, cells, member, leftover: F.zero });
  }
  rows.sort((a, b) => (a.tokens[0]! - b.tokens[0]!) || (a.tokens[1] ?? -1) - (b.tokens[1] ?? -1));
  return { title: 'SpecHub’s plan π(x̄, y) = Q(x̄)·P(Y = y | x̄)', rows, value, profile, argminSet: null, hub: argmax(F, q) };
}
