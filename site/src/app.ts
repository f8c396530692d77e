/**
 * The controller every panel talks to: the one state, the derived pair, and `update` (state → URL → panels).
 */
import type { AcceptanceView } from './logic/acceptanceModel.ts';
import type { Pair } from './logic/pair.ts';
import type { PlaygroundState } from './logic/state.ts';

export interface App {
  readonly state: PlaygroundState;
  /** The pair of the current state (valid: edits that would break it are refused before they land). */
  readonly pair: Pair;
  /** The acceptance panel's latest view (optima, minimising sets). */
  readonly view: AcceptanceView;
  /**
   * Changes the state, writes it to the URL and redraws: the distributions and acceptance panels at once,
   * the others after input settles. `edit: true` marks the vectors as no longer a preset.
   */
  update(patch: Partial<PlaygroundState>, options?: { edit?: boolean }): void;
  /** Reports a refused input in the page's status line (never on the console). */
  report(message: string): void;
}
