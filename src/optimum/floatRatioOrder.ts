/**
 * The token order of the prefix dual (§4.4) as `ratioOrder` gives it for floats, p/q nondecreasing (q = 0 last, ties by index), for float
 * laws, without allocating: an LSD radix sort of the high 32 bits of the ratio (two 16-bit digits, four 8-bit
 * ones below 16,384 keys; the high word of a non-negative double orders like the double) in borrowed buffers, then an insertion sort of each
 * run of equal high words by the full ratio and the index (runs are short: equal high words mean ratios
 * within 2⁻²⁰ of each other, or exact ties already in index order). Shared by the methods of one replayed
 * position (RRSw's k = 2 closed form, the i.i.d. and without-replacement optima).
 *
 * The returned array is a view of a borrowed buffer: valid until the next call (copy it to keep it).
 *
 * @example
 * ```ts
 * floatRatioOrder([0.5, 0.25, 0.25], [0.25, 0.25, 0.5]); // Uint32Array [2, 1, 0]
 * ```
 */
import { claimScratch, SCRATCH_SLOTS } from '../core/scratchBuffer.ts';

/** The factor of `ratioOrder`'s float keys (see `fillRatios`). */
export const RATIO_KEY_SCALE = 2 ** -100;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const count = new Uint32Array(65_537);
/** Target masses below this are keyed as (p/q)·2⁻¹⁰⁰ (see `fillRatios`). */
const TINY_TARGET = 2 ** -900;
const pick = new Float64Array(2);
/** Below this size a comparator sort of the indices is cheaper. */
const SMALL = 256;

export function floatRatioOrder(p: ArrayLike<number>, q: ArrayLike<number>): Uint32Array {
  const n = p.length;
  const keyClaim = claimScratch(SCRATCH_SLOTS.sortKeys, n);
  fillRatios(p, q, keyClaim.buffer);
  return floatKeyOrder(keyClaim.buffer, n);
}

/**
 * The permutation that sorts keys(0..n−1) ascending, ties by index, for non-negative keys (+∞ allowed, no
 * NaN), in borrowed buffers (valid until the next call of either function).
 */
export function floatKeyOrder(keys: Float64Array, n: number): Uint32Array {
  const aux = claimScratch(SCRATCH_SLOTS.sortSpare, 2 * n);
  const words = new Uint32Array(aux.buffer.buffer, 0, 4 * n);
  let order = words.subarray(0, n);
  if (n < SMALL || !littleEndian) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    return order;
  }
  let spare = words.subarray(n, 2 * n);
  let hi = words.subarray(2 * n, 3 * n);
  let spareHi = words.subarray(3 * n, 4 * n);
  const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  initialise(order, hi, keyWords, n);
  // Digits of 16 bits (two passes) for long arrays; of 8 bits (four passes over 256 counters) below 16,384 keys,
  // where clearing and scanning 65,536 counters twice would cost more than the keys themselves.
  const bits = n < 16_384 ? 8 : 16;
  for (let shift = 0; shift < 32; shift += bits) {
    if (radixPass(order, hi, spare, spareHi, shift, bits, n)) {
      [order, spare] = [spare, order];
      [hi, spareHi] = [spareHi, hi];
    }
  }
  fixRuns(order, hi, spare, spareHi, keys, keyWords, n);
  return order;
}

/**
 * keys(y) = (p(y)·2⁻¹⁰⁰)/q(y), +∞ when q(y) = 0: `ratioOrder`'s keys (the scale keeps a subnormal q from
 * overflowing the ratio into +∞, the key of q = 0; a power-of-two factor is exact); (p(y)/q(y))·2⁻¹⁰⁰ when
 * p(y) < 2⁻⁹⁰⁰, so that a tiny positive ratio does not underflow to the key of p = 0.
 */
