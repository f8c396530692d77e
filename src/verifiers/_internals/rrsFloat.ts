/**
 * RRS (§2.2) on floats, fused (docs/theory.md §11.7). The residual chain P_0 = p, P_j = norm((P_{j−1} − q)^+)
 * is never stored per prepared verifier: its normalisers S_j = Σ (P_{j−1} − q)^+ (compensated, §11.3) are
 * computed lazily, one pass each, the entry P_i(x) of a draft is evaluated on the fly, and the final draw
 * materialises P_k into a borrowed buffer only when a rejection needs it. For k = 2 on a first call, S_1 is
 * summed plainly: x_2's test is decided from bounds on it, and after a second rejection P_2 is drawn by a bounded
 * scan of approximate weights known up to its normaliser (`boundedScan`, docs/theory.md §11.7), the compensated
 * normalisers and the exact P_2 only when the bounds cannot decide. Same uniforms, same results as the generic
 * program (`rrs.prepareGeneric` with `floatField`): every value is formed by the same operations, or decided from
 * bounds that provably contain it.
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { Chooser } from '../../core/chooser.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { compensatedPositiveDifference, nextResidualInto, plainPositiveDifference, plainTotal, rrswResidualApproxInto, scanWeights } from '../floatKernels.ts';
import { boundedRatioTest, boundsOut, type FusedWeights, finishRatioTest, type LazyFloatLaw, massBounds, ratioTestFloat, relativeHalfWidth, ResidualDraw, targetLaw, U, weightsUpToNormaliser } from './lazyFloatLaw.ts';


/** ½(d + |d|) = max(d, 0) exactly, without a branch. */
const positive = (d: number) => 0.5 * (d + Math.abs(d));

