/**
 * Greedy-draft verification (§2.8), G-r (`renormalise`) and G-q, on floats, fused (docs/theory.md §11.7):
 * T = the top k − 1 draft tokens (one comparison pass for k = 2, which confirms that the greedy draft is the top
 * token when it is), the mass off T summed once (G-r, compensated, §11.3) — for k = 2 only when needed: the
 * argmax pass also sums it plainly, which bounds it, and the accept
 * test is decided from those bounds unless its uniform falls between them (`boundedRatioTest`) — an O(1)
 * accept test, and on rejection one pass writing the residual weights w = p on T, (p − r)^+ off T to a borrowed
 * buffer with their total, then a scan; for G-r with k = 2 that pass first runs on approximate weights (the plain
 * mass, a multiplication per token) whose bounds decide the draw (`boundedScan`), the compensated mass and the
 * exact weights only when they cannot. Same uniforms, same results as the
 * generic program (`greedy.prepareGeneric` / `greedyQ.prepareGeneric` with `floatField`).
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import { floatField } from '../../core/field.ts';
import { topIndices } from '../../draws/topIndices.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { argmaxOf, argmaxWithPlainRest, compensatedSumExcept, compensatedSumUnmarked, greedyResidualApproxInto, greedyResidualInto, isArgmax, kernelOut, plainRestIfArgmax, scanWeights } from '../floatKernels.ts';
import { boundedRatioTest, boundedScan, boundedTotalLarge, boundsOut, type FusedWeights, finishRatioTest, massBounds, ratioTestFloat, relativeHalfWidth, ResidualDraw, targetLaw, U } from './lazyFloatLaw.ts';

/** Relative error of an approximate G-r weight against the exact one, beyond the error of q/r (2.01u). */
const ALPHA = 3 * U;

export function prepareGreedyFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number, renormalise: boolean): PreparedVerifier<number> {
  const n = p.length;
  let top: number[] | null = null;
  let marks: Uint8Array | null = null; // T as marks, for k > 2 (k = 2: T = {top[0]}; k = 1: T = ∅)
  let scale = -1; // Σ_{y∉T} q(y) for G-r; 1 for G-q
  // G-r, k = 2: [lo, hi] around Σ_{y≠top} q(y) from the plain sum of the argmax pass (`bounded` when usable).
  let plainRest = 0;
  let restLo = 0;
  let restHi = 0;
  let bounded = false;
  let written: ScratchClaim | null = null;
  let residual: ResidualDraw | null = null;
  let total = -1;

  const tops = (): number[] => {
    if (top === null) {
      if (k === 2 && renormalise) {
        // The top token and bounds on q(V \ T) = Σ_{y≠top} q(y) from its plain sum, in one pass; the
        // compensated mass itself (what the generic program divides by) is summed only when a test or the
        // residual needs it.
        top = [argmaxWithPlainRest(q)];
        plainRest = kernelOut[0]!;
        bounded = massBounds(plainRest, n);
        restLo = boundsOut[0]!;
        restHi = boundsOut[1]!;
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

  /**
   * G-r, k = 2, before q(V \ T) is summed compensated: the residual's weights from the plain mass r̃
   * (a(y) = (p(y) − q(y)·fl(1/r̃))^+ off the top token), for `boundedScan` (docs/theory.md §11.7). fl(q/r) and
   * q·fl(1/r̃) differ by at most η·q·fl(1/r̃) + 2⁻¹⁰⁷³ (η = 1.02ε + 4u, ε the relative half-width of the bounds on
   * r), so each exact weight is within 2.01u·a(y) plus 1.01 times that (positive part 1-Lipschitz, one rounding),
   * and Σ_y q(y)·fl(1/r̃) ≤ (1 + 1.01ε)(1 + 2u).
   */
  const approximateResidual = (): FusedWeights['approx'] => {
    let claim: ScratchClaim | null = null;
    let approxTotal = 0;
    let slack = 0;
    const compute = (): boolean => {
      if (claim === null) {
        claim = claimScratch(SCRATCH_SLOTS.residual, n);
        approxTotal = greedyResidualApproxInto(p, q, only(), 1 / plainRest, claim.buffer);
        const eps = relativeHalfWidth(restLo, restHi, plainRest);
        const eta = 1.02 * eps + 4 * U;
        slack = 1.01 * (eta * (1 + 1.01 * eps) * (1 + 2 * U) + n * 2 ** -1072);
      }
      return scratchStillHolds(claim);
    };
    return {
      large: () => compute() && boundedTotalLarge(n, approxTotal, ALPHA, slack),
      scan: (u) => (compute() ? boundedScan(claim!.buffer, n, u, approxTotal, ALPHA, slack) : -1),
    };
  };

  return {
    verify(drafts, chooser) {
      const lastIndex = drafts.length - 1;
      const x = drafts[lastIndex]!;
      if (renormalise) {
        if (top === null && k === 2 && lastIndex === 1) {
          // The greedy draft is the top token: confirming it sums the plain mass off it in the same pass (cheaper
          // than the argmax pass, which keeps a running best).
          const plain = plainRestIfArgmax(q, drafts[0]!);
          if (plain >= 0) {
            top = [drafts[0]!];
            plainRest = plain;
            bounded = massBounds(plain, n);
            restLo = boundsOut[0]!;
            restHi = boundsOut[1]!;
          }
        }
        // Bounds decide unless the mass is already summed (then the exact test is as cheap).
        const state = k === 2 && scale < 0 && (tops(), bounded) && !isTop(x) ? boundedRatioTest(chooser, p[x]!, p[x]!, q[x]! / restHi, q[x]! / restLo) : -2;
        if (state >= 0 ? state === 1 : finishRatioTest(state, chooser, p[x]!, last(x))) return { token: x, acceptedIndex: lastIndex };
      } else {
        // G-q, k = 2: whether x is the top token, without the full argmax when it is not (isArgmax stops early).
        const onTop = k === 2 && top === null ? isArgmax(q, x) : isTop(x);
        if (!onTop && ratioTestFloat(chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: lastIndex };
      }
      residual ??= new ResidualDraw(
        {
          total: () => (total >= 0 ? total : (fill(), total)),
          scan: (t) => scanWeights(scratchStillHolds(written) ? written.buffer : fill(), n, t),
          weights: () => (scratchStillHolds(written) ? written.buffer : fill()).slice(0, n),
          approx: renormalise && k === 2 && bounded && scale < 0 ? approximateResidual() : undefined,
        },
        () => targetLaw(p),
      );
      const y = residual.draw(chooser);
      const position = tops().indexOf(y);
      return { token: y, acceptedIndex: position >= 0 ? position : null };
    },
  };
}
