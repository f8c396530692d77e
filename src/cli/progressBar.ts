/**
 * A one-line progress bar on stderr for long CLI runs: `[#######.........] 12/27 label`, redrawn in place
 * (carriage return) only when the line changes, ended by a newline when done.
 *
 * @example
 * ```ts
 * const progress = progressBar(io);
 * progress(3, 12, 'tree 2^3'); // [######..................] 3/12 tree 2^3
 * ```
 */
import type { CliIo } from './command.ts';

export function progressBar(io: CliIo, enabled = true): (done: number, total: number, label: string) => void {
  let last = '';
  return (done, total, label) => {
    if (!enabled) return;
    const width = 24;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(width * fraction);
    const finished = done >= total;
    const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(done)}/${total} ${label}`.padEnd(90);
    if (line === last) return;
    last = line;
    io.stderr(line + (finished ? '\n' : ''));
  };
}
