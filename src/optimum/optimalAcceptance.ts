/**
 * Optimal acceptance α*(p, Q) of a draft scheme by up to four independent routes (§4), with their timings
 * and a cross-check: the full OTM LP (§4.1, GLPK), the compact membership LP (§4.2, GLPK), max-flow / min-cut
 * (§4.3, own Dinic, exact in rationals) and the subset dual (§4.3–4.4). This is what `spechub optimum` runs.
 *
 * Inputs are float vectors, or exact `Rational` vectors: then the max-flow and dual routes run in rationals
 * (up to `exactMaxSets` draft sets and `exactMaxN` tokens respectively) and `exact` is the reduced fraction.
 * A route that would be too large (`TOO_LARGE`), or an LP whose GLPK solution cannot be certified to 1e-9
 * (`SolverError`, see `solveAcceptanceProgram`), is reported in `skipped` when several routes run, and throws
 * when it is the only one; never a number that is not certified. Float inputs are renormalised once (each
 * route is robust on near-one-hot laws: docs/theory.md §12).
 *
 * @example
 * ```ts
 * const r = await optimalAcceptance(E4.p, E4.q, 2, 'wor', { via: 'all' });
 * r.exact;                 // '701/840'
 * r.argminSet;             // [0, 1, 2]
 * r.maxDisagreement < 1e-9 // true
 * ```
 */
