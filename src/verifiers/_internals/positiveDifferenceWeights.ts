/**
 * The weights (a − b)^+ as a {@link FusedWeights} rule: no vector unless a draw needs one (docs/theory.md §11.7).
 * Each weight is the generic `positivePart`'s value, a − b when a − b > 0 and 0 otherwise.
 */
import { lastPositiveDifference, plainPositiveDifference, scanPositiveDifference } from '../floatKernels.ts';
import type { FusedWeights } from './lazyFloatLaw.ts';

export function positiveDifferenceWeights(a: ArrayLike<number>, b: ArrayLike<number>): FusedWeights {
  return {
    total: () => plainPositiveDifference(a, b),
    scan(target) {
      const i = scanPositiveDifference(a, b, target);
      return i >= 0 ? i : lastPositiveDifference(a, b);
    },
    weights() {
      const n = a.length;
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = a[i]! - b[i]!;
        if (d > 0) w[i] = d;
      }
      return w;
    },
  };
}
