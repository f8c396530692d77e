/**
 * LP-A, the best exact verifier for a draft-tree law (spec §S4.1), solved exactly by cutting planes (§S4.2):
 *
 *   max Σ_{s∈U} A(s)  s.t.  A(y) ≤ p(y|∅),  A(s·y) ≤ p(y|s)·A(s),  Σ_{s∈M} A(s) ≤ Cap(M) for every antichain M ⊆ U,
 *
 * A(s) = P(the accepted path begins with s), Cap(M) = Π(paths(T) ∩ M ≠ ∅). Every exact verifier with this draft
 * law has E τ ≤ LP-A, so tokens per step ≤ 1 + LP-A for block and traversal verification, the RRS / RRSw /
 * SpecHub walks and any other exact method drafting the same way; LP-A is attained by a verifier that knows p
 * on all of U (§S4.1 theorem).
 *
 * Cutting planes: start from (1.1) and the singletons M = {s}; solve exactly ({@link ExactSimplex}, rationals);
 * form a(s) = A(s) − Σ_y A(s·y) (a(∅) = 1 − Σ_y A(y)); run an exact max-flow source → path set S (capacity Π(S))
 * → s ∈ S ∪ {∅} → sink (capacity a(s)). A flow below 1 means Hall's condition fails: the accepted paths on the
 * sink side of the minimum cut form a violated set, whose minimal elements are an antichain M with
 * Σ_M A > Cap(M); add it and re-solve (dual simplex). Finite; the report counts the cuts.
 *
 * @example
 * ```ts
 * const law = pathSetLaw(v1, fullTree(2, 3), 'iid', 0);
 * lpAOptimum(v1, law, 0).value.toString(); // '1271/729' (1 + LP-A = 2000/729, spec §S6.2)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { FlowNetwork } from '../optimum/flowNetwork.ts';
import { ExactSimplex } from '../optimum/solveExactLinearProgram.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { PathSetLaw } from './pathSetLaw.ts';

export interface LpAResult<T> {
  /** LP-A = the largest E τ (accepted drafts); tokens per step ≤ 1 + value. */
  value: T;
  /** An optimal A(s), aligned with `law.paths`. */
  A: T[];
  /** Antichain cuts added beyond (1.1) and the singletons. */
  cuts: number[][];
  pivots: number;
}

export interface LpAOptions {
  /** Most variables |U| (default 400) and path sets (default 20,000) for the exact route. */
  maxPaths?: number;
  maxPathSets?: number;
  /** Safety cap on cutting-plane rounds (default 1,000). */
  maxRounds?: number;
}

/** The parent index of each path in `paths` (−1 for length 1) and each path's last token. */
export function pathParents(paths: readonly number[][]): number[] {
  const index = new Map(paths.map((p, i) => [p.join(','), i]));
  return paths.map((p) => (p.length === 1 ? -1 : index.get(p.slice(0, -1).join(','))!));
}

export function lpAOptimum<T>(chain: MarkovChain<T>, law: PathSetLaw<T>, start: number, options: LpAOptions = {}): LpAResult<T> {
  const F = chain.field;
  const U = law.paths;
  const maxPaths = options.maxPaths ?? 400;
  const maxPathSets = options.maxPathSets ?? 20_000;
  if (U.length > maxPaths || law.sets.length > maxPathSets) {
    throw new SpechubError('TOO_LARGE', `exact LP-A: ${U.length} paths and ${law.sets.length} distinct path sets, above the exact limits (${maxPaths} paths, ${maxPathSets.toLocaleString('en-US')} path sets); use the float64 route (GLPK) or a smaller tree/vocabulary`);
  }
  const parent = pathParents(U);
  const lp = new ExactSimplex(F, U.map(() => F.one));
  // (1.1): A(y) ≤ p(y | x_0); A(s·y) − p(y | s) A(s) ≤ 0.
  U.forEach((s, i) => {
    const y = s[s.length - 1]!;
    if (parent[i]! < 0) lp.addRow([[i, F.one]], chain.target(start)[y]!);
    else lp.addRow([[i, F.one], [parent[i]!, F.sub(F.zero, chain.target(s[s.length - 2]!)[y]!)]], F.zero);
  });
  // Singletons: A(s) ≤ Π(s ∈ paths(T)).
  const membership = U.map(() => F.zero);
  for (const set of law.sets) for (const i of set.members) membership[i] = F.add(membership[i]!, set.probability);
  U.forEach((_, i) => lp.addRow([[i, F.one]], membership[i]!));

  const cuts: number[][] = [];
  const maxRounds = options.maxRounds ?? 1000;
  for (let round = 0; ; round++) {
    const { value, x, pivots } = lp.solve();
    const violated = hallViolation(F, law, parent, x);
    if (violated === null) return { value, A: x, cuts, pivots };
    if (round >= maxRounds) throw new SpechubError('TOO_LARGE', `LP-A cutting planes did not converge in ${maxRounds} rounds`);
    // M = minimal elements of the violated set (none of its proper prefixes is in it).
    const inSet = new Set(violated);
    const M = violated.filter((i) => {
      for (let u = parent[i]!; u >= 0; u = parent[u]!) if (inSet.has(u)) return false;
      return true;
    });
    let cap = F.zero;
    for (const set of law.sets) if (set.members.some((i) => M.includes(i))) cap = F.add(cap, set.probability);
    let lhs = F.zero;
    for (const i of M) lhs = F.add(lhs, x[i]!);
    if (!F.lt(cap, lhs)) throw new SpechubError('SOLVER_FAILURE', 'LP-A separation returned an antichain that is not violated');
    cuts.push(M);
    lp.addRow(M.map((i) => [i, F.one] as const), cap);
  }
}

/**
 * Hall's condition for coupling paths(T) ~ Π with an accepted path of law a (§S4.1 (ii)): null when a coupling
 * exists, else the accepted paths (indices into U) on the sink side of a minimum cut.
 */
function hallViolation<T>(F: Field<T>, law: PathSetLaw<T>, parent: readonly number[], A: readonly T[]): number[] | null {
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
  const net = new FlowNetwork(F, sink + 1, 0);
  const big = F.fromInt(2); // above any flow (total supply 1): never part of a minimum cut
  law.sets.forEach((set, k) => {
    net.addEdge(sourceNode, setNode(k), set.probability);
    for (const i of set.members) net.addEdge(setNode(k), pathNode(i), big);
    net.addEdge(setNode(k), emptyNode, big);
  });
  for (let i = 0; i < U; i++) if (F.isPositive(a[i]!)) net.addEdge(pathNode(i), sink, a[i]!);
  if (F.isPositive(aEmpty)) net.addEdge(emptyNode, sink, aEmpty);
  const flow = net.maxFlow(sourceNode, sink);
  if (!F.lt(flow, F.one)) return null;
  const reachable = net.sourceSide(sourceNode);
  const out: number[] = [];
  for (let i = 0; i < U; i++) if (!reachable[pathNode(i)] && F.isPositive(a[i]!)) out.push(i);
  return out;
}
