/**
 * Exact mode for one case (§3.2 over the protocol): enumerate the draft scheme's exact joint law Q(x̄)
 * in rationals, and for every tuple with Q(x̄) > 0 replay the program along every branch of its random
 * choices ({@link enumerateReplays}); accumulate
 *   law(y) = Σ_x̄ Q(x̄)·P(Y = y | x̄)   and   α = Σ_x̄ Q(x̄)·P(Y ∈ S(x̄) | x̄),
 * and compare: the law must equal p exactly (TV = ½Σ|law − p| as a fraction), the acceptance must equal the
 * reference method's closed form when one is named (exactly, or within 1e-12 where the reference value is not
 * exact, K-SEQ's irrational ρ*).
 *
 * With `drafts` given, only that tuple is replayed and its conditional law is compared with the reference
 * method's conditional law on the same tuple (a diagnosis: where does the program differ from the method).
 *
 * Cost guard: the case is skipped (not failed) when the draft law has more than `maxTuples` tuples, when
 * tuples × n exceeds `maxVectorEntries` (each replay resends p and q), when tuples × |supp p ∪ supp q| exceeds
 * `maxSupportWork` (exact sums over many tuples with large supports grow huge denominators), or past `maxRuns`
 * replays.
 *
 * @example
 * ```ts
 * const r = await exactCaseConformance(inProcessEndpoint(rrs), iidDraws, E4.p, E4.q, 2, { caseName: 'E4', reference: rrs });
 * r.status === 'done' && r.lawEqual; // true
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import type { DraftScheme } from '../draws/draftScheme.ts';
import type { Verifier } from '../verifiers/verifier.ts';
import { enumerateReplays } from './enumerateReplays.ts';
import { draftTupleLaw, referenceConditionalLaw, totalVariation } from './_internals/exactLaws.ts';
import type { VerifierEndpoint } from './verifierEndpoint.ts';

export interface ExactLimits {
  /** Most draft tuples (default 4,096). */
  maxTuples?: number;
  /** Most tuples × n (default 4,000,000). */
  maxVectorEntries?: number;
  /** Most replays over the whole case (default 200,000). */
  maxRuns?: number;
  /** Most tuples × |supp p ∪ supp q| (default 200,000): exact sums over many tuples of large supports grow huge denominators. */
  maxSupportWork?: number;
}

export interface ExactCaseOptions {
  caseName: string;
  /** Reference method for the acceptance (and for the conditional law with `drafts`). */
  reference?: Verifier | null;
  /** Replay only this tuple and compare conditional laws with the reference. */
  drafts?: readonly number[];
  limits?: ExactLimits;
  /** Keep each tuple's conditional output law (for shrinking). */
  keepConditional?: boolean;
}

export interface ExactCaseDone {
  status: 'done';
  law: Rational[];
  lawEqual: boolean;
  /** ½Σ|law − target| (the target is p, or the reference's conditional law with `drafts`). */
  tv: Rational;
  acceptance: Rational;
  expectedAcceptance: Rational | null;
  /** Whether the expected acceptance is exact (false for K-SEQ's irrational ρ*). */
  expectedExact: boolean;
  acceptanceEqual: boolean | null;
  tuples: number;
  runs: number;
  /** The first request that produced a token of probability zero, if any. */
  impossibleToken: string | null;
  conditional: Map<string, { probability: Rational; drafts: number[]; law: Map<number, Rational> }> | null;
}

export type ExactCaseResult = ExactCaseDone | { status: 'skipped'; reason: string };

