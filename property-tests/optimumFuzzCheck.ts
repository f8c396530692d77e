/**
 * The check behind the optimum fuzz (property-tests/optimumFloat.property.test.ts, fast, part of `npm test`)
 * and its long run (bench/fuzzOptimum.ts): one near-degenerate float instance through every optimum route and
 * the OTM / Khisti verifiers, each result compared with an exact reference, or accepted as a typed refusal.
 *
 * Reference: α* of the exactly renormalised inputs (`exactRenormalised`), by the exact rational max-flow
 * (§4.3) over the exact set law when the set law is small, else by the exact rational subset dual where it is
 * exact and cheap (prefix i.i.d., top-set cut); otherwise the routes are only compared with each other.
 *
 * Stated tolerances (absolute; every value is a probability in [0, 1]):
 * - float subset dual and float max-flow: 1e-12 (the dual is a min of sums of non-negative terms; Dinic
 *   treats residuals ≤ 1e-15 as zero, and the networks here have fewer than 1,000 arcs);
 * - the race-integral dual (without replacement, k ≥ 3, quadrature): 1e-11;
 * - the GLPK LP routes: 1e-9 (their certificate's duality tolerance);
 * - prefix duals (i.i.d., without replacement k = 2, top-set cut) also relatively: 1e-12 · α*, so a tiny
 *   optimum (disjoint supports, 1e-300 overlaps) is still resolved; raised, as in the closed-form fuzz, to 16 times
 *   the relative rounding of subnormal entries by the float renormalisation (a perturbation of the inputs).
 * A route may refuse only with a SpechubError (a size guard `TOO_LARGE`, or `SOLVER_FAILURE` naming the
 * routes that work); any other exception, NaN, ±∞ or a value outside [0, 1] is a failure.
 */
import { enumerateOutcomes } from '../src/core/chooser.ts';
import { renormalise } from '../src/core/renormalise.ts';
import { SpechubError } from '../src/core/errors.ts';
import { floatField, rationalField } from '../src/core/field.ts';
import type { Rational } from '../src/core/rational.ts';
import { OPTIMUM_ROUTES, optimalAcceptance } from '../src/optimum/optimalAcceptance.ts';
import { membershipMaxFlow } from '../src/optimum/membershipMaxFlow.ts';
import { jointLawOf, setLawOf, setLawSize } from '../src/draws/draftLaws.ts';
import { subsetDual } from '../src/optimum/subsetDual.ts';
import { getMethod } from '../src/methods.ts';
import { type OptimumInstance, exactRenormalised } from './arbitraries/optimumLaws.ts';
import { SUBNORMAL_FACTOR, subnormalPerturbation } from './floatChecks.ts';

export const TOLERANCE = { exactRoutes: 1e-12, raceIntegral: 1e-11, linearPrograms: 1e-9, relative: 1e-12 } as const;

/** Largest exact set law the reference builds (rational max-flow). */
const REFERENCE_MAX_SETS = 400;

export interface FuzzOutcome {
  failures: string[];
  /** Routes that refused, with the error code. */
  refusals: string[];
  /** The exact reference, when one was computed. */
  reference: number | null;
}

function describe(x: OptimumInstance): string {
  return `draws ${x.draws}, k = ${x.k}, p = [${x.p.join(', ')}], q = [${x.q.join(', ')}]`;
}

/** α* of the exactly renormalised inputs, or null when no cheap exact route exists. */
export function exactReference(x: OptimumInstance): Rational | null {
  const p = exactRenormalised(x.p);
  const q = exactRenormalised(x.q);
  if (setLawSize(floatField, x.draws, x.q, x.k) <= REFERENCE_MAX_SETS) {
    return membershipMaxFlow(rationalField, p, setLawOf(rationalField, x.draws, q, x.k)).optimum;
  }
  if (x.draws === 'iid' || (x.draws === 'wor' && x.k === 1) || x.draws === 'hub' || x.draws === 'greedy' || x.draws === 'greedy-q') {
    try {
      return subsetDual(rationalField, x.draws, p, q, x.k).optimum;
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'TOO_LARGE') return null; // exact arithmetic too costly here
      throw e;
    }
  }
  return null;
}

