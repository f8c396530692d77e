/**
 * Per-position accepted-token profiles A_j(y) = P(Y = y, accepted index = j) of a verifier at one node
 * (spec §0.2 "profile", §5.3 "per-position profiles"): the mass with which the verifier emits token y *as its
 * j-th draft* (0-based). Σ_j A_j = A, the accepted-token profile of §0.2, and Σ_y A_j(y) is the per-position
 * acceptance of §7.1. Tree recursions (§5.3) need the split by position, because the walk descends into child j
 * and the children can carry different subtrees (SpecHub's two children are asymmetric).
 *
 * Closed forms, O(n) to O(n log n) per node (derivations in the comments below):
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
 * - every other registered method (e.g. the optimal-transport verifiers): branch enumeration of the method's
 *   own draft scheme and verifier programs (spec §3.2, `source: 'enumeration'`; small n only, `TOO_LARGE` beyond).
 *
 * K-SEQ in the rational field uses the rational ρ̂ ≥ ρ* that the verifier itself uses; when ρ* is irrational the
 * profile is then exact *for that verifier* but `exact` is false (it is not the ρ* value).
 *
 * @example
 * ```ts
 * const r = acceptedProfile(rationalField, 'spechub', vec('1/10,1/5,3/10,2/5'), vec('2/5,3/10,1/5,1/10'), 2);
 * r.byPosition.map((row) => Array.from(row, String)); // child 0 / child 1 masses by token (spec §7.1, E4)
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import { complementSums } from '../core/complementSums.ts';
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field, Vec } from '../core/field.ts';
import { greedyDraws } from '../draws/greedyDraws.ts';
import { greedyQDraws } from '../draws/greedyQDraws.ts';
import { hubPairDraws } from '../draws/hubPairDraws.ts';
import { iidDraws } from '../draws/iidDraws.ts';
import { withoutReplacementDraws } from '../draws/withoutReplacementDraws.ts';
import type { Method } from '../methods.ts';
import { greedy } from '../verifiers/greedy.ts';
import { greedyQ } from '../verifiers/greedyQ.ts';
import { kseq, kseqRejection, kseqRho } from '../verifiers/kseq.ts';
import { rrs } from '../verifiers/rrs.ts';
import { rrsw } from '../verifiers/rrsw.ts';
import { sd } from '../verifiers/sd.ts';
import { spechub } from '../verifiers/spechub.ts';
import { greedyTables } from '../verifiers/_internals/greedyTables.ts';
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

type MethodLike = { readonly id: string; readonly verifier: Method['verifier']; readonly scheme: Method['scheme'] };

/** Validates (p, q, method, k) like every analysis entry point, then computes the profile. */
export function acceptedProfile<T>(F: Field<T>, methodId: string, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options: ProfileOptions = {}): PositionProfile<T> {
  const v = validateInputs(F, methodId, p, q, k);
  return acceptedProfileUnchecked(F, v.method, v.p, v.q, v.k, options);
}

/** The profile for inputs already validated (the tree recursion calls this once per row). */
export function acceptedProfileUnchecked<T>(F: Field<T>, method: MethodLike, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options: ProfileOptions = {}): PositionProfile<T> {
  if (!options.forceEnumeration) {
    const closed = closedFormProfile(F, method, p, q, k);
    if (closed !== null) return closed;
    if (method.verifier === rrsw && method.scheme === withoutReplacementDraws) return rrswPrefixProfile(F, p, q, k);
  }
  return enumeratedAcceptedProfile(F, method, p, q, k, options.maxOutcomes);
}

/**
 * The profile by branch enumeration of the method's own programs (spec §3.2): every draft tuple of the scheme's
 * joint law and every random choice of the verifier, accumulated by (accepted index, token).
 */
