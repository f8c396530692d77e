/**
 * LP-A in float64 through GLPK, in the compact flow form of §S4.2 (no antichains, no cutting planes): a
 * second route to {@link lpAOptimum} and the route for instances beyond the exact limits. Variables A(s), s ∈ U,
 * and π(S, s) ≥ 0 for each path set S and s ∈ S ∪ {∅} (the coupling of paths(T) with the accepted path):
 *
 *   max Σ A(s)  s.t.  A(y) ≤ p(y|∅),  A(s·y) − p(y|s)A(s) ≤ 0,
 *                     Σ_s π(S, s) = Π(S) for every S,
 *                     Σ_{S ∋ s} π(S, s) = A(s) − Σ_y A(s·y) for every s ∈ U,   Σ_S π(S, ∅) = 1 − Σ_y A(y).
 *
 * By Hall's theorem (§S4.1 (ii)) its value is LP-A. GLPK's optimum is certified by duality within 1e-9
 * (`solveLinearProgram`). Node only (glpk.js).
 *
 * @example
 * ```ts
 * (await lpAFlowLinearProgram(V1Float, pathSetLaw(V1Float, fullTree(2, 3), 'iid', 0), 0)).value; // ≈ 1.7435 (V1)
 * ```
 */
import type { Field } from '../core/field.ts';
import { type LinearRow, solveLinearProgram } from '../optimum/solveLinearProgram.ts';
import type { MarkovChain } from '../tree/language.ts';
import { pathParents } from './_internals/pathParents.ts';
import type { PathSetLaw } from './pathSetLaw.ts';

export interface FloatBound {
  value: number;
  variables: number;
  seconds: number;
}

export async function lpAFlowLinearProgram<T>(chain: MarkovChain<T>, law: PathSetLaw<T>, start: number): Promise<FloatBound> {
  const F: Field<T> = chain.field;
  const num = (x: T) => F.toNumber(x);
  const U = law.paths;
  const parent = pathParents(U);
  const rows: LinearRow[] = [];
  let next = U.length; // A(s) are variables 0..|U|−1; π(S, s) follow
  const couplingTerms: Array<{ indices: number[]; coefficients: number[] }> = U.map((_, i) => ({ indices: [i], coefficients: [-1] }));
  const emptyTerms = { indices: [] as number[], coefficients: [] as number[] };
  U.forEach((s, i) => {
    const y = s[s.length - 1]!;
    if (parent[i]! < 0) {
      rows.push({ indices: [i], kind: 'le', bound: num(chain.target(start)[y]!) });
      emptyTerms.indices.push(i);
      emptyTerms.coefficients.push(1);
    } else {
      rows.push({ indices: [i, parent[i]!], coefficients: [1, -num(chain.target(s[s.length - 2]!)[y]!)], kind: 'le', bound: 0 });
      couplingTerms[parent[i]!]!.indices.push(i);
      couplingTerms[parent[i]!]!.coefficients.push(1);
    }
  });
  for (const set of law.sets) {
    const own: number[] = [];
    for (const i of set.members) {
      couplingTerms[i]!.indices.push(next);
      couplingTerms[i]!.coefficients.push(1);
      own.push(next++);
    }
    emptyTerms.indices.push(next);
    emptyTerms.coefficients.push(1);
    own.push(next++);
    rows.push({ indices: own, kind: 'eq', bound: num(set.probability) });
  }
  for (const t of couplingTerms) rows.push({ ...t, kind: 'eq', bound: 0 });
  rows.push({ ...emptyTerms, kind: 'eq', bound: 1 });
  const objective = new Float64Array(next);
  for (let i = 0; i < U.length; i++) objective[i] = 1;
  const solution = await solveLinearProgram({ name: 'LP-A (flow form)', direction: 'max', variableCount: next, objective, rows });
  return { value: solution.value, variables: next, seconds: solution.seconds };
}
