/**
 * SpecHub verification (§2.6) on floats, fused (docs/theory.md §11.7), in the order of the generic program:
 * - the hub a = argmax q (lowest index on ties): for the usual pair [x, a] one comparison pass that confirms the
 *   second draft is the argmax (q(x) > 0 then shows that a pair exists); for the pair [a, x] one pass that confirms
 *   the first draft is the argmax and sums Σ_{y≠a} q(y) plainly; otherwise the argmax with Σ_{y≠a} q(y) summed
 *   plainly in one pass: the plain sum says whether a pair exists and bounds 1 − q(a), so the pair test
 *   of step 3 is decided from the bounds unless its uniform falls between them (`boundedRatioTest`);
 * - 1 − q(a) = Σ_{y≠a} q(y) (compensated, §11.3): one pass, only once a test or the leftovers need it;
 * - S_ai, S_ia and the residual weights P2 = (P1 − Q_ai)^+ off a: one fused pass (P2 written to a borrowed
 *   buffer, with its left-to-right total), only once steps 5/7 are reached; S_ai and S_ia summed plainly, with
 *   bounds on the compensated sums that decide the hub's tests and P2(a), the compensated pass only when they
 *   cannot (`leftovers`);
 * - the residual draw: a scan of that buffer.
 * Same uniforms, same results as the generic program (`spechub.prepareGeneric` with `floatField`): every
 * compared value is formed by the same float operations (a compensated sum as Neumaier's; ½(d + |d|) for (d)^+,
 * exact), or decided from bounds that provably contain it.
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { argmaxWithPlainRest, compensatedSumExcept, continueTotal, isArgmax, kernelOut, plainRestIfArgmax, scanWeights, spechubLeftoversInto, spechubLeftoversPlainInto } from '../floatKernels.ts';
import { type FusedWeights, boundedRatioTest, boundsOut, finishRatioTest, massBounds, ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';
import { prepareSdFloat } from './sdFloat.ts';

/** S_ai, S_ia (compensated when `exact`, else plain with bounds) and the residual's total. */
interface LeftoverSums {
  Sai: number;
  Sia: number;
  total: number;
  exact: boolean;
}

/** (x)^+ = ½(x + |x|), exact. */
const positivePart = (x: number): number => 0.5 * (x + Math.abs(x));

/**
 * Bounds on the compensated sum of n non-negative terms from their plain sum, written to out[at], out[at + 1]:
 * [0, 0] when the plain sum is 0 (every term is 0), `massBounds` otherwise; false when they are of no use.
 */
function plainBounds(plain: number, n: number, out: Float64Array, at: number): boolean {
  if (plain === 0) {
    out[at] = 0;
    out[at + 1] = 0;
    return true;
  }
  if (!massBounds(plain, n)) return false;
  out[at] = boundsOut[0]!;
  out[at + 1] = boundsOut[1]!;
  return true;
}

