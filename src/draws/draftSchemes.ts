/**
 * The draft-scheme registry (§1): every draft scheme by its id. This is the only scheme registry; the
 * method registry (src/methods.ts) re-exports it and pairs each verifier with its scheme from here.
 *
 * @example
 * ```ts
 * getDraftScheme('wor').check(floatField, [0.5, 0.5, 0], 3); // throws K_TOO_LARGE
 * draftSchemes.hub.title;                                      // 'SpecHub hub pair (k = 2)'
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { DraftScheme, DraftSchemeId } from './draftScheme.ts';
import { greedyDraws } from './greedyDraws.ts';
import { greedyQDraws } from './greedyQDraws.ts';
import { hubPairDraws } from './hubPairDraws.ts';
import { iidDraws } from './iidDraws.ts';
import { withoutReplacementDraws } from './withoutReplacementDraws.ts';

/** Every draft scheme, by id. */
export const draftSchemes: Readonly<Record<DraftSchemeId, DraftScheme>> = {
  iid: iidDraws,
  wor: withoutReplacementDraws,
  hub: hubPairDraws,
  greedy: greedyDraws,
  'greedy-q': greedyQDraws,
};

/** Looks a draft scheme up by id; throws `UNKNOWN_METHOD` with the list of known ids. */
export function getDraftScheme(id: string): DraftScheme {
  const s = Object.hasOwn(draftSchemes, id) ? (draftSchemes as Record<string, DraftScheme>)[id] : undefined;
  if (s === undefined) {
    throw new SpechubError('UNKNOWN_METHOD', `unknown draft scheme '${id}' (known: ${Object.keys(draftSchemes).join(', ')})`);
  }
  return s;
}