import { assertSameLength, validateDistribution, validateExactDistribution } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { type Field, floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { setLawSize } from '../draws/draftLaws.ts';
import { getDraftScheme } from '../draws/draftSchemes.ts';
import { solveMembershipLinearProgram } from './membershipLinearProgram.ts';
import { DEFAULT_MAX_FLOW_SETS, optimalMembershipFlow } from './optimalMembershipFlow.ts';
import { solveOtmLinearProgram } from './otmLinearProgram.ts';
import { type SubsetDualMethod, type SubsetDualResult, subsetDualUnchecked } from './subsetDual.ts';

export type OptimumRoute = 'lp' | 'membership-lp' | 'maxflow' | 'dual';

/** Every route, in the order they run. */
export const OPTIMUM_ROUTES: readonly OptimumRoute[] = ['lp', 'membership-lp', 'maxflow', 'dual'];

/** Routes that disagree by more than this are a failed cross-check. */
export const ROUTE_AGREEMENT_TOLERANCE = 1e-9;

export interface OptimalAcceptanceOptions {
  /** One route or `'all'` (default `'dual'`). */
  via?: OptimumRoute | 'all';
  /** LP size guard (variables); default 400,000. */
  maxVariables?: number;
  /** Max-flow size guard (draft sets); default 200,000. */
  maxSets?: number;
  /** Max-flow in rationals up to this many draft sets (default 20,000) and within its cost guard, float above. */
  exactMaxSets?: number;
  /**
   * Dual in rationals up to this vocabulary size (default 2,000), float above; also float when the rational
   * computation would be too costly (its size guard; `details.dual.exactRefused` says why).
   */
  exactMaxN?: number;
}

export interface OptimalAcceptanceReport {
  draws: DraftSchemeId;
  k: number;
  n: number;
  /** α* as a number. */
  optimum: number;
  /** α* as a reduced fraction when an exact route ran on exact inputs, else null. */
  exact: string | null;
  /** A minimiser A of the subset dual p(A) + 1 − Q(S ⊆ A) (from the dual, else from the minimum cut). */
  argminSet: number[];
  /** Each route's value; null when it did not run. */
  via: Record<OptimumRoute, number | null>;
  /** Seconds per route that ran. */
  seconds: Partial<Record<OptimumRoute, number>>;
  /** Per-route details: solver status and size, field, dual method. */
  details: Partial<Record<OptimumRoute, Record<string, string | number | boolean>>>;
  /** Routes refused (size guard, uncertified LP solution) when several routes ran, with the reason. */
  skipped: Partial<Record<OptimumRoute, string>>;
  /** Largest difference between two routes' values (0 with one route). */
  maxDisagreement: number;
  /** The exact routes gave different fractions (always false with floats). */
  exactDisagreement: boolean;
}

/** Whether a report fails the cross-check: two routes differ by more than 1e-9, or two exact routes differ. */
export function routesDisagree(report: Pick<OptimalAcceptanceReport, 'maxDisagreement' | 'exactDisagreement'>): boolean {
  return !(report.maxDisagreement <= ROUTE_AGREEMENT_TOLERANCE) || report.exactDisagreement;
}

function isRationalVector(v: ArrayLike<unknown>): v is readonly Rational[] {
  return v.length > 0 && v[0] instanceof Rational;
}

/** Validates the inputs, runs the requested routes and cross-checks them. */
export async function optimalAcceptance(
  p: ArrayLike<number> | readonly Rational[],
  q: ArrayLike<number> | readonly Rational[],
  k: number,
  draws: DraftSchemeId,
  options: OptimalAcceptanceOptions = {},
): Promise<OptimalAcceptanceReport> {
  const scheme = getDraftScheme(draws);
  let exactPair: { p: readonly Rational[]; q: readonly Rational[] } | null = null;
  let pf: Float64Array;
  let qf: Float64Array;
  if (isRationalVector(p) || isRationalVector(q)) {
    if (!isRationalVector(p) || !isRationalVector(q)) throw new SpechubError('INVALID_ARGUMENT', 'pass both vectors as Rationals or both as numbers');
    exactPair = { p: validateExactDistribution(p as Rational[], 'target'), q: validateExactDistribution(q as Rational[], 'draft') };
    pf = validateDistribution(p.map((x) => x.toNumber()), 'target');
    qf = validateDistribution(q.map((x) => x.toNumber()), 'draft');
  } else {
    pf = validateDistribution(p as ArrayLike<number>, 'target');
    qf = validateDistribution(q as ArrayLike<number>, 'draft');
  }
  assertSameLength(pf, qf);
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `k must be an integer ≥ 1, got ${k}`);
  scheme.check(floatField, qf, k);
  if (exactPair !== null) scheme.check(rationalField, exactPair.q, k);

  const n = pf.length;
  const via = options.via ?? 'dual';
  if (via !== 'all' && !OPTIMUM_ROUTES.includes(via)) {
    throw new SpechubError('INVALID_ARGUMENT', `unknown route '${String(via)}' (known: ${OPTIMUM_ROUTES.join(', ')}, all)`);
  }
  const routes = via === 'all' ? OPTIMUM_ROUTES : [via];
  const report: OptimalAcceptanceReport = {
    draws,
    k,
    n,
    optimum: NaN,
    exact: null,
    argminSet: [],
    via: { lp: null, 'membership-lp': null, maxflow: null, dual: null },
    seconds: {},
    details: {},
    skipped: {},
    maxDisagreement: 0,
    exactDisagreement: false,
  };
  const exactValues: Partial<Record<OptimumRoute, Rational>> = {};
  let dualArgmin: number[] | null = null;
  let cutArgmin: number[] | null = null;

  for (const route of routes) {
    const started = performance.now();
    try {
      if (route === 'lp' || route === 'membership-lp') {
        const lpOptions = options.maxVariables === undefined ? {} : { maxVariables: options.maxVariables };
        const r = route === 'lp' ? await solveOtmLinearProgram(pf, qf, k, draws, lpOptions) : await solveMembershipLinearProgram(pf, qf, k, draws, lpOptions);
        report.via[route] = r.optimum;
        report.details[route] = { solver: 'glpk', status: r.status, variables: r.variables, constraints: r.constraints };
      } else if (route === 'maxflow') {
        const maxSets = options.maxSets ?? DEFAULT_MAX_FLOW_SETS;
        const run = <T>(F: Field<T>, pv: ArrayLike<T>, qv: ArrayLike<T>) => {
          const flow = optimalMembershipFlow(F, draws, pv, qv, k, { maxSets });
          return { value: flow.optimum, argmin: flow.argminSet, sets: flow.sets.length };
        };
        // Exact when the inputs are and the rational network is small (its own guard refuses costly numbers:
        // then the float route answers, and details say why).
        let exactRefused: string | null = null;
        let r: { value: Rational | number; argmin: number[]; sets: number } | null = null;
        if (exactPair !== null && setLawSize(floatField, draws, qf, k) <= (options.exactMaxSets ?? 20_000)) {
          try {
            r = run(rationalField, exactPair.p, exactPair.q);
          } catch (e) {
            if (!(e instanceof SpechubError && e.code === 'TOO_LARGE')) throw e;
            exactRefused = e.message;
          }
        }
        const useExact = r !== null;
        r ??= run(floatField, pf, qf);
        report.via.maxflow = useExact ? (r.value as Rational).toNumber() : (r.value as number);
        if (useExact) exactValues.maxflow = r.value as Rational;
        cutArgmin = r.argmin;
        report.details.maxflow = { algorithm: 'dinic', field: useExact ? 'rational' : 'float64', sets: r.sets, ...(exactRefused === null ? {} : { exactRefused }) };
      } else {
        let exactRefused: string | null = null;
        let exact: SubsetDualResult<Rational> | null = null;
        if (exactPair !== null && n <= (options.exactMaxN ?? 2_000)) {
          try {
            exact = subsetDualUnchecked(rationalField, draws, exactPair.p, exactPair.q, k);
          } catch (e) {
            if (!(e instanceof SpechubError && e.code === 'TOO_LARGE')) throw e;
            exactRefused = e.message;
          }
        }
        const float = exact === null ? subsetDualUnchecked(floatField, draws, pf, qf, k) : null;
        const r = exact ?? float!;
        report.via.dual = exact !== null ? exact.optimum.toNumber() : float!.optimum;
        if (exact !== null && exact.exact) exactValues.dual = exact.optimum;
        dualArgmin = r.argminSet;
        // `exact` only for a rational value (a float64 value is never labelled exact).
        report.details.dual = { method: r.method as SubsetDualMethod, field: exact !== null ? 'rational' : 'float64', exact: exact !== null && r.exact, ...(exactRefused === null ? {} : { exactRefused }) };
      }
    } catch (e) {
      // With several routes, a route refused by its size guard, or a GLPK solution that cannot be certified to
      // 1e-9, is listed with the reason; the other routes still answer. Alone, the route's error is thrown.
      if (routes.length > 1 && e instanceof SpechubError && (e.code === 'TOO_LARGE' || e.code === 'SOLVER_FAILURE')) {
        report.skipped[route] = e.message;
        continue;
      }
      throw e;
    }
    report.seconds[route] = (performance.now() - started) / 1000;
  }

  const values = OPTIMUM_ROUTES.map((r) => report.via[r]).filter((x): x is number => x !== null);
  if (values.length === 0) throw new SpechubError('TOO_LARGE', `every route was refused: ${Object.values(report.skipped).join('; ')}`);
  report.maxDisagreement = Math.max(...values) - Math.min(...values);
  const exacts = Object.values(exactValues);
  if (exacts.length > 0) {
    report.exact = exacts[0]!.toString();
    report.exactDisagreement = exacts.some((x) => !x.equals(exacts[0]!));
  }
  report.optimum = exacts.length > 0 ? exacts[0]!.toNumber() : (report.via.dual ?? report.via.maxflow ?? report.via['membership-lp'] ?? report.via.lp)!;
  report.argminSet = dualArgmin ?? cutArgmin ?? argminByCheapestRoute(draws, pf, qf, k);
  return report;
}

/** A dual minimiser when neither the dual nor the max-flow route ran (LP routes only). */
function argminByCheapestRoute(draws: DraftSchemeId, p: Float64Array, q: Float64Array, k: number): number[] {
  return subsetDualUnchecked(floatField, draws, p, q, k).argminSet;
}
