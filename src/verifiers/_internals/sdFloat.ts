/**
 * Single-draft SD (§2.1) on floats, fused (docs/theory.md §11.7): the accept test reads two entries, and a
 * rejection draws from (p − q)^+ by one summing pass and one scan, without a vector. Same uniforms, same
 * results as the generic program (`sd.prepareGeneric` with `floatField`).
 */
import type { PreparedVerifier } from '../verifier.ts';
import { ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';
import { positiveDifferenceWeights } from './positiveDifferenceWeights.ts';

export function prepareSdFloat(p: ArrayLike<number>, q: ArrayLike<number>): PreparedVerifier<number> {
  let residual: ResidualDraw | null = null;
  return {
    verify(drafts, chooser) {
      const x = drafts[0]!;
      if (ratioTestFloat(chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: 0 };
      residual ??= new ResidualDraw(positiveDifferenceWeights(p, q), () => targetLaw(p));
      return { token: residual.draw(chooser), acceptedIndex: null };
    },
  };
}
