/**
 * Per-position accepted-token profiles A_j(y) = P(Y = y, accepted index = j) of a verifier at one node
 * (§0.2 "profile", §5.3 "per-position profiles"): the mass with which the verifier emits token y *as its
 * j-th draft* (0-based). Σ_j A_j = A, the accepted-token profile of §0.2, and Σ_y A_j(y) is the per-position
 * acceptance of §7.1. Tree recursions (§5.3) need the split by position, because the walk descends into child j
 * and the children can carry different subtrees (SpecHub's two children are asymmetric).
 *
 * Closed forms, O(n) to O(n log n) per node, are owned by the verifiers (their optional `profile` hook,
 * derivations beside each; used when the verifier runs with its own draft scheme):
 * | method | A_j(y) |
 * |---|---|
 * | sd | A_0 = min(p, q) (§2.1) |
 * | rrs | A_i = min(P_i, q) · Π_{j<i}(1 − r_j), P_{i+1} = norm((P_i − q)^+), r_i = ov(P_i, q) (§2.2) |
 * | kseq | A_i = (1 − β)^i · min(q, p/ρ*) (§2.4) |
 * | spechub | child 0: min(p, q) off a, min(p(a), S_ai) at a; child 1: min(Q_ai, (p − q)^+) off a, min(S_ia, (p(a) − S_ai)^+) at a (§2.6) |
 * | greedy (G-r) | A_j(t_j) = p(t_j) for the j-th greedy token; last: min(p, q'_T) off T (§2.8) |
 * | greedy-q (G-q) | as G-r with q instead of q'_T |
 * | rrsw, k ≤ 2 | A_0 = min(p, q); A_1(y) = Σ_{x: p(x)<q(x)} (q(x) − p(x)) · min(P_2(y), q(y)/(1 − q(x))), evaluated in O(n log n) by sorting 1/(1 − q(x)) (§2.3) |
 *
 * Where no closed form is known the profile is still exact but slower:
 * - rrsw with k ≥ 3: a sum over rejected prefixes (O(n^k), `source: 'prefix-sum'`; small n only);
 * - every other method (no hook, e.g. the optimal-transport verifiers, or a verifier paired with another
 *   scheme): branch enumeration of the method's own draft scheme and verifier programs (§3.2,
 *   `source: 'enumeration'`; small n only, `TOO_LARGE` beyond). Enumeration is also the test oracle.
 *
 * K-SEQ in the rational field uses the rational ρ̂ ≥ ρ* that the verifier itself uses; when ρ* is irrational the
 * profile is then exact *for that verifier* but `exact` is false (it is not the ρ* value).
 *
 * @example
 * ```ts
 * const vec = (text: string) => parseVector(text, rationalField);
 * const r = acceptedProfile(rationalField, 'spechub', vec('1/10,1/5,3/10,2/5'), vec('2/5,3/10,1/5,1/10'), 2);
 * r.byPosition.map((row) => Array.from(row, String)); // child 0 / child 1 masses by token (§7.1, E4)
 * r.byPosition[0]!.map(String); // ['1/10', '1/5', '1/5', '1/10']
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field, Vec } from '../core/field.ts';
import type { Method } from '../methods.ts';
import { validateInputs } from './validateInputs.ts';

/** How a profile was obtained. */
export type ProfileSource = 'closed-form' | 'prefix-sum' | 'enumeration';

export interface PositionProfile<T> {
  method: string;
  /** Number of draft positions (rows of {@link byPosition}). */
  k: number;
  /** byPosition[j][y] = P(Y = y, accepted index = j). */
  byPosition: Vec<T>[];
  /** False only where the field cannot hold the verifier's true value (K-SEQ with an irrational ρ*). */
  exact: boolean;
  source: ProfileSource;
}

/** Options of the slow (enumeration) fall-back. */
export interface ProfileOptions {
  /** Cap on enumerated outcomes (default 2,000,000). */
  maxOutcomes?: number;
  /** Force branch enumeration even where a closed form exists (tests). */
  forceEnumeration?: boolean;
}

/** Validates (p, q, method, k) like every analysis entry point, then computes the profile. */
export function acceptedProfile<T>(F: Field<T>, methodId: string, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options: ProfileOptions = {}): PositionProfile<T> {
  const v = validateInputs(F, methodId, p, q, k);
  return acceptedProfileUnchecked(F, v.method, v.p, v.q, v.k, options);
}

/** The profile for inputs already validated (the tree recursion calls this once per row). */
export function acceptedProfileUnchecked<T>(F: Field<T>, method: Method, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options: ProfileOptions = {}): PositionProfile<T> {
  const { verifier, scheme } = method;
  // The verifier's own closed form (its `profile` hook), valid when it runs with its own draft scheme.
  if (!options.forceEnumeration && verifier.profile !== undefined && scheme.id === verifier.draftScheme) {
    const closed = verifier.profile(F, p, q, k);
    if (closed !== null) return { method: method.id, k, ...closed };
  }
  return enumeratedAcceptedProfile(F, method, p, q, k, options.maxOutcomes);
}

/**
 * The profile by branch enumeration of the method's own programs (§3.2): every draft tuple of the scheme's
 * joint law and every random choice of the verifier, accumulated by (accepted index, token).
 */
export function enumeratedAcceptedProfile<T>(F: Field<T>, method: Method, p: ArrayLike<T>, q: ArrayLike<T>, k: number, maxOutcomes?: number): PositionProfile<T> {
  const draws = method.scheme.prepare(F, q, k);
  const verifier = method.verifier.prepare(F, p, q, k);
  const outcomes = enumerateOutcomes(F, (chooser) => verifier.verify(draws.draw(chooser), chooser), maxOutcomes);
  const byPosition = rows(F, k, p.length);
  for (const { probability, value } of outcomes) {
    const j = value.acceptedIndex;
    if (j === null) continue;
    const row = byPosition[j];
    if (row === undefined) throw new SpechubError('INVALID_ARGUMENT', `method '${method.id}' returned accepted index ${j} for k = ${k}`);
    row[value.token] = F.add(row[value.token]!, probability);
  }
  return { method: method.id, k, byPosition, exact: true, source: 'enumeration' };
}

function rows<T>(F: Field<T>, k: number, n: number): Vec<T>[] {
  return Array.from({ length: k }, () => F.zeros(n));
}
