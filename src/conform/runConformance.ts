/**
 * The conformance harness: runs a verifier (any {@link VerifierEndpoint}: a program over the
 * `spechub-verifier/1` protocol or an in-process `Verifier`) on every case of a suite at every requested k, in
 * Monte Carlo mode, exact mode or both, and returns the report whose JSON form is the contract of
 * `spechub conform --json` (docs/protocol.md, docs/conformance.md).
 *
 * - Monte Carlo ({@link monteCarloCaseConformance}): output law vs p (pooled G-test), acceptance vs the
 *   reference method's exact value (exact binomial test, with `method`), drafts' law vs the claimed scheme (own drafts
 *   with `method`), and the power (smallest TV detected with probability ≥ 0.9). The overall `level` is split
 *   equally (Bonferroni) over every statistical test of the run: levelPerTest = level / tests, so the
 *   probability that a correct verifier is rejected anywhere is at most `level`.
 * - Exact ({@link exactCaseConformance}): output law = p exactly and acceptance = the reference's value, by
 *   replaying the program along every branch; a failing case is shrunk to a small counterexample
 *   ({@link shrinkCounterexample}) with a ready-to-run `spechub conform` command when `reproduction` is given.
 *
 * A case whose k the draft scheme or the method does not admit is listed in `skipped`; a request the program
 * declines (`{"id", "error"}`) marks the case `declined`; a protocol fault throws a ProtocolError.
 *
 * @example
 * ```ts
 * const report = await runConformance(inProcessEndpoint(rrs), { draws: 'iid', k: [2], method: 'rrs', suite: 'quick' });
 * report.rejected; // false
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import type { ConformanceCase, ConformanceSuite } from './conformanceSuite.ts';
import { type ExactLimits, exactCaseConformance } from './exactCaseConformance.ts';
import { type MonteCarloCasePart, monteCarloCasePart } from './monteCarloCasePart.ts';
import { exactInputProblem } from './_internals/exactInputProblem.ts';
import { type Counterexample, shrinkCounterexample } from './shrinkCounterexample.ts';
import { DeclinedError, PROTOCOL_VERSION, type VerifierEndpoint } from './verifierEndpoint.ts';
import { reproductionCommand } from './_internals/reproductionCommand.ts';
import { resolveConformanceOptions } from './_internals/resolveConformanceOptions.ts';

/** Which checks run: statistical, exact replay, or both. */
export type ConformanceMode = 'monte-carlo' | 'exact' | 'both';

/** Options of {@link runConformance} (the CLI flags of `spechub conform`). */
export interface ConformanceOptions {
  /** How drafts are produced: a scheme spechub draws from, or `external` (the program draws its own). */
  draws: DraftSchemeId | 'external';
  /** Numbers of drafts to test (default 1, 2, 3, 4; each case at each k its scheme admits). */
  k?: number | readonly number[];
  /** Reference method (registry id or Verifier): its exact acceptance is tested, and its scheme is the claimed one for own drafts. */
  method?: string | Verifier | null;
  mode?: ConformanceMode;
  /** A suite name or a custom suite (e.g. one case from vectors). Default `standard`. */
  suite?: string | ConformanceSuite;
  /** Monte Carlo trials per case and k (default: the suite's). */
  trials?: number;
  /** Overall level of the Monte Carlo tests (default 0.001), Bonferroni-split. */
  level?: number;
  seed?: string | number;
  /** Shrink exact-mode failures (default true). */
  shrink?: boolean | { maxEvaluations?: number; maxSeconds?: number };
  exactLimits?: ExactLimits;
  /** Exact mode on this one tuple only (custom single-case suites): conditional law vs the reference's. */
  drafts?: readonly number[];
  batchSize?: number;
  /** The program's command line, to print reproductions (`spechub conform --exec …`). */
  reproduction?: { exec: string };
  /**
   * Computes the Monte Carlo parts of the case runs elsewhere ({@link monteCarloCasePart} for each, e.g. on worker
   * threads against separate processes of the program: `spechub conform --workers N`), in the order given;
   * default: each in turn on `endpoint`.
   */
  monteCarloParts?: (runs: Array<{ caseIndex: number; k: number }>, levelPerTest: number) => Promise<MonteCarloCasePart[]>;
  /** Called after each case (progress). */
  onCase?: (report: ConformanceCaseReport, index: number, total: number) => void;
}

/** A shrunk exact-mode counterexample, fractions as strings (JSON contract, docs/conformance.md). */
export interface CounterexampleReport {
  p: string[];
  q: string[];
  k: number;
  tv: string;
  acceptance: string;
  expectedAcceptance: string | null;
  drafts: number[] | null;
  programLawOnDrafts: string[] | null;
  referenceLawOnDrafts: string[] | null;
  evaluations: number;
  /** The case whose shrinking found it (one shrink per k and kind of failure; later cases reuse it). */
  foundOn: string;
  command: string | null;
  commandOnDrafts: string | null;
}

