/**
 * The conformance harness for a verifier written in TypeScript against the `Chooser` interface: the way to test a
 * new verification rule. Runs the same battery, statistics and exact replay as `spechub conform` does for a
 * program over the pipe (docs/conformance.md), in this process:
 * - exact mode: every branch of the verifier's random choices, for every draft tuple of the scheme's exact law,
 *   in rationals; the output law must equal p and (with `method`) the acceptance must equal the method's closed
 *   form; failures are shrunk with fast-check's shrinkers to a small (p, q, drafts) counterexample;
 * - Monte Carlo mode: pooled G-test of the output law against p, exact binomial test of the acceptance, and the power (the
 *   smallest TV deviation detected with probability ≥ 0.9), at a Bonferroni-split level.
 *
 * Defaults: the verifier's own draft scheme, k = 1…4 where it is defined, both modes, the `standard` suite.
 * Spec §3.2 (exact output law by branch expansion); docs/theory.md §3.2.
 *
 * @example
 * ```ts
 * import { conformVerifier, rrs } from 'spechub';
 * const myRule = rrs; // your own Verifier here
 * const report = await conformVerifier(myRule, { k: 2, suite: 'quick', method: 'rrs', mode: 'exact' });
 * report.rejected; // false
 * if (report.rejected) console.log(report.cases.filter((c) => c.rejected).map((c) => c.failures));
 * ```
 */
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import { inProcessEndpoint } from './inProcessEndpoint.ts';
import { type ConformanceOptions, type ConformanceReport, runConformance } from './runConformance.ts';

export interface ConformVerifierOptions extends Omit<ConformanceOptions, 'draws' | 'reproduction'> {
  /** Draft scheme (default: the verifier's own, `verifier.draftScheme`). */
  draws?: DraftSchemeId;
}

export async function conformVerifier(verifier: Verifier, options: ConformVerifierOptions = {}): Promise<ConformanceReport> {
  const draws = options.draws ?? verifier.draftScheme;
  const endpoint = inProcessEndpoint(verifier, { seed: `${options.seed ?? 0}/verifier` });
  const k = options.k ?? [1, 2, 3, 4].filter((x) => verifier.supportsK(x));
  return runConformance(endpoint, { ...options, draws, k });
}
