/**
 * Reusable work buffers for the float fast paths (docs/theory.md §11.7). A fresh 256 KB `Float64Array` costs
 * more than ten passes over n = 32,000 entries (allocation, zeroing, garbage collection), so the hot paths
 * borrow module-level buffers instead, grown on demand and never shrunk.
 *
 * A buffer's content is valid only until the next {@link claimScratch} of the same slot: a holder keeps the
 * claim's `epoch` and asks {@link scratchStillHolds} before reading what it wrote earlier (another prepared
 * verifier may have claimed the slot in between), recomputing otherwise. Everything is synchronous, so a
 * claim cannot be interrupted.
 *
 * @example
 * ```ts
 * const claim = claimScratch(SCRATCH_SLOTS.residual, 8);
 * claim.buffer.length >= 8; // true
 * claim.buffer[0] = 1;
 * scratchStillHolds(claim); // true
 * claimScratch(SCRATCH_SLOTS.residual, 8); // another holder claims the slot
 * scratchStillHolds(claim); // false: the holder recomputes
 * ```
 */

/** A borrowed buffer (length ≥ the size asked for) and the epoch of the claim. */
export interface ScratchClaim {
  readonly slot: number;
  readonly buffer: Float64Array;
  readonly epoch: number;
}

/** The slots in use (distinct uses that may be live at the same time get distinct slots). */
export const SCRATCH_SLOTS = {
  /** A residual's weights, written by a total pass and read by the scan that follows. */
  residual: 0,
  /** RRS / RRSw: the first residual P_2 = norm((p − q)^+), materialised. */
  firstResidual: 1,
  /** RRSw: the segment tree of q (complementary masses). */
  segmentTree: 2,
  /** K-SEQ ρ*: candidate breakpoints and their masses. */
  ratios: 3,
  targetMasses: 4,
  draftMasses: 5,
  /** Closed forms (replay): sort keys and permutations. */
  sortKeys: 6,
  sortSpare: 7,
  /** K-SEQ ρ*: the tokens of the bucket that holds ρ* (breakpoints, masses, order). */
  kseqBucket: 8,
  /** RRSw: R_2 = q/(1 − q(x_1)) off x_1, stored by the normaliser pass for the residual pass. */
  rrswRest: 9,
} as const;

const buffers: Float64Array[] = [];
const epochs: number[] = [];
let counter = 0;

/** Borrows slot `slot` with at least n entries (content undefined). */
export function claimScratch(slot: number, n: number): ScratchClaim {
  let buffer = buffers[slot];
  if (buffer === undefined || buffer.length < n) {
    buffer = new Float64Array(Math.max(n, 1024, buffer === undefined ? 0 : Math.min(2 * buffer.length, n * 2)));
    buffers[slot] = buffer;
  }
  const epoch = ++counter;
  epochs[slot] = epoch;
  return { slot, buffer, epoch };
}

/** Whether nothing has claimed the slot since `claim` (so its content is still what the holder wrote). */
export function scratchStillHolds(claim: ScratchClaim | null): claim is ScratchClaim {
  return claim !== null && epochs[claim.slot] === claim.epoch;
}
