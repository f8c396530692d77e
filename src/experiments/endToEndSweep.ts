/**
 * The end-to-end sweep (theory §5.2, §6.2.1): trees × temperatures on one tfjs target/draft pair, every method of
 * the decoder (sd as a chain of the same depth, RRS, RRSw, K-SEQ, SpecHub, greedy by default), with the
 * autoregressive baseline re-measured in every configuration; and its markdown report beside the SpecHub authors'
 * Sequoia logs ({@link endToEndSweepMarkdown}). `npm run bench:e2e` (bench/e2eSweep.ts) loads the shipped models,
 * runs it and writes `plots/data/e2e-sweep.json` and `docs/e2e-results.md`.
 *
 * @example
 * ```ts
 * const runs = endToEndSweep(models, prompts, { trees: ['2^2'], temperatures: [1], maxNewTokens: 8, seed: '17' });
 * ```
 */
import { E2E_METHODS, type EndToEndReport, measureEndToEnd } from '../lm/engine/measureEndToEnd.ts';
import type { GptModel } from '../lm/model.ts';

export interface EndToEndSweepOptions {
  trees: readonly string[];
  temperatures: readonly number[];
  methods?: readonly string[];
  maxNewTokens: number;
  seed: string;
  /** Called after each configuration with its report and its wall time in seconds. */
  onRun?: (report: EndToEndReport, seconds: number) => void;
}

/** One end-to-end measurement per (temperature, tree), in that order. */
export function endToEndSweep(models: { target: GptModel; draft: GptModel }, prompts: readonly number[][], options: EndToEndSweepOptions): EndToEndReport[] {
  const runs: EndToEndReport[] = [];
  for (const temperature of options.temperatures) {
    for (const tree of options.trees) {
      const started = performance.now();
      const report = measureEndToEnd(models, prompts as number[][], {
        tree,
        methods: options.methods ?? E2E_METHODS,
        temperature,
        maxNewTokens: options.maxNewTokens,
        seed: options.seed,
      });
      runs.push(report);
      options.onRun?.(report, (performance.now() - started) / 1000);
    }
  }
  return runs;
}
