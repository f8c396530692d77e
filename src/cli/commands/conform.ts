/**
 * `spechub conform`: certifies a verifier program written in any language over the `spechub-verifier/1`
 * protocol (docs/protocol.md): Monte Carlo (output law, acceptance, power) and exact mode (replay of every
 * branch, shrunk counterexamples) on a versioned suite of cases (docs/conformance.md).
 * Exit code: 0 every case passes, 1 a case rejects (or is declined without --allow-declined), 2 usage or
 * protocol error.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['conform', '--help'], io); // 0
 * out.join('').startsWith('spechub conform'); // true: the usage and options
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { Rational } from '../../core/rational.ts';
import { type ConformanceCase, type ConformanceSuite, SUITE_NAMES } from '../../conform/conformanceSuite.ts';
import type { ConformanceCaseReport, ConformanceMode, ConformanceReport } from '../../conform/runConformance.ts';
import { ParseError } from '../../core/errors.ts';
import { type CliIo, type Command, integerOption, numberOption, requireString } from '../command.ts';
import { conformProgramOnWorkers } from '../../experiments/conformProgramOnWorkers.ts';
import { workersOption } from '../gridOptions.ts';
import { readPair } from '../vectors.ts';

/** "2", "1-4" or "1,2,4" → [2], [1, 2, 3, 4], [1, 2, 4]. */
export function parseKList(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (range === null) throw new ParseError(`--k must be a number, a list (1,2,4) or a range (1-4), got '${text}'`);
    const lo = Number(range[1]);
    const hi = range[2] === undefined ? lo : Number(range[2]);
    if (lo < 1 || hi > 64 || lo > hi) throw new ParseError(`--k values must lie in 1..64, got '${part.trim()}'`);
    for (let k = lo; k <= hi; k++) out.add(k);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The one-case suite given on the command line (--target/--draft).
 * HOOK (vector files): `--target-file`/`--draft-file` are being added to the CLI by another change; when they land,
 * read the files here into the same (p, q) rationals (exact when they sum to exactly 1) and return this suite.
 */
function customSuite(values: Record<string, unknown>, trials: number): ConformanceSuite | null {
  if (values.target === undefined && values.draft === undefined) return null;
  const pair = readPair(requireString(values, 'target'), requireString(values, 'draft'));
  const p = pair.exact?.p ?? Array.from(pair.p, (x) => Rational.fromNumber(x));
  const q = pair.exact?.q ?? Array.from(pair.q, (x) => Rational.fromNumber(x));
  const c: ConformanceCase = { name: 'custom', family: 'command line', description: 'vectors from --target/--draft', p, q };
  return { name: 'custom', version: 1, trials, cases: [c] };
}

/** A fraction string's value as a float. */
const fractionValue = (text: string) => Rational.parse(text).toNumber();

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : x.toPrecision(digits));

function caseLine(c: ConformanceCaseReport): string {
  const parts: string[] = [];
  if (c.outputLaw !== null) {
    parts.push(`law p-value ${fmt(c.outputLaw.pValue, 3)}`);
    if (c.acceptance !== null) {
      const a = c.acceptance;
      parts.push(`α ${a.estimate.toFixed(4)}${a.exact !== null ? ` vs ${a.exact.toFixed(4)}` : ''}`);
    }
    parts.push(`power: TV ≥ ${fmt(c.powerTv, 2)} seen w.p. 0.9`);
  }
  if (c.exact !== null) {
    const tv = c.exact.tv.length <= 24 ? c.exact.tv : `≈ ${fractionValue(c.exact.tv).toPrecision(4)}`;
    parts.push(`exact: law ${c.exact.law === 'equal' ? '= p' : `≠ p (TV ${tv})`}${c.exact.acceptanceEqual === null ? '' : c.exact.acceptanceEqual ? ', α equal' : `, α ${c.exact.acceptance} ≠ ${c.exact.expectedAcceptance}`}`);
  }
  const status = c.declined !== null ? 'DECLINED' : c.rejected ? 'REJECTED' : 'ok';
  return `  ${status.padEnd(8)} ${c.name.padEnd(26)} n=${String(c.n).padEnd(6)} k=${c.k}  ${parts.join('; ')}`;
}

