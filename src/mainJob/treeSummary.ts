/**
 * Step 2 of the main job: a short tree simulation on a synthetic Markov-chain language (spec §5.3): exact
 * expected tokens per target call from the stationary start law, beside a Monte Carlo estimate of the same
 * walk with its 95 % interval, for a few full binary trees and methods.
 *
 * @example
 * ```ts
 * treeSummary({ vocabularySize: 200, trees: ['2^2', '2^3'], methods: ['rrs', 'spechub'], steps: 2000, seed: 17,
 *   temperature: 0.6, targetOverlap: 0.55 }).rows;
 * ```
 */
import { calibrateLogitNoise } from '../synthetic/calibrateLogitNoise.ts';
import type { PairConfig } from '../synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../tree/expectedTokensPerStep.ts';
import { parseTreeSpec } from '../tree/parseTreeSpec.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { stationaryDistribution } from '../tree/stationaryDistribution.ts';

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
  /** Whether the exact value lies in the Monte Carlo interval. */
  agrees: boolean;
}

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
      rows.push({ tree: treeText, depth: tree.depth, method, exact, estimate: mc.tokensPerStep, ci95: mc.ci95, agrees: mc.ci95[0] <= exact && exact <= mc.ci95[1] });
    }
  }
  return { family, rows };
}
