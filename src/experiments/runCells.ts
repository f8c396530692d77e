/**
 * Runs the cells of an experiment grid on every core (docs/scaling.md): one task function applied to many
 * independent inputs on a pool of worker threads (piscina), or in this thread with `workers: 1`. The results
 * come back in cell order whatever the number of workers and whatever the order in which cells finish, so a
 * grid whose cells are seeded from the run seed and their own coordinates (`deriveSeed`) gives byte-identical
 * output for any number of workers. With a shard ({@link parseShard}) only that shard's cells run.
 *
 * The task function lives in a module that the workers import by URL: build it with {@link cellTask}, relative
 * to the caller's `import.meta.url`, so that the same code runs `.ts` sources under tsx and compiled `.js` under
 * dist/. The function receives the cell (structured-cloned), a context with the cell's `prepared` data and a
 * `progress(fraction)` callback, and returns a value that can be structured-cloned (plain JSON values if the
 * grid is to be sharded and merged). Module-level state of the task module persists within a worker (caches).
 *
 * Ctrl-C: while a pool holds threads it listens for SIGINT/SIGTERM/SIGHUP. When nothing else listens for the
 * signal, it is raised again at once, so the process ends as it would have without the pool, threads included
 * (exit 130 under `bin/spechub.js`'s supervisor, which then removes unfinished temporary files). When the
 * application handles the signal itself, the pool is destroyed (every worker terminated, even in the middle of a
 * synchronous loop) and the run rejects with `SpechubError('INTERRUPTED')`; an `AbortSignal` does the same.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { pathToFileURL } from 'node:url';
 * writeFileSync('myCells.mjs', 'export const square = (cell) => cell * cell;\n');
 * // In your own module: cellTask(import.meta.url, './myCells', 'square') (the module beside it, same extension).
 * const task = { module: pathToFileURL('myCells.mjs').href, name: 'square' };
 * const { results } = await runCells(task, [1, 2, 3], { workers: 2 });
 * results; // [1, 4, 9]
 * ```
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { SpechubError, type SpechubErrorCode } from '../core/errors.ts';
import type { CellMessage, CellReply } from './_internals/cellWorker.ts';
import type { CellContext, CellTask } from './cellTask.ts';

export { type CellContext, type CellTask, cellTask } from './cellTask.ts';
import { type Shard, shardCells } from './parseShard.ts';

export interface RunCellsOptions<C, R> {
  /** Worker threads (default: the number of cores); 1 runs every cell in this thread. */
  workers?: number;
  /** Run only this shard's cells (cell index mod N = i − 1). */
  shard?: Shard | null;
  /** Data sent with cell `index` as `context.prepared` (e.g. a calibration computed once for several cells). */
  prepared?: (index: number) => unknown;
  /** A short label of a cell for progress lines. */
  label?: (cell: C, index: number) => string;
  /** `done` (fractional) of `total` cells of this run, and the label of the lowest unfinished cell. */
  progress?: (done: number, total: number, label: string) => void;
  /** Called once per cell, in cell order (buffered until the cells before it are done). */
  onResult?: (index: number, result: R) => void;
  signal?: AbortSignal;
}

/** The cells that ran (ascending indices) and their results, in the same order. */
export interface CellResults<R> {
  indices: number[];
  results: R[];
}

/** A pool that can run several grids (phases) before it is destroyed. */
export interface CellPool {
  readonly workers: number;
  run<C, R>(task: CellTask, cells: readonly C[], options?: Omit<RunCellsOptions<C, R>, 'workers'>): Promise<CellResults<R>>;
  destroy(): Promise<void>;
}

/** Most worker threads a pool accepts. */
export const MAX_WORKERS = 1024;

/** The default number of workers: the cores available to this process. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Runs `task` on the cells (or the shard's cells) with a pool created for this call and destroyed after it. */
export async function runCells<C, R>(task: CellTask, cells: readonly C[], options: RunCellsOptions<C, R> = {}): Promise<CellResults<R>> {
  const count = shardCells(cells.length, options.shard ?? null).length;
  const pool = createCellPool(Math.min(options.workers ?? defaultWorkers(), Math.max(1, count)));
  try {
    return await pool.run(task, cells, options);
  } finally {
    await pool.destroy();
  }
}

/** A pool of `workers` threads (created on first use; 1 = this thread). */
export function createCellPool(workers: number = defaultWorkers()): CellPool {
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new SpechubError('INVALID_ARGUMENT', `workers must be an integer in [1, ${MAX_WORKERS}], got ${workers}`);
  }
  return workers === 1 ? inProcessPool() : new ThreadPool(workers);
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function interrupted(): SpechubError {
  return new SpechubError('INTERRUPTED', 'interrupted: the cell pool was stopped');
}

function rebuildError(e: Extract<CellReply, { ok: false }>['error']): Error {
  const error: Error = e.code !== null ? new SpechubError(e.code as SpechubErrorCode, e.message) : new Error(e.message);
  error.name = e.name;
  if (e.stack !== null) error.stack = e.stack;
  return error;
}

