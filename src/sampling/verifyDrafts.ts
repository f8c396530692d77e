/**
 * One verification of given drafts: the public, validated entry point (spec §2). Checks p and q, that the
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
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import type { Rng } from '../core/rng.ts';
import { validateInputs } from '../analysis/validateInputs.ts';
import { topIndices } from '../draws/topIndices.ts';
import type { Verdict } from '../verifiers/verifier.ts';

export function verifyDrafts(methodId: string, p: ArrayLike<number>, q: ArrayLike<number>, drafts: readonly number[], rng: Rng): Verdict {
  if (!Array.isArray(drafts) || drafts.length === 0) throw new SpechubError('INVALID_ARGUMENT', 'drafts must be a non-empty array of token ids');
  const hubFallback = methodId === 'spechub' && drafts.length === 1;
  const k = hubFallback ? 2 : drafts.length;
  const v = validateInputs(floatField, methodId, p, q, k);
  drafts.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x >= v.q.length) throw new SpechubError('INVALID_ARGUMENT', `draft ${i} = ${x} is not a token of the vocabulary 0..${v.q.length - 1}`);
    if (!(v.q[x]! > 0)) throw new SpechubError('INVALID_ARGUMENT', `draft ${i} = ${x} has draft probability 0: it cannot have been drafted`);
  });
  const scheme = v.method.scheme.id;
  if (scheme === 'wor' && new Set(drafts).size !== drafts.length) throw new SpechubError('INVALID_ARGUMENT', 'drafts without replacement must be distinct');
  if (scheme === 'hub') {
    const hub = argmax(floatField, v.q);
    if (hubFallback ? drafts[0] !== hub || v.q[hub]! < 1 : drafts.filter((x) => x === hub).length !== 1) {
      throw new SpechubError('INVALID_ARGUMENT', `a SpecHub pair contains the hub ${hub} exactly once (a single draft only when q(hub) = 1)`);
    }
  }
  if (scheme === 'greedy' || scheme === 'greedy-q') {
    const top = topIndices(floatField, v.q, k - 1);
    if (top.some((t, i) => drafts[i] !== t)) throw new SpechubError('INVALID_ARGUMENT', `greedy drafts start with the top ${k - 1} draft tokens ${top.join(',')}`);
    if (scheme === 'greedy' && top.includes(drafts[k - 1]!)) throw new SpechubError('INVALID_ARGUMENT', 'the last G-r draft is drawn outside the top tokens');
  }
  return v.method.verifier.prepare(floatField, v.p, v.q, k).verify(drafts, new SamplingChooser(rng));
}
