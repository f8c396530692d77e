/**
 * Optimal acceptance as a maximum flow (§4.3), with an optimal membership flow f(S, y) and a minimum cut.
 *
 * Network: source → set node S (capacity Q_S(S)) → each member y ∈ S → sink (capacity p(y)). The set→member
 * arcs carry capacity Q_S(S) instead of ∞ (no more can enter S), which leaves every cut value unchanged. The
 * max-flow value is the membership-LP optimum α* (§4.2); the tokens on the source side of the minimum cut form a
 * minimiser A of the subset dual p(A) + 1 − Q(S ⊆ A) (§4.3).
 *
 * Own implementation of Dinic's algorithm, generic over {@link Field}: exact in rationals (the optimal flow is
 * then an exact rational flow, as the OTM and Khisti verifiers need), tolerance 1e-15 on residuals in float64.
 *
 * @example
 * ```ts
 * import { setLawOf } from '../draws/draftLaws.ts';
 * const sets = setLawOf(rationalField, 'iid', E1.q, 2);
 * membershipMaxFlow(rationalField, E1.p, sets).optimum.toString(); // '29/36'
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { FlowNetwork } from './_internals/dinic.ts';
import type { DraftSet } from '../draws/draftLaws.ts';

export interface MembershipFlow<T> {
  /** Max-flow value = α*. */
  optimum: T;
  /** f(S, y): `setFlows[s][j]` is the flow from `sets[s]` to its member `sets[s].members[j]`. */
  setFlows: T[][];
  /** Σ_y f(S, y) for each set. */
  setOutflow: T[];
  /** f(y) = Σ_S f(S, y) for each token. */
  tokenInflow: T[];
  /** Tokens on the source side of the minimum cut: a minimiser A of the subset dual. */
  argminSet: number[];
  /** Indices (into `sets`) of the set nodes on the source side of the cut. */
  sourceSideSets: number[];
}

/**
 * Max flow on the membership network of target p and draft-set law `sets` (members in 0..n−1, Q_S ≥ 0).
 * Throws `INVALID_ARGUMENT` on a member out of range or a negative probability.
 */
export function membershipMaxFlow<T>(F: Field<T>, p: ArrayLike<T>, sets: readonly DraftSet<T>[]): MembershipFlow<T> {
  const n = p.length;
  for (const s of sets) {
    if (F.lt(s.probability, F.zero)) throw new SpechubError('INVALID_ARGUMENT', `draft set {${s.key}} has negative probability`);
    for (const y of s.members) {
      if (!Number.isInteger(y) || y < 0 || y >= n) throw new SpechubError('INVALID_ARGUMENT', `draft set {${s.key}} has a token outside 0..${n - 1}`);
    }
  }
  for (let y = 0; y < n; y++) if (F.lt(p[y]!, F.zero)) throw new SpechubError('INVALID_ARGUMENT', `target[${y}] is negative`);
  return membershipMaxFlowUnchecked(F, p, sets);
}

/** The flow itself, for inputs already checked. */
export function membershipMaxFlowUnchecked<T>(F: Field<T>, p: ArrayLike<T>, sets: readonly DraftSet<T>[]): MembershipFlow<T> {
  const n = p.length;
  const m = sets.length;
  const source = 0;
  const sink = m + n + 1;
  const token = (y: number) => m + 1 + y;
  const network = new FlowNetwork(F, m + n + 2);
  const memberArcs: number[][] = [];
  for (let s = 0; s < m; s++) {
    const set = sets[s]!;
    if (!F.isPositive(set.probability)) {
      memberArcs.push([]);
      continue;
    }
    network.addEdge(source, s + 1, set.probability);
    memberArcs.push(set.members.map((y) => network.addEdge(s + 1, token(y), set.probability)));
  }
  for (let y = 0; y < n; y++) if (F.isPositive(p[y]!)) network.addEdge(token(y), sink, p[y]!);
  const optimum = network.maxFlow(source, sink);

  const setFlows: T[][] = [];
  const setOutflow: T[] = [];
  const tokenInflow: T[] = Array.from({ length: n }, () => F.zero);
  for (let s = 0; s < m; s++) {
    const set = sets[s]!;
    const arcs = memberArcs[s]!;
    const flows = set.members.map((_, j) => (arcs.length === 0 ? F.zero : F.max(F.zero, network.flowOn(arcs[j]!))));
    let out = F.zero;
    flows.forEach((f, j) => {
      out = F.add(out, f);
      const y = set.members[j]!;
      tokenInflow[y] = F.add(tokenInflow[y]!, f);
    });
    setFlows.push(flows);
    setOutflow.push(out);
  }
  const side = network.sourceSide(source);
  const argminSet: number[] = [];
  for (let y = 0; y < n; y++) if (side[token(y)]) argminSet.push(y);
  const sourceSideSets: number[] = [];
  for (let s = 0; s < m; s++) if (side[s + 1]) sourceSideSets.push(s);
  return { optimum, setFlows, setOutflow, tokenInflow, argminSet, sourceSideSets };
}
