/**
 * GLPK adapter (glpk.js, the Node build): loads the solver once, solves a linear program given as dense-free
 * rows, checks the solver status and the returned solution, and throws {@link SolverError} on anything but a
 * verified optimum. This file and the `*LinearProgram.ts` adapters are the only ones importing GLPK.
 *
 * glpk.js is synchronous once loaded: `glpk.solve(lp, {msglev: GLP_MSG_OFF})` → `{result: {status, z, vars}}`,
 * status 5 = optimal (shared/notes/environment.md).
 */
import GLPK from 'glpk.js/node';
import { SolverError } from '../core/errors.ts';

type Glpk = Awaited<ReturnType<typeof GLPK>>;

let instance: Promise<Glpk> | null = null;

/** The GLPK instance (loaded on first use). */
export function loadGlpk(): Promise<Glpk> {
  instance ??= GLPK();
  return instance;
}

/** glpk.js status codes (GLP_UNDEF … GLP_UNBND) by name. */
export const GLPK_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'undefined',
  2: 'feasible',
  3: 'infeasible',
  4: 'no feasible solution',
  5: 'optimal',
  6: 'unbounded',
};

/** One constraint row: Σ coef·x[index] compared with `bound`. */
export interface LinearRow {
  indices: number[];
  coefficients?: number[];
  kind: 'eq' | 'le';
  bound: number;
}

/** max (or min) Σ objective[j]·x[j] s.t. rows, x ≥ 0. */
export interface LinearProgram {
  name: string;
  direction: 'max' | 'min';
  variableCount: number;
  /** Objective coefficient per variable (missing = 0). */
  objective: ArrayLike<number>;
  rows: LinearRow[];
}

export interface LinearSolution {
  status: 'optimal';
  /** The raw glpk.js status code (5). */
  statusCode: number;
  value: number;
  x: Float64Array;
  /** GLPK's row duals (0 where it gave none). */
  dual: Float64Array;
  seconds: number;
}

/**
 * An acceptance certified within the solver's tolerances, clamped into [0, 1] (GLPK's round-off can leave
 * 1 + 2e-16 or −1e-17; a probability is printed as one).
 *
 * @example
 * ```ts
 * clampToUnit(1.0000000000000002); // 1
 * ```
 */
export function clampToUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Absolute slack allowed when the returned solution is re-checked against every row. */
const FEASIBILITY_TOLERANCE = 1e-7;
/**
 * GLPK's time limit when the caller gives none: 5 s + 0.2 ms per variable, at most 300 s (85 s at the default
 * 400,000-variable guard; the largest LP of figure 5 takes about 11 s). Small programs solve in milliseconds, so a
 * cycling simplex ends in a few seconds.
 */
export function defaultTimeLimitSeconds(variables: number): number {
  return Math.min(300, 5 + 2e-4 * variables);
}

/** Reduced-cost sign slack and duality gap allowed by the optimality certificate. */
const DUALITY_TOLERANCE = 1e-9;

