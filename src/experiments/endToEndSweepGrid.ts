/**
 * The end-to-end sweep ({@link endToEndSweep}; theory §5.2, §6.2.1) as a grid of cells, for `npm run bench:e2e
 * -- --workers N` and `--shard i/N` (docs/scaling.md): one cell per (temperature, tree), in that order. A cell
 * loads the two checkpoints itself (once per worker thread, on the backend the main thread chose) and measures
 * every method and the autoregressive baseline with the run's seed, as the sequential sweep does, so the tokens
 * per step are the same for any number of workers or shards. Wall-clock fields (tokens per second, speed-ups)
 * are measured in each cell and depend on what else runs on the machine: with `--workers N > 1` the cells share
 * the cores, so use `--workers 1` for timing-grade figures. Partial results record the models by their content
 * hash (not their folders) and the prompts' token ids.
 *
 * @example
 * ```ts
 * const out = await runGrid(endToEndSweepGrid({ trees: ['2^2'], temperatures: [1], maxNewTokens: 8, seed: '17', prompts, targetModel, draftModel, meta: {} }), { workers: 2 });
 * out.runs[0]!.methods.spechub!.tokensPerStep;
 * ```
 */
import { stringifyJson } from '../core/stringifyJson.ts';
import type { EndToEndReport } from '../lm/engine/measureEndToEnd.ts';
import { cellTask } from './cellTask.ts';
import type { CellGrid, GridKind } from './runGrid.ts';

export interface EndToEndSweepGridOptions {
  trees: readonly string[];
  temperatures: readonly number[];
  methods?: readonly string[];
  maxNewTokens: number;
  seed: string;
  /** The prompts' token ids. */
  prompts: readonly number[][];
  /** Checkpoint folders. */
  targetModel: string;
  draftModel: string;
  /** The backend every worker pins (the one the main thread selected). */
  backend?: string;
  /** Fields of the output's `meta` that every shard shares (models, prompts; no timings, no machine facts). */
  meta: Record<string, unknown>;
}

export interface EndToEndSweepCell {
  tree: string;
  temperature: number;
  methods: readonly string[] | null;
  maxNewTokens: number;
  seed: string;
  prompts: readonly number[][];
  targetModel: string;
  draftModel: string;
  backend: string | null;
}

/** A cell's measurement and its wall time. */
export interface EndToEndSweepResult {
  report: EndToEndReport;
  seconds: number;
}

/** `{ meta, runs }` of plots/data/e2e-sweep.json (meta: the shared fields only; the bench adds its timings). */
export interface EndToEndSweepOutput {
  meta: Record<string, unknown>;
  runs: EndToEndReport[];
}

export const END_TO_END_SWEEP_KIND: GridKind<EndToEndSweepResult, EndToEndSweepOutput> = {
  name: 'e2e-sweep',
  finish: (grid, results) => ({ meta: (grid as { meta: Record<string, unknown> }).meta, runs: results.map((r) => r.report) }),
  text: (output) => stringifyJson(output, { indent: 1, what: 'e2e sweep JSON' }) + '\n',
};

export function endToEndSweepGrid(options: EndToEndSweepGridOptions): CellGrid<EndToEndSweepCell, EndToEndSweepResult, EndToEndSweepOutput> {
  const cells: EndToEndSweepCell[] = [];
  for (const temperature of options.temperatures) {
    for (const tree of options.trees) {
      cells.push({
        tree, temperature, methods: options.methods ?? null, maxNewTokens: options.maxNewTokens, seed: options.seed, prompts: options.prompts,
        targetModel: options.targetModel, draftModel: options.draftModel, backend: options.backend ?? null,
      });
    }
  }
  return {
    kind: END_TO_END_SWEEP_KIND,
    grid: {
      trees: [...options.trees], temperatures: [...options.temperatures], methods: options.methods ?? null, maxNewTokens: options.maxNewTokens, seed: options.seed,
      prompts: options.prompts, meta: options.meta,
    },
    cells,
    task: cellTask(import.meta.url, './_internals/endToEndSweepCell', 'endToEndSweepCell'),
    label: (cell) => `T=${cell.temperature} ${cell.tree}`,
  };
}
