/**
 * Exact analysis of a method by branch expansion (§3.2): enumerate every draft tuple of the scheme's
 * exact joint law and every random choice of the verifier, and accumulate
 * - the output law P(Y = y) (must equal p: exactness),
 * - the acceptance α = P(Y ∈ S(x̄)) and α_test = P(some draft accepted),
 * - the per-position acceptance P(accepted index = i),
 * - the accepted-token profile A(y) = P(Y = y, Y ∈ S(x̄)).
 *
 * In the rational field every value is exact; in float64 the same enumeration gives floats. Cost is the
 * number of outcomes, about n^k · k · n for i.i.d. drafts: small vocabularies only (`TOO_LARGE` beyond).
 *
 * @example
 * ```ts
 * const r = exactOutputLaw(rationalField, 'rrs', E4.p, E4.q, 2);
 * r.acceptance.toString();               // '18/25'
 * r.law.map(String);                     // ['1/10', '1/5', '3/10', '2/5']
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import type { Field } from '../core/field.ts';
import type { Method } from '../methods.ts';
import type { VerifierOptions } from '../verifiers/verifier.ts';
import { validateInputs } from './validateInputs.ts';

export interface ExactAnalysis<T> {
  method: string;
  k: number;
  /** P(Y = y). */
  law: T[];
  /** α = P(Y ∈ S(x̄)). */
  acceptance: T;
  /** P(an accept test fires or a residual draw lands on a drafted token with an index). */
  acceptanceTest: T;
  /** P(accepted index = i), i = 0..k−1. */
  perPosition: T[];
  /** A(y) = P(Y = y, Y ∈ S(x̄)). */
  profile: T[];
  /** Number of enumerated outcomes. */
  outcomes: number;
}

/** Validates the inputs, then enumerates (see {@link exactOutputLawUnchecked}). */
export function exactOutputLaw<T>(
  F: Field<T>,
  methodId: string,
  p: ArrayLike<T>,
  q: ArrayLike<T>,
  k: number,
  options?: VerifierOptions<T> & { maxOutcomes?: number },
): ExactAnalysis<T> {
  const v = validateInputs(F, methodId, p, q, k);
  return exactOutputLawUnchecked(F, v.method, v.p, v.q, v.k, options);
}

/** The enumeration itself, for inputs already validated (also used by tests on deliberately biased methods). */
export function exactOutputLawUnchecked<T>(
  F: Field<T>,
  method: Method,
  p: ArrayLike<T>,
  q: ArrayLike<T>,
  k: number,
  options?: VerifierOptions<T> & { maxOutcomes?: number },
): ExactAnalysis<T> {
  const n = p.length;
  const draws = method.scheme.prepare(F, q, k);
  const verifier = method.verifier.prepare(F, p, q, k, options);
  const outcomes = enumerateOutcomes(
    F,
    (chooser) => {
      const drafts = draws.draw(chooser);
      const verdict = verifier.verify(drafts, chooser);
      return { drafts, verdict };
    },
    options?.maxOutcomes,
  );
  const law = Array.from({ length: n }, () => F.zero);
  const profile = Array.from({ length: n }, () => F.zero);
  const perPosition = Array.from({ length: k }, () => F.zero);
  let acceptance = F.zero;
  let acceptanceTest = F.zero;
  for (const { probability, value } of outcomes) {
    const { token, acceptedIndex } = value.verdict;
    law[token] = F.add(law[token]!, probability);
    if (acceptedIndex !== null) {
      acceptanceTest = F.add(acceptanceTest, probability);
      perPosition[acceptedIndex] = F.add(perPosition[acceptedIndex]!, probability);
    }
    if (value.drafts.includes(token)) {
      acceptance = F.add(acceptance, probability);
      profile[token] = F.add(profile[token]!, probability);
    }
  }
  return { method: method.id, k, law, acceptance, acceptanceTest, perPosition, profile, outcomes: outcomes.length };
}
