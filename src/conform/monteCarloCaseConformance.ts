/**
 * Monte Carlo mode for one case: send `trials` draft tuples in batches (black box: tuples drawn by spechub
 * from the named scheme with a seeded generator; own drafts: the program draws them), count the output
 * tokens and the acceptances Y ∈ S(x̄), then
 * - test the output law against p with the pooled G-test ({@link goodnessOfFit}) at `levelPerTest`;
 * - test the acceptance count against the reference method's exact value (two-sided exact binomial test) when given;
 * - with own drafts and a claimed scheme, test the drafts' joint law against the scheme's exact law (pooled
 *   G-test over ordered tuples, when that law has at most 100,000 tuples);
 * - state the power: the smallest TV deviation of the output law detected with probability ≥ 0.9
 *   ({@link goodnessOfFitPower}).
 * A token with p = 0 is an impossible event: the output-law test rejects outright and the first such request
 * is named in `impossibleToken`.
 *
 * Batches of `batchSize` tuples (default: 8,192, or 4·n for large vocabularies, at most 65,536) with two
 * requests in flight, so a fast program is limited by JSON encoding rather than by round trips.
 *
 * @example
 * ```ts
 * const endpoint = inProcessEndpoint(rrs, { seed: 1 });
 * const p = [0.1, 0.2, 0.3, 0.4], q = [0.4, 0.3, 0.2, 0.1];
 * const r = await monteCarloCaseConformance(endpoint, iidDraws, p, q, 2, { caseName: 'E4', trials: 20_000, levelPerTest: 1e-5, seed: 0 });
 * r.outputLaw.rejected; // false
 * r.power.detectableTv; // the smallest TV deviation detected with probability ≥ 0.9
 * ```
 */
import { SamplingChooser } from '../core/chooser.ts';
import { floatField } from '../core/field.ts';
import type { Rational } from '../core/rational.ts';
import type { DraftScheme } from '../draws/draftScheme.ts';
import { goodnessOfFit, type GoodnessOfFitResult } from '../montecarlo/goodnessOfFit.ts';
import { goodnessOfFitPower, type GoodnessOfFitPowerResult } from '../montecarlo/goodnessOfFitPower.ts';
import { proportionTest, wilsonInterval } from '../montecarlo/proportionInterval.ts';
import { createRng } from '../random/createRng.ts';
import type { VerifierEndpoint } from './verifierEndpoint.ts';
import { draftTupleLaw } from './_internals/exactLaws.ts';

export interface MonteCarloCaseOptions {
  caseName: string;
  trials: number;
  /** Level of each statistical test (already Bonferroni-split by the caller). */
  levelPerTest: number;
  seed: string | number;
  /** Exact acceptance of the reference method (float), or null. */
  expectedAcceptance?: number | null;
  /** Own drafts: the scheme whose law the drafts must follow (null: not tested). */
  claimedScheme?: DraftScheme | null;
  /** Exact q, for the claimed scheme's law. */
  exactQ?: readonly Rational[];
  batchSize?: number;
  /** Requests in flight (default 2). */
  window?: number;
}

export interface MonteCarloCaseResult {
  trials: number;
  tokenCounts: Float64Array;
  outputLaw: GoodnessOfFitResult;
  acceptance: { estimate: number; ci95: [number, number]; exact: number | null; z: number | null; pValue: number | null; rejected: boolean };
  power: GoodnessOfFitPowerResult;
  draftLaw: { statistic: number; pValue: number; rejected: boolean; tuples: number } | { skipped: string } | null;
  impossibleToken: string | null;
  seconds: number;
}