/** One case at one k in the report (JSON contract, docs/conformance.md). */
export interface ConformanceCaseReport {
  name: string;
  family: string;
  n: number;
  k: number;
  trials: number | null;
  outputLaw: { statistic: number | null; pValue: number; rejected: boolean; degreesOfFreedom: number; cells: number } | null;
  acceptance: { estimate: number; ci95: [number, number]; exact: number | null; pValue: number | null; rejected: boolean } | null;
  exact: {
    law: 'equal' | 'differs';
    tv: string;
    acceptance: string;
    expectedAcceptance: string | null;
    acceptanceEqual: boolean | null;
    tuples: number;
    runs: number;
    counterexample: CounterexampleReport | null;
  } | null;
  powerTv: number | null;
  draftLaw: { statistic: number | null; pValue: number; rejected: boolean; tuples: number } | null;
  rejected: boolean;
  declined: string | null;
  failures: string[];
  notes: string[];
  seconds: number;
}

/** The whole report: `spechub conform --json` prints exactly this object. */
export interface ConformanceReport {
  protocol: typeof PROTOCOL_VERSION;
  mode: ConformanceMode;
  suite: string;
  suiteVersion: number;
  program: string;
  draws: string;
  method: string | null;
  k: number[];
  trials: number | null;
  seed: string;
  level: number | null;
  tests: number;
  levelPerTest: number | null;
  correction: string;
  cases: ConformanceCaseReport[];
  skipped: Array<{ name: string; k: number; reason: string }>;
  declined: number;
  rejected: boolean;
}