/** Delivers results in cell order and reports progress. */
class Bookkeeping<C, R> {
  readonly results: R[];
  private done = 0;
  private delivered = 0;
  private readonly finished: boolean[];
  private readonly fractions = new Map<number, number>();
  constructor(
    private readonly indices: number[],
    private readonly cells: readonly C[],
    private readonly options: Omit<RunCellsOptions<C, R>, 'workers'>,
  ) {
    this.results = new Array<R>(indices.length);
    this.finished = new Array<boolean>(indices.length).fill(false);
  }
  get complete(): boolean {
    return this.done === this.indices.length;
  }
  partial(slot: number, fraction: number): void {
    if (this.finished[slot]) return;
    this.fractions.set(slot, Math.min(1, Math.max(0, fraction)));
    this.report();
  }
  finish(slot: number, value: R): void {
    this.results[slot] = value;
    this.finished[slot] = true;
    this.fractions.delete(slot);
    this.done++;
    while (this.delivered < this.indices.length && this.finished[this.delivered]) {
      this.options.onResult?.(this.indices[this.delivered]!, this.results[this.delivered]!);
      this.delivered++;
    }
    this.report();
  }
  report(): void {
    const progress = this.options.progress;
    if (progress === undefined) return;
    let running = 0;
    for (const f of this.fractions.values()) running += f;
    const next = this.finished.indexOf(false);
    const label = next < 0 ? 'done' : this.labelOf(next);
    progress(this.done + running, this.indices.length, label);
  }
  labelOf(slot: number): string {
    const index = this.indices[slot]!;
    return this.options.label?.(this.cells[index]!, index) ?? `cell ${index + 1}/${this.cells.length}`;
  }
}

function inProcessPool(): CellPool {
  let destroyed = false;
  return {
    workers: 1,
    async run<C, R>(task: CellTask, cells: readonly C[], options: Omit<RunCellsOptions<C, R>, 'workers'> = {}): Promise<CellResults<R>> {
      const indices = shardCells(cells.length, options.shard ?? null);
      const book = new Bookkeeping<C, R>(indices, cells, options);
      if (indices.length === 0) {
        book.report();
        return { indices, results: [] };
      }
      const module = (await import(task.module)) as Record<string, unknown>;
      const fn = module[task.name];
      if (typeof fn !== 'function') throw new SpechubError('INVALID_ARGUMENT', `cell module ${task.module} has no function '${task.name}'`);
      for (let slot = 0; slot < indices.length; slot++) {
        if (destroyed || options.signal?.aborted) throw interrupted();
        const index = indices[slot]!;
        book.report();
        const context: CellContext = { prepared: options.prepared?.(index), progress: (f) => book.partial(slot, f) };
        book.finish(slot, (await (fn as (cell: C, context: CellContext) => R | Promise<R>)(cells[index]!, context)) as R);
      }
      return { indices, results: book.results };
    },
    async destroy() {
      destroyed = true;
    },
  };
}

class ThreadPool implements CellPool {
  private piscina: Piscina | null = null;
  private stopped = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    for (const s of SIGNALS) process.off(s, this.onSignal);
    // Nothing else handles the signal: raise it again, so that the process ends as it would have without the
    // pool (its threads end with it; no rejection runs first and no error line is printed).
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
      return;
    }
    this.stop();
  };

  constructor(readonly workers: number) {}

  private ensure(): Piscina {
    if (this.stopped) throw interrupted();
    if (this.piscina === null) {
      const extension = /\.ts$/.test(new URL(import.meta.url).pathname) ? '.ts' : '.js';
      this.piscina = new Piscina({
        filename: new URL(`./_internals/cellWorker${extension}`, import.meta.url).href,
        minThreads: this.workers,
        maxThreads: this.workers,
        idleTimeout: 60_000,
        atomics: 'disabled',
        // Workers inherit the process's flags (e.g. --import tsx), except those Node refuses in a worker.
        execArgv: process.execArgv.filter((a) => !/^--input-type(=|$)/.test(a)),
      });
      // A worker that dies outside a task also rejects the task it held; this keeps the event from crashing us.
      this.piscina.on('error', () => {});
      for (const s of SIGNALS) process.on(s, this.onSignal);
    }
    return this.piscina;
  }

  /** Terminates every worker now (signals, aborts). */
  private stop(): void {
    this.stopped = true;
    for (const s of SIGNALS) process.off(s, this.onSignal);
    const p = this.piscina;
    this.piscina = null;
    if (p !== null) void p.destroy().catch(() => {});
  }

  async run<C, R>(task: CellTask, cells: readonly C[], options: Omit<RunCellsOptions<C, R>, 'workers'> = {}): Promise<CellResults<R>> {
    const indices = shardCells(cells.length, options.shard ?? null);
    const book = new Bookkeeping<C, R>(indices, cells, options);
    if (indices.length === 0) {
      book.report();
      return { indices, results: [] };
    }
    if (options.signal?.aborted) throw interrupted();
    const piscina = this.ensure();
    const onAbort = () => this.stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    book.report();
    try {
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        // The first failure ends the run: the pool is stopped (running cells are terminated, queued ones dropped).
        const fail = (e: unknown) => {
          if (failed) return;
          failed = true;
          const error = this.stopped ? interrupted() : e;
          this.stop();
          reject(error);
        };
        indices.forEach((index, slot) => {
          const { port1, port2 } = new MessageChannel();
          port1.on('message', (f: number) => book.partial(slot, f));
          port1.unref();
          const message: CellMessage = { module: task.module, name: task.name, cell: cells[index], prepared: options.prepared?.(index), port: port2 };
          piscina
            // (piscina derives its transfer-list type from MessagePort.postMessage, which newer @types/node overloads)
            .run(message, { transferList: [port2] as never })
            .then((reply: CellReply) => {
              port1.close();
              if (failed) return;
              if (!reply.ok) return fail(rebuildError(reply.error));
              book.finish(slot, reply.value as R);
              if (book.complete) resolve();
            })
            .catch((e: unknown) => {
              port1.close();
              fail(e);
            });
        });
      });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return { indices, results: book.results };
  }

  async destroy(): Promise<void> {
    for (const s of SIGNALS) process.off(s, this.onSignal);
    this.stopped = true;
    const p = this.piscina;
    this.piscina = null;
    if (p !== null) await p.destroy();
  }
}
