/**
 * The Monte Carlo part of one case's report (docs/conformance.md): runs {@link monteCarloCaseConformance} on
 * `(suite case caseIndex, k)` with the case's own seed `deriveSeed(seed, case name, k)` and turns its result into
 * the report's Monte Carlo fields, failure lines and notes, or records that the program declined. It depends only
 * on the options, the case, k, the per-test level and the program's answers, so the parts of a run can be
 * computed in any order, on any thread, against separate processes of the same program
 * (`spechub conform --workers N`, src/experiments/conformProgramOnWorkers.ts), and folded by
 * {@link runConformance} in case order.
 *
 * @example
 * ```ts
 * const part = await monteCarloCasePart(inProcessEndpoint(rrs), { draws: 'iid', method: 'rrs', suite: 'quick' }, 0, 2, 1e-5);
 * part.failures; // [] for a correct RRS
 * ```
 */
import { floatField, rationalField } from '../core/field.ts';
import { SpechubError } from '../core/errors.ts';
import { deriveSeed } from '../random/createRng.ts';
import { monteCarloCaseConformance } from './monteCarloCaseConformance.ts';
import type { ConformanceCaseReport, ConformanceOptions } from './runConformance.ts';
import { DeclinedError, type VerifierEndpoint } from './verifierEndpoint.ts';
import { exactInputProblem } from './_internals/exactInputProblem.ts';
import { type ResolvedConformanceOptions, resolveConformanceOptions } from './_internals/resolveConformanceOptions.ts';

/** The Monte Carlo fields of a case report, its failures and notes, and the program's refusal if it declined. */
export interface MonteCarloCasePart {
  name: string;
  k: number;
  /** Wall time of the part (added to the case's `seconds`). */
  seconds: number;
  trials: number | null;
  outputLaw: ConformanceCaseReport['outputLaw'];
  acceptance: ConformanceCaseReport['acceptance'];
  powerTv: number | null;
  draftLaw: ConformanceCaseReport['draftLaw'];
  failures: string[];
  notes: string[];
  /** The program declined: its message and spechub's note (the case's exact mode is then not run). */
  declined: { programMessage: string; note: string } | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function monteCarloCasePart(
  endpoint: VerifierEndpoint,
  options: ConformanceOptions,
  caseIndex: number,
  k: number,
  levelPerTest: number,
  resolved: ResolvedConformanceOptions = resolveConformanceOptions(options),
): Promise<MonteCarloCasePart> {
  const started = performance.now();
  const { suite, trials, seed, reference, external, scheme, claimed } = resolved;
  const c = suite.cases[caseIndex];
  if (c === undefined) throw new SpechubError('INVALID_ARGUMENT', `suite ${suite.name} has no case ${caseIndex}`);
  const part: MonteCarloCasePart = { name: c.name, k, seconds: 0, trials: null, outputLaw: null, acceptance: null, powerTv: null, draftLaw: null, failures: [], notes: [], declined: null };
  const n = c.p.length;
  const pf = Float64Array.from(c.p, (x) => x.toNumber());
  const qf = Float64Array.from(c.q, (x) => x.toNumber());
  try {
    let expectedAcceptance: number | null = null;
    if (reference !== null) {
      try {
        // The closed form in rationals when the case is exact and not too large (float closed forms can lose
        // near-degenerate masses, e.g. 1 − q(a) for q(a) = 1 − 1e-16), else in float64.
        const exactValue = n <= 5000 && exactInputProblem(c) === null ? reference.verifier.acceptance(rationalField, c.p, c.q, k) : null;
        expectedAcceptance = exactValue !== null ? exactValue.value.toNumber() : reference.verifier.acceptance(floatField, pf, qf, k).value;
      } catch (e) {
        part.notes.push(`reference acceptance unavailable: ${(e as Error).message}`);
      }
    }
    const mc = await monteCarloCaseConformance(endpoint, scheme ?? 'external', pf, qf, k, {
      caseName: c.name, trials, levelPerTest, seed: deriveSeed(seed, c.name, k), expectedAcceptance,
      claimedScheme: external ? claimed : null, exactQ: c.q, batchSize: options.batchSize,
    });
    part.trials = mc.trials;
    part.outputLaw = { statistic: finiteOrNull(mc.outputLaw.statistic), pValue: mc.outputLaw.pValue, rejected: mc.outputLaw.rejected, degreesOfFreedom: mc.outputLaw.degreesOfFreedom, cells: mc.outputLaw.cells };
    part.acceptance = { estimate: mc.acceptance.estimate, ci95: mc.acceptance.ci95, exact: mc.acceptance.exact, pValue: mc.acceptance.pValue, rejected: mc.acceptance.rejected };
    part.powerTv = mc.power.detectableTv;
    if (mc.outputLaw.rejected) {
      part.failures.push(mc.impossibleToken !== null
        ? `output law: impossible token: ${mc.impossibleToken}`
        : `output law: G = ${mc.outputLaw.statistic.toFixed(2)}, df = ${mc.outputLaw.degreesOfFreedom}, p-value ${mc.outputLaw.pValue.toPrecision(3)} < ${levelPerTest.toPrecision(3)}`);
    }
    if (mc.acceptance.rejected) {
      part.failures.push(`acceptance: ${mc.acceptance.estimate.toFixed(6)} vs exact ${mc.acceptance.exact!.toFixed(6)}, z = ${mc.acceptance.z!.toFixed(2)}, p-value ${mc.acceptance.pValue!.toPrecision(3)} < ${levelPerTest.toPrecision(3)}`);
    }
    if (mc.draftLaw !== null) {
      if ('skipped' in mc.draftLaw) part.notes.push(`drafts' law not tested: ${mc.draftLaw.skipped}`);
      else {
        part.draftLaw = { statistic: finiteOrNull(mc.draftLaw.statistic), pValue: mc.draftLaw.pValue, rejected: mc.draftLaw.rejected, tuples: mc.draftLaw.tuples };
        if (mc.draftLaw.rejected) part.failures.push(`drafts' law differs from the ${claimed!.id} scheme: p-value ${mc.draftLaw.pValue.toPrecision(3)}`);
      }
    }
  } catch (e) {
    if (!(e instanceof DeclinedError)) throw e;
    part.declined = { programMessage: e.programMessage, note: e.message };
  }
  part.seconds = (performance.now() - started) / 1000;
  return part;
}
