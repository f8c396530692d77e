/**
 * SpecHub verification (§2.6) on floats, fused (docs/theory.md §11.7), in the order of the generic program:
 * - the hub a = argmax q (lowest index on ties): for the pairs [x, a] and [a, x] one pass that confirms that a
 *   draft is the argmax and sums Σ_{y≠a} q(y) plainly (`plainRestIfArgmax`), otherwise the argmax with that sum in
 *   one pass: the plain sum says whether a pair exists and bounds 1 − q(a), so the pair test of step 3 is decided
 *   from the bounds unless its uniform falls between them (`boundedRatioTest`);
 * - S_ai, S_ia and the residual weights P2 = (P1 − Q_ai)^+ off a, once steps 5/7 are reached: first one
 *   approximate pass (Q_ai from the plain 1 − q(a), a multiplication per token, plain sums; the weights written
 *   to a borrowed buffer), whose bounds decide the hub's tests, P2(a) = 0 and the residual draw (`boundedScan`)
 *   unless a uniform falls within them; then, only if needed, the exact form: 1 − q(a) compensated (§11.3) and
 *   one pass with the generic program's operations (`leftovers(true)`).
 * Same uniforms, same results as the generic program (`spechub.prepareGeneric` with `floatField`): every
 * compared value is formed by the same float operations (a compensated sum as Neumaier's; ½(d + |d|) for (d)^+,
 * exact), or decided from bounds that provably contain it.
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { argmaxWithPlainRest, compensatedSumExcept, continueTotal, kernelOut, plainRestIfArgmax, scanWeights, spechubLeftoversApproxInto, spechubLeftoversInto } from '../floatKernels.ts';
import { type FusedWeights, boundedRatioTest, boundedScan, boundedTotalLarge, boundsOut, finishRatioTest, massBounds, ratioTestFloat, relativeHalfWidth, ResidualDraw, targetLaw, U } from './lazyFloatLaw.ts';
import { prepareSdFloat } from './sdFloat.ts';

/** The relative error of an approximate weight or term against the exact one, beyond |Q_ai − Q̃_ai| (2.01u). */
const ALPHA = 3 * U;

