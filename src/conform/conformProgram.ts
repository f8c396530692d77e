/**
 * Node only. Certifies a verifier program written in any language: starts it (`command`, a shell command line),
 * runs the conformance harness over the `spechub-verifier/1` protocol ({@link runConformance}) and always ends
 * the program (bye, then kill), also when the run fails. This is `spechub conform --exec "<command>"`.
 *
 * @example
 * ```ts
 * const report = await conformProgram('python3 examples/verifiers/rrs.py', { draws: 'iid', k: [2], method: 'rrs', suite: 'quick' });
 * report.rejected; // false for a correct RRS
 * ```
 */
import { type ConformanceOptions, type ConformanceReport, runConformance } from './runConformance.ts';
import { startVerifierProcess, type VerifierProcessOptions } from './startVerifierProcess.ts';
import { resolveConformanceOptions } from './_internals/resolveConformanceOptions.ts';

export async function conformProgram(command: string, options: ConformanceOptions & { process?: VerifierProcessOptions }): Promise<ConformanceReport> {
  resolveConformanceOptions(options); // usage errors before the program starts
  const endpoint = await startVerifierProcess(command, options.process ?? {});
  try {
    return await runConformance(endpoint, { reproduction: { exec: command }, ...options });
  } finally {
    await endpoint.close();
  }
}
