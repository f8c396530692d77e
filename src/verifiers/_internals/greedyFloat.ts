/**
 * Greedy-draft verification (§2.8), G-r (`renormalise`) and G-q, on floats, fused (docs/theory.md §11.7):
 * T = the top k − 1 draft tokens (one comparison pass for k = 2, which for G-r also sums the mass off T,
 * compensated, §11.3; k > 2: that mass summed once after the selection), an O(1) accept test, and on rejection
 * one pass writing the residual weights w = p on T, (p − r)^+ off T to a borrowed buffer with their total, then
 * a scan. Same uniforms, same results as the
 * generic program (`greedy.prepareGeneric` / `greedyQ.prepareGeneric` with `floatField`).
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import { floatField } from '../../core/field.ts';
import { topIndices } from '../../draws/topIndices.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { argmaxOf, argmaxWithRest, compensatedSumExcept, compensatedSumUnmarked, greedyResidualInto, kernelOut, scanWeights } from '../floatKernels.ts';
import { ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';

export function prepareGreedyFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number, renormalise: boolean): PreparedVerifier<number> {
  const n = p.length;
  let top: number[] | null = null;
  let marks: Uint8Array | null = null; // T as marks, for k > 2 (k = 2: T = {top[0]}; k = 1: T = ∅)
  let scale = -1; // Σ_{y∉T} q(y) for G-r; 1 for G-q
  let written: ScratchClaim | null = null;
  let residual: ResidualDraw | null = null;
  let total = -1;

  const tops = (): number[] => {
    if (top === null) {
      if (k === 2 && renormalise) {
        // The top token and q(V \ T) = Σ_{y≠top} q(y) in one pass (bit for bit argmaxOf, compensatedSumExcept).
        top = [argmaxWithRest(q)];
        scale = kernelOut[0]!;
      } else if (k === 2) top = [argmaxOf(q)];
      else {
        top = topIndices(floatField, q, k - 1);
        if (k > 2) {
          marks = new Uint8Array(n);
          for (const t of top) marks[t] = 1;
        }
      }
    }
    return top;
  };
  const only = (): number => (k === 2 ? tops()[0]! : -1);
  const isTop = (y: number): boolean => (k === 2 ? y === tops()[0] : k > 2 && (tops(), marks![y] === 1));
  const restMass = (): number => {
    if (scale < 0) {
      tops();
      if (scale < 0) scale = !renormalise ? 1 : marks !== null ? compensatedSumUnmarked(q, marks) : compensatedSumExcept(q, only());
    }
    return scale;
  };
  /** r(x) for the last draft: q(x)/q(V \ T) off T (G-r; 0 when that mass is 0), 0 on T. */
  const last = (y: number): number => {
    if (isTop(y)) return 0;
    const r = restMass();
    return r > 0 ? q[y]! / r : 0;
  };
  /** w = p on T, (p − r)^+ off T, written to the buffer with its left-to-right total. */
  const fill = (): Float64Array => {
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    total = greedyResidualInto(p, q, only(), (tops(), marks), restMass(), claim.buffer);
    written = claim;
    return claim.buffer;
  };

  return {
    verify(drafts, chooser) {
      const lastIndex = drafts.length - 1;
      const x = drafts[lastIndex]!;
      if (renormalise) {
        if (ratioTestFloat(chooser, p[x]!, last(x))) return { token: x, acceptedIndex: lastIndex };
      } else if (!isTop(x) && ratioTestFloat(chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: lastIndex };
      residual ??= new ResidualDraw(
        {
          total: () => (total >= 0 ? total : (fill(), total)),
          scan: (t) => scanWeights(scratchStillHolds(written) ? written.buffer : fill(), n, t),
          weights: () => (scratchStillHolds(written) ? written.buffer : fill()).slice(0, n),
        },
        () => targetLaw(p),
      );
      const y = residual.draw(chooser);
      const position = tops().indexOf(y);
      return { token: y, acceptedIndex: position >= 0 ? position : null };
    },
  };
}
