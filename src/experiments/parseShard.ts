/**
 * Shards of a grid (docs/scaling.md): `--shard i/N` runs only the cells whose index c (0-based, in the grid's
 * fixed cell order) satisfies c mod N = i − 1, so shards 1..N together cover every cell exactly once, and the
 * assignment depends on nothing but the cell's index and N (not on the machine, the number of workers or the
 * order in which cells finish). Round-robin spreads the grid's costly corners (large trees come last in a
 * sweep) over every shard.
 *
 * `i` is 1-based, as a Slurm array task id (`--array=1-N`); a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`
 * is 0-based, so pass `$((JOB_COMPLETION_INDEX + 1))/N`.
 *
 * @example
 * ```ts
 * const shard = parseShard('2/3');   // { index: 2, count: 3 }
 * shardCells(7, shard);              // [1, 4]
 * ```
 */
import { ParseError } from '../core/errors.ts';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards a grid may be cut into. */
export const MAX_SHARDS = 1_000_000;

/** Parses `i/N` (1 ≤ i ≤ N ≤ {@link MAX_SHARDS}); throws a one-line `ParseError` otherwise. */
export function parseShard(text: string, what = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match === null ? NaN : Number(match[1]);
  const count = match === null ? NaN : Number(match[2]);
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && count >= 1 && index <= count && count <= MAX_SHARDS)) {
    throw new ParseError(`${what} must be i/N with 1 ≤ i ≤ N ≤ ${MAX_SHARDS} (e.g. 1/4; a Kubernetes JOB_COMPLETION_INDEX is 0-based: pass index + 1), got '${text}'`);
  }
  return { index, count };
}

/** The indices of the cells of `shard` among `total` cells (ascending); every cell when `shard` is null. */
export function shardCells(total: number, shard: Shard | null): number[] {
  const out: number[] = [];
  if (shard === null) {
    for (let c = 0; c < total; c++) out.push(c);
    return out;
  }
  for (let c = shard.index - 1; c < total; c += shard.count) out.push(c);
  return out;
}

/** `i/N`, as written on the command line. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
