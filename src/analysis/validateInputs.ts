/**
 * The public-boundary check shared by every analysis and sampler entry point: p and q are probability vectors
 * of the same length in the given field, the method exists and accepts k, and the draft law admits k drafts
 * (e.g. without-replacement drafts need |supp q| ≥ k). The returned p and q are fresh copies renormalised
 * exactly: float vectors that sum to 1 only within the 1e-9 tolerance come back as the doubles nearest to
 * v/Σv (docs/theory.md §11.2); vectors that sum to exactly 1 come back unchanged.
 *
 * @example
 * ```ts
 * validateInputs(floatField, 'rrsw', [0.5, 0.5], [1, 0], 2); // throws K_TOO_LARGE
 * ```
 */
import { assertSameLength, validateInField } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { getMethod, type Method } from '../methods.ts';

export interface ValidatedInputs<T> {
  method: Method;
  p: ArrayLike<T>;
  q: ArrayLike<T>;
  k: number;
}

export function validateInputs<T>(F: Field<T>, methodId: string, p: ArrayLike<T>, q: ArrayLike<T>, k: number): ValidatedInputs<T> {
  const method = getMethod(methodId);
  // Renormalised once, here, exactly (then correctly rounded for floats): the verifiers never see the 1e-9
  // normalisation slack the validator tolerates (docs/theory.md §11.2).
  const target = F.renormalise(validateInField(F, p, 'target'));
  const draft = F.renormalise(validateInField(F, q, 'draft'));
  assertSameLength(target, draft);
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `k must be an integer ≥ 1, got ${k}`);
  if (!method.verifier.supportsK(k)) {
    throw new SpechubError('UNSUPPORTED_K', `method '${methodId}' is not defined for k = ${k}`);
  }
  method.scheme.check(F, draft, k);
  return { method, p: target, q: draft, k };
}