/** S_ai, S_ia (compensated when `exact`, else plain and approximate, with bounds) and the residual's total. */
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
  const bounds = new Float64Array(4); // [S_ai lo, hi, S_ia lo, hi] while only the approximate sums are known
  let slack = 0; // Σ_j |Q_ai(j) − Q̃_ai(j)| bound of the approximate pass (with its subnormal allowance)
  let written: ScratchClaim | null = null;
  let residual: ResidualDraw | null = null;
  // Σ_{y≠a} q(y) summed plainly with the hub: positive exactly when the compensated sum is, and it bounds it
  // (`massBounds`); the compensated 1 − q(a) (what the generic program divides by) is summed only when a test or
  // the exact leftovers need it.
  let plainRest = 0;
  let restLo = 0;
  let restHi = 0;
  let bounded = false;
  let pairExists = false; // Σ_{y≠a} q(y) > 0
  const setHub = (h: number, plain: number) => {
    hub = h;
    plainRest = plain;
    pairExists = plain > 0;
    bounded = massBounds(plain, n);
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
   * P2(a) = ((p(a) − S_ai)^+ − S_ia)^+, with Σ P2 in index order (plain, as the categorical law sums it).
   *
   * Approximate form (`exact` false, when 1 − q(a) is bounded): Q̃(j) = q(j)·fl(q(a)/r̃) with r̃ the plain
   * 1 − q(a), within η·Q̃(j) + 2⁻¹⁰⁷² of the generic Q_ai(j) = fl(q(a)·fl(q(j)/(1 − q(a)))) (η = 1.02ε + 5u, ε the
   * relative half-width of the bounds on 1 − q(a); four roundings), so every weight and every S_ai term is within
   * 2.01u of its approximation plus 1.01 times that (the positive part is 1-Lipschitz; one rounding each), and
   * Σ_j of the latter is at most `slack` = 1.03·η·q(a) + 1.01·n·2⁻¹⁰⁷². S_ai's bounds widen `massBounds` by
   * those; S_ia's terms are exact (`plainBounds`). P2(a) decreases in S_ai and S_ia (correctly rounded
   * subtraction is monotone), so it is exactly 0 when it is 0 at their lower bounds; in exact arithmetic
   * S_ai + S_ia − p(a) = Σ_y P2(y), so it is positive only for residuals of mass within the bounds' width. When
   * the bounds are of no use, or P2(a) may be positive, the exact form runs instead.
   */
  const leftovers = (exact: boolean): LeftoverSums => {
    const h = a();
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    const w = claim.buffer;
    written = claim;
    if (!exact && bounded) {
      spechubLeftoversApproxInto(p, q, h, q[h]! / plainRest, w);
      const Sai = kernelOut[0]!;
      const Sia = kernelOut[1]!;
      const total = kernelOut[2]!;
      const eta = 1.02 * relativeHalfWidth(restLo, restHi, plainRest) + 5 * U;
      slack = 1.03 * eta * q[h]! + 1.01 * n * 2 ** -1072;
      if (massBounds(Sai, n)) {
        // massBounds bounds the compensated sum of the approximate terms; the exact terms are within ALPHA and
        // `slack` of them.
        bounds[0] = Math.max(0, (boundsOut[0]! * (1 - ALPHA) - slack) * (1 - 2 * U));
        bounds[1] = (boundsOut[1]! * (1 + ALPHA) + slack) * (1 + 2 * U);
        // P2(a) = 0 when it is 0 at the lower bounds (w[h] is 0 already).
        if (plainBounds(Sia, n, bounds, 2) && !(positivePart(p[h]! - bounds[0]!) - bounds[2]! > 0)) {
          return (sums = { Sai, Sia, total, exact: false });
        }
      }
      return leftovers(true);
    }
    spechubLeftoversInto(p, q, h, restMass(), w);
    const Sai = kernelOut[0]!;
    const Sia = kernelOut[1]!;
    let total = kernelOut[2]!;
    const before = kernelOut[3]!;
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
   * only the approximate sums are known (`boundedRatioTest`: numerator and denominator are monotone in them),
   * with the exact sums when the uniform falls between the bounds.
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

  /** The exact residual weights in the buffer (the exact pass runs when only the approximate ones are there). */
  const exactWeights = (): Float64Array => {
    if (sums === null || !sums.exact || !scratchStillHolds(written)) leftovers(true);
    return written!.buffer;
  };
  const residualWeights = (): FusedWeights => ({
    total: () => (sums !== null && sums.exact ? sums : leftovers(true)).total,
    scan: (t) => scanWeights(exactWeights(), n, t),
    weights: () => exactWeights().slice(0, n),
    approx: {
      large: () => {
        const S = sums ?? leftovers(false);
        return !S.exact && scratchStillHolds(written) && boundedTotalLarge(n, S.total, ALPHA, slack);
      },
      scan: (u) => (sums !== null && !sums.exact && scratchStillHolds(written) ? boundedScan(written.buffer, n, u, sums.total, ALPHA, slack) : -1),
    },
  });

  return {
    verify(drafts, chooser) {
      if (drafts.length === 1) return singleDraft().verify(drafts, chooser);
      const t0 = drafts[0]!;
      const t1 = drafts[1]!;
      if (hub < 0 && t0 !== t1) {
        // The usual pairs [x, a] and [a, x]: confirming that a draft is the hub sums the plain mass off it in the
        // same pass (a token that is not the argmax usually stops it after a few reads).
        let plain = plainRestIfArgmax(q, t1);
        if (plain >= 0) setHub(t1, plain);
        else if ((plain = plainRestIfArgmax(q, t0)) >= 0) setHub(t0, plain);
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
