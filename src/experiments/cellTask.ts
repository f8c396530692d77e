/**
 * The reference to a cell function that worker threads import by URL (docs/scaling.md): `cellTask(import.meta.url,
 * './myCells', 'name')` names the export `name` of the module `./myCells` beside the caller, with the caller's own
 * extension — `.ts` when running TypeScript sources under tsx, `.js` under the compiled dist/ — so the same code
 * works in tests and in an installed package. No Node built-ins here: grid definitions import it freely.
 *
 * @example
 * ```ts
 * cellTask('file:///app/dist/experiments/sweepGrid.js', './sweepGrid', 'sweepCell');
 * // { module: 'file:///app/dist/experiments/sweepGrid.js', name: 'sweepCell' }
 * ```
 */

/** A cell function: `module` is a file URL, `name` the export to call. */
export interface CellTask {
  module: string;
  name: string;
}

/** What a cell function receives besides its cell. */
export interface CellContext<P = unknown> {
  prepared: P;
  /** Fraction of this cell done, in [0, 1] (for progress bars; throttled to 1 % steps across threads). */
  progress(fraction: number): void;
}

/** The task `name` exported by the module `specifier` (no extension) next to `base` (the caller's `import.meta.url`). */
export function cellTask(base: string, specifier: string, name: string): CellTask {
  const extension = /\.ts$/.test(new URL(base).pathname) ? '.ts' : '.js';
  return { module: new URL(specifier + extension, base).href, name };
}

/** A context for running a cell function directly in this thread (no progress, the given prepared data). */
export function inThreadContext<P>(prepared: P): CellContext<P> {
  return { prepared, progress: () => {} };
}