export function prepareRrsFloat(p: ArrayLike<number>, q: ArrayLike<number>, k: number): PreparedVerifier<number> {
  const n = p.length;
  // normaliser[j] (j ≥ 1): S_j > 0 and finite, or 0 when level j is null (zero mass: a probability-zero
  // path). normaliser[0] = 1 stands for P_0 = p.
  const normaliser: number[] = [1];
  // The level materialised in the borrowed buffer, with the claim that says whether it still holds.
  let heldLevel = -1;
  let held: ScratchClaim | null = null;
  let target: LazyFloatLaw | null = null;
  const targetShared = () => (target ??= targetLaw(p));
  let finalLaw: ResidualDraw | LazyFloatLaw | null = null;

  /** P_level(y), level ≥ 1 known non-null, evaluated on the fly (the generic program's operations). */
  const entry = (level: number, y: number): number => {
    let v = p[y]!;
    for (let j = 1; j <= level; j++) v = positive(v - q[y]!) / normaliser[j]!;
    return v;
  };

  /**
   * Materialises P_level (level ≥ 1, non-null) into the buffer; with `sumNext`, also returns the compensated
   * Σ (P_level − q)^+ of the same values (`normaliseOrNull`'s total of the next level); without it, the plain
   * left-to-right Σ P_level when this call wrote that level (NaN when the buffer held it already).
   */
  const materialise = (level: number, sumNext: boolean): { buffer: Float64Array; next: number } => {
    let from = 0;
    let claim: ScratchClaim;
    if (heldLevel >= 1 && heldLevel <= level && scratchStillHolds(held)) {
      claim = held;
      from = heldLevel;
    } else claim = claimScratch(SCRATCH_SLOTS.firstResidual, n);
    const buffer = claim.buffer;
    let next = Number.NaN;
    for (let j = from + 1; j <= level; j++) next = nextResidualInto(j === 1 ? p : buffer, q, normaliser[j]!, buffer, sumNext && j === level);
    if (sumNext && from === level) next = compensatedPositiveDifference(buffer.subarray(0, n), q);
    held = claim;
    heldLevel = level;
    return { buffer, next };
  };

  /** S_1..S_i computed if needed; whether level i is non-null. */
  const level = (i: number): boolean => {
    while (normaliser.length <= i) {
      const j = normaliser.length;
      if (normaliser[j - 1] === 0) {
        normaliser.push(0);
        continue;
      }
      const total = j === 1 ? compensatedPositiveDifference(p, q) : materialise(j - 1, true).next;
      // `normaliseOrNull`: a total that is not positive and finite makes the level null.
      normaliser.push(total > 0 && total !== Infinity ? total : 0);
    }
    return normaliser[i] !== 0;
  };

  /**
   * The law of P_k (k ≥ 1, non-null), materialised with its plain total in one pass (or totalled when the buffer
   * already held it) and scanned from the same buffer.
   */
  const exactFinal = (): FusedWeights => {
    const fill = (): Float64Array => materialise(k, false).buffer;
    const totalled = (): number => {
      const { buffer, next } = materialise(k, false);
      return Number.isNaN(next) ? plainTotal(buffer, n) : next;
    };
    return {
      total: totalled, // P_k ≥ 0: a positive part divided by S_k > 0
      scan: (t) => scanWeights(heldLevel === k && scratchStillHolds(held) ? held.buffer : fill(), n, t),
      weights: () => fill().slice(0, n),
    };
  };
  const finalWeights = (): ResidualDraw => new ResidualDraw(exactFinal(), () => targetLaw(p));

  /**
   * k = 2, both drafts rejected, S_1 known only from its plain sum S̃_1 (bounds [lo, hi]): the weights
   * a = (P̃_1 − q)^+ with P̃_1 = (p − q)^+·fl(1/S̃_1), within η₁ = 1.02ε₁ + 3.01u of P_1 (plus 2⁻¹⁰⁷⁴; ε₁ the
   * relative half-width of the bounds), written to the residual buffer with Σ a. P_2 = fl(v/S_2) for the exact
   * v = (P_1 − q)^+ and S_2 its compensated sum, so S_2·P_2 is within 4u·a + b of a (positive part 1-Lipschitz,
   * one rounding for v and one for the division), Σb ≤ slack (ΣP̃_1 ≤ (1 + 1.01ε₁)(1 + 2u)): `boundedScan` on
   * weights known up to a factor. A lower bound on S_2 shows that level 2 is not null (the generic program then
   * draws from P_2, of total about 1: a plain scan). Null when it does not.
   */
  const approximateFinal = (plainS1: number, lo: number, hi: number): FusedWeights | null => {
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    const total = rrswResidualApproxInto(p, q, 1 / plainS1, -1, 1, claim.buffer);
    const e1 = relativeHalfWidth(lo, hi, plainS1);
    const eta1 = 1.02 * e1 + 3.01 * U;
    const slackV = 1.01 * (eta1 * (1 + 1.01 * e1) * (1 + 2 * U) + 2 * n * 2 ** -1072);
    return weightsUpToNormaliser(claim, n, total, slackV, () => {
      if (!level(k)) throw new Error('internal: an RRS residual drawn from bounds has a zero normaliser');
      return exactFinal();
    });
  };


  /**
   * k = 2, a first call: x_1's test, then S_1 summed plainly and x_2's test decided from its bounds
   * (P_1(x_2) = fl((p − q)^+(x_2)/S_1) is monotone in S_1), then the approximate final draw; the generic order
   * with exact normalisers when the bounds are of no use.
   */
  const firstCallTwoDrafts = (drafts: readonly number[], chooser: Chooser<number>): { token: number; acceptedIndex: number | null } => {
    const x = drafts[0]!;
    if (ratioTestFloat(chooser, p[x]!, q[x]!)) return { token: x, acceptedIndex: 0 };
    const x2 = drafts[1]!;
    const plainS1 = plainPositiveDifference(p, q);
    if (plainS1 > 0 && plainS1 < Infinity && massBounds(plainS1, n)) {
      const lo = boundsOut[0]!;
      const hi = boundsOut[1]!;
      const e = p[x2]! - q[x2]!;
      const positivePart = 0.5 * (e + Math.abs(e));
      const state = boundedRatioTest(chooser, positivePart / hi, positivePart / lo, q[x2]!, q[x2]!);
      if (state >= 0 ? state === 1 : (level(1), finishRatioTest(state, chooser, entry(1, x2), q[x2]!))) return { token: x2, acceptedIndex: 1 };
      const approx = approximateFinal(plainS1, lo, hi);
      if (approx !== null) {
        finalLaw = new ResidualDraw(approx, () => targetLaw(p));
        return { token: finalLaw.draw(chooser), acceptedIndex: null };
      }
    } else {
      // The generic order from x_2 on (a plain 0 means S_1 = 0: level 1 is null, the target is drawn).
      if (!level(1)) return { token: targetShared().draw(chooser), acceptedIndex: null };
      if (ratioTestFloat(chooser, entry(1, x2), q[x2]!)) return { token: x2, acceptedIndex: 1 };
    }
    finalLaw = level(k) ? finalWeights() : targetShared();
    return { token: finalLaw.draw(chooser), acceptedIndex: null };
  };

  return {
    verify(drafts, chooser) {
      if (k === 2 && drafts.length === 2 && normaliser.length === 1 && finalLaw === null) return firstCallTwoDrafts(drafts, chooser);
      for (let i = 0; i < drafts.length; i++) {
        const x = drafts[i]!;
        if (i > 0 && !level(i)) return { token: targetShared().draw(chooser), acceptedIndex: null };
        if (ratioTestFloat(chooser, i === 0 ? p[x]! : entry(i, x), q[x]!)) return { token: x, acceptedIndex: i };
      }
      if (finalLaw === null) finalLaw = level(k) ? finalWeights() : targetShared();
      return { token: finalLaw.draw(chooser), acceptedIndex: null };
    },
  };
}
