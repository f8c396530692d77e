/**
 * Optimal acceptance α* of a draft scheme by the subset dual (§4.3–4.4), choosing the cheapest sound
 * evaluation and saying which one it used:
 *
 * | scheme | k | method | cost | exact in rationals |
 * |---|---|---|---|---|
 * | iid | any | `prefix-iid`: prefixes of the increasing p/q order, f(A) = q(A)^k | O(n log n) | yes |
 * | wor | 1, 2 | `prefix-iid` (k = 1) / `prefix-wor-k2` | O(n log n) | yes |
 * | wor | ≥ 3, n ≤ `exhaustiveMaxN` | `exhaustive`: all 2^n subsets of the exact set law | O(2^n n + sets) | yes |
 * | wor | ≥ 3, larger n | `prefix-wor-race-integral` (float quadrature; prefix optimality is [NUM] for k ≥ 3) | O(n · nodes · k) | no |
 * | hub, greedy, greedy-q | as the scheme | `top-set-cut`: closed-form minimiser T ∪ {y ∉ T : p(y) < extra(y)} | O(n) | yes |
 *
 * `method: 'exhaustive'` forces the exhaustive search for any scheme (n ≤ 20).
 *
 * @example
 * ```ts
 * subsetDual(rationalField, 'iid', E1.p, E1.q, 2);
 * // {optimum: 29/36, argminSet: [0, 1], method: 'prefix-iid', exact: true}
 * ```
 */
import { argmax, assertSameLength, validateInField } from '../core/distribution.ts';
import type { Field } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { topIndices } from '../draws/topIndices.ts';
import { massNormalised, setLawOf, setLawSize } from '../draws/draftLaws.ts';
import { getDraftScheme } from '../draws/draftSchemes.ts';
import { denominatorBits, guardRationalWork } from './rationalWork.ts';
import { topSetCut } from './_internals/topSetCut.ts';
import { SUBSET_DUAL_EXHAUSTIVE_MAX_N, subsetDualExhaustive } from './subsetDualExhaustive.ts';
import { type PrefixDualMethod, subsetDualPrefix } from './subsetDualPrefix.ts';

export type SubsetDualMethod = PrefixDualMethod | 'exhaustive' | 'top-set-cut';

export interface SubsetDualResult<T> {
  /** α* (a float converted into the field when `exact` is false). */
  optimum: T;
  /** A minimiser A of p(A) + 1 − Q(S ⊆ A), ascending token ids. */
  argminSet: number[];
  method: SubsetDualMethod;
  /** Whether `optimum` is exact in the field used (false for the race-integral quadrature). */
  exact: boolean;
}

export interface SubsetDualOptions {
  /** Without-replacement drafts with k ≥ 3 are searched exhaustively up to this n (default 12). */
  exhaustiveMaxN?: number;
  /** `'auto'` (default) picks by the table above; `'exhaustive'` always enumerates the set law. */
  method?: 'auto' | 'exhaustive';
}

/** Validates p, q, k for the scheme, then evaluates the dual (see the table above). */
export function subsetDual<T>(F: Field<T>, scheme: DraftSchemeId, p: ArrayLike<T>, q: ArrayLike<T>, k: number, options: SubsetDualOptions = {}): SubsetDualResult<T> {
  const target = validateInField(F, p, 'target');
  const draft = validateInField(F, q, 'draft');
  assertSameLength(target, draft);
  getDraftScheme(scheme).check(F, draft, k);
  return subsetDualUnchecked(F, scheme, target, draft, k, options);
}

/** {@link subsetDual} for inputs already validated (the verifiers' `acceptance`). */
export function subsetDualUnchecked<T>(F: Field<T>, scheme: DraftSchemeId, pIn: ArrayLike<T>, qIn: ArrayLike<T>, k: number, options: SubsetDualOptions = {}): SubsetDualResult<T> {
  const n = pIn.length;
  // Float inputs are renormalised once (they sum to 1 only within 1e-9); rationals sum to exactly 1.
  const p = massNormalised(F, pIn);
  const q = massNormalised(F, qIn);
  const exhaustiveMaxN = Math.min(options.exhaustiveMaxN ?? 12, SUBSET_DUAL_EXHAUSTIVE_MAX_N);
  const exhaustive = options.method === 'exhaustive' || (scheme === 'wor' && k >= 3 && n <= exhaustiveMaxN);
  if (F.name !== 'float64') guardExactDual(F, scheme, p, q, k, exhaustive);
  if (exhaustive) {
    const r = subsetDualExhaustive(F, p, setLawOf(F, scheme, q, k));
    return { ...r, method: 'exhaustive', exact: true };
  }
  if (scheme === 'iid' || scheme === 'wor') return subsetDualPrefix(F, scheme, p, q, k);
  return { ...topSetCutFor(F, scheme, p, q, k), method: 'top-set-cut', exact: true };
}

/**
 * The size guard of the exact (rational) dual, checked before any work (see `src/optimum/rationalWork.ts`): the
 * operation count of the method times the square of the bits its sums can reach.
 */
function guardExactDual<T>(F: Field<T>, scheme: DraftSchemeId, p: ArrayLike<T>, q: ArrayLike<T>, k: number, exhaustive: boolean): void {
  const n = p.length;
  const what = `the ${exhaustive ? 'exhaustive' : scheme === 'iid' || scheme === 'wor' ? 'prefix' : 'closed-form'} subset dual (${scheme}, n = ${n}, k = ${k})`;
  const instead = 'the float64 subset dual (floatField, or float input on the command line) is O(n log n) and accurate to about 1e-12 (docs/theory.md §12)';
  const inputBits = denominatorBits(F, p, q);
  if (exhaustive) {
    // The set law (≤ C(n+k−1, k) sets, each a sum over ≤ k! orderings of k-factor products), then 2^n·n sums.
    const sets = setLawSize(F, scheme, q, k);
    let orderings = 1;
    for (let i = 2; i <= Math.min(k, 8); i++) orderings *= i;
    guardRationalWork(sets * orderings * k + 2 ** n * n, k * inputBits, what, instead);
  } else if (scheme === 'wor' && k === 2) {
    // Σ q_x/(1 − q_x): the denominators 1 − q_x are all different in general.
    const w: T[] = [];
    for (let y = 0; y < n; y++) if (F.isPositive(q[y]!)) w.push(F.div(q[y]!, F.sub(F.one, q[y]!)));
    guardRationalWork(4 * n, inputBits + denominatorBits(F, w), what, instead);
  } else guardRationalWork((k + 2) * n, (scheme === 'iid' ? k : 2) * inputBits, what, instead);
}

function topSetCutFor<T>(F: Field<T>, scheme: 'hub' | 'greedy' | 'greedy-q', p: ArrayLike<T>, q: ArrayLike<T>, k: number) {
  const n = q.length;
  const top = scheme === 'hub' ? [argmax(F, q)] : topIndices(F, q, k - 1);
  const inTop = new Uint8Array(n);
  for (const t of top) inTop[t] = 1;
  let rest = F.zero;
  for (let y = 0; y < n; y++) if (!inTop[y]) rest = F.add(rest, q[y]!);
  if (!F.isPositive(rest)) return topSetCut(F, p, top, null); // hub pair with q(a) = 1: the set is {a}
  const extra = F.zeros(n);
  for (let y = 0; y < n; y++) if (!inTop[y]) extra[y] = scheme === 'greedy-q' ? q[y]! : F.div(q[y]!, rest);
  return topSetCut(F, p, top, extra);
}
