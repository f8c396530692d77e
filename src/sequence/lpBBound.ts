/**
 * LP-B, the transport relaxation of the tree-level optimum (§S4.3):
 *
 *   LP-B = max over couplings of T ~ Π and Z = (Z_1..Z_D) ~ p of E L(T, Z),  L = max{ℓ : Z_{1:ℓ} ∈ paths(T)} (0 if none),
 *
 * solved exactly as a minimum-cost flow (sources: distinct path sets with their probabilities; sinks: target
 * blocks z ∈ V^D with p(z) > 0; integer costs −L; rational capacities), by the primal-dual method. Running any
 * exact verifier and then sampling the target continuation is such a coupling with τ ≤ L, so LP-A ≤ LP-B and
 * 1 + LP-B also bounds tokens per step; LP-B ignores the constraint (1.1) and is not attained in general (it is
 * "a verifier that may emit a whole target block after a rejection"). Equal to LP-A at depth 1; for chains
 * LP-B = Σ_ℓ ov(p_{1:ℓ}, Q_{1:ℓ}) (§S4.3; a test checks it).
 *
 * @example
 * ```ts
 * lpBBound(V1, pathSetLaw(V1, chainTree(2), 'iid', 0), 0).value.toString(); // '4/3' (1 + LP-B = 7/3)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { PathSetLaw } from './pathSetLaw.ts';
import { MinCostFlow } from './_internals/minCostFlow.ts';

export interface LpBResult<T> {
  /** LP-B = the largest E L over couplings. */
  value: T;
  /** Number of target blocks z (sinks) with p(z) > 0. */
  blocks: number;
}

export function lpBBound<T>(chain: MarkovChain<T>, law: PathSetLaw<T>, start: number, options: { maxArcs?: number } = {}): LpBResult<T> {
  const F = chain.field;
  const D = law.depth;
  const n = chain.vocabularySize;
  // Target blocks of length D with their probabilities.
  const blocks: Array<{ tokens: number[]; probability: T }> = [];
  const visit = (last: number, tokens: number[], probability: T) => {
    if (tokens.length === D) {
      blocks.push({ tokens: [...tokens], probability });
      return;
    }
    const p = chain.target(last);
    for (let y = 0; y < n; y++) {
      if (!F.isPositive(p[y]!)) continue;
      tokens.push(y);
      visit(y, tokens, F.mul(probability, p[y]!));
      tokens.pop();
    }
  };
  visit(start, [], F.one);
  const pathIndex = new Map(law.paths.map((p, i) => [p.join(','), i]));
  // For each block, the path indices of its prefixes Z_{1:ℓ} (−1 when not in U).
  const prefixes = blocks.map((b) => Array.from({ length: D }, (_, l) => pathIndex.get(b.tokens.slice(0, l + 1).join(',')) ?? -1));
  const arcs = law.sets.reduce((s, set) => s + blocks.length, 0);
  const maxArcs = options.maxArcs ?? 2_000_000;
  if (arcs > maxArcs) throw new SpechubError('TOO_LARGE', `LP-B's transport network would have ${arcs.toLocaleString('en-US')} arcs (${law.sets.length} path sets × ${blocks.length} target blocks), above ${maxArcs.toLocaleString('en-US')}`);
  const sets = law.sets.length;
  const source = 0;
  const setNode = (k: number) => 1 + k;
  const bypass = 1 + sets;
  const blockNode = (b: number) => 2 + sets + b;
  const sink = 2 + sets + blocks.length;
  const net = new MinCostFlow(F, sink + 1);
  const big = F.fromInt(2);
  law.sets.forEach((set, k) => {
    net.addEdge(source, setNode(k), set.probability, 0);
    const members = new Set(set.members);
    net.addEdge(setNode(k), bypass, big, 0); // pairings with L = 0
    prefixes.forEach((pre, b) => {
      let L = 0;
      while (L < D && pre[L]! >= 0 && members.has(pre[L]!)) L++;
      if (L > 0) net.addEdge(setNode(k), blockNode(b), big, -L);
    });
  });
  blocks.forEach((b, i) => {
    net.addEdge(bypass, blockNode(i), big, 0);
    net.addEdge(blockNode(i), sink, b.probability, 0);
  });
  const { flow, cost } = net.run(source, sink, F.one);
  if (!F.isZero(F.sub(flow, F.one)) && F.name === 'rational') throw new SpechubError('SOLVER_FAILURE', `LP-B transport moved ${F.toString(flow)} instead of 1`);
  return { value: F.sub(F.zero, cost), blocks: blocks.length };
}
