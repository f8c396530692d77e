/**
 * Step 2 of the main job: a short tree simulation on a synthetic Markov-chain language (§5.3): exact
 * expected tokens per target call from the stationary start law, beside a Monte Carlo estimate of the same
 * walk with its 95 % interval, for a few full binary trees and methods. Each cell's agreement is a two-sided
 * z-test of the estimate against the exact value, at a family-wise level of 0.05 split over the cells
 * (Bonferroni), so that a disagreement is a finding, not the expected one-in-twenty miss.
 *
 * @example
 * ```ts
 * treeSummary({ vocabularySize: 200, trees: ['2^2', '2^3'], methods: ['rrs', 'spechub'], steps: 2000, seed: 17,
 *   temperature: 0.6, targetOverlap: 0.55 }).rows;
 * ```
 */
import { twoSidedNormalPValue } from '../montecarlo/twoSidedNormalPValue.ts';
import { calibrateLogitNoise } from '../synthetic/calibrateLogitNoise.ts';
import type { PairConfig } from '../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../tree/expectedTokensPerStep.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { stationaryDistribution } from '../tree/stationaryDistribution.ts';

/** The 97.5 % standard normal quantile (the Monte Carlo intervals are normal 95 % intervals). */
const NORMAL_95 = 1.959963984540054;

export interface TreeSummaryOptions {
  vocabularySize: number;
  trees: string[];
  methods: string[];
  steps: number;
  seed: string | number;
  temperature: number;
  targetOverlap: number;
  progress?: (message: string) => void;
}

export interface TreeSummaryRow {
  tree: string;
  depth: number;
  method: string;
  exact: number;
  estimate: number;
  ci95: [number, number];
  /** Two-sided z-test p-value of the Monte Carlo estimate against the exact value. */
  pValue: number;
  /** Whether the test does not reject at the Bonferroni level {@link TREE_SUMMARY_LEVEL} / (number of cells). */
  agrees: boolean;
}

/** Family-wise level of the agreement tests over all cells. */
export const TREE_SUMMARY_LEVEL = 0.05;

export function treeSummary(options: TreeSummaryOptions): { family: PairConfig; rows: TreeSummaryRow[] } {
  const base: PairConfig = { vocabularySize: options.vocabularySize, family: { kind: 'zipf', exponent: 1.1 }, temperature: options.temperature };
  const { logitNoise } = calibrateLogitNoise(base, options.seed, { targetOverlap: options.targetOverlap, rows: Math.min(options.vocabularySize, 64) });
  const family: PairConfig = { ...base, draft: { logitNoise } };
  const chain = syntheticMarkovChain(family, options.seed);
  const start = stationaryDistribution(chain);
  const cache: ProfileCache<number> = new Map();
  const rows: TreeSummaryRow[] = [];
  for (const treeText of options.trees) {
    const tree = parseTreeSpec(treeText);
    for (const method of options.methods) {
      options.progress?.(`tree ${treeText}, ${method}`);
      const exact = expectedTokensPerStep(chain, tree, method, { start, profileCache: cache }).value;
      const mc = simulateTreeWalk(chain, tree, method, { steps: options.steps, seed: `${options.seed}/${treeText}/${method}`, start });
      const standardError = (mc.ci95[1] - mc.ci95[0]) / (2 * NORMAL_95);
      const pValue = standardError > 0 ? twoSidedNormalPValue((mc.tokensPerStep - exact) / standardError) : mc.tokensPerStep === exact ? 1 : 0;
      rows.push({ tree: treeText, depth: tree.depth, method, exact, estimate: mc.tokensPerStep, ci95: mc.ci95, pValue, agrees: true });
    }
  }
  const level = TREE_SUMMARY_LEVEL / rows.length;
  for (const row of rows) row.agrees = row.pValue > level;
  return { family, rows };
}
