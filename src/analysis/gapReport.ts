/**
 * Gap report (§4): for each heuristic verifier, the optimum α* of *its own* draft law minus its
 * acceptance. A gap of 0 means the verifier is optimal for its drafts (SpecHub, greedy G-r and G-q always are,
 * §2.8 and §4.5 H2); a positive gap is acceptance left on the table by the verifier, not by the drafts.
 *
 * Exact in the rational field wherever both values are (K-SEQ's ρ* and the race-integral dual are not). In
 * rationals the report is refused (`TOO_LARGE`, naming the float64 report) when its exact arithmetic would be
 * too costly: ~k·n^k operations on numbers as long as the inputs' denominators (`src/optimum/rationalWork.ts`),
 * or an exact dual over its own guard.
 *
 * @example
 * ```ts
 * gapReport(rationalField, E4.p, E4.q, 2).rows.map((r) => `${r.method} ${r.gap}`);
 * // ['rrs 7/100', 'rrsw 59/840', 'kseq 1/25', 'spechub 0', 'greedy 0', 'greedy-q 0']
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftSchemeId } from '../draws/draftScheme.ts';
import { CORE_METHOD_IDS, getMethod } from '../methods.ts';
import { validateInputs } from './validateInputs.ts';
import { denominatorBits, guardRationalWork } from '../optimum/rationalWork.ts';
import { type SubsetDualMethod, subsetDualUnchecked } from '../optimum/subsetDual.ts';

/** Rational work allowed for the whole exact report (several closed forms and duals; ~8 s). */
export const GAP_REPORT_WORK_LIMIT = 4e10;

export interface GapRow<T> {
  method: string;
  draws: DraftSchemeId;
  acceptance: T;
  /** α* of the method's own draft law. */
  optimum: T;
  /** optimum − acceptance (≥ 0). */
  gap: T;
  /** Both values exact in the field. */
  exact: boolean;
  dualMethod: SubsetDualMethod;
}

/** Every heuristic method applicable to (p, q, k); methods that do not apply are listed with the reason. */
export function gapReport<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): { rows: GapRow<T>[]; skipped: Record<string, string> } {
  const rows: GapRow<T>[] = [];
  const skipped: Record<string, string> = {};
  if (F.name !== 'float64') {
    // The heuristics' exact closed forms cost up to ~k·n^k rational operations (RRSw's prefix recursion), and
    // the exact duals have their own guard (subsetDual): refuse before any of it runs.
    guardRationalWork(
      k * p.length ** k + p.length,
      k * denominatorBits(F, p, q),
      `the exact gap report (n = ${p.length}, k = ${k})`,
      'the float64 gap report (gapReport(floatField, …), or float input on the command line) runs in O(n log n) per method',
      GAP_REPORT_WORK_LIMIT,
    );
  }
  for (const id of CORE_METHOD_IDS) {
    const method = getMethod(id);
    let inputs;
    try {
      inputs = validateInputs(F, id, p, q, k);
    } catch (e) {
      if (e instanceof SpechubError && ['K_TOO_LARGE', 'UNSUPPORTED_K'].includes(e.code)) {
        skipped[id] = e.message;
        continue;
      }
      throw e;
    }
    const accepted = method.verifier.acceptance(F, inputs.p, inputs.q, k);
    const dual = subsetDualUnchecked(F, method.scheme.id, inputs.p, inputs.q, k);
    rows.push({
      method: id,
      draws: method.scheme.id,
      acceptance: accepted.value,
      optimum: dual.optimum,
      gap: F.sub(dual.optimum, accepted.value),
      exact: accepted.exact && dual.exact,
      dualMethod: dual.method,
    });
  }
  return { rows, skipped };
}
