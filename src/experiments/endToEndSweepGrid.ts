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
 * import { runGrid } from './runGrid.ts';
 * const { tf, backend } = await selectBackend({ report: () => {} });
 * // Untrained tiny checkpoints (bench:e2e uses the trained ones under models/).
 * await saveCheckpoint('target', GptModel.initialise(tf, { vocabSize: 16, contextLength: 32, layers: 1, heads: 2, embeddingSize: 16 }, 1));
 * await saveCheckpoint('draft', GptModel.initialise(tf, { vocabSize: 16, contextLength: 32, layers: 1, heads: 1, embeddingSize: 8 }, 2));
 * const grid = endToEndSweepGrid({ trees: ['2^2'], temperatures: [1], methods: ['spechub'], maxNewTokens: 8, seed: '17', prompts: [[1, 2, 3]], targetModel: 'target', draftModel: 'draft', backend, meta: {} });
 * const out = await runGrid(grid, { workers: 1 }); // in this thread; with N workers, each loads the checkpoints
 * out.runs.length; // 1: one run per (temperature, tree)
 * out.runs[0]!.methods.spechub!.tokens; // 8
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
