/**
 * The compact "membership" LP (§4.2), solved with GLPK (a GLPK adapter): variables f(S, y) ≥ 0 for each
 * draft set S of positive probability and each member y ∈ S with p(y) > 0,
 *
 *   max Σ f(S, y)   s.t.   Σ_{y∈S} f(S, y) ≤ Q_S(S) ∀S,   Σ_{S∋y} f(S, y) ≤ p(y) ∀y.
 *
 * Same value α* as the full LP of §4.1 with far fewer variables (Σ_S |S| ≤ k · #sets). Size guard and
 * solver-failure handling as {@link solveOtmLinearProgram}. Tokens with p(y) < 1e-13 (at most 1e-11 in total) are
 * left out, so the value may be below α* by that much (inside the 1e-9 certificate): GLPK cycles on their rows.
 *
 * @example
 * ```ts
 * (await solveMembershipLinearProgram([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], 2, 'wor')).optimum; // 0.834523… (= 701/840)
 * ```
 */
import { floatField } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { type DraftSet, setLawOf, setLawSize } from '../draws/draftLaws.ts';
import { type LinearRow, solveAcceptanceProgram } from './solveLinearProgram.ts';
import { linearProgramInputs } from './_internals/linearProgramInputs.ts';
import { guardVariables } from './_internals/sizeGuard.ts';
import { DEFAULT_MAX_LP_VARIABLES, type LinearProgramOptions, type LinearProgramReport } from './otmLinearProgram.ts';

/** Target masses below this are left out of the membership LP when together they stay below {@link TINY_TOTAL}. */
const TINY_TARGET_MASS = 1e-13;
const TINY_TOTAL = 1e-11;

/** Validates p, q, k for the scheme, builds the set law and solves the membership LP. */
export async function solveMembershipLinearProgram(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  k: number,
  scheme: DraftSchemeId,
  options: LinearProgramOptions = {},
): Promise<LinearProgramReport> {
  const { target, draft } = linearProgramInputs(p, q, { id: scheme, k });
  const maxVariables = options.maxVariables ?? DEFAULT_MAX_LP_VARIABLES;
  // Σ_S |S| ≤ #sets · k: refuse before building the set law.
  guardVariables(setLawSize(floatField, scheme, draft, k) * Math.min(k, target.length), maxVariables, `the membership LP (${scheme}, n = ${target.length}, k = ${k})`);
  return solveMembershipLinearProgramForLaw(target, setLawOf(floatField, scheme, draft, k, Math.max(2 * maxVariables, 1)), options);
}

/** The LP for an explicit set law; p and Q_S are assumed validated. */
export async function solveMembershipLinearProgramForLaw(
  p: ArrayLike<number>,
  sets: readonly DraftSet<number>[],
  options: LinearProgramOptions = {},
): Promise<LinearProgramReport> {
  const started = performance.now();
  const n = p.length;
  const rows: LinearRow[] = [];
  const tokenIndices: number[][] = Array.from({ length: n }, () => []);
  const variableToken: number[] = [];
  // Tokens of tiny target mass are left out (their flow is capped by p(y) anyway): GLPK's simplex cycles on
  // rows whose bound lies below its tolerance (p = [½, ½, 2⁻¹⁰²², …], k = 3 never ended; found by the long
  // optimum fuzz). Leaving them out lowers the value by at most their total mass, which is kept below
  // TINY_TOTAL, far inside the 1e-9 certificate of the GLPK routes (§12).
  let tinyTotal = 0;
  for (let y = 0; y < n; y++) if (p[y]! > 0 && p[y]! < TINY_TARGET_MASS) tinyTotal += p[y]!;
  const dropTiny = tinyTotal <= TINY_TOTAL;
  const inLp = (y: number) => p[y]! > 0 && !(dropTiny && p[y]! < TINY_TARGET_MASS);
  for (const s of sets) {
    if (!(s.probability > 0)) continue;
    const indices: number[] = [];
    for (const y of s.members) {
      if (!inLp(y)) continue;
      const j = variableToken.length;
      variableToken.push(y);
      indices.push(j);
      tokenIndices[y]!.push(j);
    }
    if (indices.length > 0) rows.push({ indices, kind: 'le', bound: s.probability });
  }
  const variables = variableToken.length;
  guardVariables(variables, options.maxVariables ?? DEFAULT_MAX_LP_VARIABLES, `the membership LP (n = ${n})`);
  for (let y = 0; y < n; y++) if (tokenIndices[y]!.length > 0) rows.push({ indices: tokenIndices[y]!, kind: 'le', bound: p[y]! });
  const objective = new Float64Array(variables).fill(1);
  const profile = new Float64Array(n);
  if (variables === 0) return { optimum: 0, status: 'optimal', variables, constraints: 0, profile, seconds: (performance.now() - started) / 1000 };
  const solution = await solveAcceptanceProgram({ name: 'membership LP (§4.2)', direction: 'max', variableCount: variables, objective, rows }, options);
  for (let j = 0; j < variables; j++) profile[variableToken[j]!]! += solution.x[j]!;
  return { optimum: solution.value, status: 'optimal', variables, constraints: rows.length, profile, seconds: (performance.now() - started) / 1000 };
}