/** Solves the program; throws SolverError unless GLPK reports an optimum that satisfies every row. */
export async function solveLinearProgram(program: LinearProgram, options: { timeLimitSeconds?: number } = {}): Promise<LinearSolution> {
  const glpk = await loadGlpk();
  const started = performance.now();
  const name = (j: number) => `x${j}`;
  const objectiveVars: { name: string; coef: number }[] = [];
  for (let j = 0; j < program.variableCount; j++) {
    const c = program.objective[j] ?? 0;
    if (c !== 0) objectiveVars.push({ name: name(j), coef: c });
  }
  const subjectTo = program.rows.map((row, r) => ({
    name: `r${r}`,
    vars: row.indices.map((j, i) => ({ name: name(j), coef: row.coefficients?.[i] ?? 1 })),
    bnds: row.kind === 'eq' ? { type: glpk.GLP_FX, lb: row.bound, ub: row.bound } : { type: glpk.GLP_UP, lb: 0, ub: row.bound },
  }));
  // Variables that appear in no row still need a bound; glpk.js defaults to x ≥ 0.
  const lp = {
    name: program.name,
    objective: { direction: program.direction === 'max' ? glpk.GLP_MAX : glpk.GLP_MIN, name: 'objective', vars: objectiveVars },
    subjectTo,
  };
  // GLPK's presolver is off: on this LP family it silently drops rows with tiny bounds (a set of probability
  // 1e-9 lost its flow and the "optimal" value was short by that much), and it reports infeasible or
  // unbounded programs only as status 'undefined'.
  // A time limit always applies (default: defaultTimeLimitSeconds): GLPK's simplex can cycle on degenerate
  // programs (a row whose bound is below its 1e-7 tolerance, found by the long optimum fuzz), and a solve that
  // never ends must become a SolverError, not a hang.
  const timeLimit = options.timeLimitSeconds ?? defaultTimeLimitSeconds(program.variableCount);
  let result;
  try {
    result = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false, tmlim: timeLimit });
  } catch (e) {
    throw new SolverError(`GLPK failed on ${program.name}: ${(e as Error)?.message ?? String(e)}`);
  }
  const status = result.result.status;
  if (status !== glpk.GLP_OPT) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= timeLimit * 0.99) throw new SolverError(`GLPK stopped at its time limit of ${timeLimit} s on ${program.name} without an optimum (the simplex can cycle on degenerate programs)`);
    throw new SolverError(`GLPK did not reach an optimum for ${program.name}: status ${status} (${GLPK_STATUS_NAMES[status] ?? 'unknown'})`);
  }
  const x = new Float64Array(program.variableCount);
  for (let j = 0; j < program.variableCount; j++) x[j] = result.result.vars[name(j)] ?? 0;
  for (let j = 0; j < program.variableCount; j++) {
    if (!(x[j]! >= -FEASIBILITY_TOLERANCE)) throw new SolverError(`GLPK returned x${j} = ${x[j]} < 0 for ${program.name}`);
  }
  program.rows.forEach((row, r) => {
    let activity = 0;
    row.indices.forEach((j, i) => (activity += (row.coefficients?.[i] ?? 1) * x[j]!));
    const violation = row.kind === 'eq' ? Math.abs(activity - row.bound) : activity - row.bound;
    if (!(violation <= FEASIBILITY_TOLERANCE)) {
      throw new SolverError(`GLPK's solution violates row ${r} of ${program.name} by ${violation}`);
    }
  });
  let value = 0;
  for (let j = 0; j < program.variableCount; j++) value += (program.objective[j] ?? 0) * x[j]!;
  if (!Number.isFinite(value)) throw new SolverError(`GLPK returned a non-finite objective for ${program.name}`);
  certifyByDuality(program, result.result.dual, value);
  const dual = new Float64Array(program.rows.length);
  for (let r = 0; r < program.rows.length; r++) dual[r] = result.result.dual?.[`r${r}`] ?? 0;
  return { status: 'optimal', statusCode: status, value, x, dual, seconds: (performance.now() - started) / 1000 };
}

/**
 * Optimality certificate from GLPK's row duals y: dual feasibility (right signs on the ≤ rows, every reduced
 * cost c_j − Σ_r a_rj y_r of the right sign) makes Σ_r b_r y_r a bound on the optimum (weak duality), and the
 * primal value must reach it within {@link DUALITY_TOLERANCE}.
 */
function certifyByDuality(program: LinearProgram, dual: Record<string, number> | undefined, value: number): void {
  if (dual === undefined) throw new SolverError(`GLPK returned no dual values for ${program.name}: the optimum cannot be certified`);
  const sign = program.direction === 'max' ? 1 : -1;
  const reduced = new Float64Array(program.variableCount);
  for (let j = 0; j < program.variableCount; j++) reduced[j] = program.objective[j] ?? 0;
  let bound = 0;
  program.rows.forEach((row, r) => {
    const y = dual[`r${r}`] ?? 0;
    if (row.kind === 'le' && sign * y < -DUALITY_TOLERANCE) throw new SolverError(`GLPK's dual of row ${r} of ${program.name} has the wrong sign (${y})`);
    bound += row.bound * y;
    row.indices.forEach((j, i) => (reduced[j]! -= (row.coefficients?.[i] ?? 1) * y));
  });
  for (let j = 0; j < program.variableCount; j++) {
    if (sign * reduced[j]! > DUALITY_TOLERANCE) throw new SolverError(`GLPK's solution of ${program.name} is not optimal: reduced cost of x${j} is ${reduced[j]}`);
  }
  const gap = sign * (bound - value);
  if (!(Math.abs(gap) <= DUALITY_TOLERANCE * Math.max(1, Math.abs(value)))) {
    throw new SolverError(`GLPK's optimum for ${program.name} is not certified: duality gap ${gap}`);
  }
}

/** Largest width of the certified interval an acceptance LP may report (the routes' agreement tolerance). */
export const ACCEPTANCE_CERTIFICATE_WIDTH = 1e-9;

