import { SpechubError } from '../../core/errors.ts';
import type { Field } from '../../core/field.ts';
import { supportSize } from '../../core/distribution.ts';

/** k must be a positive integer. */
export function checkK(k: number, max = 64): void {
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `k must be an integer ≥ 1, got ${k}`);
  if (k > max) throw new SpechubError('INVALID_K', `k = ${k} is above the supported maximum ${max}`);
}

/**
 * The number of positive entries of q, counted until it reaches `cap` (then `cap`): exact whenever it is below
 * `cap`. A decoder checks every tree node's law (twice: `nodeMethod`, then `prepare`), and a law of 4,096 tokens
 * reaches k = 2 positive entries within its first few.
 */
function supportSizeUpTo<T>(F: Field<T>, q: ArrayLike<T>, cap: number): number {
  if (F.name !== 'float64') return Math.min(cap, supportSize(F, q));
  const x = q as ArrayLike<number>;
  let s = 0;
  for (let i = 0; i < x.length && s < cap; i++) if (x[i]! > 0) s++;
  return s;
}

/** The draft law must have at least `needed` tokens of positive mass. */
export function checkSupport<T>(F: Field<T>, q: ArrayLike<T>, needed: number, scheme: string): void {
  const s = supportSizeUpTo(F, q, Math.max(needed, 1));
  if (s === 0) throw new SpechubError('ZERO_DRAFT_MASS', 'the draft law has no mass');
  if (s < needed) {
    throw new SpechubError(
      'K_TOO_LARGE',
      `${scheme} drafts need ${needed} tokens of positive draft probability, but the draft law has only ${s}`,
    );
  }
}

// Promoted to src/draws/topIndices.ts (used by the optimum routes and the verifiers); re-exported here for the
// draft schemes of this folder.
export { topIndices } from '../topIndices.ts';
