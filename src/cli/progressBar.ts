/**
 * Progress on stderr for long CLI runs. On a terminal, a one-line bar `[#######.........] 12/27 label`
 * redrawn in place (carriage return) only when the line changes, ended by a newline when done. When stderr
 * is redirected (a file, a pipe, CI logs), no frames are drawn: plain lines instead, one when the label
 * changes or another tenth of the work is done, so that logs stay readable. `--no-progress` turns both off.
 *
 * @example
 * ```ts
 * const written: string[] = [];
 * const io = { stdout: (text: string) => void written.push(text), stderr: (text: string) => void written.push(text) };
 * const progress = progressBar(io, progressMode({}, false)); // 'lines' when stderr is not a terminal
 * progress(3, 12, 'tree 2^3');
 * written[0]; // '[######..................] 3/12 tree 2^3\n'
 * ```
 */
import type { CliIo } from './command.ts';

/** `frames`: redrawn bar (terminals); `lines`: plain lines (redirected stderr); `off`: nothing. */
export type ProgressMode = 'frames' | 'lines' | 'off';

/** The mode for a command's values: off with `--no-progress`, frames when stderr is a terminal, else lines. */
export function progressMode(values: Record<string, unknown>, stderrIsTerminal = process.stderr.isTTY === true): ProgressMode {
  if (values['no-progress'] === true) return 'off';
  return stderrIsTerminal ? 'frames' : 'lines';
}

export function progressBar(io: CliIo, mode: ProgressMode | boolean = 'frames'): (done: number, total: number, label: string) => void {
  const m: ProgressMode = mode === true ? 'frames' : mode === false ? 'off' : mode;
  let last = '';
  let lastLabel = '';
  let lastTenth = -1;
  return (done, total, label) => {
    if (m === 'off') return;
    const width = 24;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(width * fraction);
    const finished = done >= total;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(done)}/${total} ${label}`;
    if (m === 'lines') {
      const tenth = Math.floor(10 * fraction);
      if (label === lastLabel && tenth === lastTenth) return;
      lastLabel = label;
      lastTenth = tenth;
      io.stderr(bar + '\n');
      return;
    }
    const line = `\r${bar}`.padEnd(90);
    if (line === last) return;
    last = line;
    io.stderr(line + (finished ? '\n' : ''));
  };
}