/**
 * A rigorous interval [lower, upper] for the optimum of an acceptance LP (a maximisation whose rows all have
 * non-negative coefficients and bounds), from GLPK's solution x and row duals y, independent of GLPK's own
 * 1e-7 feasibility tolerance (docs/theory.md §12):
 * - upper: weak duality with y projected onto the dual cone (y ≥ 0 on ≤ rows): for every feasible x',
 *   c·x' ≤ b·y + Σ_j max(0, c_j − (Aᵀy)_j)·U_j, where U_j = min over rows r ∋ j of b_r / a_rj bounds x'_j;
 * - lower: a feasible point made from x: x clipped at 0, then each x_j scaled by min(1, b_r/activity_r) over
 *   its rows, so that no row exceeds its bound. With `relaxEqualities` the equality rows count as ≤ rows for
 *   this point: right for the full OTM LP, whose optimum does not change when its equalities are relaxed (the
 *   total draft mass equals the total target mass, and any relaxed solution can be completed by non-member
 *   mass, which never lowers the objective).
 * Round-off of these sums (O(nnz·ε)) is far below the interval widths that matter. Theory: docs/theory-
 * optimum-float.md §12.8.
 *
 * @example
 * ```ts
 * // max x0 + x1 s.t. x0 + x1 ≤ 1: a primal point 1e-8 infeasible, scaled back, and the dual y = 1.
 * certifiedBounds({ name: 'toy', direction: 'max', variableCount: 2, objective: [1, 1], rows: [{ indices: [0, 1], kind: 'le', bound: 1 }] },
 *   { x: Float64Array.of(0.5, 0.5 + 1e-8), dual: Float64Array.of(1) }); // {lower: 1.0000000000000002, upper: 1}: width ≤ 0, certified
 * ```
 */
export function certifiedBounds(program: LinearProgram, solution: Pick<LinearSolution, 'x' | 'dual'>, options: { relaxEqualities?: boolean } = {}): { lower: number; upper: number } {
  const m = program.variableCount;
  const coefficient = (row: LinearRow, i: number) => row.coefficients?.[i] ?? 1;
  const cap = new Float64Array(m).fill(Infinity);
  const reduced = new Float64Array(m);
  for (let j = 0; j < m; j++) reduced[j] = program.objective[j] ?? 0;
  let upper = 0;
  program.rows.forEach((row, r) => {
    const y = row.kind === 'le' ? Math.max(0, solution.dual[r]!) : solution.dual[r]!;
    upper += row.bound * y;
    row.indices.forEach((j, i) => {
      const a = coefficient(row, i);
      reduced[j]! -= a * y;
      if (a > 0) cap[j] = Math.min(cap[j]!, row.bound / a);
    });
  });
  for (let j = 0; j < m; j++) if (reduced[j]! > 0) upper += reduced[j]! * cap[j]!;
  const scale = new Float64Array(m).fill(1);
  const x = new Float64Array(m);
  for (let j = 0; j < m; j++) x[j] = Math.max(0, solution.x[j]!);
  program.rows.forEach((row) => {
    if (row.kind === 'eq' && !options.relaxEqualities) return;
    let activity = 0;
    row.indices.forEach((j, i) => (activity += coefficient(row, i) * x[j]!));
    if (activity > row.bound) {
      const factor = row.bound > 0 ? row.bound / activity : 0;
      for (const j of row.indices) scale[j] = Math.min(scale[j]!, factor);
    }
  });
  let lower = 0;
  for (let j = 0; j < m; j++) lower += (program.objective[j] ?? 0) * x[j]! * scale[j]!;
  return { lower, upper };
}

/**
 * Solves an acceptance LP (see {@link certifiedBounds}) and returns its value only when it is certified to
 * within {@link ACCEPTANCE_CERTIFICATE_WIDTH}: GLPK's value moved into the certified interval, then into [0, 1].
 * Every failure is a {@link SolverError} that names the routes that do not use GLPK.
 *
 * @example
 * ```ts
 * (await solveAcceptanceProgram({ name: 'toy', direction: 'max', variableCount: 1, objective: [1], rows: [{ indices: [0], kind: 'le', bound: 0.5 }] })).value; // 0.5
 * ```
 */
export async function solveAcceptanceProgram(program: LinearProgram, options: { timeLimitSeconds?: number; relaxEqualities?: boolean } = {}): Promise<LinearSolution> {
  const hint = 'the max-flow and subset-dual routes (--via maxflow, --via dual) do not use GLPK and are exact in rationals';
  let solution: LinearSolution;
  try {
    solution = await solveLinearProgram(program, options);
  } catch (e) {
    if (e instanceof SolverError) throw new SolverError(`${e.message}; ${hint}`);
    throw e;
  }
  const { lower, upper } = certifiedBounds(program, solution, options);
  if (!(upper - lower <= ACCEPTANCE_CERTIFICATE_WIDTH)) {
    throw new SolverError(
      `GLPK's solution of ${program.name} is certified only to [${lower}, ${upper}] (width ${upper - lower} > ${ACCEPTANCE_CERTIFICATE_WIDTH}; GLPK works to 1e-7): ${hint}`,
      { lower, upper },
    );
  }
  return { ...solution, value: clampToUnit(Math.min(upper, Math.max(lower, solution.value))) };
}
