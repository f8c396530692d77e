/**
 * Test support for the CLI's tests (not exported from any entry point): runs one command in process through
 * `runCli` with stdout and stderr captured, and the command-line form of the spec's vector E4 (theory §7.1).
 */
import { E4 } from '../../../property-tests/helpers.ts';
import { runCli } from '../main.ts';

/** What one in-process CLI run printed, its exit code and its wall time. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs `spechub <argv…>` in this process, capturing its output (no files, no child process). */
export async function runCaptured(...argv: string[]): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}

/** `--target … --draft …` for E4: p = (1/10, 1/5, 3/10, 2/5), q = (2/5, 3/10, 1/5, 1/10). */
export const E4_ARGS: readonly string[] = ['--target', E4.p.map(String).join(','), '--draft', E4.q.map(String).join(',')];