export async function runConformance(endpoint: VerifierEndpoint, options: ConformanceOptions): Promise<ConformanceReport> {
  const resolved = resolveConformanceOptions(options);
  const { mode, suite, ks, level, trials, seed, reference, external, scheme, claimed } = resolved;
  const runMonteCarlo = mode !== 'exact';
  const runExact = mode !== 'monte-carlo';

  // Instances (case, k) and the number of statistical tests (Bonferroni).
  const instances: Array<{ c: ConformanceCase; caseIndex: number; k: number }> = [];
  const skipped: ConformanceReport['skipped'] = [];
  for (const [caseIndex, c] of suite.cases.entries()) {
    for (const k of ks) {
      try {
        if (claimed !== null) claimed.check(floatField, Float64Array.from(c.q, (x) => x.toNumber()), k);
        if (reference !== null && !reference.verifier.supportsK(k)) throw new SpechubError('UNSUPPORTED_K', `method '${reference.verifier.id}' is not defined for k = ${k}`);
        instances.push({ c, caseIndex, k });
      } catch (e) {
        if (!(e instanceof SpechubError)) throw e;
        skipped.push({ name: c.name, k, reason: e.message });
      }
    }
  }
  const testsPerInstance = runMonteCarlo ? 1 + (reference !== null ? 1 : 0) + (external && claimed !== null ? 1 : 0) : 0;
  const tests = instances.length * testsPerInstance;
  const levelPerTest = tests > 0 ? level / tests : null;
  const correction = tests > 0
    ? `Bonferroni: level ${level} split over ${tests} tests (${instances.length} cases × ${testsPerInstance}), ${levelPerTest!.toPrecision(3)} per test`
    : 'no statistical tests (exact mode)';
  const shrinkOptions = options.shrink === false ? null : typeof options.shrink === 'object' ? options.shrink : {};

  const cases: ConformanceCaseReport[] = [];
  const counterexamples = new Map<string, { counterexample: Counterexample; foundOn: string }>();
  // Monte Carlo parts computed elsewhere (other threads, other processes of the program), folded in case order.
  const precomputed = runMonteCarlo && options.monteCarloParts !== undefined && instances.length > 0
    ? await options.monteCarloParts(instances.map(({ caseIndex, k }) => ({ caseIndex, k })), levelPerTest!)
    : null;
  if (precomputed !== null && precomputed.length !== instances.length) throw new SpechubError('INVALID_ARGUMENT', `monteCarloParts returned ${precomputed.length} parts for ${instances.length} case runs`);
  let index = 0;
  for (const [instanceIndex, instance] of instances.entries()) {
    const { c, k } = instance;
    const started = performance.now();
    let monteCarloSeconds = 0;
    const n = c.p.length;
    const report: ConformanceCaseReport = {
      name: c.name, family: c.family, n, k, trials: null, outputLaw: null, acceptance: null, exact: null, powerTv: null, draftLaw: null,
      rejected: false, declined: null, failures: [], notes: [], seconds: 0,
    };
    try {
      if (runMonteCarlo) {
        const part = precomputed !== null ? precomputed[instanceIndex]! : await monteCarloCasePart(endpoint, options, instance.caseIndex, k, levelPerTest!, resolved);
        report.trials = part.trials;
        report.outputLaw = part.outputLaw;
        report.acceptance = part.acceptance;
        report.powerTv = part.powerTv;
        report.draftLaw = part.draftLaw;
        report.failures.push(...part.failures);
        if (precomputed !== null) monteCarloSeconds = part.seconds;
        report.notes.push(...part.notes);
        if (part.declined !== null) throw new DeclinedError(part.declined.note, part.declined.programMessage);
      }
      if (runExact) {
        const reason = exactInputProblem(c);
        if (reason !== null) report.notes.push(`exact mode skipped: ${reason}`);
        else {
          const r = await exactCaseConformance(endpoint, scheme!, c.p, c.q, k, { caseName: c.name, reference: reference?.verifier ?? null, drafts: options.drafts, limits: options.exactLimits });
          if (r.status === 'skipped') report.notes.push(`exact mode skipped: ${r.reason}`);
          else {
            report.exact = {
              law: r.lawEqual ? 'equal' : 'differs', tv: r.tv.toString(), acceptance: r.acceptance.toString(),
              expectedAcceptance: r.expectedAcceptance?.toString() ?? null, acceptanceEqual: r.acceptanceEqual, tuples: r.tuples, runs: r.runs, counterexample: null,
            };
            const target = options.drafts === undefined ? 'p' : `${reference!.verifier.id}'s conditional law on drafts [${options.drafts.join(', ')}]`;
            const tvText = r.tv.toString().length <= 40 ? `${r.tv} ≈ ${r.tv.toNumber().toPrecision(4)}` : `≈ ${r.tv.toNumber().toPrecision(4)} (exact fraction in the JSON report)`;
            if (!r.lawEqual) report.failures.push(`exact output law differs from ${target}: TV = ${tvText}${r.impossibleToken !== null ? `; ${r.impossibleToken}` : ''}`);
            if (r.acceptanceEqual === false) report.failures.push(`exact acceptance ${r.acceptance} ≈ ${r.acceptance.toNumber().toPrecision(6)} differs from ${reference!.verifier.id}'s ${r.expectedAcceptance} ≈ ${r.expectedAcceptance!.toNumber().toPrecision(6)}`);
            if ((!r.lawEqual || r.acceptanceEqual === false) && shrinkOptions !== null && options.drafts === undefined) {
              // One shrink per (k, kind of failure): a counterexample already found is a valid witness for every
              // later case failing the same way at the same k (exact laws do not change between runs).
              const failure = r.lawEqual ? 'acceptance' : 'law';
              const key = `${k}/${failure}`;
              let shrunk = counterexamples.get(key);
              if (shrunk === undefined) {
                const found = await shrinkCounterexample(endpoint, scheme!, { p: c.p, q: c.q, k }, { failure, reference: reference?.verifier ?? null, limits: options.exactLimits, ...shrinkOptions });
                shrunk = { counterexample: found, foundOn: c.name };
                counterexamples.set(key, shrunk);
              }
              const { counterexample, foundOn } = shrunk;
              const str = (v: readonly Rational[] | null) => (v === null ? null : v.map(String));
              const base = options.reproduction === undefined ? null : { exec: options.reproduction.exec, draws: options.draws, k, method: reference?.id ?? null, p: counterexample.p, q: counterexample.q };
              report.exact.counterexample = {
                p: str(counterexample.p)!, q: str(counterexample.q)!, k, tv: counterexample.tv.toString(), acceptance: counterexample.acceptance.toString(),
                expectedAcceptance: counterexample.expectedAcceptance?.toString() ?? null, drafts: counterexample.drafts,
                programLawOnDrafts: str(counterexample.conditional?.program ?? null), referenceLawOnDrafts: str(counterexample.conditional?.reference ?? null),
                evaluations: counterexample.evaluations,
                foundOn,
                command: base === null ? null : reproductionCommand(base),
                commandOnDrafts: base === null || counterexample.drafts === null ? null : reproductionCommand({ ...base, drafts: counterexample.drafts }),
              };
            }
          }
        }
      }
    } catch (e) {
      if (!(e instanceof DeclinedError)) throw e;
      report.declined = e.programMessage;
      report.notes.push(e.message);
    }
    report.rejected = report.failures.length > 0;
    report.seconds = monteCarloSeconds + (performance.now() - started) / 1000;
    cases.push(report);
    options.onCase?.(report, index++, instances.length);
  }
  return {
    protocol: PROTOCOL_VERSION,
    mode,
    suite: suite.name,
    suiteVersion: suite.version,
    program: endpoint.name,
    draws: options.draws,
    method: reference === null ? null : reference.id ?? reference.verifier.id,
    k: ks,
    trials: runMonteCarlo ? trials : null,
    seed,
    level: runMonteCarlo ? level : null,
    tests,
    levelPerTest,
    correction,
    cases,
    skipped,
    declined: cases.filter((c) => c.declined !== null).length,
    rejected: cases.some((c) => c.rejected),
  };
}
