/**
 * Every grid kind whose shards `spechub merge` combines ({@link mergePartialResults}), by the name a partial
 * result records. A new grid command adds its kind here (its `finish` and `text` are the code its unsharded run
 * uses, so merged output = unsharded output).
 *
 * @example
 * ```ts
 * GRID_KINDS.sweep.text(GRID_KINDS.sweep.finish(grid, rows));
 * ```
 */
import type { GridKind } from './runGrid.ts';
import { REPLAY_KIND } from './replayGrid.ts';
import { SWEEP_KIND } from './sweepGrid.ts';

export const GRID_KINDS: Readonly<Record<string, GridKind<never, never>>> = {
  [SWEEP_KIND.name]: SWEEP_KIND as GridKind<never, never>,
  [REPLAY_KIND.name]: REPLAY_KIND as GridKind<never, never>,
};
