/**
 * SpecHub's compact LP (§4.5), solved with GLPK (a GLPK adapter). Over the hub-pair law (§1.3), for each
 * i ≠ a with q(i) > 0, four variables: the mass of the pair (i, a) sent to i or to a, and of (a, i) sent to i
 * or to a. Constraints: each pair's outflow ≤ its probability (Q(i, a) = q(i), Q(a, i) = q(a)q(i)/q(V \ {a}), the
 * complement summed),
 * mass into i ≤ p(i), total mass into a ≤ p(a). That is 4(n − 1) variables and 3(n − 1) + 1 rows.
 *
 * Its value is α*_hub = p(a) + Σ_{y≠a} min(p(y), q(y)/(1 − q(a))) (§4.5), which SpecHub's verifier attains
 * (H2, checked in the tests). When q(V \ {a}) = 0 the scheme drafts the hub alone and the value is p(a).
 *
 * @example
 * ```ts
 * (await solveSpecHubLinearProgram([1/6, 1/3, 1/2], [1/2, 1/3, 1/6])).optimum; // 0.8333… (= 5/6)
 * ```
 */
import { argmax } from '../core/distribution.ts';
import { floatField } from '../core/field.ts';
import { type LinearRow, solveAcceptanceProgram } from './solveLinearProgram.ts';
import { linearProgramInputs } from './_internals/linearProgramInputs.ts';
import { guardVariables } from './_internals/sizeGuard.ts';
import { DEFAULT_MAX_LP_VARIABLES, type LinearProgramOptions, type LinearProgramReport } from './otmLinearProgram.ts';

export async function solveSpecHubLinearProgram(p: ArrayLike<number>, q: ArrayLike<number>, options: LinearProgramOptions = {}): Promise<LinearProgramReport> {
  const started = performance.now();
  const { target, draft } = linearProgramInputs(p, q);
  const n = target.length;
  const a = argmax(floatField, draft);
  const profile = new Float64Array(n);
  // q(V \ {a}) summed, never 1 − q(a) (which is 0 for (1, 1e-17, 1e-17) although the pair law exists).
  let rest = 0;
  for (let i = 0; i < n; i++) if (i !== a) rest += draft[i]!;
  if (!(rest > 0)) {
    profile[a] = target[a]!;
    return { optimum: target[a]!, status: 'optimal', variables: 0, constraints: 0, profile, seconds: (performance.now() - started) / 1000 };
  }
  const others: number[] = [];
  for (let i = 0; i < n; i++) if (i !== a && draft[i]! > 0) others.push(i);
  const variables = 4 * others.length;
  guardVariables(variables, options.maxVariables ?? DEFAULT_MAX_LP_VARIABLES, `SpecHub's compact LP (n = ${n})`);
  // Variable 4r + 0: (i, a) → i; 4r + 1: (i, a) → a; 4r + 2: (a, i) → i; 4r + 3: (a, i) → a.
  const rows: LinearRow[] = [];
  const hubScale = draft[a]! / rest;
  const intoHub: number[] = [];
  others.forEach((i, r) => {
    const b = 4 * r;
    rows.push({ indices: [b, b + 1], kind: 'le', bound: draft[i]! });
    rows.push({ indices: [b + 2, b + 3], kind: 'le', bound: hubScale * draft[i]! });
    rows.push({ indices: [b, b + 2], kind: 'le', bound: target[i]! });
    intoHub.push(b + 1, b + 3);
  });
  rows.push({ indices: intoHub, kind: 'le', bound: target[a]! });
  const objective = new Float64Array(variables).fill(1);
  const solution = await solveAcceptanceProgram({ name: "SpecHub's compact LP (§4.5)", direction: 'max', variableCount: variables, objective, rows }, options);
  others.forEach((i, r) => {
    profile[i] = solution.x[4 * r]! + solution.x[4 * r + 2]!;
    profile[a] = profile[a]! + solution.x[4 * r + 1]! + solution.x[4 * r + 3]!;
  });
  return { optimum: solution.value, status: 'optimal', variables, constraints: rows.length, profile, seconds: (performance.now() - started) / 1000 };
}
