/**
 * RRSw (§2.3) on floats for k ≤ 2, fused (docs/theory.md §11.7), in the order of the generic program:
 * - x_1 is tested against q itself (R_1 = q/1): O(1);
 * - after its rejection, P_2 = norm((p − q)^+): its normaliser in one compensated pass, entries on the fly;
 *   1 − q(x_1) as the segment tree of q gives it (`complementSums`: the same partial sums in the same order),
 *   its O(log n) nodes summed from q on the fly for the first prefix (one pass, no tree written), the tree
 *   rebuilt in a borrowed buffer once a second prefix asks, O(log n) per prefix after that;
 * - after x_2's rejection, P_3 = norm((P_2 − R_2)^+) with R_2 = q/(1 − q(x_1)) off x_1: on a first call, one
 *   approximate pass (1 − q(x_1) from the plain sum of the S_1 pass, multiplications, no normaliser) and a
 *   bounded scan (`boundedScan`: P_3 is known up to its normaliser) decide the draw unless the uniform falls
 *   within the bounds; the exact form (the tree complement, one pass for the normaliser with P_2 and R_2 written
 *   on the way, one writing P_3 from them with its total, then the scan) runs only then or for later draws.
 * The generic program's prefix cache is mirrored key for key (it decides when a residual's alias table is
 * built), so that repeated verifications draw the same tokens too. k ≥ 3 runs the generic program.
 * Same uniforms, same results as `rrsw.prepareGeneric` with `floatField`.
 */
