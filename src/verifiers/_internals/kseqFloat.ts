/**
 * K-SEQ (§2.4) on floats, fused (docs/theory.md §11.7): ρ* found only when a verdict needs it (below), by one
 * selection pass and one certifying pass
 * (`kseqRhoSearch`, the same ρ the generic float program uses; the certifying pass also sums γ(ρ) = Σ (q − p/ρ)^+),
 * k accept tests of two entries each, and on rejection (γ summed here only when ρ was given), then the residual weights (p − (α/β)·min(q, p/ρ))^+ written to a
 * borrowed buffer with their total, then a scan. Same uniforms, same results as `kseq.prepareGeneric` with
 * `floatField` (β, γ and the weights are formed by the same operations; min without a branch).
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { kseqRejectionFloat } from '../kseqRhoSearch.ts';
import { kernelOut, kseqResidualInto, scanWeights } from '../floatKernels.ts';
import { boundedRatioTest, finishRatioTest, ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';

/** ρ and, when the ρ* search's certifying pass summed it from the same quotients, γ(ρ) bit for bit (else null). */
export interface KseqDivisor {
  rho: number;
  gamma: number | null;
}

/**
 * `divisor`: ρ (with γ(ρ) when known), or a function that finds it: ρ* is then found only when a verdict needs
 * it. The accept test of a draft with q(x) > 0 is u < fl(p(x)/fl(ρq(x))), and 1 ≤ ρ ≤ k gives
 * q(x) ≤ fl(ρq(x)) ≤ fl(kq(x)); so the uniform decides from these bounds unless it falls between
 * fl(p/fl(kq)) and fl(p/q) (`boundedRatioTest`), and a draft with q(x) = 0 is decided by p(x) > 0 alone. ρ is
 * needed then, or when every draft is rejected (the residual). (A caller's ρ may exceed k: it is given, not found.)
 */
export function prepareKseqFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number, divisor: KseqDivisor | (() => KseqDivisor)): PreparedVerifier<number> {
  let rho = -1;
  let knownRejection: number | null = null;
  const find = typeof divisor === 'function' ? divisor : null;
  if (typeof divisor !== 'function') {
    rho = divisor.rho;
    knownRejection = divisor.gamma;
  }
  const divisorNow = (): number => {
    if (rho < 0) {
      const found = find!();
      rho = found.rho;
      knownRejection = found.gamma;
    }
    return rho;
  };
  const n = p.length;
  let residual: ResidualDraw | null = null;
  let written: ScratchClaim | null = null;
  let total = -1;
  let scale = -1;

  /** w = (p − scale·min(q, p/ρ))^+ to the buffer; total 0 when β = 0 (every min is 0: the law is p itself). */
  const fill = (): Float64Array => {
    if (scale < 0) {
      // α/β = Σ_{i<k} γ^i (geometricSum), γ summed (§11.4).
      const gamma = knownRejection ?? kseqRejectionFloat(p, q, divisorNow());
      let s = 0;
      let term = 1;
      for (let i = 0; i < k; i++) {
        s += term;
        term *= gamma;
      }
      scale = s;
    }
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    kseqResidualInto(p, q, divisorNow(), scale, claim.buffer);
    written = claim;
    total = kernelOut[1]! > 0 ? kernelOut[0]! : 0; // β = Σ min(q, p/ρ) > 0 iff some min is positive
    return claim.buffer;
  };

  return {
    verify(drafts, chooser) {
      for (let i = 0; i < drafts.length; i++) {
        const x = drafts[i]!;
        const px = p[x]!;
        const qx = q[x]!;
        let accepted: boolean;
        if (rho >= 0) accepted = ratioTestFloat(chooser, px, rho * qx);
        else if (!(qx > 0)) accepted = px > 0; // ρ·0 = 0: the test reads the numerator alone, no uniform
        else {
          const state = boundedRatioTest(chooser, px, px, qx, k * qx);
          accepted = state >= 0 ? state === 1 : finishRatioTest(state, chooser, px, divisorNow() * qx);
        }
        if (accepted) return { token: x, acceptedIndex: i };
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
