import { SpechubError } from '../../../core/errors.ts';
import { floatField } from '../../../core/field.ts';
import { getMethod, type Method } from '../../../methods.ts';

/** A verifier with its draft scheme: a registry entry, or a test-only one. */
export interface DecodingMethod {
  readonly id: string;
  readonly verifier: Method['verifier'];
  readonly scheme: Method['scheme'];
}

/**
 * The method and number of drafts used at a node with `children` children and draft law q (the same rule as
 * the synthetic tree walk of src/tree): SD where the method is not defined for one draft (SpecHub); fewer
 * drafts when q has fewer tokens of positive mass than the scheme needs (w/o replacement, greedy; top-p can
 * cut the support). Returns k = 0 when no child can be drafted.
 */
export function nodeMethod(method: DecodingMethod, q: ArrayLike<number>, children: number): { method: DecodingMethod; k: number } {
  let k = children;
  while (k > 0) {
    if (!method.verifier.supportsK(k)) {
      if (k === 1) return { method: getMethod('sd'), k: 1 };
      throw new SpechubError('UNSUPPORTED_K', `method '${method.id}' is not defined for k = ${k}`);
    }
    try {
      method.scheme.check(floatField, q, k);
      return { method, k };
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'K_TOO_LARGE') {
        k--;
        continue;
      }
      throw e;
    }
  }
  return { method, k: 0 };
}
