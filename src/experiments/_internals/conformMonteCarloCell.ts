/**
 * The cell function of `spechub conform --workers N` (../conformProgramOnWorkers.ts): starts its own process of
 * the program, computes one case run's Monte Carlo part ({@link monteCarloCasePart}) and ends the process, so a
 * part depends only on the case, k, the seeds and the program, never on which thread or which earlier cases
 * ran. The options travel as JSON values (a custom suite's fractions as strings) and are resolved once per
 * thread.
 */
import { Rational } from '../../core/rational.ts';
import type { ConformanceOptions } from '../../conform/runConformance.ts';
import { type MonteCarloCasePart, monteCarloCasePart } from '../../conform/monteCarloCasePart.ts';
import { startVerifierProcess, type VerifierProcessOptions } from '../../conform/startVerifierProcess.ts';

/** A custom suite with its fractions as strings (structured clone drops the Rational class). */
export interface PlainSuite {
  name: string;
  version: number;
  trials: number;
  cases: Array<{ name: string; family: string; description: string; p: string[]; q: string[] }>;
}

export interface ConformMonteCarloCell {
  command: string;
  process: VerifierProcessOptions;
  /** The run's options without functions; `suite` a name or a {@link PlainSuite}. */
  options: Omit<ConformanceOptions, 'suite' | 'method' | 'onCase' | 'monteCarloParts'> & { suite?: string | PlainSuite; method?: string | null };
  caseIndex: number;
  k: number;
  levelPerTest: number;
}

let cached: { key: string; options: ConformanceOptions } | null = null;

function optionsOf(cell: ConformMonteCarloCell): ConformanceOptions {
  const key = JSON.stringify(cell.options);
  if (cached?.key !== key) {
    const suite = cell.options.suite;
    cached = {
      key,
      options: {
        ...cell.options,
        suite: typeof suite === 'object' ? { ...suite, cases: suite.cases.map((c) => ({ ...c, p: c.p.map((x) => Rational.parse(x)), q: c.q.map((x) => Rational.parse(x)) })) } : suite,
      },
    };
  }
  return cached.options;
}

export async function conformMonteCarloCell(cell: ConformMonteCarloCell): Promise<MonteCarloCasePart> {
  const options = optionsOf(cell);
  const endpoint = await startVerifierProcess(cell.command, cell.process);
  try {
    return await monteCarloCasePart(endpoint, options, cell.caseIndex, cell.k, cell.levelPerTest);
  } finally {
    await endpoint.close();
  }
}
