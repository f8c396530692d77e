/**
 * K-SEQ (§2.4) on floats, fused (docs/theory.md §11.7): ρ* found only when a verdict needs it (below), by the
 * search's selection pass and its sums certificate (`kseqRhoSearch` with `certificate: 'sums'`, the same ρ the
 * generic float program uses, §11.4; a certifying pass only when the sums cannot certify, which then also sums
 * γ(ρ) = Σ (q − p/ρ)^+), k accept tests of two entries each, and on rejection the residual weights
 * (p − (α/β)·min(q, p/ρ))^+ written to a borrowed buffer with their total, then a scan: drawn from
 * approximate weights (γ from the search's sums) when the bounds decide, otherwise from the exact ones (γ summed
 * here). Same uniforms, same results as `kseq.prepareGeneric` with `floatField` (β, γ and the exact weights are
 * formed by the same operations; min without a branch).
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { kseqRejectionFloat, type KseqSums } from '../kseqRhoSearch.ts';
import { kernelOut, kseqResidualInto, scanWeights } from '../floatKernels.ts';
import { boundedRatioTest, boundedScan, boundedTotalLarge, finishRatioTest, type FusedWeights, ratioTestFloat, ResidualDraw, targetLaw, U } from './lazyFloatLaw.ts';

/**
 * ρ and, when the ρ* search's certifying pass summed it from the same quotients, γ(ρ) bit for bit (else null); or,
 * when the search's sums certified ρ (`KseqRhoResult.sums`), β(ρ) and Σq from those sums with their error bounds.
 */
export interface KseqDivisor {
  rho: number;
  gamma: number | null;
  sums?: KseqSums | null;
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
  let sums: KseqSums | null = null;
  const find = typeof divisor === 'function' ? divisor : null;
  if (typeof divisor !== 'function') {
    rho = divisor.rho;
    knownRejection = divisor.gamma;
    sums = divisor.sums ?? null;
  }
  const divisorNow = (): number => {
    if (rho < 0) {
      const found = find!();
      rho = found.rho;
      knownRejection = found.gamma;
      sums = found.sums ?? null;
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
      scale = geometricSum(knownRejection ?? kseqRejectionFloat(p, q, divisorNow()), k);
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
      if (residual === null) {
        divisorNow();
        const certifiedBySums = knownRejection === null ? sums : null;
        residual = new ResidualDraw(
          {
            total: () => (total >= 0 ? total : (fill(), total)),
            scan: (t) => scanWeights(scratchStillHolds(written) ? written.buffer : fill(), n, t),
            weights: () => (scratchStillHolds(written) ? written.buffer : fill()).slice(0, n),
            approx: certifiedBySums != null ? (approximateResidual(p, q, k, rho, certifiedBySums) ?? undefined) : undefined,
          },
          () => targetLaw(p),
        );
      }
      return { token: residual.draw(chooser), acceptedIndex: null };
    },
  };
}

/**
 * The residual's first draw from approximate weights (docs/theory.md §11.7, "bounded residual draws"), when ρ was
 * certified by the search's sums and γ(ρ) has not been summed: a = (p − Ŝ·min(q, p/ρ))^+ with Ŝ = Σ_{i<k} γ̂^i,
 * γ̂ = Σq − β̂ from the sums, written by the residual kernel (same quotients and minima as the generic program's
 * weights w, only the factor differs). With |γ − γ̂| ≤ Δ (the sums' errors, plus 4u·Σq for the generic program's own
 * γ and n·2⁻¹⁰⁷⁴ for subnormal quotients), |S − Ŝ| ≤ C = k(k − 1)/2·G^(k−2)·Δ + 4k·u·Ŝ (G = max(1, γ̂ + Δ): the
 * mean value theorem on Σγ^i, plus the roundings of both loops), and then |w − a| ≤ 2.01u·a + b with
 * b = (1 + u)·(C(1 + 2u) + 2u·Ŝ)·min(q, p/ρ): the products differ by at most that, and each subtraction rounds once,
 * relative to its result (w = fl(p − x)^+, a = fl(p − x̂)^+); Σb is bounded from the plain Σ min of the same pass.
 * Null when the sums say nothing (β̂ ≤ 0) or the minima sum to 0 (the generic program's β = 0: the target law).
 */
function approximateResidual(p: ArrayLike<number>, q: ArrayLike<number>, k: number, rho: number, sums: KseqSums): FusedWeights['approx'] | null {
  const n = p.length;
  const gammaHat = Math.max(0, sums.qTotal - sums.beta);
  const delta = (sums.qTotalError + sums.betaError + 4.01 * U * sums.qTotal + U * gammaHat + n * 2 ** -1074) * (1 + 4 * U);
  const s = geometricSum(gammaHat, k);
  const g = Math.max(1, gammaHat + delta);
  const c = ((((k * (k - 1)) / 2) * g ** (k - 2) * delta + 4 * k * U * s) * (1 + 8 * U));
  if (!(c < 1e-3 * s) || !(sums.beta > 0)) return null;
  const claim = claimScratch(SCRATCH_SLOTS.residual, n);
  kseqResidualInto(p, q, rho, s, claim.buffer);
  const approxTotal = kernelOut[0]!;
  const mins = kernelOut[1]!;
  if (!(mins > 0)) return null;
  const alpha = 2.01 * U;
  const slack = (1 + U) * (c * (1 + 2 * U) + 2 * U * s) * mins * (1 + 1.01 * n * U) * (1 + 4 * U) + 2 * n * 2 ** -1074;
  return {
    large: () => scratchStillHolds(claim) && boundedTotalLarge(n, approxTotal, alpha, slack),
    scan: (u) => (scratchStillHolds(claim) ? boundedScan(claim.buffer, n, u, approxTotal, alpha, slack) : -1),
  };
}

/** Σ_{i<k} γ^i in the order and the operations of kseq.ts's generic `geometricSum` on floats (α/β, §11.4). */
function geometricSum(gamma: number, k: number): number {
  let s = 0;
  let term = 1;
  for (let i = 0; i < k; i++) {
    s += term;
    term *= gamma;
  }
  return s;
}
