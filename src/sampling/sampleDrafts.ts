/**
 * Draws one draft tuple from a scheme (§1) with a seeded generator: the public, validated entry point.
 *
 * @example
 * ```ts
 * sampleDrafts('wor', [0.5, 0.3, 0.2], 2, createRng(4)); // two distinct tokens, in sampling order
 * ```
 */
import { SamplingChooser } from '../core/chooser.ts';
import { validateDistribution } from '../core/distribution.ts';
import { renormalise } from '../core/renormalise.ts';
import type { Rng } from '../core/rng.ts';
import { floatField } from '../core/field.ts';
import { getDraftScheme } from '../methods.ts';

export function sampleDrafts(schemeId: string, q: ArrayLike<number>, k: number, rng: Rng): number[] {
  const draft = renormalise(validateDistribution(q, 'draft')); // exactly, then rounded (§11.2)
  return getDraftScheme(schemeId).prepare(floatField, draft, k).draw(new SamplingChooser(rng));
}
