/**
 * The decoder's next-token law, computed in place: {@link nextTokenLaw} (softmax(logits / temperature) in
 * float64, then top-p) for one row of a logits block, written into a preallocated Float64Array, with the very
 * same floating-point operations in the same order, so the numbers are bit for bit those of `nextTokenLaw`
 * (tested on random and adversarial rows: ties, −∞, huge and tiny temperatures, top-p cutting at ties).
 * Spec §8 item 9 (same temperature and top-p for target and draft).
 *
 * What is saved: no allocation per law (the decoder keeps one buffer per tree node), no division at
 * temperature 1 (x / 1 = x exactly), and top-p by a binary heap popped until the nucleus is complete
 * (O(V + m log V) for a nucleus of m tokens) instead of a comparator sort of the whole vocabulary; the heap
 * pops in exactly the sort's order (probability descending, ties by lowest index), so the nucleus mass is
 * summed in the same order.
 *
 * @example
 * ```ts
 * const vocab = 2;
 * const logits = Float32Array.of(0, 0, 1, 1, 3, 0); // three rows of two logits
 * const out = new Float64Array(vocab);
 * nextTokenLawInto(logits, 1, vocab, { temperature: 1, topP: 1 }, out)[0]; // 0.5: row 1 is uniform
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { expOfNonPositive } from '../../core/expOfNonPositive.ts';
import type { SamplingSettings } from './nextTokenLaw.ts';

/** Reusable work arrays for top-p (one per decoder; grown on demand). */
export class LawScratch {
  heap = new Int32Array(0);
  kept = new Uint8Array(0);
  ensure(n: number): void {
    if (this.heap.length < n) {
      this.heap = new Int32Array(n);
      this.kept = new Uint8Array(n);
    }
  }
}

const sharedScratch = new LawScratch();

/**
 * Writes the law of row `row` of `logits` (rows of `vocab` entries) into `out` (length ≥ vocab; the first
 * `vocab` entries are written) and returns `out.subarray(0, vocab)` (or `out` itself when it has exactly
 * `vocab` entries). Throws as `softmax` does: `NOT_FINITE` for a NaN or +∞ logit, `ZERO_DRAFT_MASS` when every
 * logit is −∞; temperature and top-p are the caller's to validate (`nextTokenLaw` does).
 */
export function nextTokenLawInto(logits: Float32Array | Float64Array, row: number, vocab: number, settings: SamplingSettings, out: Float64Array, scratch: LawScratch = sharedScratch): Float64Array {
  const start = row * vocab;
  if (!(vocab > 0) || start < 0 || start + vocab > logits.length || out.length < vocab) {
    throw new SpechubError('LENGTH_MISMATCH', `row ${row} of ${vocab} logits does not fit a block of ${logits.length} (output of ${out.length})`);
  }
  const temperature = settings.temperature;
  // The maximum without a finiteness test per entry (half the loop's time): a NaN never raises it, and a NaN or
  // +∞ logit makes the total below NaN (x − max is NaN, or ∞ − ∞); then the row is checked in order and the first
  // such logit is reported, as softmax does.
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) {
    const x = logits[start + i]!;
    if (x > max) max = x;
  }
  if (max === -Infinity) {
    refuseNotFinite(logits, start, vocab);
    throw new SpechubError('ZERO_DRAFT_MASS', 'every logit is −∞');
  }
  let total = 0;
  if (temperature === 1) {
    for (let i = 0; i < vocab; i++) {
      const e = expOfNonPositive(logits[start + i]! - max);
      out[i] = e;
      total += e;
    }
  } else {
    for (let i = 0; i < vocab; i++) {
      const e = expOfNonPositive((logits[start + i]! - max) / temperature);
      out[i] = e;
      total += e;
    }
  }
  if (total !== total) refuseNotFinite(logits, start, vocab);
  for (let i = 0; i < vocab; i++) out[i]! /= total;
  if (settings.topP < 1) nucleusInPlace(out, vocab, settings.topP, scratch);
  return out.length === vocab ? out : out.subarray(0, vocab);
}

/** Throws `NOT_FINITE` naming the first NaN or +∞ logit of the row (if any). */
function refuseNotFinite(logits: Float32Array | Float64Array, start: number, vocab: number): void {
  for (let i = 0; i < vocab; i++) {
    const x = logits[start + i]!;
    if (Number.isNaN(x) || x === Infinity) throw new SpechubError('NOT_FINITE', `logit ${i} is ${x}`);
  }
}

/** Top-p of `p[0..n)` in place: the most probable entries (ties by lowest index) until their mass reaches topP, renormalised. */
function nucleusInPlace(p: Float64Array, n: number, topP: number, scratch: LawScratch): void {
  scratch.ensure(n);
  const heap = scratch.heap;
  const kept = scratch.kept;
  // i comes before j: larger probability first, then lower index (the order of topPFilter's sort).
  const before = (i: number, j: number) => p[i]! > p[j]! || (p[i] === p[j] && i < j);
  for (let i = 0; i < n; i++) heap[i] = i;
  kept.fill(0, 0, n);
  const siftDown = (at: number, size: number) => {
    const item = heap[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1]!, heap[child]!)) child++;
      if (!before(heap[child]!, item)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i, n);
  let size = n;
  let total = 0;
  while (size > 0) {
    if (total >= topP) break;
    const top = heap[0]!;
    kept[top] = 1;
    total += p[top]!;
    heap[0] = heap[--size]!;
    siftDown(0, size);
  }
  for (let i = 0; i < n; i++) p[i] = kept[i] === 1 ? p[i]! / total : 0;
}