export function prepareSpecHubFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number): PreparedVerifier<number> {
  const n = p.length;
  let hub = -1;
  let rest = -1; // 1 − q(a), summed compensated; computed on first need
  let single: PreparedVerifier<number> | null = null;
  let sums: LeftoverSums | null = null;
  const bounds = new Float64Array(4); // [S_ai lo, hi, S_ia lo, hi] while only the plain sums are known
  let written: ScratchClaim | null = null;
  let residual: ResidualDraw | null = null;
  // The hub and Σ_{y≠a} q(y) summed plainly in one pass: that sum is positive exactly when the compensated one
  // is, and bounds it (`massBounds`); the compensated 1 − q(a) (what the generic program divides by) is summed
  // only when a test or the leftovers need it.
  let restLo = 0;
  let restHi = 0;
  let bounded = false;
  let pairExists = false; // Σ_{y≠a} q(y) > 0
  const setHub = (h: number, plainRest: number) => {
    hub = h;
    pairExists = plainRest > 0;
    bounded = massBounds(plainRest, n);
    restLo = boundsOut[0]!;
    restHi = boundsOut[1]!;
  };
  const a = () => {
    if (hub < 0) setHub(argmaxWithPlainRest(q), kernelOut[0]!);
    return hub;
  };
  const restMass = () => (rest >= 0 ? rest : (rest = compensatedSumExcept(q, a())));
  const singleDraft = () => (single ??= prepareSdFloat(p, q));

  /**
   * S_ai = Σ (Q_ai − P1)^+, S_ia = Σ (q − p)^+ (off a) and the residual P2 = (P1 − Q_ai)^+ written to the buffer,
   * P2(a) = ((p(a) − S_ai)^+ − S_ia)^+, with Σ P2 in index order (plain, as the categorical law sums it; P2(a) is 0
   * in exact arithmetic, so its position is re-summed only when not).
   *
   * The generic program sums S_ai and S_ia compensated. The first pass sums them plainly (half the work) and
   * keeps bounds on the compensated values (`massBounds`: the same n non-negative terms; a plain 0 means every
   * term is 0, so the compensated sum is 0 too): the hub's accept tests are decided from them unless the uniform
   * falls between them, and P2(a) is 0 when it is 0 at the lower bounds (it decreases in S_ai and S_ia, and
   * correctly rounded subtraction is monotone). Otherwise — bounds of no use, P2(a) possibly positive (a residual
   * of mass within the bounds' width, about 2n·u·S), an undecided test — the compensated pass runs, writing the
   * same weights.
   */
  const leftovers = (compensated: boolean): LeftoverSums => {
    const h = a();
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    const w = claim.buffer;
    if (compensated) spechubLeftoversInto(p, q, h, restMass(), w);
    else spechubLeftoversPlainInto(p, q, h, restMass(), w);
    const Sai = kernelOut[0]!;
    const Sia = kernelOut[1]!;
    let total = kernelOut[2]!;
    const before = kernelOut[3]!;
    written = claim;
    if (!compensated) {
      if (!plainBounds(Sai, n, bounds, 0) || !plainBounds(Sia, n, bounds, 2)) return leftovers(true);
      const d1 = p[h]! - bounds[0]!;
      const d2 = 0.5 * (d1 + Math.abs(d1)) - bounds[2]!;
      if (d2 > 0) return leftovers(true);
      // P2(a) = 0 (w[h] is 0 already): the total is the kernel's.
      return (sums = { Sai, Sia, total, exact: false });
    }
    const d1 = p[h]! - Sai;
    const d2 = 0.5 * (d1 + Math.abs(d1)) - Sia;
    const P2a = 0.5 * (d2 + Math.abs(d2));
    w[h] = P2a;
    if (P2a !== 0) total = continueTotal(w, n, h, before + P2a);
    return (sums = { Sai, Sia, total, exact: true });
  };
  /**
   * The hub's accept test as the first draft (`second` false: p(a)/S_ai) or as the second (`second` true:
   * (p(a) − S_ai)^+/S_ia): `ratioTestFloat` of the generic program, decided from the bounds on S_ai and S_ia while
   * only their plain sums are known (`boundedRatioTest`: numerator and denominator are monotone in them), with the
   * compensated sums when the uniform falls between the bounds.
   */
  const hubAccepts = (chooser: Chooser<number>, second: boolean): boolean => {
    const h = a();
    const S = sums ?? leftovers(false);
    if (S.exact) return ratioTestFloat(chooser, second ? positivePart(p[h]! - S.Sai) : p[h]!, second ? S.Sia : S.Sai);
    let numLo = p[h]!;
    let numHi = numLo;
    let denLo = bounds[0]!;
    let denHi = bounds[1]!;
    if (second) {
      numLo = positivePart(p[h]! - bounds[1]!);
      numHi = positivePart(p[h]! - bounds[0]!);
      denLo = bounds[2]!;
      denHi = bounds[3]!;
    }
    let state = -2;
    if (denHi === 0) {
      // The denominator is exactly 0: the test is num > 0, no uniform drawn.
      if (numLo > 0) return true;
      if (numHi === 0) return false;
    } else {
      state = boundedRatioTest(chooser, numLo, numHi, denLo, denHi);
      if (state >= 0) return state === 1;
    }
    const E = leftovers(true);
    return finishRatioTest(state, chooser, second ? positivePart(p[h]! - E.Sai) : p[h]!, second ? E.Sia : E.Sai);
  };
  const residualWeights = (): FusedWeights => {
    const fill = (): Float64Array => {
      if (!scratchStillHolds(written)) leftovers(sums !== null && sums.exact);
      return written!.buffer;
    };
    return {
      total: () => (sums ?? leftovers(false)).total,
      scan: (t) => scanWeights(fill(), n, t),
      weights: () => fill().slice(0, n),
    };
  };

  return {
    verify(drafts, chooser) {
      if (drafts.length === 1) return singleDraft().verify(drafts, chooser);
      const t0 = drafts[0]!;
      const t1 = drafts[1]!;
      if (hub < 0 && t0 !== t1 && q[t0]! > 0 && isArgmax(q, t1)) {
        // The usual pair [x, a]: the hub is the second draft (one comparison pass confirms it), and q(x) > 0
        // shows that a pair exists; the first test reads p(x)/q(x) alone, so nothing else is summed yet.
        hub = t1;
        pairExists = true;
      }
      if (hub < 0 && t0 !== t1) {
        // The pair [a, x]: the hub is the first draft; confirming it sums the plain mass off it in the same pass.
        const plainRest = plainRestIfArgmax(q, t0);
        if (plainRest >= 0) setHub(t0, plainRest);
      }
      const h = a();
      // No pair when every other token has zero mass (Σ_{y≠a} q = 0, §11.3 rule 3): single-draft SD.
      if (!pairExists) return singleDraft().verify(drafts, chooser);
      if (t1 === h && ratioTestFloat(chooser, p[t0]!, q[t0]!)) return { token: t0, acceptedIndex: 0 };
      if (t0 === h) {
        const d = p[t1]! - q[t1]!;
        const P1 = t1 === h ? 0 : 0.5 * (d + Math.abs(d));
        // Bounds decide unless 1 − q(a) is already summed (then the exact test is as cheap).
        const state = bounded && rest < 0 && t1 !== h ? boundedRatioTest(chooser, P1, P1, q[h]! * (q[t1]! / restHi), q[h]! * (q[t1]! / restLo)) : -2;
        if (state >= 0 ? state === 1 : finishRatioTest(state, chooser, P1, t1 === h ? 0 : q[h]! * (q[t1]! / restMass()))) {
          return { token: t1, acceptedIndex: 1 };
        }
      }
      if (t0 === h && hubAccepts(chooser, false)) return { token: h, acceptedIndex: 0 };
      if (t1 === h && hubAccepts(chooser, true)) return { token: h, acceptedIndex: 1 };
      residual ??= new ResidualDraw(residualWeights(), () => targetLaw(p));
      return { token: residual.draw(chooser), acceptedIndex: null };
    },
  };
}
