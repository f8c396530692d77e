/**
 * Every grid kind whose shards `spechub merge` combines ({@link mergePartialResults}), by the name a partial
 * result records. A new grid command adds its kind here (its `finish` and `text` are the code its unsharded run
 * uses, so merged output = unsharded output).
 *
 * @example
 * ```ts
 * Object.keys(GRID_KINDS).length; // 8
 * GRID_KINDS['e2e-sweep']!.name; // 'e2e-sweep'
 * const empty = GRID_KINDS.sweep!.finish({ options: { seed: 'doc' }, timing: false } as never, []); // no cells, no rows
 * JSON.parse(GRID_KINDS.sweep!.text(empty)).rows.length; // 0
 * ```
 */
import { END_TO_END_SWEEP_KIND } from './endToEndSweepGrid.ts';
import { ACCEPTANCE_VS_K_KIND } from './figures/acceptanceVsK.ts';
import { ACCEPTANCE_VS_TEMPERATURE_KIND } from './figures/acceptanceVsTemperature.ts';
import { OPTIMALITY_GAP_KIND } from './figures/optimalityGap.ts';
import { TOKENS_PER_STEP_KIND } from './figures/tokensPerStep.ts';
import { TREE_VERIFIER_GAP_KIND } from './figures/treeVerifierGap.ts';
import { REPLAY_KIND } from './replayGrid.ts';
import type { GridKind } from './runGrid.ts';
import { SWEEP_KIND } from './sweepGrid.ts';

const KINDS: Array<GridKind<never, never>> = [
  SWEEP_KIND,
  REPLAY_KIND,
  ACCEPTANCE_VS_TEMPERATURE_KIND,
  ACCEPTANCE_VS_K_KIND,
  OPTIMALITY_GAP_KIND,
  TOKENS_PER_STEP_KIND,
  TREE_VERIFIER_GAP_KIND,
  END_TO_END_SWEEP_KIND,
] as unknown as Array<GridKind<never, never>>;

export const GRID_KINDS: Readonly<Record<string, GridKind<never, never>>> = Object.fromEntries(KINDS.map((k) => [k.name, k]));
