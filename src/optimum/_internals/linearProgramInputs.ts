import { assertSameLength, validateDistribution } from '../../core/distribution.ts';
import { floatField } from '../../core/field.ts';
import type { DraftSchemeId } from '../../draws/draftScheme.ts';
import { schemeById } from './draftLaws.ts';

/** The public-boundary check of the LP routes: p, q valid and of one length; with a scheme, q admits k drafts. */
export function linearProgramInputs(p: ArrayLike<number>, q: ArrayLike<number>, scheme?: { id: DraftSchemeId; k: number }): { target: Float64Array; draft: Float64Array } {
  const target = validateDistribution(p, 'target');
  const draft = validateDistribution(q, 'draft');
  assertSameLength(target, draft);
  if (scheme !== undefined) schemeById(scheme.id).check(floatField, draft, scheme.k);
  return { target, draft };
}
