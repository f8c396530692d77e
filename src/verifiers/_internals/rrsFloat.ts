/**
 * RRS (§2.2) on floats, fused (docs/theory.md §11.7). The residual chain P_0 = p, P_j = norm((P_{j−1} − q)^+)
 * is never stored per prepared verifier: its normalisers S_j = Σ (P_{j−1} − q)^+ (compensated, §11.3) are
 * computed lazily, one pass each, the entry P_i(x) of a draft is evaluated on the fly, and the final draw
 * materialises P_k into a borrowed buffer only when a rejection needs it. Same uniforms, same results as the
 * generic program (`rrs.prepareGeneric` with `floatField`): every value is formed by the same operations.
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { compensatedPositiveDifference, nextResidualInto, plainTotal, scanWeights } from '../floatKernels.ts';
import { type LazyFloatLaw, ratioTestFloat, ResidualDraw, targetLaw } from './lazyFloatLaw.ts';

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
  const finalWeights = (): ResidualDraw => {
    const fill = (): Float64Array => materialise(k, false).buffer;
    const totalled = (): number => {
      const { buffer, next } = materialise(k, false);
      return Number.isNaN(next) ? plainTotal(buffer, n) : next;
    };
    return new ResidualDraw(
      {
        total: totalled, // P_k ≥ 0: a positive part divided by S_k > 0
        scan: (t) => scanWeights(heldLevel === k && scratchStillHolds(held) ? held.buffer : fill(), n, t),
        weights: () => fill().slice(0, n),
      },
      () => targetLaw(p),
    );
  };

  return {
    verify(drafts, chooser) {
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
