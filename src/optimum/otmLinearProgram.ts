/**
 * The full optimal-transport-with-membership-cost LP (§4.1), solved with GLPK (a GLPK adapter):
 *
 *   max Σ_{x̄,y} π(x̄, y)·[y ∈ S(x̄)]   s.t.   Σ_y π(x̄, y) = Q(x̄) ∀x̄,   Σ_x̄ π(x̄, y) = p(y) ∀y,   π ≥ 0,
 *
 * over the support of the ordered joint draft law Q (§1) and the support of p. Its value is α*(p, Q), the best
 * acceptance of any exact verifier for these drafts. Size |supp Q| · |supp p| variables (n^{k+1} for i.i.d.
 * drafts): refused with `TOO_LARGE` above `maxVariables` (default {@link DEFAULT_MAX_LP_VARIABLES}). A solve
 * that does not end optimal, or whose solution fails the re-check of every row, throws `SolverError`.
 *
 * @example
 * ```ts
 * const r = await solveOtmLinearProgram([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2, 'iid');
 * r.optimum; // 0.78999999… (79/100 in float64 from GLPK: 0.7899999999999999)
 * ```
 */
import { floatField } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { type DraftTuple, jointLawOf, jointLawSize } from '../draws/draftLaws.ts';
import { type LinearRow, solveAcceptanceProgram } from './solveLinearProgram.ts';
import { linearProgramInputs } from './_internals/linearProgramInputs.ts';
import { guardVariables } from './_internals/sizeGuard.ts';

/** Default size guard of the LP routes (variables). */
export const DEFAULT_MAX_LP_VARIABLES = 400_000;

export interface LinearProgramOptions {
  /** Refuse (`TOO_LARGE`) above this many variables. */
  maxVariables?: number;
  /** GLPK time limit in seconds (a solve that hits it is a SolverError). */
  timeLimitSeconds?: number;
}

export interface LinearProgramReport {
  /** α*, the LP value. */
  optimum: number;
  /** Always 'optimal' (anything else throws). */
  status: 'optimal';
  variables: number;
  constraints: number;
  /** Accepted-token profile A(y) of the solution found (optimal solutions are not unique). */
  profile: Float64Array;
  /** Build + solve time. */
  seconds: number;
}

/** Validates p, q, k for the scheme, builds the joint law and solves the full LP. */
export async function solveOtmLinearProgram(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  k: number,
  scheme: DraftSchemeId,
  options: LinearProgramOptions = {},
): Promise<LinearProgramReport> {
  const { target, draft } = linearProgramInputs(p, q, { id: scheme, k });
  const maxVariables = options.maxVariables ?? DEFAULT_MAX_LP_VARIABLES;
  let targetSupport = 0;
  for (const x of target) if (x > 0) targetSupport++;
  const variables = jointLawSize(floatField, scheme, draft, k) * targetSupport;
  guardVariables(variables, maxVariables, `the full OTM LP (${scheme}, n = ${target.length}, k = ${k})`);
  return solveOtmLinearProgramForLaw(target, jointLawOf(floatField, scheme, draft, k, Math.max(1, Math.ceil(maxVariables / Math.max(1, targetSupport)))), options);
}

/** The LP for an explicit joint law (tuples over 0..n−1); p and Q are assumed validated. */
export async function solveOtmLinearProgramForLaw(
  p: ArrayLike<number>,
  joint: readonly DraftTuple<number>[],
  options: LinearProgramOptions = {},
): Promise<LinearProgramReport> {
  const started = performance.now();
  const n = p.length;
  const tokens: number[] = [];
  for (let y = 0; y < n; y++) if (p[y]! > 0) tokens.push(y);
  const tuples = joint.filter((t) => t.probability > 0);
  const variables = tuples.length * tokens.length;
  guardVariables(variables, options.maxVariables ?? DEFAULT_MAX_LP_VARIABLES, `the full OTM LP (n = ${n})`);
  const objective = new Float64Array(variables);
  const rows: LinearRow[] = [];
  const columnIndices: number[][] = tokens.map(() => []);
  tuples.forEach((t, r) => {
    const indices: number[] = [];
    tokens.forEach((y, c) => {
      const j = r * tokens.length + c;
      indices.push(j);
      columnIndices[c]!.push(j);
      if (t.tuple.includes(y)) objective[j] = 1;
    });
    rows.push({ indices, kind: 'eq', bound: t.probability });
  });
  tokens.forEach((y, c) => rows.push({ indices: columnIndices[c]!, kind: 'eq', bound: p[y]! }));
  const solution = await solveAcceptanceProgram({ name: 'full OTM LP (§4.1)', direction: 'max', variableCount: variables, objective, rows }, { ...options, relaxEqualities: true });
  const profile = new Float64Array(n);
  for (let j = 0; j < variables; j++) if (objective[j] === 1) profile[tokens[j % tokens.length]!]! += solution.x[j]!;
  return { optimum: solution.value, status: 'optimal', variables, constraints: rows.length, profile, seconds: (performance.now() - started) / 1000 };
}
