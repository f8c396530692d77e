/**
 * LP-A, the best exact verifier for a draft-tree law (§S4.1), solved exactly by cutting planes (§S4.2):
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
 * const law = pathSetLaw(V1, fullTree(2, 3), 'iid', 0); // V1: §S6.1
 * lpAOptimum(V1, law, 0).value.toString(); // '1271/729' (1 + LP-A = 2000/729, §S6.2)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { ExactSimplex } from '../optimum/solveExactLinearProgram.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { PathSetLaw } from './pathSetLaw.ts';
import { violatedAntichain } from './_internals/hallSeparation.ts';
import { pathParents } from './_internals/pathParents.ts';

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
    const cut = violatedAntichain(F, law, parent, x);
    if (cut === null) return { value, A: x, cuts, pivots };
    if (round >= maxRounds) throw new SpechubError('TOO_LARGE', `LP-A cutting planes did not converge in ${maxRounds} rounds`);
    const { members: M, capacity: cap } = cut;
    cuts.push(M);
    lp.addRow(M.map((i) => [i, F.one] as const), cap);
  }
}