function fillRatios(p: ArrayLike<number>, q: ArrayLike<number>, keys: Float64Array): void {
  const n = p.length;
  const infinity = Number.POSITIVE_INFINITY;
  const table = pick;
  for (let y = 0; y < n; y++) {
    // x/0 = +∞ for x > 0; 0/0 = NaN → +∞. (The divisions stay outside the conditional: V8 compiles a division
    // inside a conditional arm several times slower.) Below p = 2⁻⁹⁰⁰ the product p·2⁻¹⁰⁰ would lose bits or
    // underflow to 0 (a positive ratio keyed like p = 0: the long optimum fuzz found a prefix dual 10⁻³⁰⁰ off
    // that way); there p/q ≤ 2¹⁷⁴ cannot overflow, so the ratio is scaled after the division.
    const py = p[y]!;
    const qy = q[y]!;
    table[0] = (py * RATIO_KEY_SCALE) / qy;
    table[1] = (py / qy) * RATIO_KEY_SCALE;
    const r = table[+(py < TINY_TARGET)]!;
    keys[y] = r === r ? r : infinity;
  }
}

function initialise(order: Uint32Array, hi: Uint32Array, keyWords: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    order[i] = i;
    hi[i] = keyWords[2 * i + 1]!;
  }
}

/** One stable counting pass on `bits` bits of the high words; false (nothing moved) when that digit is constant. */
function radixPass(order: Uint32Array, hi: Uint32Array, spare: Uint32Array, spareHi: Uint32Array, shift: number, bits: number, n: number): boolean {
  const c = count;
  const mask = (1 << bits) - 1;
  const size = 1 << bits;
  c.fill(0, 0, size + 1);
  for (let i = 0; i < n; i++) c[((hi[i]! >>> shift) & mask) + 1]!++;
  for (let d = 1; d <= size; d++) {
    if (c[d] === n) return false;
    c[d]! += c[d - 1]!;
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const slot = c[(h >>> shift) & mask]!++;
    spare[slot] = order[i]!;
    spareHi[slot] = h;
  }
  return true;
}

/** Runs of equal high words longer than this are sorted by their low words (radix) instead of by insertion. */
const INSERTION_RUN_MOST = 32;

/**
 * Each run of equal high words sorted by (full key, index): by insertion when short, by a stable radix sort of the
 * low words when longer than INSERTION_RUN_MOST (a run of thousands of keys that differ only in their low words, as
 * float16-derived ratios give at V = 128,256, made the insertion quadratic: 390,000 moves per position; a
 * comparison sort of such runs cost a tenth of a replayed position). Within a run the high words are equal, so the
 * low words (unsigned) order the keys, and the run is in index order before (the high-word passes are stable), so a
 * stable sort leaves ties by index: the order of the comparison (key, index). `spare` and `spareHi` are free
 * buffers of length n; `hi` is not read inside a run once its end is known, so the run's part of it is scratch too.
 */
function fixRuns(order: Uint32Array, hi: Uint32Array, spare: Uint32Array, spareHi: Uint32Array, keys: Float64Array, keyWords: Uint32Array, n: number): void {
  let i = 0;
  while (i < n) {
    const h = hi[i]!;
    let j = i + 1;
    while (j < n && hi[j] === h) j++;
    if (j - i > INSERTION_RUN_MOST) {
      sortRunByLowWords(order.subarray(i, j), hi.subarray(i, j), spare.subarray(i, j), spareHi.subarray(i, j), keyWords, j - i);
    } else if (j - i > 1) {
      for (let a = i + 1; a < j; a++) {
        const id = order[a]!;
        const key = keys[id]!;
        let b = a - 1;
        while (b >= i && (keys[order[b]!]! > key || (keys[order[b]!]! === key && order[b]! > id))) {
          order[b + 1] = order[b]!;
          b--;
        }
        order[b + 1] = id;
      }
    }
    i = j;
  }
}

/** Stable LSD radix sort (four 8-bit digits) of `run` by the low words of its keys; `low`, `spare`, `spareLow` scratch. */
function sortRunByLowWords(run: Uint32Array, low: Uint32Array, spare: Uint32Array, spareLow: Uint32Array, keyWords: Uint32Array, m: number): void {
  for (let t = 0; t < m; t++) low[t] = keyWords[2 * run[t]!]!;
  let order = run;
  let words = low;
  let other = spare;
  let otherWords = spareLow;
  for (let shift = 0; shift < 32; shift += 8) {
    if (radixPass(order, words, other, otherWords, shift, 8, m)) {
      [order, other] = [other, order];
      [words, otherWords] = [otherWords, words];
    }
  }
  if (order !== run) run.set(order);
}
