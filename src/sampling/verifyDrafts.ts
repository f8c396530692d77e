/**
 * One verification of given drafts: the public, validated entry point (§2). Checks p and q, that the
 * drafts are a tuple the method's scheme can produce (right length, tokens in range with q > 0, distinct for
 * without-replacement drafts, the hub in the SpecHub pair, T first for greedy drafts), then verifies with the
 * seeded generator.
 *
 * @example
 * ```ts
 * verifyDrafts('spechub', [0.3, 0.7], [0.6, 0.4], [1, 0], createRng(1)); // {token: 1, acceptedIndex: 0} (or …)
 * ```
 */
import { SamplingChooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';
import { validateInputs } from '../analysis/validateInputs.ts';
import { getMethod } from '../methods.ts';
import type { Verdict } from '../verifiers/verifier.ts';

export function verifyDrafts(methodId: string, p: ArrayLike<number>, q: ArrayLike<number>, drafts: readonly number[], rng: Rng): Verdict {
  if (!Array.isArray(drafts) || drafts.length === 0) throw new SpechubError('INVALID_ARGUMENT', 'drafts must be a non-empty array of token ids');
  const { scheme } = getMethod(methodId);
  const k = scheme.kForDraftCount?.(drafts.length) ?? drafts.length;
  const v = validateInputs(floatField, methodId, p, q, k);
  drafts.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x >= v.q.length) throw new SpechubError('INVALID_ARGUMENT', `draft ${i} = ${x} is not a token of the vocabulary 0..${v.q.length - 1}`);
    if (!(v.q[x]! > 0)) throw new SpechubError('INVALID_ARGUMENT', `draft ${i} = ${x} has draft probability 0: it cannot have been drafted`);
  });
  // What else makes a tuple one this scheme can produce is the scheme's to say (its checkDrafts hook).
  v.method.scheme.checkDrafts?.(floatField, v.q, drafts, k);
  return v.method.verifier.prepare(floatField, v.p, v.q, k).verify(drafts, new SamplingChooser(rng));
}
