/**
 * A grid experiment split into cells (docs/scaling.md): the whole run (`runGrid`), one shard of it written as a
 * partial result (`runGridShard`), and the merge of the partial results ({@link mergePartialResults}) meet in
 * one place — the grid kind's `finish`, applied to every cell's result in cell order — so the merged output is
 * the unsharded output byte for byte.
 *
 * A grid has a kind (how results become the output, see {@link GridKind}), a `grid` record (every option that
 * determines the cells and the output, the seed included: two partial results merge only when these are equal),
 * the cells, the task that computes one cell, and optionally a preparation phase (inputs computed once and sent
 * with every cell that needs them, e.g. a calibration per setting of a sweep). Preparations are recomputed by
 * each shard for its own cells (they are deterministic), so they never travel between machines.
 *
 * @example
 * ```ts
 * import { sweepGrid } from './sweepGrid.ts';
 * import { SWEEP_DEFAULTS } from './runSweep.ts';
 * import { mergePartialResults } from './mergePartialResults.ts';
 * const grid = () => sweepGrid({ ...SWEEP_DEFAULTS, vocabularySize: 20, temperatures: [1], trees: [{ name: '2^2', tree: parseTreeSpec('2^2') }], methods: ['rrs'], steps: 100, seed: 'doc' }, { timing: false });
 * const output = await runGrid(grid(), { workers: 1 }); // in this thread (default: one worker per core)
 * const part1 = await runGridShard(grid(), { index: 1, count: 2 }, { workers: 1 }); // written as JSON, e.g. one per machine
 * const part2 = await runGridShard(grid(), { index: 2, count: 2 }, { workers: 1 });
 * const merged = mergePartialResults([{ path: 'part-1.json', content: part1 }, { path: 'part-2.json', content: part2 }]);
 * merged.text === grid().kind.text(output); // true: byte for byte
 * ```
 */
import { readFileSync } from 'node:fs';
import { type Shard, shardCells } from './parseShard.ts';
import type { CellTask } from './cellTask.ts';
import { type CellPool, createCellPool, defaultWorkers } from './runCells.ts';

/** How a grid's results become its output, and the output's text. Registered by name for `spechub merge`. */
export interface GridKind<R = unknown, Out = unknown> {
  name: string;
  /** The output of the whole grid from its `grid` record and every cell's result, in cell order. */
  finish(grid: unknown, results: R[]): Out;
  /** The output as the command prints it (with its trailing newline). */
  text(output: Out): string;
}

export interface CellGrid<C = unknown, R = unknown, Out = unknown> {
  kind: GridKind<R, Out>;
  /** Every option that determines the cells and the output (JSON values only). */
  grid: unknown;
  cells: readonly C[];
  task: CellTask;
  label?: (cell: C, index: number, prepared: unknown) => string;
  /** Inputs computed before the cells, in parallel; cell i receives the result of preparation `of(cell i)`. */
  prepare?: { task: CellTask; inputs: readonly unknown[]; of: (cell: C, index: number) => number; label?: (input: unknown, index: number) => string };
}

export interface RunGridOptions {
  /** Worker threads (default: the number of cores); 1 = this thread. */
  workers?: number;
  /** Cells done (fractional) of the cells to run, and a label (preparations report 0 done). */
  progress?: (done: number, total: number, label: string) => void;
  /** Called with each cell's result, in cell order, as soon as the cells before it are done. */
  onResult?: (index: number, result: unknown) => void;
  signal?: AbortSignal;
}

/** A shard's results: the file `--shard i/N` writes and `spechub merge` reads. */
export interface PartialResult {
  format: typeof PARTIAL_FORMAT;
  version: 1;
  /** The spechub version that computed it (parts from different versions are not merged). */
  spechub: string;
  kind: string;
  grid: unknown;
  /** Number of cells of the whole grid. */
  cells: number;
  shard: { index: number; count: number };
  /** The shard's cells (ascending) and their results, in the same order. */
  indices: number[];
  results: unknown[];
}

export const PARTIAL_FORMAT = 'spechub-partial-result';

let version: string | null = null;
/** The version in package.json (two folders up from src/experiments and from dist/experiments). */
export function spechubVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

/** Runs the whole grid and returns its output. */
export async function runGrid<C, R, Out>(grid: CellGrid<C, R, Out>, options: RunGridOptions = {}): Promise<Out> {
  const results = await runCellsOfGrid(grid, null, options);
  return grid.kind.finish(grid.grid, results.results);
}

/** Runs one shard of the grid and returns its partial result (to be written as JSON and merged). */
export async function runGridShard<C, R, Out>(grid: CellGrid<C, R, Out>, shard: Shard, options: RunGridOptions = {}): Promise<PartialResult> {
  const { indices, results } = await runCellsOfGrid(grid, shard, options);
  return { format: PARTIAL_FORMAT, version: 1, spechub: spechubVersion(), kind: grid.kind.name, grid: grid.grid, cells: grid.cells.length, shard: { ...shard }, indices, results };
}

async function runCellsOfGrid<C, R, Out>(grid: CellGrid<C, R, Out>, shard: Shard | null, options: RunGridOptions): Promise<{ indices: number[]; results: R[] }> {
  const indices = shardCells(grid.cells.length, shard);
  const prepare = grid.prepare;
  // Preparations the shard's cells need, in order of first use.
  const needed: number[] = [];
  if (prepare !== undefined) {
    const seen = new Set<number>();
    for (const i of indices) {
      const j = prepare.of(grid.cells[i]!, i);
      if (!seen.has(j)) {
        seen.add(j);
        needed.push(j);
      }
    }
  }
  const total = indices.length;
  const pool: CellPool = createCellPool(Math.min(options.workers ?? defaultWorkers(), Math.max(1, needed.length, indices.length)));
  try {
    const prepared = new Map<number, unknown>();
    if (prepare !== undefined && needed.length > 0) {
      const inputs = needed.map((j) => prepare.inputs[j]);
      const out = await pool.run(prepare.task, inputs, {
        signal: options.signal,
        label: (_, slot) => prepare.label?.(inputs[slot], needed[slot]!) ?? `preparing ${slot + 1}/${needed.length}`,
        progress: (_, __, label) => {
          if (label !== 'done') options.progress?.(0, total, label);
        },
      });
      out.results.forEach((r, slot) => prepared.set(needed[slot]!, r));
    }
    const preparedOf = (i: number) => (prepare === undefined ? undefined : prepared.get(prepare.of(grid.cells[i]!, i)));
    return await pool.run<C, R>(grid.task, grid.cells, {
      shard,
      signal: options.signal,
      prepared: preparedOf,
      label: (cell, i) => grid.label?.(cell, i, preparedOf(i)) ?? `cell ${i + 1}/${grid.cells.length}`,
      progress: options.progress,
      onResult: options.onResult,
    });
  } finally {
    await pool.destroy();
  }
}
