/**
 * The public-boundary check shared by every analysis and sampler entry point: p and q are probability vectors
 * of the same length in the given field, the method exists and accepts k, and the draft law admits k drafts
 * (e.g. without-replacement drafts need |supp q| ≥ k).
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
  const target = validateInField(F, p, 'target');
  const draft = validateInField(F, q, 'draft');
  assertSameLength(target, draft);
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `k must be an integer ≥ 1, got ${k}`);
  if (!method.verifier.supportsK(k)) {
    throw new SpechubError('UNSUPPORTED_K', `method '${methodId}' is not defined for k = ${k}`);
  }
  method.scheme.check(F, draft, k);
  return { method, p: target, q: draft, k };
}
