/**
 * The float-vs-exact checks of the float fuzz suite (property-tests/floatFuzz.test.ts) and of its long run
 * (bench/fuzzFloat.ts), docs/theory.md §11.6.
 *
 * - {@link closedFormCheck}: the float closed form (validated, renormalised at the boundary) against the exact
 *   value that `rationalField` gives on the *exactly renormalised* inputs, |α̂ − α| ≤ τ·α + σ.
 * - {@link samplerCheck}: the float sampler's output law against p (G-test) and its acceptance count against
 *   the float closed form (z-test), at a stated level, and no token of target probability 0 emitted.
 * - {@link draftSchemeCheck}: a draft scheme's sampled tuples against its exact joint law (G-test, tuples
 *   outside the support as an impossible cell), for small n.
 */
import { exactAcceptance, acceptanceRate } from '../src/analysis/acceptanceRate.ts';
import { draftJointLaw } from '../src/analysis/jointLaw.ts';
import { validateInputs } from '../src/analysis/validateInputs.ts';
import { argmax } from '../src/core/distribution.ts';
import { SpechubError } from '../src/core/errors.ts';
import { floatField, rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { exactlyRenormalised, renormalise } from '../src/core/renormalise.ts';
import type { Rng } from '../src/core/rng.ts';
import { topIndices } from '../src/draws/_internals/checks.ts';
import { getMethod, type Method } from '../src/methods.ts';
import { checkSampler, checkSamplerUnchecked } from '../src/montecarlo/checkSampler.ts';
import { goodnessOfFit } from '../src/montecarlo/goodnessOfFit.ts';
import { createRng } from '../src/random/createRng.ts';

/** The verifiers of the fuzz suite (the optimal-transport ones have their own suite). */
export const FUZZ_METHODS = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q'] as const;
export type FuzzMethod = (typeof FUZZ_METHODS)[number];

/**
 * |α̂ − α| ≤ τ·α + σ: relative tolerance τ and an absolute floor σ for results in the subnormal range. When the
 * renormalised inputs have subnormal entries, their rounding to doubles is not within 2⁻⁵³ relative (the grid
 * is 2⁻¹⁰⁷⁴ absolute; at most max(|Σv − 1|, 2⁻¹⁰⁷⁵/v) ≤ ~1e-9 relative): τ is then raised to
 * SUBNORMAL_FACTOR × that input perturbation, measured exactly.
 */
export const TOLERANCE = { relative: 1e-11, absolute: 1e-300 } as const;
export const SUBNORMAL_FACTOR = 16;
/** K-SEQ: the rational reference is itself a ρ̂ within 1e-15 of an irrational ρ*, and the float ρ̂ is rounded up (§11.4). */
export const KSEQ_TOLERANCE = { relative: 1e-9, absolute: 1e-300 } as const;

export type CheckStatus = 'ok' | 'failed' | 'not-applicable' | 'too-costly' | 'rounding-tie';

export interface ClosedFormResult {
  status: CheckStatus;
  float?: number;
  exact?: number;
  relativeError?: number;
  /** The relative tolerance applied (raised for subnormal inputs, see TOLERANCE). */
  allowed?: number;
  detail?: string;
}

/** Whether the rational reference is affordable (bigint work grows like n^(k−1) for RRSw with k ≥ 3). */
export function referenceAffordable(method: string, n: number, k: number): boolean {
  if (method === 'rrsw') return k <= 1 || (k === 2 && n <= 50) || (k === 3 && n <= 12) || (k === 4 && n <= 7);
  return true;
}

/** Same method applicability test as the public entry points (validateInputs' K_TOO_LARGE/UNSUPPORTED_K). */
function applicability(method: string, p: readonly number[], q: readonly number[], k: number): CheckStatus | null {
  try {
    validateInputs(floatField, method, p, q, k);
    return null;
  } catch (e) {
    if (e instanceof SpechubError && ['K_TOO_LARGE', 'UNSUPPORTED_K', 'TOO_LARGE'].includes(e.code)) return 'not-applicable';
    throw e;
  }
}

/**
 * Greedy drafts and the hub depend on the order of q: when rounding the exactly renormalised q to doubles
 * merges two distinct masses into a tie (broken by the lowest index), T or the hub may differ between the float
 * run and the exact one. Such instances (rare) are reported, not compared.
 */
function orderChangedByRounding(method: string, qExact: readonly Rational[], qFloat: ArrayLike<number>, k: number): boolean {
  if (method === 'spechub') return argmax(rationalField, qExact) !== argmax(floatField, qFloat);
  if (method === 'greedy' || method === 'greedy-q') return topIndices(rationalField, qExact, k - 1).join() !== topIndices(floatField, qFloat, k - 1).join();
  return false;
}

/** max over subnormal entries of the relative error of rounding the exact renormalised entry to a double (0 if none). */
export function subnormalPerturbation(v: readonly number[], exact: readonly Rational[]): number {
  const rounded = renormalise(v);
  let worst = 0;
  rounded.forEach((r, y) => {
    if (r === 0 || r >= 2 ** -1022) return;
    const e = exact[y]!;
    worst = Math.max(worst, Math.abs(Rational.fromNumber(r).sub(e).div(e).toNumber()));
  });
  return worst;
}

/**
 * The exactly and the float-renormalised vector and its subnormal perturbation, computed once per input array
 * (every method of an instance checks the same arrays; the arrays are not mutated).
 */
const renormalisedCache = new WeakMap<readonly number[], { exact: Rational[]; rounded: number[]; perturbation: number }>();
function renormalisedOf(v: readonly number[]): { exact: Rational[]; rounded: number[]; perturbation: number } {
  let entry = renormalisedCache.get(v);
  if (entry === undefined) {
    const exact = exactlyRenormalised(v);
    entry = { exact, rounded: [...renormalise(v)], perturbation: subnormalPerturbation(v, exact) };
    renormalisedCache.set(v, entry);
  }
  return entry;
}

/** Float closed form vs the rational value of the same, exactly renormalised, inputs. */
export function closedFormCheck(method: string, p: readonly number[], q: readonly number[], k: number): ClosedFormResult {
  const inapplicable = applicability(method, p, q, k);
  if (inapplicable !== null) return { status: inapplicable };
  if (!referenceAffordable(method, p.length, k)) return { status: 'too-costly' };
  const float = acceptanceRate(method, p, q, k);
  if (!(float >= 0 && float <= 1)) return { status: 'failed', float, detail: `acceptance ${float} outside [0, 1]` };
  const { exact: P, perturbation: pPerturbation } = renormalisedOf(p);
  const { exact: Q, rounded: qRounded, perturbation: qPerturbation } = renormalisedOf(q);
  if (orderChangedByRounding(method, Q, qRounded, k)) return { status: 'rounding-tie', float };
  const exact = exactAcceptance(method, P, Q, k).value.toNumber();
  const tolerance = method === 'kseq' ? KSEQ_TOLERANCE : TOLERANCE;
  const relative = Math.max(tolerance.relative, SUBNORMAL_FACTOR * pPerturbation, SUBNORMAL_FACTOR * qPerturbation);
  const error = Math.abs(float - exact);
  const relativeError = exact > 0 ? error / exact : error;
  const ok = error <= relative * exact + tolerance.absolute;
  return { status: ok ? 'ok' : 'failed', float, exact, relativeError, allowed: relative, detail: ok ? undefined : `float ${float} vs exact ${exact} (tolerance ${relative} relative)` };
}

export interface SamplerResult {
  status: CheckStatus;
  /** Output-law G-test p-value and acceptance z-test p-value. */
  outputPValue?: number;
  acceptancePValue?: number;
  degreesOfFreedom?: number;
  /** Draws of tokens with target probability 0 (must be 0). */
  impossible?: number;
  detail?: string;
}

/**
 * Monte Carlo check at per-check level `significance` (checkSampler: G-test and z-test at half of it each).
 * `method` may be a test-only biased method (then run unvalidated on the renormalised inputs).
 */
export function samplerCheck(
  method: string | Method,
  p: readonly number[],
  q: readonly number[],
  k: number,
  options: { trials: number; seed: string; significance: number; exactAcceptance?: number },
): SamplerResult {
  const id = typeof method === 'string' ? method : method.id;
  const inapplicable = applicability(id, p, q, k);
  if (inapplicable !== null) return { status: inapplicable };
  const target = renormalise(p);
  const r =
    typeof method === 'string'
      ? checkSampler(method, p, q, k, options)
      : checkSamplerUnchecked(method, target, renormalise(q), k, { ...options, exactAcceptance: options.exactAcceptance ?? acceptanceRate(id, p, q, k) });
  let impossible = 0;
  r.monteCarlo.tokenCounts.forEach((c, y) => {
    if (!(target[y]! > 0)) impossible += c;
  });
  const failed = r.rejected || impossible > 0;
  return {
    status: failed ? 'failed' : 'ok',
    outputPValue: r.outputLaw.pValue,
    acceptancePValue: r.acceptance.pValue,
    degreesOfFreedom: r.outputLaw.degreesOfFreedom,
    impossible,
    detail: failed ? `output p = ${r.outputLaw.pValue}, acceptance p = ${r.acceptance.pValue}, p = 0 emissions ${impossible}` : undefined,
  };
}

/** Tuples of a draft sampler against the exact joint law of the scheme on the exactly renormalised q. */
export function draftSchemeCheck(
  scheme: string,
  q: readonly number[],
  k: number,
  sampler: (qFloat: Float64Array, rng: Rng) => number[],
  options: { draws: number; seed: string; significance: number },
): SamplerResult {
  let law: Map<string, Rational>;
  try {
    law = draftJointLaw(rationalField, scheme, exactlyRenormalised(q), k);
  } catch (e) {
    if (e instanceof SpechubError && ['K_TOO_LARGE', 'UNSUPPORTED_K'].includes(e.code)) return { status: 'not-applicable' };
    throw e;
  }
  const keys = [...law.keys()];
  const index = new Map(keys.map((key, i) => [key, i]));
  const counts = new Float64Array(keys.length + 1); // last cell: tuples outside the support (impossible)
  const rng = createRng(options.seed);
  const qFloat = renormalise(q);
  for (let t = 0; t < options.draws; t++) counts[index.get(sampler(qFloat, rng).join(',')) ?? keys.length]!++;
  const probabilities = [...keys.map((key) => law.get(key)!.toNumber()), 0];
  const total = probabilities.reduce((s, x) => s + x, 0);
  const r = goodnessOfFit(counts, probabilities.map((x) => x / total), { significance: options.significance });
  const impossible = counts[keys.length]!;
  return {
    status: r.rejected ? 'failed' : 'ok',
    outputPValue: r.pValue,
    degreesOfFreedom: r.degreesOfFreedom,
    impossible,
    detail: r.rejected ? `tuple law p = ${r.pValue}, tuples outside the support ${impossible}` : undefined,
  };
}

/** Methods applicable at k (sd only at k = 1, spechub only at k = 2). */
export function methodsFor(k: number): FuzzMethod[] {
  return FUZZ_METHODS.filter((m) => getMethod(m).verifier.supportsK(k));
}
