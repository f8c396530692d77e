/**
 * The options every grid command shares (docs/scaling.md): `--workers N` (threads; default the number of
 * cores, 1 = no worker threads) and `--shard i/N` (run one shard and print its partial result for
 * `spechub merge`).
 *
 * @example
 * ```ts
 * import { defaultWorkers } from '../experiments/runCells.ts';
 * workersOption({ workers: '3' }); // 3
 * workersOption({}) === defaultWorkers(); // true: the number of cores by default
 * JSON.stringify(shardOption({ shard: '1/4' })); // '{"index":1,"count":4}'
 * shardOption({}); // null
 * ```
 */
import { type Shard, parseShard } from '../experiments/parseShard.ts';
import { MAX_WORKERS, defaultWorkers } from '../experiments/runCells.ts';
import { type OptionSpec, integerOption } from './command.ts';

/** The option specs to spread into a command's `options`. */
export const GRID_OPTIONS: OptionSpec = { workers: { type: 'string' }, shard: { type: 'string' } };

/** Usage lines for the two options. */
export const GRID_USAGE = `  --workers N      worker threads (default: the number of cores, here ${defaultWorkers()}); 1 runs in this thread.
                   Results are byte-identical for any N (per-cell seeds, merged in cell order).
  --shard i/N      run only shard i of N (cells whose index mod N = i − 1) and print its partial result (JSON)
                   on stdout; spechub merge <parts…> --json combines the N parts into the unsharded output.`;

/** `--workers` (default: the number of cores). */
export function workersOption(values: Record<string, unknown>): number {
  return integerOption(values, 'workers', defaultWorkers(), 1, MAX_WORKERS);
}

/** `--shard i/N`, or null. */
export function shardOption(values: Record<string, unknown>): Shard | null {
  const v = values.shard;
  return v === undefined ? null : parseShard(String(v));
}