export async function monteCarloCaseConformance(
  endpoint: VerifierEndpoint,
  draws: DraftScheme | 'external',
  p: Float64Array,
  q: Float64Array,
  k: number,
  options: MonteCarloCaseOptions,
): Promise<MonteCarloCaseResult> {
  const started = performance.now();
  const n = p.length;
  const { trials, levelPerTest } = options;
  const batchSize = options.batchSize ?? Math.min(65_536, Math.max(8192, 4 * n));
  const window = options.window ?? 2;
  const label = { caseName: options.caseName, k };
  const tokenCounts = new Float64Array(n);
  let accepted = 0;
  let impossibleToken: string | null = null;
  const tupleCounts = options.claimedScheme ? new Map<string, number>() : null;
  const account = (id: number, drafts: readonly (readonly number[])[], tokens: number[]) => {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      tokenCounts[t]!++;
      const tuple = drafts[i]!;
      if (tuple.includes(t)) accepted++;
      if (impossibleToken === null && p[t] === 0) {
        impossibleToken = `request ${id}: tuple ${i} (drafts [${tuple.join(', ')}]) returned token ${t}, which has p = 0`;
      }
      if (tupleCounts !== null) {
        const key = tuple.join(',');
        tupleCounts.set(key, (tupleCounts.get(key) ?? 0) + 1);
      }
    }
  };
  const prepared = draws === 'external' ? null : draws.prepare(floatField, q, k);
  const chooser = new SamplingChooser(createRng(options.seed));
  const inFlight: Array<Promise<void>> = [];
  let sent = 0;
  while (sent < trials) {
    const size = Math.min(batchSize, trials - sent);
    sent += size;
    let promise: Promise<void>;
    if (prepared !== null) {
      const drafts: number[][] = new Array(size);
      for (let i = 0; i < size; i++) drafts[i] = prepared.draw(chooser);
      promise = endpoint.verify({ p, q, k, drafts, label }).then((reply) => account(reply.id, drafts, reply.tokens));
    } else {
      promise = endpoint.draftAndVerify({ p, q, k, count: size, label }).then((reply) => account(reply.id, reply.drafts, reply.tokens));
    }
    promise.catch(() => {}); // awaited below; avoids an unhandled rejection while an earlier request is awaited
    inFlight.push(promise);
    if (inFlight.length >= window) await inFlight.shift();
  }
  for (const promise of inFlight) await promise;

  const outputLaw = goodnessOfFit(tokenCounts, p, { significance: levelPerTest });
  const power = goodnessOfFitPower(p, trials, levelPerTest);
  const exact = options.expectedAcceptance ?? null;
  let acceptance: MonteCarloCaseResult['acceptance'] = { estimate: accepted / trials, ci95: wilsonInterval(accepted, trials), exact, z: null, pValue: null, rejected: false };
  if (exact !== null) {
    const { z, pValue } = proportionTest(accepted, trials, exact);
    acceptance = { ...acceptance, z, pValue, rejected: pValue < levelPerTest };
  }
  let draftLaw: MonteCarloCaseResult['draftLaw'] = null;
  if (tupleCounts !== null && options.claimedScheme && options.exactQ) {
    const law = draftTupleLaw(options.claimedScheme, options.exactQ, k, 100_000);
    if (law === null) draftLaw = { skipped: `the ${options.claimedScheme.id} draft law has more than 100,000 tuples` };
    else {
      const observed: number[] = [];
      const probabilities: number[] = [];
      let outside = trials;
      for (const { drafts, probability } of law) {
        const count = tupleCounts.get(drafts.join(',')) ?? 0;
        observed.push(count);
        probabilities.push(probability.toNumber());
        outside -= count;
      }
      observed.push(outside);
      probabilities.push(0);
      const total = probabilities.reduce((s, x) => s + x, 0);
      const g = goodnessOfFit(observed, probabilities.map((x) => x / total), { significance: levelPerTest });
      draftLaw = { statistic: g.statistic, pValue: g.pValue, rejected: g.rejected, tuples: law.length };
    }
  }
  return { trials, tokenCounts, outputLaw, acceptance, power, draftLaw, impossibleToken, seconds: (performance.now() - started) / 1000 };
}