function caseDetails(c: ConformanceCaseReport): string {
  const lines: string[] = [];
  for (const f of c.failures) lines.push(`      ✗ ${f}`);
  if (c.declined !== null) lines.push(`      the program declined: ${c.declined}`);
  for (const note of c.notes) if (c.declined === null) lines.push(`      note: ${note}`);
  const x = c.exact?.counterexample;
  if (x !== undefined && x !== null) {
    const origin = x.foundOn === c.name ? `shrunk, ${x.evaluations} exact replays of the program` : `found while shrinking ${x.foundOn}, same k and failure`;
    lines.push(`      counterexample (${origin}): p = (${x.p.join(', ')}), q = (${x.q.join(', ')}), k = ${x.k}: TV(law, p) = ${x.tv}, α = ${x.acceptance}${x.expectedAcceptance !== null ? ` (expected ${x.expectedAcceptance})` : ''}`);
    if (x.command !== null) lines.push(`      reproduce: ${x.command}`);
    if (x.drafts !== null) {
      lines.push(`      on drafts (${x.drafts.join(', ')}) the program outputs (${x.programLawOnDrafts!.join(', ')}), the method (${x.referenceLawOnDrafts!.join(', ')})`);
      if (x.commandOnDrafts !== null) lines.push(`      reproduce on these drafts: ${x.commandOnDrafts}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function summary(report: ConformanceReport, allowDeclined: boolean): string {
  const rejected = report.cases.filter((c) => c.rejected).length;
  const lines = [
    '',
    `${report.cases.length} case runs (suite ${report.suite} v${report.suiteVersion}, k ∈ {${report.k.join(', ')}}): ${report.cases.length - rejected - report.declined} passed, ${rejected} rejected, ${report.declined} declined${report.skipped.length > 0 ? `; ${report.skipped.length} (case, k) not admitted by the draft scheme or method` : ''}`,
    `level: ${report.correction}`,
  ];
  if (report.declined > 0 && !allowDeclined) lines.push('declined cases count as failures (pass --allow-declined to accept them)');
  lines.push(report.rejected ? 'conformance REJECTED' : report.declined > 0 && !allowDeclined ? 'conformance INCOMPLETE' : 'conformance passed');
  return lines.join('\n') + '\n';
}

export const conformCommand: Command = {
  name: 'conform',
  summary: 'certify a verifier program in any language (exact replay and Monte Carlo, spechub-verifier/1 protocol)',
  usage: `spechub conform --exec "<command line>" --draws iid|wor|hub|greedy|greedy-q|external [--k K] [--method <id>]
                [--mode monte-carlo|exact|both] [--suite quick|standard|full] [--trials N] [--level 0.001]
                [--seed s] [--json] [--timeout seconds] [--target <v> --draft <v> [--drafts t,t]]
                [--no-shrink] [--allow-declined] [--batch N] [--workers N]

  --exec      the program, started with sh -c; it speaks spechub-verifier/1 on stdin/stdout (docs/protocol.md)
  --draws     the draft scheme spechub draws tuples from (black box), or 'external': the program draws its own
              drafts (draft_and_verify; Monte Carlo only; with --method their law is tested against its scheme)
  --k         numbers of drafts: 2, a list 1,2,4 or a range 1-4 (default 1-4; each case at each k its scheme admits)
  --method    the reference method (rrs, rrsw, kseq, spechub, greedy, greedy-q, sd, otm, otm-wor, khisti): its
              exact acceptance is tested, and exact-mode counterexamples show where the program departs from it
  --mode      both (default), monte-carlo or exact
  --suite     quick (13 cases, 20,000 trials), standard (46 cases, 100,000 trials; default) or full (62, 10^6)
  --trials    Monte Carlo trials per case and k (default: the suite's)
  --level     overall level of the Monte Carlo tests (default 0.001), split (Bonferroni) over every test
  --seed      seed of spechub's draws (default 0); same seed, same draft tuples
  --timeout   seconds to wait for each reply (default 60)
  --target, --draft   one custom case instead of a suite (comma-separated decimals or fractions)
  --drafts    with a custom case, --mode exact and --method: replay only this tuple and compare the
              program's conditional law with the method's
  --no-shrink do not shrink exact-mode failures
  --allow-declined    cases the program declines ({"id", "error"}) do not fail the run
  --batch     draft tuples per verify request (default 8192, more for large vocabularies)
  --workers N Monte Carlo case runs on N worker threads (default: the number of cores), each case run
              against its own process of the program; the report is the same for any N (timings apart) when
              the program's answers depend only on its input and a seed it sets at start (serve-verifier does)
  --json      print the report as one JSON object (docs/conformance.md)
Exit code: 0 every case passes, 1 a case rejects, 2 usage or protocol error.`,
  options: {
    exec: { type: 'string' },
    draws: { type: 'string' },
    k: { type: 'string' },
    method: { type: 'string' },
    mode: { type: 'string' },
    suite: { type: 'string' },
    trials: { type: 'string' },
    level: { type: 'string' },
    seed: { type: 'string' },
    timeout: { type: 'string' },
    target: { type: 'string' },
    draft: { type: 'string' },
    drafts: { type: 'string' },
    'no-shrink': { type: 'boolean' },
    'allow-declined': { type: 'boolean' },
    batch: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io: CliIo) {
    const exec = requireString(values, 'exec');
    const draws = requireString(values, 'draws');
    if (!['iid', 'wor', 'hub', 'greedy', 'greedy-q', 'external'].includes(draws)) throw new ParseError(`--draws must be iid, wor, hub, greedy, greedy-q or external, got '${draws}'`);
    const mode = (values.mode ?? 'both') as ConformanceMode;
    if (!['monte-carlo', 'exact', 'both'].includes(mode)) throw new ParseError(`--mode must be monte-carlo, exact or both, got '${mode}'`);
    const suiteName = typeof values.suite === 'string' ? values.suite : 'standard';
    if (!(SUITE_NAMES as readonly string[]).includes(suiteName)) throw new ParseError(`--suite must be one of ${SUITE_NAMES.join(', ')}, got '${suiteName}'`);
    const ks = typeof values.k === 'string' ? parseKList(values.k) : undefined;
    const trials = values.trials === undefined ? undefined : integerOption(values, 'trials', undefined, 1, 1e10);
    const level = numberOption(values, 'level', 0.001, 1e-15, 0.5);
    const timeout = numberOption(values, 'timeout', 60, 0.01, 86_400);
    const batchSize = values.batch === undefined ? undefined : integerOption(values, 'batch', undefined, 1, 1_000_000);
    const custom = customSuite(values, trials ?? 100_000);
    let drafts: number[] | undefined;
    if (typeof values.drafts === 'string') {
      if (custom === null) throw new ParseError('--drafts needs a custom case (--target and --draft)');
      drafts = values.drafts.split(',').map((t) => {
        const x = Number(t.trim());
        if (!Number.isInteger(x) || x < 0 || x >= custom.cases[0]!.p.length) throw new ParseError(`--drafts must list tokens in 0..${custom.cases[0]!.p.length - 1}, got '${values.drafts}'`);
        return x;
      });
    }
    const workers = workersOption(values);
    const allowDeclined = values['allow-declined'] === true;
    const json = values.json === true;
    const method = typeof values.method === 'string' ? values.method : null;
    const onSignal = () => process.exit(130); // the exit hook of startVerifierProcess kills the program
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const report = await conformProgramOnWorkers(exec, {
        workers,
        draws: draws as Parameters<typeof conformProgramOnWorkers>[1]['draws'],
        k: drafts !== undefined && ks === undefined ? [drafts.length] : ks,
        method,
        mode,
        suite: custom ?? suiteName,
        trials,
        level,
        seed: typeof values.seed === 'string' ? values.seed : 0,
        shrink: values['no-shrink'] !== true,
        drafts,
        batchSize,
        process: { timeoutSeconds: timeout },
        onCase: json ? undefined : (c, index, total) => {
          if (index === 0) io.stdout(`spechub conform: ${exec}\ncases (${total} runs):\n`);
          io.stdout(caseLine(c) + '\n' + caseDetails(c));
        },
      });
      if (json) io.stdout(JSON.stringify(report) + '\n');
      else {
        if (report.cases.length === 0) io.stdout('no case run: the draft scheme or method admits none of the requested k\n');
        io.stdout(`program: ${report.program}\n`);
        io.stdout(summary(report, allowDeclined));
      }
      if (report.rejected) return 1;
      if (report.declined > 0 && !allowDeclined) return 1;
      if (report.cases.length === 0) throw new SpechubError('INVALID_ARGUMENT', 'no case could run at the requested k');
      return 0;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};