/**
 * The float output law and acceptance of an optimal verifier, by enumeration: every draft tuple of the float
 * draft law (the closed-form law, so that this checks the verifier, not the draft sampler) times every random
 * choice of the prepared verifier.
 */
export function verifierLawFloat(id: string, x: OptimumInstance): { law: Float64Array; acceptance: number } {
  const method = getMethod(id);
  // `prepare` takes validated inputs, i.e. renormalised ones (the boundary's job, §11.2); the instances' sums may
  // be off by up to 1e-9, which an unnormalised p would carry into the acceptance.
  const p = renormalise(x.p);
  const q = renormalise(x.q);
  const prepared = method.verifier.prepare(floatField, p, q, x.k);
  const law = new Float64Array(x.p.length);
  let acceptance = 0;
  for (const { tuple, probability } of jointLawOf(floatField, method.scheme.id, q, x.k)) {
    if (!(probability > 0)) continue;
    for (const o of enumerateOutcomes(floatField, (c) => prepared.verify(tuple, c))) {
      const mass = probability * o.probability;
      law[o.value.token]! += mass;
      if (tuple.includes(o.value.token)) acceptance += mass;
    }
  }
  return { law, acceptance };
}

/** Runs every route (and the OTM / Khisti verifiers where they apply) on one instance. */
export async function checkOptimumInstance(x: OptimumInstance, options: { outputLaw?: boolean; maxVariables?: number; maxSets?: number } = {}): Promise<FuzzOutcome> {
  const failures: string[] = [];
  const refusals: string[] = [];
  const label = describe(x);
  const bad = (v: number) => !Number.isFinite(v) || v < 0 || v > 1;
  let referenceRational: Rational | null = null;
  try {
    referenceRational = exactReference(x);
  } catch (e) {
    failures.push(`reference failed (${(e as Error).message}): ${label}`);
    return { failures, refusals, reference: null };
  }
  const reference = referenceRational === null ? null : referenceRational.toNumber();

  // Every route of `spechub optimum --via all`.
  try {
    const report = await optimalAcceptance(x.p, x.q, x.k, x.draws, {
      via: 'all',
      ...(options.maxVariables === undefined ? {} : { maxVariables: options.maxVariables }),
      ...(options.maxSets === undefined ? {} : { maxSets: options.maxSets }),
    });
    for (const [route, why] of Object.entries(report.skipped)) refusals.push(`${route}: ${why}`);
    const dualMethod = String(report.details.dual?.method ?? '');
    // As in the closed-form fuzz (§11.6): a subnormal entry's renormalised value is rounded to the subnormal grid,
    // a relative perturbation of the inputs themselves; the relative tolerance grows with it.
    const relative = Math.max(TOLERANCE.relative, SUBNORMAL_FACTOR * subnormalPerturbation(x.p, exactRenormalised(x.p)), SUBNORMAL_FACTOR * subnormalPerturbation(x.q, exactRenormalised(x.q)));
    const values: number[] = [];
    for (const route of OPTIMUM_ROUTES) {
      const v = report.via[route];
      if (v === null) continue;
      values.push(v);
      if (bad(v)) {
        failures.push(`${route} gave ${v}: ${label}`);
        continue;
      }
      if (reference === null) continue;
      const tolerance = route === 'lp' || route === 'membership-lp' ? TOLERANCE.linearPrograms : route === 'dual' && dualMethod === 'prefix-wor-race-integral' ? TOLERANCE.raceIntegral : TOLERANCE.exactRoutes;
      if (!(Math.abs(v - reference) <= tolerance)) failures.push(`${route} gave ${v}, exact ${reference} (tolerance ${tolerance}): ${label}`);
      if (route === 'dual' && ['prefix-iid', 'prefix-wor-k2', 'top-set-cut'].includes(dualMethod) && !(Math.abs(v - reference) <= relative * reference + 1e-300)) {
        failures.push(`dual (${dualMethod}) gave ${v}, exact ${reference}: relative error above ${relative}: ${label}`);
      }
    }
    if (values.length > 1 && !(report.maxDisagreement <= TOLERANCE.linearPrograms)) failures.push(`routes disagree by ${report.maxDisagreement}: ${label}`);
    const { dual, maxflow } = report.via;
    const dualTolerance = dualMethod === 'prefix-wor-race-integral' ? TOLERANCE.raceIntegral : TOLERANCE.exactRoutes;
    if (dual !== null && maxflow !== null && !(Math.abs(dual - maxflow) <= dualTolerance)) failures.push(`dual ${dual} and max-flow ${maxflow} differ: ${label}`);
    if (bad(report.optimum)) failures.push(`report optimum ${report.optimum}: ${label}`);
  } catch (e) {
    if (e instanceof SpechubError) refusals.push(`optimalAcceptance: ${e.code} ${e.message}`);
    else failures.push(`optimalAcceptance threw ${(e as Error).stack ?? String(e)}: ${label}`);
  }

  // The exhaustive dual in float (n ≤ 12): same value.
  if (x.p.length <= 12) {
    try {
      const v = subsetDual(floatField, x.draws, x.p, x.q, x.k, { method: 'exhaustive' }).optimum;
      if (bad(v)) failures.push(`exhaustive dual gave ${v}: ${label}`);
      else if (reference !== null && !(Math.abs(v - reference) <= TOLERANCE.exactRoutes)) failures.push(`exhaustive dual gave ${v}, exact ${reference}: ${label}`);
    } catch (e) {
      if (e instanceof SpechubError) refusals.push(`exhaustive: ${e.code} ${e.message}`);
      else failures.push(`exhaustive dual threw ${(e as Error).stack ?? String(e)}: ${label}`);
    }
  }

  // The optimal verifiers of this draft law: float acceptance = α*; float output law = p, nothing on p = 0.
  const verifiers = x.draws === 'iid' ? ['otm', 'khisti'] : x.draws === 'wor' ? ['otm-wor'] : [];
  for (const id of verifiers) {
    if (options.maxSets !== undefined && setLawSize(floatField, x.draws, x.q, x.k) > options.maxSets) continue;
    try {
      const a = getMethod(id).verifier.acceptance(floatField, x.p, x.q, x.k).value;
      if (bad(a)) failures.push(`${id} acceptance ${a}: ${label}`);
      else if (reference !== null && !(Math.abs(a - reference) <= TOLERANCE.raceIntegral)) failures.push(`${id} acceptance ${a}, exact ${reference}: ${label}`);
      if (options.outputLaw !== false && x.p.length ** x.k <= 4096) {
        const r = verifierLawFloat(id, x);
        let pTotal = 0;
        for (const v of x.p) pTotal += v;
        r.law.forEach((v, y) => {
          if (x.p[y] === 0 && v !== 0) failures.push(`${id} emits token ${y} (p = 0) with probability ${v}: ${label}`);
          if (!(Math.abs(v - x.p[y]! / pTotal) <= 1e-9)) failures.push(`${id} output law ${v} at ${y} vs p ${x.p[y]}: ${label}`);
        });
        if (!(r.acceptance >= 0 && r.acceptance <= 1 + 1e-12)) failures.push(`${id} enumerated acceptance ${r.acceptance}: ${label}`);
        else if (reference !== null && !(Math.abs(r.acceptance - reference) <= 1e-9)) failures.push(`${id} enumerated acceptance ${r.acceptance}, exact ${reference}: ${label}`);
      }
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'TOO_LARGE') refusals.push(`${id}: ${e.message}`);
      else failures.push(`${id} threw ${(e as Error).stack ?? String(e)}: ${label}`);
    }
  }
  return { failures, refusals, reference };
}
