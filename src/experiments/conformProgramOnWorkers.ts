/**
 * Node only. `spechub conform --workers N` (docs/scaling.md, docs/conformance.md): {@link conformProgram} with the
 * Monte Carlo part of every case run computed on a pool of N worker threads, each run against its own process of
 * the program (started for the run, ended after it); exact mode, shrinking and the report stay in this thread on
 * the program process that `conformProgram` starts. spechub's draft tuples are seeded per case
 * (`deriveSeed(seed, case, k)`) and the parts are folded in case order, so the report is the same for any N
 * (timings apart) whenever the program's answers depend only on its input and on a seed it sets at start, as
 * `spechub serve-verifier` does; a program that draws from an unseeded generator gives different (equally valid)
 * samples on every run, with one worker or many. With `workers: 1` the parts run in this thread, still one
 * process per case run, so that N = 1 and N > 1 see the program in the same state.
 *
 * A reference method given as a `Verifier` object (not a registry id) cannot be sent to a worker: the run then
 * falls back to {@link conformProgram} on one process.
 *
 * @example
 * ```ts
 * // Any program speaking spechub-verifier/1: here the repository's Node RRS (`spechub serve-verifier --method rrs` also works).
 * const program = `"${process.execPath}" examples/verifiers/rrs-node.mjs`;
 * const quick = conformanceSuite('quick');
 * const suite = { ...quick, cases: quick.cases.slice(0, 2), trials: 2000 }; // E1 and E4, 2,000 trials each
 * const report = await conformProgramOnWorkers(program, { draws: 'iid', k: [2], method: 'rrs', mode: 'monte-carlo', suite, seed: 'doc', workers: 1 }); // N workers: the same report
 * report.cases.length; // 2
 * report.rejected; // false: a correct RRS
 * ```
 */
import { conformProgram } from '../conform/conformProgram.ts';
import type { ConformanceOptions, ConformanceReport } from '../conform/runConformance.ts';
import type { MonteCarloCasePart } from '../conform/monteCarloCasePart.ts';
import type { VerifierProcessOptions } from '../conform/startVerifierProcess.ts';
import type { ConformMonteCarloCell, PlainSuite } from './_internals/conformMonteCarloCell.ts';
import { cellTask, defaultWorkers, runCells } from './runCells.ts';

export interface ConformOnWorkersOptions extends ConformanceOptions {
  process?: VerifierProcessOptions;
  /** Worker threads for the Monte Carlo parts (default: the number of cores). */
  workers?: number;
  signal?: AbortSignal;
}

export async function conformProgramOnWorkers(command: string, options: ConformOnWorkersOptions): Promise<ConformanceReport> {
  const { workers = defaultWorkers(), signal, process: processOptions = {}, onCase, monteCarloParts: _, ...rest } = options;
  if (options.mode === 'exact' || (typeof options.method === 'object' && options.method !== null)) return conformProgram(command, options);
  const suite = rest.suite;
  const plainSuite: string | PlainSuite | undefined = typeof suite === 'object'
    ? { ...suite, cases: suite.cases.map((c) => ({ name: c.name, family: c.family, description: c.description, p: c.p.map(String), q: c.q.map(String) })) }
    : suite;
  const { reproduction: __, shrink: ___, exactLimits: ____, ...monteCarloOptions } = rest;
  const cellOptions: ConformMonteCarloCell['options'] = { ...monteCarloOptions, suite: plainSuite, method: (rest.method as string | null | undefined) ?? null };
  return conformProgram(command, {
    ...options,
    onCase,
    monteCarloParts: async (runs, levelPerTest) => {
      const cells: ConformMonteCarloCell[] = runs.map(({ caseIndex, k }) => ({ command, process: processOptions, options: cellOptions, caseIndex, k, levelPerTest }));
      const out = await runCells<ConformMonteCarloCell, MonteCarloCasePart>(cellTask(import.meta.url, './_internals/conformMonteCarloCell', 'conformMonteCarloCell'), cells, { workers, signal });
      return out.results;
    },
  });
}