export function enumeratedAcceptedProfile<T>(F: Field<T>, method: MethodLike, p: ArrayLike<T>, q: ArrayLike<T>, k: number, maxOutcomes?: number): PositionProfile<T> {
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

function closedFormProfile<T>(F: Field<T>, method: MethodLike, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PositionProfile<T> | null {
  const { verifier, scheme } = method;
  const result = (byPosition: Vec<T>[], exact = true): PositionProfile<T> => ({ method: method.id, k, byPosition, exact, source: 'closed-form' });
  if (verifier === sd && scheme === iidDraws) return result([overlapRow(F, p, q)]);
  if (verifier === rrs && scheme === iidDraws) return result(rrsProfile(F, p, q, k));
  if (verifier === kseq && scheme === iidDraws) {
    const { rho, exact } = kseqRho(F, p, q, k);
    return result(kseqProfile(F, p, q, k, rho), exact);
  }
  if (verifier === spechub && scheme === hubPairDraws && k === 2) return result(spechubProfile(F, p, q));
  if (verifier === greedy && scheme === greedyDraws) return result(greedyProfile(F, p, q, k, true));
  if (verifier === greedyQ && scheme === greedyQDraws) return result(greedyProfile(F, p, q, k, false));
  if (verifier === rrsw && scheme === withoutReplacementDraws && k <= 2) {
    return result(k === 1 ? [overlapRow(F, p, q)] : [overlapRow(F, p, q), rrswSecondRow(F, p, q)]);
  }
  return null;
}

/** min(p, q) componentwise: single-draft SD (§2.1), and the first position of RRS, RRSw, SpecHub child 0 off a. */
function overlapRow<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T> {
  const row = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) row[y] = F.min(p[y]!, q[y]!);
  return row;
}

/**
 * RRS (§2.2): position i is reached when the i earlier drafts were all rejected, probability Π_{j<i}(1 − r_j)
 * (the drafts are i.i.d. and the residual chain does not depend on them), and then accepts token y with mass
 * q(y)·min(1, P_i(y)/q(y)) = min(P_i(y), q(y)).
 */
function rrsProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): Vec<T>[] {
  const out = rows(F, k, p.length);
  let P: ArrayLike<T> | null = p;
  let reach = F.one;
  for (let i = 0; i < k && P !== null; i++) {
    const row = out[i]!;
    for (let y = 0; y < p.length; y++) row[y] = F.mul(reach, F.min(P[y]!, q[y]!));
    // 1 − r_i = Σ (P_i − q)^+, summed (never 1 − r_i, §11.3).
    const rejected = F.positivePart(P, q);
    reach = F.mul(reach, F.sum(rejected));
    if (!F.isPositive(reach)) break;
    P = F.normaliseOrNull(rejected);
  }
  return out;
}

/**
 * K-SEQ (§2.4): each i.i.d. draft is accepted with total probability β(ρ) independently, and token y with mass
 * q(y)·min(1, p(y)/(ρq(y))) = min(q(y), p(y)/ρ); so position i carries (1 − β)^i·min(q, p/ρ).
 */
function kseqProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, rho: T): Vec<T>[] {
  const gamma = kseqRejection(F, p, q, rho); // 1 − β, summed (§11.4)
  const out = rows(F, k, p.length);
  let reach = F.one;
  for (let i = 0; i < k; i++) {
    const row = out[i]!;
    for (let y = 0; y < p.length; y++) row[y] = F.mul(reach, F.min(q[y]!, F.div(p[y]!, rho)));
    reach = F.mul(reach, gamma);
  }
  return out;
}

/**
 * SpecHub (§2.6), hub a = argmax q. Child 0 holds i ≠ a for the pair (i, a) (probability q(i)) and a for the
 * pair (a, i); child 1 the other way round. Off a: child 0 accepts i with mass q(i)·min(1, p(i)/q(i)) =
 * min(p(i), q(i)) (step 1) and child 1 with Q_ai(i)·min(1, P1(i)/Q_ai(i)) = min(Q_ai(i), (p(i) − q(i))^+) (step 3).
 * The hub: the (a, i) pairs rejected at step 3 carry S_ai, accepted at step 5 with min(1, p(a)/S_ai), so child 0
 * gets min(p(a), S_ai); the (i, a) pairs rejected at step 1 carry S_ia, accepted at step 7 with
 * min(1, (p(a) − S_ai)^+/S_ia), so child 1 gets min(S_ia, (p(a) − S_ai)^+). With q(a) = 1 the pair degenerates
 * to one draft and the verifier to SD.
 */
function spechubProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T>[] {
  const n = p.length;
  const a = argmax(F, q);
  const qa = q[a]!;
  const [child0, child1] = rows(F, 2, n) as [Vec<T>, Vec<T>];
  const rest = F.sumExcept(q, [a]); // 1 − q(a), summed (§11.3)
  if (!F.isPositive(rest)) {
    child0[a] = F.min(p[a]!, qa);
    return [child0, child1];
  }
  const Cia = F.zeros(n);
  const Cai = F.zeros(n);
  for (let j = 0; j < n; j++) {
    if (j === a) continue;
    const Qai = F.mul(qa, F.div(q[j]!, rest));
    const P1 = F.positiveDifference(p[j]!, q[j]!);
    child0[j] = F.min(p[j]!, q[j]!);
    child1[j] = F.min(Qai, P1);
    Cia[j] = F.positiveDifference(q[j]!, p[j]!);
    Cai[j] = F.positiveDifference(Qai, P1);
  }
  const Sai = F.sum(Cai);
  const Sia = F.sum(Cia);
  child0[a] = F.min(p[a]!, Sai);
  child1[a] = F.min(Sia, F.positiveDifference(p[a]!, Sai));
  return [child0, child1];
}

/**
 * Greedy drafts (§2.8): the last position accepts y ∉ T with min(p(y), r(y)) (r = q'_T for G-r, q for G-q);
 * the residual draw has total mass 1 − Σ_{y∉T} min(p, r), equal to the normaliser of its weights w (w = p on T),
 * so it emits the j-th greedy token t_j with mass exactly p(t_j), as an accepted draft at position j.
 */
function greedyProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, renormalise: boolean): Vec<T>[] {
  const tables = greedyTables(F, p, q, k, renormalise);
  const out = rows(F, k, p.length);
  tables.top.forEach((t, j) => {
    out[j]![t] = p[t]!;
  });
  const last = out[k - 1]!;
  for (let y = 0; y < p.length; y++) if (!tables.inTop[y]) last[y] = F.min(p[y]!, tables.last(y));
  return out;
}

/**
 * RRSw, second position (k = 2, §2.3). The first residual P_2 = norm((p − q)^+) does not depend on x_1; x_1 is
 * rejected with mass w_x = (q(x) − p(x))^+ and then x_2 ~ c_x·q off x (c_x = 1/(1 − q(x))) is accepted as y with
 * mass min(P_2(y), c_x q(y)) (y ≠ x holds automatically: w_x > 0 forces P_2(x) = 0). So
 * A_1(y) = q(y)·Σ_x w_x min(ρ_y, c_x) with ρ_y = P_2(y)/q(y) = q(y)·WC(< ρ_y) + P_2(y)·W(≥ ρ_y): sort the c_x
 * once and binary-search each ρ_y, O(n log n) instead of O(n²).
 */
function rrswSecondRow<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T> {
  const n = p.length;
  const row = F.zeros(n);
  const P2 = F.normaliseOrNull(F.positivePart(p, q));
  if (P2 === null) return row;
  const restOf = complementSums(F, q); // 1 − q(x) summed over the other tokens (§11.3)
  const rejected: Array<{ c: T; w: T }> = [];
  for (let x = 0; x < n; x++) {
    const w = F.positiveDifference(q[x]!, p[x]!);
    const rest = restOf([x]);
    if (F.isPositive(w) && F.isPositive(rest)) rejected.push({ c: F.div(F.one, rest), w });
  }
  rejected.sort((u, v) => F.compare(u.c, v.c));
  const W: T[] = [F.zero];
  const WC: T[] = [F.zero];
  for (const { c, w } of rejected) {
    W.push(F.add(W[W.length - 1]!, w));
    WC.push(F.add(WC[WC.length - 1]!, F.mul(w, c)));
  }
  const totalW = W[W.length - 1]!;
  for (let y = 0; y < n; y++) {
    if (!F.isPositive(q[y]!) || !F.isPositive(P2[y]!)) continue;
    const ratio = F.div(P2[y]!, q[y]!);
    let lo = 0;
    let hi = rejected.length; // number of c_x below ratio
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (F.lt(rejected[mid]!.c, ratio)) lo = mid + 1;
      else hi = mid;
    }
    row[y] = F.add(F.mul(q[y]!, WC[lo]!), F.mul(P2[y]!, F.sub(totalW, W[lo]!)));
  }
  return row;
}

/** Cap on the prefix-sum work n^k for RRSw with k ≥ 3. */
const PREFIX_WORK_LIMIT = 5e7;

/**
 * RRSw for any k by the sum over rejected prefixes (§2.3, §3.1): at position i, after the rejected prefix
 * x_1..x_{i−1} (reached with probability `reach`), the draft law is R_i = q/(1 − q(prefix)) off the prefix and
 * token y is accepted with mass reach·min(P_i(y), R_i(y)); x_i = x is rejected with mass reach·(R_i(x) − P_i(x))^+,
 * after which P_{i+1} = norm((P_i − R_i)^+) (independent of x_i).
 */
function rrswPrefixProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): PositionProfile<T> {
  const n = p.length;
  if (Math.pow(n, k) > PREFIX_WORK_LIMIT) {
    throw new SpechubError('TOO_LARGE', `the RRSw profile for k = ${k} sums over ~n^${k - 1} rejected prefixes (n = ${n}); too many. Use Monte Carlo.`);
  }
  const out = rows(F, k, n);
  const prefix: number[] = [];
  const visit = (P: ArrayLike<T>, rest: T, reach: T, i: number): void => {
    const row = out[i]!;
    const R = F.zeros(n);
    if (!F.isPositive(rest)) return; // the prefix holds all the draft mass: no further draft (guard)
    for (let y = 0; y < n; y++) {
      if (prefix.includes(y)) continue;
      R[y] = F.div(q[y]!, rest);
      row[y] = F.add(row[y]!, F.mul(reach, F.min(P[y]!, R[y]!)));
    }
    if (i + 1 >= k) return;
    const next = F.normaliseOrNull(F.positivePart(P, R));
    if (next === null) return;
    for (let x = 0; x < n; x++) {
      if (prefix.includes(x)) continue;
      const reject = F.positiveDifference(R[x]!, P[x]!);
      if (!F.isPositive(reject)) continue;
      prefix.push(x);
      visit(next, F.sumExcept(q, prefix), F.mul(reach, reject), i + 1); // 1 − q(prefix), summed (§11.3)
      prefix.pop();
    }
  };
  visit(p, F.one, F.one, 0);
  return { method: 'rrsw', k, byPosition: out, exact: true, source: 'prefix-sum' };
}
