/**
 * Max-flow separation of LP-A's antichain constraints (§S4.2), shared by the exact and the float routes.
 */
import { SpechubError } from '../../core/errors.ts';
import type { Field } from '../../core/field.ts';
import { FlowNetwork } from '../../optimum/flowNetwork.ts';
import type { PathSetLaw } from '../pathSetLaw.ts';

/** Float slack below which a flow shortfall or a constraint violation is treated as round-off. */
const FLOAT_SLACK = 1e-12;

/**
 * Hall's condition for coupling paths(T) ~ Π with an accepted path of law a (§S4.1 (ii)): null when a coupling
 * exists, else the accepted paths (indices into U) on the sink side of a minimum cut.
 */
export function hallViolation<T>(F: Field<T>, law: PathSetLaw<T>, parent: readonly number[], A: readonly T[]): number[] | null {
  const U = law.paths.length;
  const a = A.slice();
  let aEmpty = F.one;
  parent.forEach((u, i) => {
    if (u < 0) aEmpty = F.sub(aEmpty, A[i]!);
    else a[u] = F.sub(a[u]!, A[i]!);
  });
  const sets = law.sets.length;
  // Nodes: 0 source, 1..sets path sets, then U accepted paths, then ∅, then the sink.
  const sourceNode = 0;
  const setNode = (k: number) => 1 + k;
  const pathNode = (i: number) => 1 + sets + i;
  const emptyNode = 1 + sets + U;
  const sink = emptyNode + 1;
  const net = new FlowNetwork(F, sink + 1, F.name === 'float64' ? 1e-15 : 0);
  const big = F.fromInt(2); // above any flow (total supply 1): never part of a minimum cut
  law.sets.forEach((set, k) => {
    net.addEdge(sourceNode, setNode(k), set.probability);
    for (const i of set.members) net.addEdge(setNode(k), pathNode(i), big);
    net.addEdge(setNode(k), emptyNode, big);
  });
  for (let i = 0; i < U; i++) if (F.isPositive(a[i]!)) net.addEdge(pathNode(i), sink, a[i]!);
  if (F.isPositive(aEmpty)) net.addEdge(emptyNode, sink, aEmpty);
  const flow = net.maxFlow(sourceNode, sink);
  if (!F.lt(F.add(flow, F.fromNumber(F.name === 'float64' ? FLOAT_SLACK : 0)), F.one)) return null;
  const reachable = net.sourceSide(sourceNode);
  const out: number[] = [];
  for (let i = 0; i < U; i++) if (!reachable[pathNode(i)] && F.isPositive(a[i]!)) out.push(i);
  return out;
}

/**
 * A violated antichain constraint Σ_{s∈M} A(s) ≤ Cap(M) for the current A, or null when A is feasible (Hall's
 * condition holds): M = the minimal elements of the sink side of a minimum cut, Cap(M) = Π(paths(T) ∩ M ≠ ∅).
 */
export function violatedAntichain<T>(F: Field<T>, law: PathSetLaw<T>, parent: readonly number[], A: readonly T[]): { members: number[]; capacity: T } | null {
  const violated = hallViolation(F, law, parent, A);
  if (violated === null) return null;
  const inSet = new Set(violated);
  const members = violated.filter((i) => {
    for (let u = parent[i]!; u >= 0; u = parent[u]!) if (inSet.has(u)) return false;
    return true;
  });
  const inM = new Set(members);
  let capacity = F.zero;
  for (const set of law.sets) if (set.members.some((i) => inM.has(i))) capacity = F.add(capacity, set.probability);
  let lhs = F.zero;
  for (const i of members) lhs = F.add(lhs, A[i]!);
  const slack = F.fromNumber(F.name === 'float64' ? FLOAT_SLACK : 0);
  if (!F.lt(F.add(capacity, slack), lhs)) {
    if (F.name === 'float64') return null; // a shortfall within round-off
    throw new SpechubError('SOLVER_FAILURE', 'LP-A separation returned an antichain that is not violated');
  }
  return { members, capacity };
}
