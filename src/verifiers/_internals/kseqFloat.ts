/**
 * K-SEQ (§2.4) on floats, fused (docs/theory.md §11.7): ρ* by one selection pass and one certifying pass
 * (`kseqRhoSearch`, the same ρ the generic float program uses; the certifying pass also sums γ(ρ) = Σ (q − p/ρ)^+),
 * k accept tests of two entries each, and on rejection (γ summed here only when ρ was given), then the residual weights (p − (α/β)·min(q, p/ρ))^+ written to a
 * borrowed buffer with their total, then a scan. Same uniforms, same results as `kseq.prepareGeneric` with
 * `floatField` (β, γ and the weights are formed by the same operations; min without a branch).
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { kseqRejectionFloat } from '../kseqRhoSearch.ts';
import { kernelOut, kseqResidualInto, scanWeights } from '../floatKernels.ts';
import { ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';

/**
 * `knownRejection`: γ(ρ) when the caller already has it bit for bit (the ρ* search's certifying pass sums it
 * from the same quotients, `kseqRhoSearch`), so that a rejection costs one pass fewer; null to sum it here.
 */
export function prepareKseqFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number, knownRejection: number | null = null): PreparedVerifier<number> {
  const n = p.length;
  let residual: ResidualDraw | null = null;
  let written: ScratchClaim | null = null;
  let total = -1;
  let scale = -1;

  /** w = (p − scale·min(q, p/ρ))^+ to the buffer; total 0 when β = 0 (every min is 0: the law is p itself). */
  const fill = (): Float64Array => {
    if (scale < 0) {
      // α/β = Σ_{i<k} γ^i (geometricSum), γ summed (§11.4).
      const gamma = knownRejection ?? kseqRejectionFloat(p, q, rho);
      let s = 0;
      let term = 1;
      for (let i = 0; i < k; i++) {
        s += term;
        term *= gamma;
      }
      scale = s;
    }
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    kseqResidualInto(p, q, rho, scale, claim.buffer);
    written = claim;
    total = kernelOut[1]! > 0 ? kernelOut[0]! : 0; // β = Σ min(q, p/ρ) > 0 iff some min is positive
    return claim.buffer;
  };

  return {
    verify(drafts, chooser) {
      for (let i = 0; i < drafts.length; i++) {
        const x = drafts[i]!;
        if (ratioTestFloat(chooser, p[x]!, rho * q[x]!)) return { token: x, acceptedIndex: i };
      }
      residual ??= new ResidualDraw(
        {
          total: () => (total >= 0 ? total : (fill(), total)),
          scan: (t) => scanWeights(scratchStillHolds(written) ? written.buffer : fill(), n, t),
          weights: () => (scratchStillHolds(written) ? written.buffer : fill()).slice(0, n),
        },
        () => targetLaw(p),
      );
      return { token: residual.draw(chooser), acceptedIndex: null };
    },
  };
}
