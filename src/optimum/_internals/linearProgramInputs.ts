import { assertSameLength, validateDistribution } from '../../core/distribution.ts';
import { floatField } from '../../core/field.ts';
import type { DraftSchemeId } from '../../draws/draftScheme.ts';
import { massNormalised } from '../../draws/draftLaws.ts';
import { getDraftScheme } from '../../draws/draftSchemes.ts';

/**
 * The public-boundary check of the LP routes: p, q valid and of one length; with a scheme, q admits k drafts.
 * Returns p and q renormalised (float).
 */
export function linearProgramInputs(p: ArrayLike<number>, q: ArrayLike<number>, scheme?: { id: DraftSchemeId; k: number }): { target: Float64Array; draft: Float64Array } {
  const target = validateDistribution(p, 'target');
  const draft = validateDistribution(q, 'draft');
  assertSameLength(target, draft);
  if (scheme !== undefined) getDraftScheme(scheme.id).check(floatField, draft, scheme.k);
  // Renormalised once (inputs sum to 1 only within 1e-9), so the LP value is that of the renormalised pair.
  return { target: massNormalised(floatField, target) as Float64Array, draft: massNormalised(floatField, draft) as Float64Array };
}