import { claimScratch, SCRATCH_SLOTS, type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import type { PreparedVerifier } from '../verifier.ts';
import { compensatedPositiveDifference, firstResidualInto, kernelOut, plainDifferenceAndPlainRest, plainTotal, rrswNextResidualInto, rrswNormaliserStoring, rrswResidualApproxInto, rrswResidualFromStored, scanWeights } from '../floatKernels.ts';
import type { Chooser } from '../../core/chooser.ts';
import { type FusedWeights, type LazyFloatLaw, boundedRatioTest, boundsOut, finishRatioTest, massBounds, ratioTestFloat, relativeHalfWidth, ResidualDraw, targetLaw, U, weightsUpToNormaliser } from './lazyFloatLaw.ts';

/** The generic program's cache limit (vectors × n entries), mirrored so that its resets happen at the same calls. */
const CACHE_ENTRY_LIMIT = 16_000_000;

/** The segment tree of `complementSums` (leaves q, zeros up to m, node i = node 2i + node 2i+1). */
function buildSegmentTree(q: ArrayLike<number>, m: number, t: Float64Array): void {
  const n = q.length;
  for (let i = 0; i < n; i++) t[m + i] = q[i]!;
  for (let i = n; i < m; i++) t[m + i] = 0;
  for (let i = m - 1; i >= 1; i--) t[i] = t[2 * i]! + t[2 * i + 1]!;
}

const nodeStack = new Float64Array(64);

/**
 * The value of the segment-tree node over leaves [start, start + size) of q padded with zeros (size a power of
 * two, start a multiple of size), exactly as {@link buildSegmentTree} computes it (node = left + right, padding
 * leaves +0), without building the tree: a node inside q is summed as blocks of 8 leaves in the tree's own
 * association with a binary counter of partial sums over the blocks; a node that reaches past q recurses.
 */
function treeNode(q: ArrayLike<number>, n: number, start: number, size: number): number {
  if (start >= n) return 0;
  if (size === 1) return q[start]!;
  if (size < 8 || start + size > n) {
    const half = size >> 1;
    return treeNode(q, n, start, half) + treeNode(q, n, start + half, half);
  }
  const stack = nodeStack;
  const end = start + size;
  let blocks = 0;
  for (let b = start; b < end; b += 8) {
    let v = q[b]! + q[b + 1]! + (q[b + 2]! + q[b + 3]!) + (q[b + 4]! + q[b + 5]! + (q[b + 6]! + q[b + 7]!));
    let level = 0;
    for (let c = blocks; c & 1; c >>= 1) v = stack[level++]! + v;
    stack[level] = v;
    blocks++;
  }
  return stack[31 - Math.clz32(size >> 3)]!;
}

/**
 * Σ_{y≠x} q(y) as `complementSums(floatField, q)([x])` (the same tree nodes added in the same order), each node
 * summed from q on the fly ({@link treeNode}): one pass over q, nothing written. m: the tree's leaf count.
 */
export function complementByTreeNodes(q: ArrayLike<number>, m: number, x: number): number {
  const n = q.length;
  const range = (lo: number, hi: number): number => {
    let s = 0;
    for (let l = lo + m, r = hi + m; l < r; l >>= 1, r >>= 1) {
      if (l & 1) s = s + nodeAt(q, n, m, l++);
      if (r & 1) s = s + nodeAt(q, n, m, --r);
    }
    return s;
  };
  let s = 0;
  let from = 0;
  if (x >= 0 && x < n) {
    if (x > from) s = s + range(from, x);
    from = x + 1;
  }
  if (from < n) s = s + range(from, n);
  return s;
}

/** Tree node i (1-based heap order, leaves at m..2m−1) of q padded to m leaves. */
function nodeAt(q: ArrayLike<number>, n: number, m: number, i: number): number {
  const shift = 31 - Math.clz32(m) - (31 - Math.clz32(i)); // height of node i
  return treeNode(q, n, (i << shift) - m, 1 << shift);
}

/** The generic program's cached state after a rejected prefix [x] (normaliser −1: not summed yet). */
interface RrswState {
  law: ResidualDraw | null;
  normaliser: number;
  rest: number;
  x: number;
}

export function prepareRrswFloat(p: ArrayLike<number>, q: ArrayLike<number>, generic: () => PreparedVerifier<number>): PreparedVerifier<number> {
  const n = p.length;
  let m = 1;
  while (m < n) m *= 2;
  let S1 = -1; // Σ (p − q)^+, compensated; 0 marks a null residual
  let P2held: ScratchClaim | null = null; // P_2 materialised
  let tree: ScratchClaim | null = null;
  let target: LazyFloatLaw | null = null;
  const targetShared = () => (target ??= targetLaw(p));
  let fallback: PreparedVerifier<number> | null = null;
  // Mirror of the generic cache: '0|' → the law of P_2 (k = 1), '1|x' → the state after the prefix [x].
  const cache = new Map<string, RrswState>();

  const firstNormaliser = (): number => {
    if (S1 < 0) {
      const total = compensatedPositiveDifference(p, q);
      S1 = total > 0 && total !== Infinity ? total : 0;
    }
    return S1;
  };
  const P2at = (y: number) => (0.5 * (p[y]! - q[y]! + Math.abs(p[y]! - q[y]!))) / S1;
  // R_2 for the prefix [x], stored by the normaliser pass of stateAfter(x) (valid while its claim holds).
  let stored: { R: ScratchClaim; x: number } | null = null;
  const P2vector = (): Float64Array => {
    if (scratchStillHolds(P2held)) return P2held.buffer;
    firstNormaliser();
    const claim = claimScratch(SCRATCH_SLOTS.firstResidual, n);
    firstResidualInto(p, q, S1, claim.buffer);
    P2held = claim;
    return claim.buffer;
  };

  // The last complement computed (the prefix [x] asks for it twice: the x_2 test, then the residual).
  let restFor = -2;
  let restValue = 0;
  let queries = 0;
  /**
   * Σ_{y≠x} q(y) as `complementSums(floatField, q)([x])`: the same tree nodes added in the same order. The first
   * x of a prepared verifier sums the nodes from q on the fly (one pass, nothing written); a second x builds the
   * tree in a borrowed buffer, O(log n) per query after that.
   */
  const restWithout = (x: number): number => {
    if (x === restFor) return restValue;
    restFor = x;
    if (queries++ === 0 && !scratchStillHolds(tree)) return (restValue = complementByTreeNodes(q, m, x));
    return (restValue = restFromTree(x));
  };
  const restFromTree = (x: number): number => {
    let t: Float64Array;
    if (scratchStillHolds(tree)) t = tree.buffer;
    else {
      const claim = claimScratch(SCRATCH_SLOTS.segmentTree, 2 * m);
      buildSegmentTree(q, m, claim.buffer);
      t = claim.buffer;
      tree = claim;
    }
    const range = (lo: number, hi: number): number => {
      let s = 0;
      for (let l = lo + m, r = hi + m; l < r; l >>= 1, r >>= 1) {
        if (l & 1) s = s + t[l++]!;
        if (r & 1) s = s + t[--r]!;
      }
      return s;
    };
    let s = 0;
    let from = 0;
    if (x >= 0 && x < n) {
      if (x > from) s = s + range(from, x);
      from = x + 1;
    }
    if (from < n) s = s + range(from, n);
    return s;
  };

  const touch = (key: string) => {
    // The generic cache clears itself when a new key would exceed its entry limit.
    if (!cache.has(key) && cache.size * n > CACHE_ENTRY_LIMIT) cache.clear();
  };

  /** The exact 1 − q(x) and normaliser of P_3 = norm((P_2 − R_2)^+) (0 = null) of a state. */
  const exactState = (state: RrswState): void => {
    firstNormaliser();
    const x = state.x;
    const rest = restWithout(x);
    // One pass: P_2 (materialised again, the same doubles), R_2 stored, and the normaliser of P_3.
    const P2claim = claimScratch(SCRATCH_SLOTS.firstResidual, n);
    const Rclaim = claimScratch(SCRATCH_SLOTS.rrswRest, n);
    const total = rrswNormaliserStoring(p, q, S1, x, rest, P2claim.buffer, Rclaim.buffer);
    P2held = P2claim;
    stored = { R: Rclaim, x };
    state.normaliser = total > 0 && total !== Infinity ? total : 0;
    state.rest = rest;
    // A state drawn approximately has a positive normaliser (its bounds said so).
    if (state.law !== null && state.normaliser === 0) throw new Error('internal: an RRSw residual drawn from bounds has a zero normaliser');
  };
  /** The state after rejecting x_1 = x: the normaliser of P_3 = norm((P_2 − R_2)^+) (0 = null). */
  const stateAfter = (x: number): RrswState => {
    const key = `1|${x}`;
    let state = cache.get(key);
    if (state === undefined) {
      touch(key);
      state = { law: null, normaliser: -1, rest: -1, x };
      exactState(state);
      cache.set(key, state);
    } else if (state.normaliser < 0) exactState(state);
    return state;
  };

  /** P_3 written to the residual buffer by the total pass, then scanned. */
  const thirdResidual = (state: RrswState): FusedWeights => {
    let written: ScratchClaim | null = null;
    let total = 0;
    const fill = (): Float64Array => {
      const claim = claimScratch(SCRATCH_SLOTS.residual, n);
      const fromStored = stored !== null && stored.x === state.x && scratchStillHolds(stored.R) && scratchStillHolds(P2held);
      total = fromStored
        ? rrswResidualFromStored(P2held!.buffer, stored!.R.buffer, n, state.normaliser, claim.buffer)
        : rrswNextResidualInto(P2vector(), q, state.x, state.rest, state.normaliser, claim.buffer);
      written = claim;
      return claim.buffer;
    };
    return {
      total: () => (fill(), total),
      scan: (t) => scanWeights(scratchStillHolds(written) ? written.buffer : fill(), n, t),
      weights: () => (scratchStillHolds(written) ? written.buffer : fill()).slice(0, n),
    };
  };

  /** P_2 itself as the final law (k = 1). */
  const secondResidual = (): FusedWeights => ({
    total: () => plainTotal(P2vector(), n),
    scan: (t) => scanWeights(P2vector(), n, t),
    weights: () => P2vector().slice(0, n),
  });

  let restLo = 0;
  let restHi = 0;
  // The first drafts' x_1 and the plain Σ_{y≠x_1} q(y) from the S_1 pass, when bounded (−1: none).
  let approxFor = -1;
  let approxRest = 0;
  // The plain S_1 of that pass and bounds on the compensated one.
  let approxS1 = 0;
  let S1Lo = 0;
  let S1Hi = 0;

  /**
   * The approximate residual after rejecting [x, x_2] (docs/theory.md §11.7): v = (P̃_2 − R̃_2)^+ with
   * P̃_2 = (p − q)^+·fl(1/S̃_1), S̃_1 the plain S_1 (within η₁ = 1.02ε₁ + 3.01u of P_2, plus 2⁻¹⁰⁷⁴; ε₁ the
   * relative half-width of the bounds on S_1) and R̃_2 = q·fl(1/r̃), r̃ the plain 1 − q(x) (within
   * η = 1.02ε + 4u of R_2, plus 2⁻¹⁰⁷³), written to the residual buffer, with Σ v. The exact weights are
   * fl(v_exact/S) with S the compensated Σ v_exact, so S·w is within 4u·v + b of v (positive part
   * 1-Lipschitz, one rounding for v, one for the division), Σb ≤ `slack` (ΣP̃_2 and ΣR̃_2 at most
   * (1 + 1.01ε₁)(1 + 2u) and (1 + 1.01ε)(1 + 2u)). S > 0 exactly when the bounds say so: then the
   * generic program draws from P_3 (not the target), its total is about 1 (a plain scan), and `boundedScan`
   * decides the draw. Null when S may be 0 (the exact form decides).
   */
  const approximateResidual = (state: RrswState): FusedWeights | null => {
    const claim = claimScratch(SCRATCH_SLOTS.residual, n);
    const total = rrswResidualApproxInto(p, q, 1 / approxS1, state.x, 1 / approxRest, claim.buffer);
    const eps = relativeHalfWidth(restLo, restHi, approxRest);
    const eta = 1.02 * eps + 4 * U;
    const e1 = relativeHalfWidth(S1Lo, S1Hi, approxS1);
    const eta1 = 1.02 * e1 + 3.01 * U;
    const slackV = 1.01 * (eta1 * (1 + 1.01 * e1) * (1 + 2 * U) + eta * (1 + 1.01 * eps) * (1 + 2 * U) + 2 * n * 2 ** -1072);
    return weightsUpToNormaliser(claim, n, total, slackV, () => {
      // The exact P_3 of a state first drawn approximately: its normaliser summed now.
      if (state.normaliser < 0) exactState(state);
      return thirdResidual(state);
    });
  };

  /** Both drafts rejected: the residual P_3 after the prefix [x] (S_1 summed first: P_2 is read through it). */
  const rejectBoth = (x: number, chooser: Chooser<number>) => {
    if (approxFor === x && S1 !== 0 && !cache.has(`1|${x}`)) {
      const key = `1|${x}`;
      touch(key);
      const state: RrswState = { law: null, normaliser: -1, rest: -1, x };
      const approx = approximateResidual(state);
      if (approx !== null) {
        cache.set(key, state);
        state.law = new ResidualDraw(approx, () => targetLaw(p));
        return { token: state.law.draw(chooser), acceptedIndex: null };
      }
    }
    if (firstNormaliser() === 0) return { token: targetShared().draw(chooser), acceptedIndex: null };
    const state = stateAfter(x);
    if (state.normaliser === 0) return { token: targetShared().draw(chooser), acceptedIndex: null };
    state.law ??= new ResidualDraw(thirdResidual(state), () => targetLaw(p));
    return { token: state.law.draw(chooser), acceptedIndex: null };
  };

  return {
    verify(drafts, chooser) {
      if (drafts.length > 2) return (fallback ??= generic()).verify(drafts, chooser);
      const x = drafts[0]!;
      if (ratioTestFloat(chooser, p[x]!, q[x]! / 1)) return { token: x, acceptedIndex: 0 };
      // P_2 (the generic program caches it under '0|').
      touch('0|');
      if (!cache.has('0|')) cache.set('0|', { law: null, normaliser: 0, rest: 1, x: -1 });
      if (drafts.length === 2 && S1 < 0 && approxFor < 0) {
        // S_1 = Σ (p − q)^+ and Σ_{y≠x_1} q, both plain, in one pass: x_2's test is decided from bounds on S_1 and
        // 1 − q(x_1) unless its uniform falls between the bounded probabilities, and the residual after a second
        // rejection from approximate weights; the compensated S_1 and the tree complement are summed only when
        // those cannot decide.
        plainDifferenceAndPlainRest(p, q, x);
        const plainS1 = kernelOut[0]!;
        const plainRest = kernelOut[1]!;
        // A plain 0 means every term is 0: S_1 = 0 exactly, no residual (the target is drawn).
        if (plainS1 === 0) {
          S1 = 0;
          return { token: targetShared().draw(chooser), acceptedIndex: null };
        }
        if (plainS1 < Infinity && massBounds(plainS1, n)) {
          const s1Lo = boundsOut[0]!;
          const s1Hi = boundsOut[1]!;
          if (massBounds(plainRest, n)) {
            restLo = boundsOut[0]!;
            restHi = boundsOut[1]!;
            approxFor = x;
            approxRest = plainRest;
            approxS1 = plainS1;
            S1Lo = s1Lo;
            S1Hi = s1Hi;
            const x2 = drafts[1]!;
            const e = p[x2]! - q[x2]!;
            const positive = 0.5 * (e + Math.abs(e));
            // P_2(x_2) = fl(positive/S_1) is monotone in S_1, q(x_2)/(1 − q(x_1)) in 1 − q(x_1).
            const state = boundedRatioTest(chooser, positive / s1Hi, positive / s1Lo, q[x2]! / restHi, q[x2]! / restLo);
            if (state >= 0 ? state === 1 : (firstNormaliser(), finishRatioTest(state, chooser, P2at(x2), q[x2]! / restWithout(x)))) {
              return { token: x2, acceptedIndex: 1 };
            }
            return rejectBoth(x, chooser);
          }
        }
      }
      if (firstNormaliser() === 0) return { token: targetShared().draw(chooser), acceptedIndex: null };
      if (drafts.length === 1) {
        const state = cache.get('0|')!;
        state.law ??= new ResidualDraw(secondResidual(), () => targetLaw(p));
        return { token: state.law.draw(chooser), acceptedIndex: null };
      }
      const x2 = drafts[1]!;
      const rest = restWithout(x); // 1 − q(x_1), summed (§11.3)
      if (ratioTestFloat(chooser, P2at(x2), q[x2]! / rest)) return { token: x2, acceptedIndex: 1 };
      return rejectBoth(x, chooser);
    },
  };
}