export async function exactCaseConformance(
  endpoint: VerifierEndpoint,
  scheme: DraftScheme,
  p: readonly Rational[],
  q: readonly Rational[],
  k: number,
  options: ExactCaseOptions,
): Promise<ExactCaseResult> {
  const n = p.length;
  const maxTuples = options.limits?.maxTuples ?? 4096;
  const maxEntries = options.limits?.maxVectorEntries ?? 4_000_000;
  const maxRuns = options.limits?.maxRuns ?? 200_000;
  const maxSupportWork = options.limits?.maxSupportWork ?? 200_000;
  const reference = options.reference ?? null;
  let tuples: Array<{ drafts: number[]; probability: Rational }>;
  if (options.drafts !== undefined) {
    tuples = [{ drafts: [...options.drafts], probability: Rational.ONE }];
  } else {
    const law = draftTupleLaw(scheme, q, k, maxTuples);
    if (law === null) return { status: 'skipped', reason: `more than ${maxTuples} draft tuples to replay; Monte Carlo mode covers this case` };
    tuples = law;
  }
  if (tuples.length * n > maxEntries) {
    return { status: 'skipped', reason: `${tuples.length} draft tuples × n = ${n} exceeds ${maxEntries} vector entries to resend; Monte Carlo mode covers this case` };
  }
  let support = 0;
  for (let y = 0; y < n; y++) if (p[y]!.sign() > 0 || q[y]!.sign() > 0) support++;
  if (tuples.length * support > maxSupportWork) {
    return { status: 'skipped', reason: `${tuples.length} draft tuples × ${support} tokens of positive mass exceeds ${maxSupportWork}; Monte Carlo mode covers this case` };
  }
  const law = p.map(() => Rational.ZERO);
  let acceptance = Rational.ZERO;
  let runs = 0;
  let impossibleToken: string | null = null;
  const conditional = options.keepConditional ? new Map<string, { probability: Rational; drafts: number[]; law: Map<number, Rational> }>() : null;
  const label = { caseName: options.caseName, k };
  for (const { drafts, probability: tupleProbability } of tuples) {
    let outcomes;
    try {
      outcomes = await enumerateReplays((choose) => endpoint.verifyExact({ p, q, k, drafts, label }, choose), { maxOutcomes: Math.max(1, maxRuns - runs) });
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'TOO_LARGE') return { status: 'skipped', reason: `more than ${maxRuns} replays; Monte Carlo mode covers this case` };
      throw e;
    }
    runs += outcomes.length;
    const given = conditional === null ? null : new Map<number, Rational>();
    for (const { probability, value } of outcomes) {
      const mass = tupleProbability.mul(probability);
      law[value.token] = law[value.token]!.add(mass);
      if (drafts.includes(value.token)) acceptance = acceptance.add(mass);
      if (impossibleToken === null && p[value.token]!.sign() === 0 && options.drafts === undefined) {
        impossibleToken = `request ${value.id} (drafts [${drafts.join(', ')}]) returned token ${value.token}, which has p = 0, with probability ${probability}`;
      }
      if (given !== null) given.set(value.token, (given.get(value.token) ?? Rational.ZERO).add(probability));
    }
    if (given !== null) conditional!.set(drafts.join(','), { probability: tupleProbability, drafts, law: given });
  }
  let target: readonly Rational[] = p;
  let expectedAcceptance: Rational | null = null;
  let expectedExact = true;
  if (reference !== null) {
    if (options.drafts !== undefined) {
      target = referenceConditionalLaw(reference, p, q, k, options.drafts);
      expectedAcceptance = options.drafts.reduce((s, x, i) => (options.drafts!.indexOf(x) === i ? s.add(target[x]!) : s), Rational.ZERO);
    } else {
      try {
        const value = reference.acceptance(rationalField, p, q, k);
        expectedAcceptance = value.value;
        expectedExact = value.exact;
      } catch (e) {
        // The reference's own exact route refuses sizes whose rational cost is too large (an optimum-based
        // acceptance at n = 32,000, say: theory §12); its float64 route then gives the expected value to ~1e-12.
        if (!(e instanceof SpechubError && e.code === 'TOO_LARGE')) throw e;
        const value = reference.acceptance(floatField, p.map((x) => x.toNumber()), q.map((x) => x.toNumber()), k);
        expectedAcceptance = Rational.fromNumber(value.value);
        expectedExact = false;
      }
    }
  }
  const tv = totalVariation(law, target);
  let acceptanceEqual: boolean | null = null;
  if (expectedAcceptance !== null) {
    acceptanceEqual = expectedExact ? acceptance.equals(expectedAcceptance) : Math.abs(acceptance.toNumber() - expectedAcceptance.toNumber()) <= 1e-12;
  }
  return { status: 'done', law, lawEqual: tv.sign() === 0, tv, acceptance, expectedAcceptance, expectedExact, acceptanceEqual, tuples: tuples.length, runs, impossibleToken, conditional };
}
