/**
 * Node-only crash injection, for the tests that prove spechub's files survive a crash: when the environment
 * variable `SPECHUB_FAULT` names this point (`name`, or `name#n` for its n-th passage, counted from 1), the
 * process kills itself with SIGKILL right there, as a power cut or `kill -9` would. Without the variable it
 * does nothing (one environment lookup).
 *
 * Points: `write-before-rename` (writeFileAtomic: the temporary file is complete, not yet renamed),
 * `train-state-files-written` (the resume snapshot's files are written, the snapshot folder not yet renamed),
 * `train-state-renamed` (the new snapshot is in place, the old one not yet removed),
 * `train-output-written` (the partial checkpoint is written, the resume snapshot not yet).
 *
 * @example
 * ```ts
 * faultPoint('write-before-rename'); // SPECHUB_FAULT=write-before-rename#2 kills at the second file written
 * ```
 */
const passages = new Map<string, number>();

export function faultPoint(name: string): void {
  const spec = typeof process === 'undefined' ? undefined : process.env.SPECHUB_FAULT;
  if (spec === undefined || spec === '') return;
  const [wanted, nth] = spec.split('#');
  if (wanted !== name) return;
  const count = (passages.get(name) ?? 0) + 1;
  passages.set(name, count);
  if (nth === undefined || Number(nth) === count) process.kill(process.pid, 'SIGKILL');
}
