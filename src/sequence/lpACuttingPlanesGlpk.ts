/**
 * LP-A in float64 by the cutting-plane method of §S4.2 with GLPK as the LP solver: the same constraints as
 * the exact route ({@link lpAOptimum}: (1.1), the singletons, then the antichains found by max-flow separation,
 * here in float64 with a 1e-12 slack), each LP certified by duality (`solveLinearProgram`). The LPs stay small
 * (|U| variables), so this route reaches trees whose path-set laws are too large for the exact simplex or for the
 * flow form ({@link lpAFlowLinearProgram}, |U| + Σ|S| variables). Node only (glpk.js).
 *
 * @example
 * ```ts
 * (await lpACuttingPlanesGlpk(V1Float, pathSetLaw(V1Float, fullTree(2, 3), 'iid', 0), 0)).value; // ≈ 1.7435 (V1)
 * ```
 */
import { floatField } from '../core/field.ts';
import { SpechubError } from '../core/errors.ts';
import { type LinearRow, solveLinearProgram } from '../optimum/solveLinearProgram.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { FloatBound } from './lpAFlowLinearProgram.ts';
import { pathParents } from './_internals/pathParents.ts';
import type { PathSetLaw } from './pathSetLaw.ts';
import { violatedAntichain } from './_internals/hallSeparation.ts';

export async function lpACuttingPlanesGlpk<T>(chain: MarkovChain<T>, law: PathSetLaw<T>, start: number, options: { maxRounds?: number } = {}): Promise<FloatBound & { cuts: number }> {
  const F = chain.field;
  const num = (x: T) => F.toNumber(x);
  const U = law.paths;
  const parent = pathParents(U);
  const floatLaw: PathSetLaw<number> = { paths: U, depth: law.depth, sets: law.sets.map((s) => ({ members: s.members, probability: num(s.probability) })) };
  const rows: LinearRow[] = [];
  U.forEach((s, i) => {
    const y = s[s.length - 1]!;
    if (parent[i]! < 0) rows.push({ indices: [i], kind: 'le', bound: num(chain.target(start)[y]!) });
    else rows.push({ indices: [i, parent[i]!], coefficients: [1, -num(chain.target(s[s.length - 2]!)[y]!)], kind: 'le', bound: 0 });
  });
  const membership = new Float64Array(U.length);
  for (const set of floatLaw.sets) for (const i of set.members) membership[i]! += set.probability;
  U.forEach((_, i) => rows.push({ indices: [i], kind: 'le', bound: membership[i]! }));
  const objective = new Float64Array(U.length).fill(1);
  let seconds = 0;
  const maxRounds = options.maxRounds ?? 1000;
  for (let round = 0; ; round++) {
    const solution = await solveLinearProgram({ name: 'LP-A (cutting planes)', direction: 'max', variableCount: U.length, objective, rows });
    seconds += solution.seconds;
    const cut = violatedAntichain(floatField, floatLaw, parent, Array.from(solution.x, (x) => Math.max(0, x)));
    if (cut === null) return { value: solution.value, variables: U.length, seconds, cuts: round };
    if (round >= maxRounds) throw new SpechubError('TOO_LARGE', `LP-A cutting planes did not converge in ${maxRounds} rounds`);
    rows.push({ indices: cut.members, kind: 'le', bound: cut.capacity });
  }
}
