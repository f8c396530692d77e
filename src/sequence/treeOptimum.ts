/**
 * The tree-level optimum of §S4 for a Markov chain, a tree shape, a sibling law and a start token: LP-A
 * (the best exact verifier for this draft-tree law: an upper bound on tokens per step for every method drafting
 * this way) and its transport relaxation LP-B, both reported as tokens per step = 1 + the LP value.
 *
 * Routes: `exact` — rationals end to end (path-set law, cutting-plane simplex with max-flow separation for LP-A,
 * min-cost flow for LP-B), for rational chains within the exact limits; `float` — float64 through GLPK (the same
 * cutting planes with GLPK solving the small LPs; the transportation LP for LP-B), a little further; `auto` (default) — exact when possible,
 * else float. A `TOO_LARGE` error says which size is too large (distinct path sets, paths, LP variables).
 * Node only (GLPK), like the CLI command `spechub tree-optimum` that prints it.
 *
 * @example
 * ```ts
 * const r = await treeOptimum({ exact: V1, float: V1Float }, fullTree(2, 3), 'iid', 0);
 * r.lpA.exact; // '2000/729' (§S6.2, V1 2^3 iid)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { Rational } from '../core/rational.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { lpACuttingPlanesGlpk } from './lpACuttingPlanesGlpk.ts';
import { lpAOptimum } from './lpAOptimum.ts';
import { lpBBound } from './lpBBound.ts';
import { lpBTransportLinearProgram } from './lpBTransportLinearProgram.ts';
import { pathSetLaw, type PathSetLaw } from './pathSetLaw.ts';
import type { SiblingLaw } from './siblingLaw.ts';

export type TreeBound = 'lp-a' | 'lp-b' | 'both';

export interface TreeOptimumOptions {
  bound?: TreeBound;
  route?: 'auto' | 'exact' | 'float';
  /** Exact route limits (defaults: 20,000 path sets, 400 paths). */
  maxExactPathSets?: number;
  maxExactPaths?: number;
  /** Float route limit on distinct path sets (default 100,000). */
  maxPathSets?: number;
}

export interface BoundValue {
  /** 1 + the LP value. */
  tokensPerStep: number;
  /** The reduced fraction of 1 + the LP value on the exact route, else null. */
  exact: string | null;
  route: 'exact' | 'glpk';
}

export interface TreeOptimumReport {
  draws: SiblingLaw;
  start: number;
  lpA: BoundValue | null;
  lpB: BoundValue | null;
  /** |U| and the number of distinct path sets. */
  paths: number;
  pathSets: number;
  /** LP-A antichain cuts added (exact route). */
  cuts: number | null;
}

export interface ChainPair {
  exact: MarkovChain<Rational> | null;
  float: MarkovChain<number>;
}

export async function treeOptimum(chains: ChainPair, tree: TokenTree, draws: SiblingLaw, start: number, options: TreeOptimumOptions = {}): Promise<TreeOptimumReport> {
  const bound = options.bound ?? 'both';
  const route = options.route ?? 'auto';
  const maxExactPathSets = options.maxExactPathSets ?? 20_000;
  const maxExactPaths = options.maxExactPaths ?? 400;
  if (route === 'exact' && chains.exact === null) throw new SpechubError('INVALID_ARGUMENT', 'the exact route needs rational chains (every row summing to exactly 1)');
  let exactLaw: PathSetLaw<Rational> | null = null;
  if (chains.exact !== null && route !== 'float') {
    try {
      exactLaw = pathSetLaw(chains.exact, tree, draws, start, { maxPathSets: maxExactPathSets });
      if (exactLaw.paths.length > maxExactPaths || exactLaw.sets.length > maxExactPathSets) {
        throw new SpechubError('TOO_LARGE', `exact route: ${exactLaw.paths.length} paths and ${exactLaw.sets.length} path sets, above the exact limits (${maxExactPaths} paths, ${maxExactPathSets.toLocaleString('en-US')} path sets)`);
      }
    } catch (e) {
      if (!(e instanceof SpechubError && e.code === 'TOO_LARGE') || route === 'exact') throw e;
      exactLaw = null;
    }
  }
  const report: TreeOptimumReport = { draws, start, lpA: null, lpB: null, paths: 0, pathSets: 0, cuts: null };
  const exactValue = (v: Rational): BoundValue => {
    const t = v.add(Rational.ONE);
    return { tokensPerStep: t.toNumber(), exact: t.toString(), route: 'exact' };
  };
  if (exactLaw !== null) {
    report.paths = exactLaw.paths.length;
    report.pathSets = exactLaw.sets.length;
    if (bound !== 'lp-b') {
      const a = lpAOptimum(chains.exact!, exactLaw, start, { maxPaths: maxExactPaths, maxPathSets: maxExactPathSets });
      report.lpA = exactValue(a.value);
      report.cuts = a.cuts.length;
    }
    if (bound !== 'lp-a') report.lpB = exactValue(lpBBound(chains.exact!, exactLaw, start).value);
    return report;
  }
  const law = pathSetLaw(chains.float, tree, draws, start, { maxPathSets: options.maxPathSets ?? 100_000 });
  report.paths = law.paths.length;
  report.pathSets = law.sets.length;
  if (bound !== 'lp-b') report.lpA = { tokensPerStep: 1 + (await lpACuttingPlanesGlpk(chains.float, law, start)).value, exact: null, route: 'glpk' };
  if (bound !== 'lp-a') report.lpB = { tokensPerStep: 1 + (await lpBTransportLinearProgram(chains.float, law, start)).value, exact: null, route: 'glpk' };
  return report;
}
