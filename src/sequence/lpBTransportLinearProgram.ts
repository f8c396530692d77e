/**
 * LP-B in float64 through GLPK, as the transportation LP of §S4.3 (variables f(S, z) ≥ 0 for each path set
 * S and target block z ∈ V^D: Σ_z f(S, z) = Π(S), Σ_S f(S, z) = p(z), maximise Σ f(S, z)·L(S, z)): a second route to
 * the exact min-cost flow ({@link lpBBound}) and the route beyond its limits. Node only (glpk.js).
 *
 * @example
 * ```ts
 * (await lpBTransportLinearProgram(V1Float, pathSetLaw(V1Float, chainTree(2), 'iid', 0), 0)).value; // ≈ 1.3333 (V1)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { type LinearRow, solveLinearProgram } from '../optimum/solveLinearProgram.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { FloatBound } from './lpAFlowLinearProgram.ts';
import type { PathSetLaw } from './pathSetLaw.ts';

export async function lpBTransportLinearProgram<T>(chain: MarkovChain<T>, law: PathSetLaw<T>, start: number, options: { maxVariables?: number } = {}): Promise<FloatBound> {
  const F = chain.field;
  const n = chain.vocabularySize;
  const D = law.depth;
  const blocks: Array<{ tokens: number[]; probability: number }> = [];
  const visit = (last: number, tokens: number[], probability: number) => {
    if (tokens.length === D) return void blocks.push({ tokens: [...tokens], probability });
    const p = chain.target(last);
    for (let y = 0; y < n; y++) {
      const py = F.toNumber(p[y]!);
      if (!(py > 0)) continue;
      tokens.push(y);
      visit(y, tokens, probability * py);
      tokens.pop();
    }
  };
  visit(start, [], 1);
  const variables = law.sets.length * blocks.length;
  const maxVariables = options.maxVariables ?? 400_000;
  if (variables > maxVariables) throw new SpechubError('TOO_LARGE', `LP-B's transportation LP would have ${variables.toLocaleString('en-US')} variables, above ${maxVariables.toLocaleString('en-US')}`);
  const pathIndex = new Map(law.paths.map((p, i) => [p.join(','), i]));
  const prefixes = blocks.map((b) => Array.from({ length: D }, (_, l) => pathIndex.get(b.tokens.slice(0, l + 1).join(',')) ?? -1));
  const objective = new Float64Array(variables);
  const rows: LinearRow[] = [];
  const column = (k: number, b: number) => k * blocks.length + b;
  law.sets.forEach((set, k) => {
    const members = new Set(set.members);
    prefixes.forEach((pre, b) => {
      let L = 0;
      while (L < D && pre[L]! >= 0 && members.has(pre[L]!)) L++;
      objective[column(k, b)] = L;
    });
    rows.push({ indices: blocks.map((_, b) => column(k, b)), kind: 'eq', bound: F.toNumber(set.probability) });
  });
  // Demands as ≤ rows: the supplies sum to 1 exactly, the float block probabilities only to 1 ± ε.
  blocks.forEach((block, b) => rows.push({ indices: law.sets.map((_, k) => column(k, b)), kind: 'le', bound: block.probability }));
  const solution = await solveLinearProgram({ name: 'LP-B (transportation)', direction: 'max', variableCount: variables, objective, rows });
  return { value: solution.value, variables, seconds: solution.seconds };
}
