/**
 * The replay's ratio-ordered closed forms without a full sort (docs/theory.md §11.8): the i.i.d. prefix dual (any
 * k), the without-replacement prefix dual (k ≤ 2), RRSw's k = 2 form (§2.3), and (k = 2, `hubSums`) the hub sums of
 * SpecHub / G-r, G-q and RRS, plus (`kseq`) K-SEQ's ρ*, from one fused first pass, one bucket pass, one visit pass
 * and sorts of a few small token sets.
 *
 * 1. `firstPass` (one pass over the vocabulary): ov = Σ min(p, q), S = Σ (p − q)^+, Σq, Σp (block-compensated),
 *    the hub a = argmax q (lowest index on ties), the draft support size, the lists of tokens with p > q and with
 *    q > p, the number of tokens with p > q and p < 2⁻⁹²² (imprecise keys), and the ratio keys (p·2⁻¹⁰⁰)/q (+∞
 *    for q = 0: `floatRatioOrder`'s keys).
 * 2. `ratioOrderedForms`, bucket pass: every token goes to one of 4,094 buckets by the high word of its key (a
 *    monotone map: 128 equal slices of the high-word range per binade of ratios [2⁻¹⁶, 2¹⁵], keys outside
 *    clamped into the first or last slice), with per-bucket Σp, Σq, Σ(p − q)^+ (with the hub sums) and
 *    Σ q/(Σq − q) over the tokens other than the hub (the without-replacement weights).
 * 3. Duals: prefix sets that end on a bucket boundary are prefixes of the ratio order, so their dual values are
 *    upper bounds of the optimum. Inside bucket b every token has p ≥ r_b·q (r_b the ratio of its lower edge),
 *    which bounds every interior prefix value from below (§11.8). Only buckets whose bound lies within δ of the
 *    best boundary value can hold the minimum (`dualBounds`); their tokens (a few hundred at V = 32,000) are
 *    sorted by (key, index) and scanned (`dualScan`). δ exceeds twice the rounding error of every computed value,
 *    so the minimum found is the minimum over all prefixes up to rounding. More than n/4 candidate tokens: the
 *    full order (`floatRatioOrder` + `prefixDualsFloat`) instead.
 * 4. Hub sums and RRSw's classes by buckets (`bucketVisit`, no token with an imprecise key): Σ_{y≠a} min(p, q/r)
 *    and Σ_{y≠a} min(p, q) take ΣP of the buckets below the ratio 1/r resp. 1 and ΣQ(/r) of those above; RRSw's
 *    tokens with p > q are low (P₂ = (p − q)/S ≤ q: ratio ≤ 1 + S), high (P₂·(1 − q(a)) > q) or active in
 *    between, a bucket wholly in one class by its place (with margins above the roundings). The buckets at the
 *    thresholds, the hub's, any holding more than 4,096 tokens, the duals' candidate buckets and K-SEQ's bucket
 *    are visited token by token in one pass over the bucket map.
 * 5. RRSw: only the active tokens (ρ = P₂/q ∈ (1, 1/(1 − q(a))]) are sorted, and for each x with q > p
 *    g(1/(1 − q(x))) is a search in their prefix sums, as in `rrswTwoDraftAcceptanceFast`. Tokens with p < 2⁻⁹²²
 *    (imprecise keys) are evaluated one by one (the classes and hub sums then token by token too); more than 64 of
 *    them: the comparator form.
 * 6. K-SEQ (`kseq`: its fallback search): ρ* by the edges of the same buckets (`kseqSelectBucket`, no selection
 *    pass), the bucket holding it gathered in the visit, then segment search and certification as
 *    `kseqRhoSearch` (`kseqFinishBucket`).
 *
 * Buffers are module-level and grown on demand; the keys of `firstPass` are read by the next
 * `ratioOrderedForms` on the same (p, q).
 *
 * @example
 * ```ts
 * import { compensatedSumExcept } from '../../verifiers/floatKernels.ts';
 * const target = [0.1, 0.2, 0.3, 0.4];
 * const draft = [0.4, 0.3, 0.2, 0.1];
 * firstPass(target, draft);
 * const rest = compensatedSumExcept(draft, firstOut[FIRST.hub]!); // 1 − q(a), summed (never as a difference)
 * const forms = ratioOrderedForms(target, draft, 2, { iid: true, wor: true, rrsw: true }, rest); // {iid, wor, rrsw, kseq, hubSums}
 * ```
 */
import { floatField } from '../../core/field.ts';
import { floatKeyOrder, floatRatioOrder, RATIO_KEY_SCALE } from '../../optimum/floatRatioOrder.ts';
import { prefixDualsFloat } from '../../optimum/prefixDualsFloat.ts';
import { claimScratch, SCRATCH_SLOTS } from '../../core/scratchBuffer.ts';
import { type KseqBucketSelection, kseqFinishBucket, type KseqRatioBuckets, type KseqRhoResult, kseqSelectBucket } from '../../verifiers/kseqRhoSearch.ts';
import { rrswTwoDraftAcceptance } from '../../verifiers/rrsw.ts';
import { escapeProbability } from './escapeProbability.ts';
import { breakpointAtOrBelow } from '../../verifiers/rrswTwoDraftAcceptanceFast.ts';
import { type FirstPassKernel, firstPassKernel } from './firstPassKernel.ts';

const BUCKETS = 4096;
/** Buckets 1 … BUCKETS − 2 are used (bucket 1 also holds key 0, the last one also +∞); this bounds the scans. */
const INFINITE_BUCKET = BUCKETS - 1;
const LOOSE_BELOW = 2 ** -922;
const MAX_LOOSE = 64;
const U = Number.EPSILON / 2;
/** Key → ratio (×2¹⁰⁰) less one rounding of the key (a lower bound of p/q for the tokens at or above that key). */
const EDGE_SCALE = 2 ** 100 * (1 - 2 ** -51);
/** A local copy: an imported binding read in a hot loop costs a getter call per token under some loaders. */
const KEY_SCALE = RATIO_KEY_SCALE;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Outputs of `firstPass`: see FIRST. */
export const firstOut = new Float64Array(9);
export const FIRST = { ov: 0, residual: 1, sumQ: 2, sumP: 3, hub: 4, support: 5, positive: 6, negative: 7, loose: 8 } as const;

let keys = new Float64Array(0);
let keyWords = new Uint32Array(0);
let bucketOf = new Uint16Array(0);
let list = new Uint32Array(0);
let listKeys = new Float64Array(0);
let listIds = new Uint32Array(0);
/** The tokens with p > q, in index order (written by `firstPass`, branch-free). */
let positive = new Uint32Array(0);
/** The tokens with q > p, in index order (written by `firstPass`, branch-free): the x of RRSw's sum (w(x) > 0). */
let negative = new Uint32Array(0);
const bucketP = new Float64Array(BUCKETS);
const bucketQ = new Float64Array(BUCKETS);
const bucketW = new Float64Array(BUCKETS);
/** Per-bucket Σ (p − q)^+ (`bucketPassWithHub` only). */
const bucketD = new Float64Array(BUCKETS);
/** Buckets whose tokens `bucketVisit` visits one by one (bits VISIT_…). */
const visit = new Uint8Array(BUCKETS);
const bucketCount = new Uint32Array(BUCKETS);
const suffixAfter = new Float64Array(BUCKETS);
const prefixBefore = new Float64Array(BUCKETS);
const weightBefore = new Float64Array(BUCKETS);
const candidate = new Uint8Array(BUCKETS);
const pick = new Float64Array(2);
const weightPick = new Float64Array([0, 0]);
let rrswBuffer = new Float64Array(1024);
/**
 * Per-bucket token lists in index order, written by the bucket passes: bucket b's first token is next[n + b], each
 * token's successor in its bucket next[y] (bucketCount[b] tokens; `tail` is the append point, n + b when empty).
 */
let next = new Int32Array(0);
const tail = new Int32Array(BUCKETS);

/**
 * The WebAssembly loop of `firstPassWithBuckets` (firstPassKernel.ts) when it is in use: then the per-token arrays
 * it writes (keys, bucketOf, positive, negative, next) are views of its memory, as are its own bucket arrays
 * (`kernelBuckets`, copied into the module's after each run), its results and its input arrays (`kernelP`,
 * `kernelQ`: where laws from outside its memory are copied), laid out by `layOut` at the byte offsets in `kernelAt`;
 * readers' workspaces (`denseWorkspace`) follow them in the same memory.
 */
let kernel: FirstPassKernel | null = null;
let kernelWanted = true;
let capacity = -1;
let kernelP = new Float64Array(0);
let kernelQ = new Float64Array(0);
let kernelResults = new Float64Array(0);
/** The kernel memory's buffer (a workspace law lies in it: read in place). */
let kernelBuffer: ArrayBuffer | null = null;
/**
 * The kernel's bucket sums, counts and list ends, copied into the module's own bucket arrays after each run: those
 * stay constants (V8 compiles the loops that read a constant module-level array about twice as fast as loops over
 * one read from a reassigned binding: docs/testing.md), at the cost of copying 160 KB per pass.
 */
let kernelBuckets = { sumP: new Float64Array(0), sumQ: new Float64Array(0), sumW: new Float64Array(0), sumD: new Float64Array(0), count: new Uint32Array(0), tail: new Int32Array(0) };
const kernelAt = { p: 0, q: 0, keys: 0, of: 0, positive: 0, negative: 0, next: 0, tail: 0, sumP: 0, sumQ: 0, sumW: 0, sumD: 0, count: 0, out: 0 };

/**
 * Whether `firstPassWithBuckets` may run its WebAssembly loop (default true; for the tests and the fuzzer, which
 * compare both loops): the arrays are laid out again at the next pass. The two give the same doubles, bit for bit.
 */
export function useFirstPassKernel(wanted: boolean): void {
  kernelWanted = wanted;
  capacity = -1;
  kernelBuffer = null;
}

/** Whether the last `firstPassWithBuckets` ran the WebAssembly loop. */
export function firstPassKernelUsed(): boolean {
  return kernel !== null;
}

function ensure(n: number): void {
  if (capacity >= n) return;
  layOut(Math.max(n, 1024), 0);
}

/** Room for this many workspace pairs of the layout's size is left in each new kernel memory. */
const WORKSPACE_ROOM = 2;
/** The end of the kernel memory's used bytes (workspaces are taken from here on) and its size. */
let workspaceEnd = 0;
let memoryEnd = 0;

/**
 * A new layout for laws of up to `size` tokens: the JavaScript work lists, and the kernel's arrays at byte offsets
 * (each a multiple of 64) in a new memory (never a grown one), with room for WORKSPACE_ROOM workspace pairs of `size`
 * tokens and `extra` bytes more; or JavaScript arrays when the kernel is not in use.
 */
function layOut(size: number, extra: number): void {
  capacity = size;
  if (list.length !== size) {
    // (Unchanged when only the kernel's memory is renewed for more workspaces.)
    list = new Uint32Array(size);
    listKeys = new Float64Array(size);
    listIds = new Uint32Array(size);
  }
  let end = 0;
  const take = (bytes: number) => {
    const at = end;
    end += Math.ceil(bytes / 64) * 64;
    return at;
  };
  const at = kernelAt;
  at.out = take(8 * 9);
  at.sumP = take(8 * BUCKETS);
  at.sumQ = take(8 * BUCKETS);
  at.sumW = take(8 * BUCKETS);
  at.sumD = take(8 * BUCKETS);
  at.count = take(4 * BUCKETS);
  at.tail = take(4 * BUCKETS);
  at.p = take(8 * size);
  at.q = take(8 * size);
  at.keys = take(8 * size);
  at.next = take(4 * (size + BUCKETS));
  at.positive = take(4 * size);
  at.negative = take(4 * size);
  at.of = take(2 * size);
  workspaceEnd = end;
  memoryEnd = end + WORKSPACE_ROOM * 2 * Math.ceil((8 * size) / 64) * 64 + extra;
  kernel = kernelWanted ? firstPassKernel(memoryEnd) : null;
  if (kernel === null) {
    kernelBuffer = null;
    keys = new Float64Array(size);
    keyWords = new Uint32Array(keys.buffer);
    bucketOf = new Uint16Array(size);
    positive = new Uint32Array(size);
    negative = new Uint32Array(size);
    next = new Int32Array(size + BUCKETS);
    return;
  }
  const buffer = kernel.memory.buffer;
  kernelBuffer = buffer;
  kernelResults = new Float64Array(buffer, at.out, 9);
  kernelBuckets = {
    sumP: new Float64Array(buffer, at.sumP, BUCKETS),
    sumQ: new Float64Array(buffer, at.sumQ, BUCKETS),
    sumW: new Float64Array(buffer, at.sumW, BUCKETS),
    sumD: new Float64Array(buffer, at.sumD, BUCKETS),
    count: new Uint32Array(buffer, at.count, BUCKETS),
    tail: new Int32Array(buffer, at.tail, BUCKETS),
  };
  kernelP = new Float64Array(buffer, at.p, size);
  kernelQ = new Float64Array(buffer, at.q, size);
  keys = new Float64Array(buffer, at.keys, size);
  keyWords = new Uint32Array(buffer, at.keys, 2 * size);
  next = new Int32Array(buffer, at.next, size + BUCKETS);
  positive = new Uint32Array(buffer, at.positive, size);
  negative = new Uint32Array(buffer, at.negative, size);
  bucketOf = new Uint16Array(buffer, at.of, size);
}

/**
 * Two float64 arrays of `vocab` entries in the first-pass kernel's memory, for a reader to decode a position's
 * target and draft laws into (`openTrace`'s `reuseBuffers`): `firstPassWithBuckets` then reads them where they are
 * instead of copying them into the kernel's memory (a third of the kernel's gain at V = 32,000 went to that copy,
 * and to the cache it takes). Null when the kernel is not in use (plain arrays do as well then).
 *
 * The kernel never writes to a workspace: it writes only its own arrays, and copies laws from elsewhere into its own
 * input arrays. Each call returns a new pair (two readers never share one). A workspace is never moved or freed: when
 * the memory is full, or a larger vocabulary needs a new layout, the next pair comes from a new memory, and pairs in
 * the old one are then laws like any other (copied, as plain arrays are).
 *
 * @example
 * ```ts
 * const work = denseWorkspace(4); // { target, draft }, or null without the kernel
 * work?.target.length; // 4
 * ```
 */
export function denseWorkspace(vocab: number): { target: Float64Array; draft: Float64Array } | null {
  ensure(vocab);
  if (kernel === null) return null;
  const bytes = Math.ceil((8 * vocab) / 64) * 64;
  if (workspaceEnd + 2 * bytes > memoryEnd) layOut(capacity, 2 * bytes);
  if (kernel === null) return null;
  const buffer = kernel.memory.buffer;
  const target = new Float64Array(buffer, workspaceEnd, vocab);
  const draft = new Float64Array(buffer, workspaceEnd + bytes, vocab);
  workspaceEnd += 2 * bytes;
  return { target, draft };
}

/**
 * What the last `firstPassWithBuckets` on n tokens wrote, as plain arrays (for the tests that compare the
 * WebAssembly and JavaScript loops): `firstOut`, the keys and buckets of the n tokens, the lists of tokens with
 * p > q and q > p, every bucket's sums, count and token list (followed from its head), and the list ends (`tail`,
 * the kernel's own when it ran).
 */
export function firstPassState(n: number): { out: number[]; keys: number[]; bucketOf: number[]; positive: number[]; negative: number[]; sumP: number[]; sumQ: number[]; sumW: number[]; sumD: number[]; count: number[]; lists: number[][]; tail: number[] } {
  const lists: number[][] = [];
  for (let b = 0; b < BUCKETS; b++) {
    const tokens: number[] = [];
    for (let left = bucketCount[b]!, y = next[n + b]!; left > 0; left--, y = next[y]!) tokens.push(y);
    lists.push(tokens);
  }
  return {
    out: Array.from(firstOut),
    keys: Array.from(keys.subarray(0, n)),
    bucketOf: Array.from(bucketOf.subarray(0, n)),
    positive: Array.from(positive.subarray(0, firstOut[FIRST.positive]!)),
    negative: Array.from(negative.subarray(0, firstOut[FIRST.negative]!)),
    sumP: Array.from(bucketP),
    sumQ: Array.from(bucketQ),
    sumW: Array.from(bucketW),
    sumD: Array.from(bucketD),
    count: Array.from(bucketCount),
    lists,
    tail: Array.from(kernel !== null ? kernelBuckets.tail : tail),
  };
}

/** Terms summed plainly before each compensated step of `firstPass` (see there). */
const BLOCK = 8;

/**
 * One pass: ov, S, Σq, Σp, argmax q, support size, the lists of tokens with p > q and q > p, ratio keys and their
 * high-word range (see module comment). The four sums are block-compensated: BLOCK terms are added plainly, then
 * the block's sum enters a Neumaier sum (non-negative terms: within (BLOCK + 2)u of the exact sum, relative; a
 * quarter of the floating-point additions of a token-by-token compensation).
 */
export function firstPass(p: ArrayLike<number>, q: ArrayLike<number>): void {
  const n = p.length;
  ensure(n);
  bucketsOf.valid = false;
  bucketsOf.prebuilt = 0;
  bucketsOf.scattered = 0;
  const k = keys;
  const table = pick;
  const infinity = Number.POSITIVE_INFINITY;
  let so = 0;
  let co = 0;
  let ss = 0;
  let cs = 0;
  let sq = 0;
  let cq = 0;
  let sp = 0;
  let cp = 0;
  let top = -1;
  let best = 0;
  let support = 0;
  let positives = 0;
  let negatives = 0;
  let loose = 0;
  const above = positive;
  const under = negative;
  for (let y = 0; y < n; ) {
    const end = y + BLOCK < n ? y + BLOCK : n;
    let bo = 0;
    let bs = 0;
    let bq = 0;
    let bp = 0;
    for (; y < end; y++) {
      const py = p[y]!;
      const qy = q[y]!;
      table[0] = qy;
      table[1] = py;
      bo += table[+(py < qy)]!;
      const d = py - qy;
      bs += 0.5 * (d + Math.abs(d));
      bq += qy;
      bp += py;
      support += +(qy > 0);
      above[positives] = y;
      positives += +(py > qy);
      under[negatives] = y;
      negatives += +(qy > py);
      loose += +(py > qy) * +(py < LOOSE_BELOW);
      if (top < qy) {
        top = qy;
        best = y;
      }
      const r = (py * KEY_SCALE) / qy;
      const key = r === r ? r : infinity;
      k[y] = key;
    }
    let t = so + bo;
    co += Math.abs(so) >= Math.abs(bo) ? so - t + bo : bo - t + so;
    so = t;
    t = ss + bs;
    cs += Math.abs(ss) >= Math.abs(bs) ? ss - t + bs : bs - t + ss;
    ss = t;
    t = sq + bq;
    cq += Math.abs(sq) >= Math.abs(bq) ? sq - t + bq : bq - t + sq;
    sq = t;
    t = sp + bp;
    cp += Math.abs(sp) >= Math.abs(bp) ? sp - t + bp : bp - t + sp;
    sp = t;
  }
  firstOut[FIRST.ov] = so + co;
  firstOut[FIRST.residual] = ss + cs;
  firstOut[FIRST.sumQ] = sq + cq;
  firstOut[FIRST.sumP] = sp + cp;
  firstOut[FIRST.hub] = best;
  firstOut[FIRST.support] = support;
  firstOut[FIRST.positive] = positives;
  firstOut[FIRST.negative] = negatives;
  firstOut[FIRST.loose] = loose;
}

/** The bucket map of the last bucket pass (valid until the next `firstPass`). */
const bucketsOf = { valid: false, dualsValid: false, base: 0, ceiling: 0, shift: 0, prebuilt: 0, scattered: 0 };

/** Whether the last `firstPassWithBuckets` left buckets that `ratioOrderedForms` uses for k (Σq within the slack). */
export function fusedBucketsReady(k: number): boolean {
  return bucketsOf.prebuilt === k + 1;
}

/** The bucket map for k (module comment, step 2): [base, ceiling, shift] into `rangeOut`. */
const rangeOut = new Int32Array(3);
function bucketRange(k: number): void {
  // The buckets slice the high words of the keys in [2⁻¹⁶, 2¹⁵]·2⁻¹⁰⁰ (ratios p/q; the minimising threshold of a
  // prefix dual lies near k(1 − R)^(k−1) ≤ k, K-SEQ's ρ* in [1, k]): 31 binades of 128 buckets each; keys outside
  // are clamped into the first or last finite bucket. Clamping keeps the map monotone, so it changes only the
  // number of tokens visited one by one, never the result. (The range is fixed, so that the bucket pass can run
  // inside the first pass: tracking the keys' own range there cost a quarter of that pass; it reaches 2¹⁵ so that
  // the last bucket does not collect the 10–20 % of an LM vocabulary whose ratio exceeds 2k.)
  const base = highWord(2 ** -16 * KEY_SCALE);
  const ceiling = highWord(Math.max(2 ** 15, 2 * k) * KEY_SCALE);
  let shift = 0;
  while (ceiling >= base && (ceiling - base) / 2 ** shift > BUCKETS - 3) shift++;
  rangeOut[0] = base;
  rangeOut[1] = ceiling;
  rangeOut[2] = shift;
}

/**
 * How far Σq may be from 1 for the weights of `firstPassWithBuckets` (q/(1 − q) for q/(Σq − q)): each is then within
 * 2·2⁻⁵⁰/(1 − 2⁻⁵⁰) of the true weight, relative (a token other than the hub has q ≤ ½Σq), so W = Σ weights (≤ 2)
 * within 2⁻⁴⁸ absolute and every dual value within 2⁻⁴⁸ of its value with the true weights: far below the δ of
 * `dualBounds` (≥ 2⁻³²). Rows divided by their sum (trace rows) are within a few u of 1. For q < 2⁻¹³ the weight
 * is the series q(1 + q + q² + q³ + q⁴) (remainder below 2⁻⁶⁵ relative, roundings a few u: within the same slack).
 */
const WEIGHT_SUM_SLACK = 2 ** -50;

/**
 * `firstPass` and `bucketPassWithD` fused into one pass (k = 2 with the hub sums: the replay's method set), for laws
 * whose Σq is within WEIGHT_SUM_SLACK of 1: the bucket map does not depend on the first pass's results, and the
 * without-replacement weights q/(Σq − q) are taken as q/(1 − q) (see WEIGHT_SUM_SLACK). The hub's weight is left out
 * as the argmax moves: a token's weight is added when a later token has larger q (it is then not the hub), the last
 * argmax's never. When Σq is further from 1, `ratioOrderedForms` sums the weights again with the true Σq
 * (`bucketWeightsPass`; the other bucket sums do not depend on Σq). Every
 * output of `firstPass` is the same, bit for bit; the bucket sums are those of `bucketPassWithD` except the weights
 * (within the slack above; a former argmax's weight is added to its bucket later than in index order).
 */
export function firstPassWithBuckets(p: ArrayLike<number>, q: ArrayLike<number>, k: number): void {
  const n = p.length;
  ensure(n);
  bucketsOf.valid = false;
  bucketsOf.prebuilt = 0;
  bucketRange(k);
  const base = rangeOut[0]!;
  const ceiling = rangeOut[1]!;
  const shift = rangeOut[2]!;
  const keyOf = keys;
  const words = keyWords;
  const table = pick;
  const infinity = Number.POSITIVE_INFINITY;
  const bP = bucketP;
  const bQ = bucketQ;
  const bW = bucketW;
  const bN = bucketCount;
  const bD = bucketD;
  const of = bucketOf;
  const link = next;
  const end = tail;
  if (kernel !== null) {
    // The WebAssembly loop (firstPassKernel.ts): the same doubles, bit for bit, written into its memory; then its
    // bucket arrays copied into the module's.
    const kb = kernelBuckets;
    kb.sumP.fill(0);
    kb.sumQ.fill(0);
    kb.sumW.fill(0);
    kb.count.fill(0);
    kb.sumD.fill(0);
    for (let b = 0; b < BUCKETS; b++) kb.tail[b] = n + b;
    // Laws in a workspace of this memory (`denseWorkspace`) are read in place, others copied in.
    const at = kernelAt;
    let pAt = at.p;
    let qAt = at.q;
    if (p instanceof Float64Array && p.buffer === kernelBuffer) pAt = p.byteOffset;
    else kernelP.set(p);
    if (q instanceof Float64Array && q.buffer === kernelBuffer) qAt = q.byteOffset;
    else kernelQ.set(q);
    kernel.run(n, base, ceiling, shift, pAt, qAt, at.keys, at.of, at.positive, at.negative, at.next, at.tail, at.sumP, at.sumQ, at.sumW, at.sumD, at.count, at.out);
    firstOut.set(kernelResults);
    bP.set(kb.sumP);
    bQ.set(kb.sumQ);
    bW.set(kb.sumW);
    bN.set(kb.count);
    bD.set(kb.sumD);
    // (`tail` is not copied: it is only the append point while lists are built, and every bucket pass sets it anew.)
    bucketsOf.prebuilt = Math.abs(firstOut[FIRST.sumQ]! - 1) <= WEIGHT_SUM_SLACK ? k + 1 : 0;
    bucketsOf.scattered = k + 1;
    return;
  }
  bP.fill(0);
  bQ.fill(0);
  bW.fill(0);
  bN.fill(0);
  bD.fill(0);
  for (let b = 0; b < BUCKETS; b++) end[b] = n + b;
  let so = 0;
  let co = 0;
  let ss = 0;
  let cs = 0;
  let sq = 0;
  let cq = 0;
  let sp = 0;
  let cp = 0;
  let top = -1;
  let best = 0;
  let support = 0;
  let positives = 0;
  let negatives = 0;
  let loose = 0;
  const above = positive;
  const under = negative;
  for (let y = 0; y < n; ) {
    const stop = y + BLOCK < n ? y + BLOCK : n;
    let bo = 0;
    let bs = 0;
    let bq = 0;
    let bp = 0;
    for (; y < stop; y++) {
      const py = p[y]!;
      const qy = q[y]!;
      table[0] = qy;
      table[1] = py;
      bo += table[+(py < qy)]!;
      const d = py - qy;
      const excess = 0.5 * (d + Math.abs(d));
      bs += excess;
      bq += qy;
      bp += py;
      support += +(qy > 0);
      above[positives] = y;
      positives += +(py > qy);
      under[negatives] = y;
      negatives += +(qy > py);
      loose += +(py > qy) * +(py < LOOSE_BELOW);
      const r = (py * KEY_SCALE) / qy;
      const key = r === r ? r : infinity;
      keyOf[y] = key;
      let h = words[2 * y + 1]! | 0;
      h = h < base ? base : h;
      h = h > ceiling ? ceiling : h;
      const b = 1 + ((h - base) >> shift);
      of[y] = b;
      bN[b]!++;
      bP[b]! += py;
      bQ[b]! += qy;
      bD[b]! += excess;
      link[end[b]!] = y;
      end[b] = y;
      if (top < qy) {
        // The previous argmax is not the hub: its weight now (none before the first token).
        if (top >= 0) bW[of[best]!]! += top / (1 - top);
        top = qy;
        best = y;
      } else bW[b]! += qy < SERIES_BELOW ? qy * (1 + qy * (1 + qy * (1 + qy * (1 + qy)))) : qy / (1 - qy);
    }
    let t = so + bo;
    co += Math.abs(so) >= Math.abs(bo) ? so - t + bo : bo - t + so;
    so = t;
    t = ss + bs;
    cs += Math.abs(ss) >= Math.abs(bs) ? ss - t + bs : bs - t + ss;
    ss = t;
    t = sq + bq;
    cq += Math.abs(sq) >= Math.abs(bq) ? sq - t + bq : bq - t + sq;
    sq = t;
    t = sp + bp;
    cp += Math.abs(sp) >= Math.abs(bp) ? sp - t + bp : bp - t + sp;
    sp = t;
  }
  firstOut[FIRST.ov] = so + co;
  firstOut[FIRST.residual] = ss + cs;
  firstOut[FIRST.sumQ] = sq + cq;
  firstOut[FIRST.sumP] = sp + cp;
  firstOut[FIRST.hub] = best;
  firstOut[FIRST.support] = support;
  firstOut[FIRST.positive] = positives;
  firstOut[FIRST.negative] = negatives;
  firstOut[FIRST.loose] = loose;
  // The buckets are ready for `ratioOrderedForms` with this k and the hub sums (k + 1; 0: not ready); all but their
  // weights in any case (`scattered`).
  bucketsOf.prebuilt = Math.abs(sq + cq - 1) <= WEIGHT_SUM_SLACK ? k + 1 : 0;
  bucketsOf.scattered = k + 1;
}
const kseqEdges = new Float64Array(BUCKETS);

/** The bucket of a key by the bucket pass's map (`bucketsOf`). */
function bucketOfKey(key: number): number {
  let h = highWord(key) | 0;
  h = h < bucketsOf.base ? bucketsOf.base : h;
  h = h > bucketsOf.ceiling ? bucketsOf.ceiling : h;
  return 1 + ((h - bucketsOf.base) >> bucketsOf.shift);
}

/**
 * The ratio buckets of the last `ratioOrderedForms` on the (p, q) of the last `firstPass`, as K-SEQ's search
 * (`kseqRhoSearchFromBuckets`) reads them: bucket b ≥ 2 starts at the ratio whose key has the high word
 * base + (b − 1)·2^shift and low word 0 (every key at or above it lies in bucket b or above: the order of the bit
 * patterns of non-negative doubles), times 2¹⁰⁰ (exact); keys below base are in bucket 1, above ceiling in the last
 * one. Null when no bucket pass ran on this pair (big-endian hosts, or neither dual nor RRSw asked for).
 */
export function kseqBuckets(k: number): KseqRatioBuckets | null {
  if (!bucketsOf.valid) return null;
  const one = bucketOfKey(KEY_SCALE);
  let last = bucketOfKey(k * KEY_SCALE);
  const step = 2 ** bucketsOf.shift;
  const base = bucketsOf.base;
  const lowerEdge = (b: number) => keyOfHighWord(base + (b - 1) * step) * 2 ** 100;
  // k on a bucket's lower edge: that bucket holds ratios ≥ k only; the one below holds those just below k.
  if (last > one && last > 1 && lowerEdge(last) >= k) last--;
  const edges = kseqEdges;
  const probe = wordProbeWords;
  probe[0] = 0;
  for (let b = one + 1; b <= last; b++) {
    probe[1] = base + (b - 1) * step;
    edges[b] = wordProbe[0]! * 2 ** 100;
  }
  // One object shape either way (no spread: V8 builds a spread literal the slow way).
  const valid = bucketsOf.dualsValid;
  return { bucketOf, sumP: bucketP, sumQ: bucketQ, count: bucketCount, edge: kseqEdges, one, last, ov: firstOut[FIRST.ov]!, positives: firstOut[FIRST.positive]!, before: valid ? prefixBefore : undefined, after: valid ? suffixAfter : undefined };
}

const wordProbe = new Float64Array(1);
const wordProbeWords = new Uint32Array(wordProbe.buffer);
/** The high 32 bits of a double (little-endian hosts). */
function highWord(x: number): number {
  wordProbe[0] = x;
  return wordProbeWords[1]!;
}

/** The double whose high word is `hi` and low word 0. */
function keyOfHighWord(hi: number): number {
  wordProbeWords[0] = 0;
  wordProbeWords[1] = hi;
  return wordProbe[0]!;
}

export interface OrderedForms {
  iid: number | null;
  wor: number | null;
  rrsw: number | null;
  /** K-SEQ's ρ̂ with β̂, γ̂ when asked for (`want.kseq`, its fallback search) and the buckets ran; else null. */
  kseq: KseqRhoResult | null;
  /** Whether the hub sums were computed here, by the buckets (then in `hubOut`, as `hubSums` of denseAcceptances.ts writes them). */
  hubSums: boolean;
}

/** [Σ_{y≠a} min(p, q/rest), Σ_{y≠a} min(p, q), Σ min((p − q)^+/S, q)] when `OrderedForms.hubSums` (k = 2, S > 0). */
export const hubOut = new Float64Array(3);

const clampUnit = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0);

/**
 * The i.i.d. and without-replacement optima and RRSw's k = 2 acceptance (those asked for and defined for k) on the
 * (p, q) of the last `firstPass` (see the module comment). `rest` = 1 − q(a) = Σ_{y≠a} q, summed when q(a) > ½Σq.
 */
export function ratioOrderedForms(p: ArrayLike<number>, q: ArrayLike<number>, k: number, want: { iid: boolean; wor: boolean; rrsw: boolean; hubSums?: boolean; kseq?: () => number }, rest: number): OrderedForms {
  const n = p.length;
  const wantDuals = want.iid || (want.wor && k <= 2);
  const wantRrsw = want.rrsw && k === 2;
  const out: OrderedForms = { iid: null, wor: null, rrsw: null, hubSums: false, kseq: null };
  if (!wantDuals && !wantRrsw) return out;
  if (!littleEndian) return fullOrder(p, q, k, want);
  const sumQ = firstOut[FIRST.sumQ]!;
  const sumP = firstOut[FIRST.sumP]!;
  const S = firstOut[FIRST.residual]!;
  const ov = firstOut[FIRST.ov]!;
  const hub = firstOut[FIRST.hub]!;
  // The bucket map (fixed for k: `bucketRange`).
  bucketRange(k);
  const base = rangeOut[0]!;
  const ceiling = rangeOut[1]!;
  const shift = rangeOut[2]!;
  // Bucket pass.
  const withWor = want.wor && k === 2;
  const rrswOn = wantRrsw && S > 0;
  // The hub sums of SpecHub, G-r, G-q (bucket pass) and RRS (the pass over the tokens with p > q below), k = 2.
  const withHub = want.hubSums === true && k === 2;
  if (withHub) {
    // Built by `firstPassWithBuckets` for this k (its weights valid; when Σq is off, the weights alone again), else here.
    if (bucketsOf.prebuilt !== k + 1) {
      if (bucketsOf.scattered === k + 1) bucketWeightsPass(q, n, hub | 0, sumQ);
      else bucketPassWithD(p, q, n, base | 0, ceiling | 0, shift, hub | 0, sumQ);
    }
  } else bucketPass(p, q, n, base | 0, ceiling | 0, shift, withWor, hub | 0, sumQ);
  bucketsOf.valid = true;
  bucketsOf.dualsValid = false;
  bucketsOf.base = base | 0;
  bucketsOf.ceiling = ceiling | 0;
  bucketsOf.shift = shift;
  let activeCount = 0;
  const loose: number[] = [];
  let below = 0; // Σ P₂ of tokens with ρ ≤ 1
  let above = 0; // Σ q of tokens with ρ above every c
  let second = 0; // RRS: Σ min(P₂, q), compensated (c2)
  let c2 = 0;
  // The duals' bucket bounds: which buckets' tokens their scan needs (flagged in `candidate`).
  if (wantDuals) {
    dualBounds(q, k, sumP, sumQ, withWor, n, hub, rest, base, shift);
    // Its running sums prefixBefore, suffixAfter (every bucket) serve K-SEQ's search (`kseqBuckets`).
    bucketsOf.dualsValid = true;
  }
  const gatherCandidates = wantDuals && dualState.candidates > 0 && dualState.candidates <= n / 4;
  // K-SEQ (asked for with its fallback search): the bucket holding ρ*, gathered in the visit below.
  let selection: KseqBucketSelection | null = null;
  let kseqTokens: Float64Array | null = null;
  if (want.kseq !== undefined && k >= 2) {
    selection = kseqSelectBucket(p, q, k, kseqBuckets(k)!, { values: true });
    if (selection.done !== null) out.kseq = selection.done;
    else kseqTokens = claimScratch(SCRATCH_SLOTS.kseqBucket, 4 * bucketCount[selection.bucket]! + 4).buffer;
  }
  // The hub sums and RRSw's classes by the buckets when no token has an imprecise key (p < 2⁻⁹²² with p > q).
  const byBuckets = withHub && firstOut[FIRST.loose] === 0;
  const classesByBuckets = byBuckets && rrswOn && rest > 0;
  if (byBuckets || gatherCandidates || kseqTokens !== null) {
    activeCount = bucketVisit(p, q, n, hub | 0, rest > 0 ? rest : 1, byBuckets, classesByBuckets, S, rest, gatherCandidates, kseqTokens === null ? -1 : selection!.bucket, kseqTokens);
    if (classesByBuckets) {
      below = classOut[0]!;
      above = classOut[1]!;
      second = classOut[2]!;
    }
  }
  // RRSw: only the tokens with p > q (listed by the first pass) have a breakpoint; RRS's second overlap sums over them.
  if (classesByBuckets) {
    // Done above.
  } else if (rrswOn) {
    const count = firstOut[FIRST.positive]!;
    // Module-level \`let\` buffers are read through locals in loops (each direct read costs a context load and a
    // hole check per iteration).
    const positives = positive;
    const active = list;
    for (let i = 0; i < count; i++) {
      const y = positives[i]!;
      const py = p[y]!;
      const qy = q[y]!;
      const P2 = (py - qy) / S;
      // min(P₂, q), the same quotient as `hubSums` in denseAcceptances.ts.
      const m = P2 < qy ? P2 : qy;
      const t = second + m;
      c2 += Math.abs(second) >= Math.abs(m) ? second - t + m : m - t + second;
      second = t;
      if (py < LOOSE_BELOW) {
        if (loose.length <= MAX_LOOSE) loose.push(y);
      } else {
        // Branch-free three-way split (the classes interleave unpredictably along the vocabulary); adding 0 leaves
        // a sum unchanged.
        const low = +(P2 <= qy);
        const high = (1 - low) * +aboveEveryBreakpoint(P2, qy, rest);
        below += P2 * low;
        above += qy * high;
        active[activeCount] = y;
        activeCount += 1 - low - high;
      }
    }
  } else if (byBuckets && S > 0) {
    const count = firstOut[FIRST.positive]!;
    const positives = positive;
    for (let i = 0; i < count; i++) {
      const y = positives[i]!;
      const qy = q[y]!;
      const P2 = (p[y]! - qy) / S;
      const m = P2 < qy ? P2 : qy;
      const t = second + m;
      c2 += Math.abs(second) >= Math.abs(m) ? second - t + m : m - t + second;
      second = t;
    }
  }
  if (byBuckets) {
    hubOut[2] = second + c2;
    out.hubSums = true;
  }
  if (wantDuals) {
    const duals = dualScan(p, q, k, sumP, sumQ, withWor, n, hub, rest, gatherCandidates ? visitOut[0]! : 0);
    if (want.iid) out.iid = duals.iid;
    if (withWor) out.wor = duals.wor;
    else if (want.wor && k === 1) out.wor = duals.iid;
  }
  if (wantRrsw) {
    if (!(S > 0)) out.rrsw = clampUnit(ov);
    else if (loose.length > MAX_LOOSE) out.rrsw = rrswTwoDraftAcceptance(floatField, p, q);
    else {
      out.rrsw = clampUnit(rrswFromActive(p, q, S, sumQ, hub, rest, ov, activeCount, below, above, loose));
    }
  }
  if (kseqTokens !== null) out.kseq = kseqFinishBucket(p, q, k, want.kseq!, selection!, kseqTokens, visitOut[1]!, { values: true });
  return out;
}

/**
 * Per-bucket Σp, Σq, Σ q/(Σq − q) (tokens other than the hub) and counts, and each token's bucket. Key 0 and the
 * smallest keys share bucket 1 (its bound uses r = 0); +∞ (q = 0) is clamped into the last one (no q-mass, sorted
 * last inside it). Small and monomorphic, with integer bucket arithmetic (the high words of non-negative doubles
 * fit in 31 bits), so the loop compiles to a few instructions per token.
 */
function bucketPass(p: ArrayLike<number>, q: ArrayLike<number>, n: number, base: number, ceiling: number, shift: number, withWor: boolean, hub: number, sumQ: number): void {
  const bP = bucketP;
  const bQ = bucketQ;
  const bW = bucketW;
  const bN = bucketCount;
  const of = bucketOf;
  const words = keyWords;
  const pickW = weightPick;
  const link = next;
  const end = tail;
  bP.fill(0);
  bQ.fill(0);
  bW.fill(0);
  bN.fill(0);
  for (let b = 0; b < BUCKETS; b++) end[b] = n + b;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    let h = words[2 * y + 1]! | 0;
    h = h < base ? base : h;
    h = h > ceiling ? ceiling : h;
    const b = 1 + ((h - base) >> shift);
    of[y] = b;
    bN[b]!++;
    bP[b]! += py;
    bQ[b]! += qy;
    link[end[b]!] = y;
    end[b] = y;
    if (withWor) {
      // Without-replacement weights q/(1 − q) of every token but the hub (their 1 − q ≥ ½Σq: no overflow, no
      // cancellation); the hub's term is added where it is in the prefix. Branch-free: q = 0 gives 0, the hub's
      // own weight is selected away.
      pickW[0] = qy / (sumQ - qy);
      bW[b]! += pickW[+(y === hub)]!;
    }
  }
}

/**
 * `bucketPass` with the without-replacement weights and, per bucket, Σ (p − q)^+ (`bucketD`, for `bucketVisit`),
 * specialised for k = 2 with the hub sums (no option tested per token: measured 30 % faster than one loop with
 * options).
 */
function bucketPassWithD(p: ArrayLike<number>, q: ArrayLike<number>, n: number, base: number, ceiling: number, shift: number, hub: number, sumQ: number): void {
  const bP = bucketP;
  const bQ = bucketQ;
  const bW = bucketW;
  const bN = bucketCount;
  const bD = bucketD;
  const of = bucketOf;
  const words = keyWords;
  const pickW = weightPick;
  const link = next;
  const end = tail;
  bP.fill(0);
  bQ.fill(0);
  bW.fill(0);
  bN.fill(0);
  bD.fill(0);
  for (let b = 0; b < BUCKETS; b++) end[b] = n + b;
  for (let y = 0; y < n; y++) {
    const py = p[y]!;
    const qy = q[y]!;
    let h = words[2 * y + 1]! | 0;
    h = h < base ? base : h;
    h = h > ceiling ? ceiling : h;
    const b = 1 + ((h - base) >> shift);
    of[y] = b;
    bN[b]!++;
    bP[b]! += py;
    bQ[b]! += qy;
    link[end[b]!] = y;
    end[b] = y;
    const dy = py - qy;
    bD[b]! += 0.5 * (dy + Math.abs(dy));
    // As in `bucketPass` (the hub's weight, possibly ∞, selected away).
    pickW[0] = qy / (sumQ - qy);
    bW[b]! += pickW[+(y === hub)]!;
  }
}

/**
 * The without-replacement weights alone, per bucket Σ q/(Σq − q) over the tokens other than the hub, into the buckets
 * `firstPassWithBuckets` assigned (`bucketOf`): what `bucketPassWithD` adds to `bucketW`, the same doubles in the same
 * order. For a fused first pass whose Σq is off by more than WEIGHT_SUM_SLACK (rows normalised by a plain float sum,
 * such as softmax of logits, or F64 rows, are off by about 10⁻¹⁴): its other bucket sums, counts and token lists
 * are those of `bucketPassWithD` already.
 */
function bucketWeightsPass(q: ArrayLike<number>, n: number, hub: number, sumQ: number): void {
  const bW = bucketW;
  const of = bucketOf;
  const pickW = weightPick;
  bW.fill(0);
  for (let y = 0; y < n; y++) {
    const qy = q[y]!;
    // As in `bucketPass` (the hub's weight, possibly ∞, selected away).
    pickW[0] = qy / (sumQ - qy);
    bW[of[y]!]! += pickW[+(y === hub)]!;
  }
}

/**
 * P₂·rest > q, RRSw's high class (its breakpoint P₂/q above 1/rest = 1/(1 − q(a)), so above every c_x): the negation
 * of `breakpointAtOrBelow` (P₂ > q/rest when rest < 2⁻⁹⁶⁹, `TINY_REST`; a subnormal product scaled into the normal
 * range); false for rest = 0.
 */
function aboveEveryBreakpoint(P2: number, q: number, rest: number): boolean {
  return rest > 0 && !breakpointAtOrBelow(P2, q, rest);
}

/** [below, above, RRS's second overlap] of the last `bucketVisit` with RRSw. */
const classOut = new Float64Array(3);
/**
 * A bucket summed whole by `bucketVisit` holds at most this many tokens: its plain sums of non-negative terms are
 * within 4096u ≈ 4.5·10⁻¹³ of exact, relative (the sums over buckets and over visited tokens are compensated), so
 * each sum is too. Typically the clamped end buckets exceed it at large n (about 6 % of the tokens at V = 32,000).
 */
const WHOLE_BUCKET_MOST = 4096;
const VISIT_RRSW = 1;
const VISIT_HUB = 2;
const VISIT_OVERLAP = 4;
/** A bucket of RRSw's active class only (its tokens listed without a per-token test). */
const VISIT_ACTIVE = 32;
/** A bucket whose tokens the duals' scan needs (gathered into listIds, listKeys in index order). */
const VISIT_CANDIDATE = 8;
/** The bucket holding K-SEQ's ρ* (its tokens gathered as triples (p/q, p, q)). */
const VISIT_KSEQ = 16;
/** [candidate tokens gathered, K-SEQ tokens gathered] of the last `bucketVisit`. */
const visitOut = new Float64Array(2);

/**
 * Neumaier step on a two-slot accumulator [sum, compensation] (bucket loops only: a few thousand steps).
 */
function addTo(acc: Float64Array, slot: number, x: number): void {
  const s = acc[slot]!;
  const t = s + x;
  const e = t - s;
  acc[slot + 1]! += s - (t - e) + (x - e);
  acc[slot] = t;
}
const bucketSums = new Float64Array(14);

/**
 * The hub sums of SpecHub / G-r and G-q and (with `rrsw`) RRSw's classes and RRS's second overlap, from the buckets of
 * `bucketPassWithD` (k = 2, no token with p < 2⁻⁹²²: every key within one rounding of p/q·2⁻¹⁰⁰), a few buckets
 * visited token by token through the buckets' token lists (docs/theory.md §11.8):
 *
 * - Σ_{y≠a} min(p, q/r), r = 1 − q(a) (1 when 0): a token counts p below the ratio 1/r, q/r above it. A bucket
 *   below the one holding 1/r counts ΣP, one above it ΣQ/r; the threshold's bucket and the hub's are visited
 *   (p < q/r picks p, as the closed form compares). Near the threshold p and q/r are within rounding of each
 *   other, so a key's rounding changes the sum only by rounding.
 * - Σ_{y≠a} min(p, q): the same with the ratio 1 (the bucket holding ratio 1 and the hub's visited).
 * - RRSw (`rrsw`, S > 0, rest > 0): a token with p > q is low (P₂ ≤ q, P₂ = (p − q)/S) iff p/q ≤ 1 + S and high
 *   (P₂·rest > q) iff p/q > 1 + S/rest. A bucket above the one holding ratio 1 holds tokens with p > q only; one
 *   wholly below (1 + S)(1 − 2⁻⁵⁰) is low — below += Σ(p − q)/S, second += the same —, one wholly above
 *   (1 + S/rest)(1 + 2⁻⁵⁰) high — above += Σq, second += Σq (the margins exceed the roundings of the keys and of
 *   P₂, so each token of such a bucket is in that class by the per-token test as well). The bucket holding ratio 1
 *   and those from the low bound's to the high bound's are visited with the per-token tests (the active tokens
 *   listed in index order into `list`).
 *
 * Buckets holding more than WHOLE_BUCKET_MOST tokens are visited for every sum. Results: `hubOut[0]`, `hubOut[1]`,
 * and with `rrsw` `classOut` = [below, above, second]; returns the number of active tokens.
 */
function bucketVisit(p: ArrayLike<number>, q: ArrayLike<number>, n: number, hub: number, r: number, sums: boolean, rrsw: boolean, S: number, rest: number, candidates: boolean, kseqBucket: number, kseqTokens: Float64Array | null): number {
  const bN = bucketCount;
  const bD = bucketD;
  const bP = bucketP;
  const bQ = bucketQ;
  const flag = visit;
  const acc = bucketSums;
  acc.fill(0);
  // Slots (sum, compensation): 0 below, 2 above, 4 Σp under 1/r, 6 Σq over 1/r, 8 Σp under 1, 10 Σq over 1.
  const one = bucketOfKey(KEY_SCALE);
  const hubBucket = bucketOf[hub]!;
  const threshold = bucketOfKey(KEY_SCALE / r);
  const lowFrom = rrsw ? bucketOfKey((1 + S) * KEY_SCALE * (1 - 2 ** -50)) : 0;
  const lowTo = rrsw ? bucketOfKey((1 + S) * KEY_SCALE * (1 + 2 ** -50)) : 0;
  const highFrom = rrsw ? bucketOfKey((1 + S / rest) * KEY_SCALE * (1 - 2 ** -50)) : 0;
  const highTo = rrsw ? bucketOfKey((1 + S / rest) * KEY_SCALE * (1 + 2 ** -50)) : 0;
  flag.fill(0);
  for (let b = 0; b < BUCKETS; b++) {
    if (bN[b] === 0) continue;
    if (candidates && candidate[b] === 1) flag[b]! |= VISIT_CANDIDATE;
    if (b === kseqBucket) flag[b]! |= VISIT_KSEQ;
    if (!sums) continue;
    if (bN[b]! > WHOLE_BUCKET_MOST || b === hubBucket) {
      flag[b]! |= VISIT_RRSW | VISIT_HUB | VISIT_OVERLAP;
      continue;
    }
    if (b === threshold) flag[b]! |= VISIT_HUB;
    else if (b < threshold) addTo(acc, 4, bP[b]!);
    else addTo(acc, 6, bQ[b]!);
    if (b === one) flag[b]! |= VISIT_OVERLAP;
    else if (b < one) addTo(acc, 8, bP[b]!);
    else addTo(acc, 10, bQ[b]!);
    if (!rrsw) continue;
    // Wholly inside (1 + S, 1 + S/rest) with the margins: every token active (listed, no per-token test).
    if (b > one && b > lowTo && b < highFrom) flag[b]! |= VISIT_ACTIVE;
    else if (b === one || (b >= lowFrom && b <= highTo)) flag[b]! |= VISIT_RRSW;
    else if (b > one && b < lowFrom) addTo(acc, 0, bD[b]! / S);
    else if (b > highTo) addTo(acc, 2, bQ[b]!);
  }
  // The visited buckets, token by token: bucket by bucket in bucket order, each in index order (its list), so tokens
  // of equal keys (one bucket) stay in index order.
  const active = list;
  let activeCount = 0;
  let below = 0;
  let above = 0;
  let ss = 0; // Σ min(P₂, q) of the visited tokens with p > q (cs)
  let cs = 0;
  let hp = 0; // Σ p, Σ q of the visited tokens for the 1/r sum (cp, cq)
  let cp = 0;
  let hq = 0;
  let cq = 0;
  let go = 0; // Σ min(p, q) of the visited tokens for the ratio-1 sum (co)
  let co = 0;
  const ids = listIds;
  const sortKeys = listKeys;
  const keyOf = keys;
  let gathered = 0;
  const g = kseqTokens ?? sortKeys;
  let kseqCount = 0;
  const link = next;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const f = flag[bucket]!;
    if (f === 0) continue;
    let y = link[n + bucket]!;
    for (let left = bN[bucket]!; left > 0; left--, y = link[y]!) {
      const py = p[y]!;
      const qy = q[y]!;
      if ((f & VISIT_CANDIDATE) !== 0) {
        ids[gathered] = y;
        sortKeys[gathered] = keyOf[y]!;
        gathered++;
      }
      if ((f & VISIT_KSEQ) !== 0) {
        g[3 * kseqCount] = py / qy;
        g[3 * kseqCount + 1] = py;
        g[3 * kseqCount + 2] = qy;
        kseqCount++;
      }
      if ((f & VISIT_HUB) !== 0 && y !== hub) {
        // p < q/r, the closed form's own comparison (q/r ≤ 1 for y ≠ a); not p·r < q, which rounds on the subnormal
        // grid when r = 1 − q(a) is subnormal.
        if (py < qy / r) {
          const t = hp + py;
          cp += Math.abs(hp) >= Math.abs(py) ? hp - t + py : py - t + hp;
          hp = t;
        } else {
          const t = hq + qy;
          cq += Math.abs(hq) >= Math.abs(qy) ? hq - t + qy : qy - t + hq;
          hq = t;
        }
      }
      if ((f & VISIT_OVERLAP) !== 0 && y !== hub) {
        const m = py < qy ? py : qy;
        const t = go + m;
        co += Math.abs(go) >= Math.abs(m) ? go - t + m : m - t + go;
        go = t;
      }
      if ((f & VISIT_ACTIVE) !== 0) {
        // p > q (above ratio 1) and q < P₂ ≤ q/rest by the bucket's place: active, min(P₂, q) = q.
        active[activeCount++] = y;
        const t = ss + qy;
        cs += Math.abs(ss) >= Math.abs(qy) ? ss - t + qy : qy - t + ss;
        ss = t;
        continue;
      }
      if ((f & VISIT_RRSW) === 0 || !rrsw || !(py > qy)) continue;
      const P2 = (py - qy) / S;
      const m = P2 < qy ? P2 : qy;
      const t = ss + m;
      cs += Math.abs(ss) >= Math.abs(m) ? ss - t + m : m - t + ss;
      ss = t;
      const low = +(P2 <= qy);
      const high = (1 - low) * +aboveEveryBreakpoint(P2, qy, rest);
      below += P2 * low;
      above += qy * high;
      active[activeCount] = y;
      activeCount += 1 - low - high;
    }
  }
  visitOut[0] = gathered;
  visitOut[1] = kseqCount;
  if (!sums) return 0;
  const underR = acc[4]! + acc[5]! + (hp + cp);
  const overR = acc[6]! + acc[7]! + (hq + cq);
  hubOut[0] = underR + overR / r;
  hubOut[1] = acc[8]! + acc[9]! + (acc[10]! + acc[11]!) + (go + co);
  if (rrsw) {
    const wholeBelow = acc[0]! + acc[1]!;
    const wholeAbove = acc[2]! + acc[3]!;
    classOut[0] = wholeBelow + below;
    classOut[1] = wholeAbove + above;
    // Σ min(P₂, q) over p > q: the low buckets' P₂, the high buckets' q, the visited tokens' own minima.
    classOut[2] = wholeBelow + wholeAbove + (ss + cs);
  }
  return activeCount;
}

/** The state `dualBounds` hands to `dualScan`: the best boundary values and the number of candidate tokens. */
const dualState = { bestIid: 1, bestWor: 1, candidates: 0 };

/**
 * Both prefix duals by bucket bounds (module comment, step 2), first half: the boundary values (best in `dualState`)
 * and the buckets that can hold a prefix below them (`candidate`, their token count in `dualState.candidates`).
 */
function dualBounds(q: ArrayLike<number>, k: number, sumP: number, sumQ: number, withWor: boolean, n: number, hub: number, rest: number, base: number, shift: number): void {
  const hubBucket = bucketOf[hub]!;
  const hubShare = q[hub]! / sumQ;
  // The hub's H term at suffix mass Rraw (unnormalised), when the hub is in the prefix: q̂(a)·Rraw/(1 − q(a)).
  const hubTerm = (Rraw: number) => (rest > 0 ? hubShare * (Rraw / rest) : 0);
  // Suffix q-mass after each bucket (finite keys only: the q = 0 tokens have none), compensated.
  let s = 0;
  let c = 0;
  for (let b = INFINITE_BUCKET - 1; b >= 0; b--) {
    suffixAfter[b] = s + c;
    const x = bucketQ[b]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  let bestIid = 1;
  let bestWor = 1;
  let sp = 0;
  let cp = 0;
  let sw = 0;
  let cw = 0;
  for (let b = 0; b < INFINITE_BUCKET; b++) {
    prefixBefore[b] = sp + cp;
    weightBefore[b] = sw + cw;
    if (bucketCount[b] === 0) continue;
    let x = bucketP[b]!;
    let t = sp + x;
    cp += Math.abs(sp) >= Math.abs(x) ? sp - t + x : x - t + sp;
    sp = t;
    x = bucketW[b]!;
    t = sw + x;
    cw += Math.abs(sw) >= Math.abs(x) ? sw - t + x : x - t + sw;
    sw = t;
    const P = (sp + cp) / sumP;
    const R = suffixAfter[b]! / sumQ;
    const vi = P + escapeProbability(R, k);
    if (vi < bestIid) bestIid = vi;
    if (withWor) {
      const vw = P + (R * (1 + (sw + cw)) + (b >= hubBucket ? hubTerm(suffixAfter[b]!) : 0));
      if (vw < bestWor) bestWor = vw;
    }
  }
  // δ: twice a bound on the rounding error of any value or bound (sums of ≤ n + BUCKETS terms, values ≤ 3).
  const delta = Math.max(2 ** -32, 24 * (n + BUCKETS) * U);
  let candidates = 0;
  const step = 2 ** shift;
  candidate.fill(0);
  for (let b = 0; b < INFINITE_BUCKET; b++) {
    if (bucketCount[b]! < 2) continue; // no prefix ends inside a bucket of one token
    // Every token of bucket b has p ≥ r·q, r the ratio at the bucket's lower edge (0 for the key-0 bucket and the
    // first finite one, which holds the keys clamped from below), less one rounding of the key. An interior prefix
    // takes a part T of the bucket, x = q(T) ∈ (0, q_b): its value is at least P₋ + r·x + G(R₊ + q_b − x) (i.i.d.)
    // or P₋ + r·x + (R₊ + q_b − x)(1 + W₋) (+ the hub's term, ≥ 0), concave resp. linear in x, so at least the
    // smaller of the two ends: x = 0 is the boundary value before the bucket (≥ best), x = q_b is the bound here.
    // First with r = 0 (cheap, weaker): most buckets are excluded already; the edge ratio only for the others.
    const P = prefixBefore[b]! / sumP;
    const R = suffixAfter[b]! / sumQ;
    let boundIid = P + escapeProbability(R, k);
    let boundWor = withWor ? P + (R * (1 + weightBefore[b]!) + (b > hubBucket ? hubTerm(suffixAfter[b]!) : 0)) : Infinity;
    if (!(boundIid < bestIid + delta || boundWor < bestWor + delta)) continue;
    const lift = b <= 1 ? 0 : (keyOfHighWord(base + (b - 1) * step) * EDGE_SCALE * bucketQ[b]!) / sumP;
    boundIid += lift;
    boundWor += lift;
    if (boundIid < bestIid + delta || boundWor < bestWor + delta) {
      candidate[b] = 1;
      candidates += bucketCount[b]!;
    }
  }
  dualState.bestIid = bestIid;
  dualState.bestWor = bestWor;
  dualState.candidates = candidates;
}

/**
 * Second half: with the m candidate tokens gathered by `bucketVisit` (listIds, listKeys, index order), sorts them by
 * (key, index) and scans each bucket's interior prefixes; more than n/4 candidates: the full order instead.
 */
function dualScan(p: ArrayLike<number>, q: ArrayLike<number>, k: number, sumP: number, sumQ: number, withWor: boolean, n: number, hub: number, rest: number, m: number): { iid: number; wor: number } {
  let { bestIid, bestWor } = dualState;
  const candidates = dualState.candidates;
  const hubBucket = bucketOf[hub]!;
  const hubShare = q[hub]! / sumQ;
  const hubTerm = (Rraw: number) => (rest > 0 ? hubShare * (Rraw / rest) : 0);
  if (candidates > 0) {
    if (candidates > n / 4) {
      const full = fullOrderDuals(p, q, k);
      return { iid: full.iid, wor: full.wor ?? 1 };
    }
    // The candidates' tokens (index order, gathered by the visit), sorted by (key, index); each bucket's interior
    // prefixes scanned.
    const of = bucketOf;
    const ids = listIds;
    const sortKeys = listKeys;
    const order = floatKeyOrder(listKeys, m);
    let i = 0;
    while (i < m) {
      const b = of[ids[order[i]!]!]!;
      let j = i;
      while (j < m && of[ids[order[j]!]!] === b) j++;
      // Tokens i..j−1 of bucket b in ratio order; interior prefixes end after i..j−2. In-bucket suffix q-mass:
      // summed backwards into listKeys' slots (the keys are no longer needed once ordered).
      const tail = sortKeys;
      let r = 0;
      for (let l = j - 1; l > i; l--) {
        r += q[ids[order[l]!]!]!;
        tail[l - 1] = r;
      }
      let P = prefixBefore[b]!;
      let W = weightBefore[b]!;
      let hubIn = b > hubBucket;
      const after = suffixAfter[b]!;
      for (let l = i; l < j - 1; l++) {
        const y = ids[order[l]!]!;
        const qy = q[y]!;
        P += p[y]!;
        if (y === hub) hubIn = true;
        else if (withWor && qy > 0) W += qy / (sumQ - qy);
        const Pn = P / sumP;
        const Rraw = after + tail[l]!;
        const R = Rraw / sumQ;
        const vi = Pn + escapeProbability(R, k);
        if (vi < bestIid) bestIid = vi;
        if (withWor) {
          const vw = Pn + (R * (1 + W) + (hubIn ? hubTerm(Rraw) : 0));
          if (vw < bestWor) bestWor = vw;
        }
      }
      i = j;
    }
  }
  return { iid: clampUnit(bestIid), wor: clampUnit(bestWor) };
}

/** u below which 1/(1 − u) is taken as its series 1 + u + u² + u³ + u⁴ (remainder < u⁵/(1 − u) < 2⁻⁶⁵). */
const SERIES_BELOW = 2 ** -13;

/**
 * RRSw's term w·(A + B/restX + extra) of one x (`rrswFromActive`; `extra`: the loose tokens' part): A, B at the
 * first active token with P₂·restX > q (binary search, branch-free steps: the comparisons are unpredictable).
 */
function rrswTerm(masses: Float64Array, drafts: Float64Array, prefix: Float64Array, suffix: Float64Array, m: number, restX: number, w: number, extra: number): number {
  let A = prefix[0]!;
  let B = suffix[0]!;
  if (m > 0 && breakpointAtOrBelow(masses[0]!, drafts[0]!, restX)) {
    let lo = 0;
    let size = m;
    while (size > 1) {
      const half = size >> 1;
      const mid = lo + half;
      lo += half * +(breakpointAtOrBelow(masses[mid - 1]!, drafts[mid - 1]!, restX));
      size -= half;
    }
    lo += +(size === 1 && breakpointAtOrBelow(masses[lo]!, drafts[lo]!, restX));
    A = prefix[lo]!;
    B = suffix[lo]!;
  }
  return w * (A + B / restX + extra);
}

/**
 * RRSw from the active tokens (module comment, step 3); every sum of non-negative terms, compensated where long. The
 * sum over x runs over the tokens with q > p only (listed by `firstPass`): w(x) = (q − p)^+ is 0 elsewhere, and
 * adding 0 leaves a compensated sum unchanged, so the value is that of the sum over every x.
 */
function rrswFromActive(p: ArrayLike<number>, q: ArrayLike<number>, S: number, total: number, hub: number, rest: number, ov: number, m: number, below: number, above: number, loose: readonly number[]): number {
  const active = list;
  const sortKeys = listKeys;
  const keyOf = keys;
  for (let i = 0; i < m; i++) sortKeys[i] = keyOf[active[i]!]!;
  const order = floatKeyOrder(sortKeys, m);
  // masses (P₂), drafts (q) in ρ order; prefix[i] = below + Σ_{l<i} P₂, suffix[i] = above + Σ_{l≥i} q.
  if (rrswBuffer.length < 4 * m + 2) rrswBuffer = new Float64Array(Math.max(4 * m + 2, 2 * rrswBuffer.length));
  const masses = rrswBuffer.subarray(0, m);
  const drafts = rrswBuffer.subarray(m, 2 * m);
  const prefix = rrswBuffer.subarray(2 * m, 3 * m + 1);
  const suffix = rrswBuffer.subarray(3 * m + 1, 4 * m + 2);
  prefix[0] = below;
  for (let i = 0; i < m; i++) {
    const y = active[order[i]!]!;
    masses[i] = (p[y]! - q[y]!) / S;
    drafts[i] = q[y]!;
    prefix[i + 1] = prefix[i]! + masses[i]!;
  }
  suffix[m] = above;
  for (let i = m - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + drafts[i]!;
  const looseMasses: number[] = [];
  const looseDrafts: number[] = [];
  const looseCount = loose.length;
  for (let l = 0; l < looseCount; l++) {
    const y = loose[l]!;
    looseMasses.push((p[y]! - q[y]!) / S);
    looseDrafts.push(q[y]!);
  }
  const massMin = m > 0 ? masses[0]! : 1;
  const draftMin = m > 0 ? drafts[0]! : 0;
  const A0 = prefix[0]!;
  const B0 = suffix[0]!;
  let s = ov;
  let c = 0;
  const count = firstOut[FIRST.negative]!;
  const under = negative;
  if (looseCount === 0) {
    // The x with no active token below their threshold (massMin·restX > draftMin: most of them, those with small q)
    // all take A0 + B0/restX: their Σ w and Σ w/restX are summed (block-compensated: BLOCK plain terms, then a
    // Neumaier step; non-negative terms), the others term by term. 1/restX = 1/(Σq − q) as (1/Σq)·Σ_{j≤4} u^j with
    // u = q/Σq < 2⁻¹³ (the series' remainder below 2⁻⁶⁵, relative), a division otherwise.
    const invTotal = 1 / total;
    let sw = 0;
    let cw = 0;
    let sv = 0;
    let cv = 0;
    for (let i = 0; i < count; ) {
      const stop = i + BLOCK < count ? i + BLOCK : count;
      let bw = 0;
      let bv = 0;
      for (; i < stop; i++) {
        const x = under[i]!;
        const px = p[x]!;
        const qx = q[x]!;
        const restX = total - qx;
        if (x !== hub && !breakpointAtOrBelow(massMin, draftMin, restX)) {
          const w = qx - px;
          const u = qx * invTotal;
          const inverse = u < SERIES_BELOW ? invTotal * (1 + u * (1 + u * (1 + u * (1 + u)))) : 1 / restX;
          bw += w;
          bv += w * inverse;
          continue;
        }
        const term = rrswTerm(masses, drafts, prefix, suffix, m, x === hub ? (rest > 0 ? rest : 1) : restX, x === hub && !(rest > 0) ? 0 : qx - px, 0);
        const t = s + term;
        c += Math.abs(s) >= Math.abs(term) ? s - t + term : term - t + s;
        s = t;
      }
      let t = sw + bw;
      cw += Math.abs(sw) >= Math.abs(bw) ? sw - t + bw : bw - t + sw;
      sw = t;
      t = sv + bv;
      cv += Math.abs(sv) >= Math.abs(bv) ? sv - t + bv : bv - t + sv;
      sv = t;
    }
    return s + c + (A0 * (sw + cw) + B0 * (sv + cv));
  }
  for (let i = 0; i < count; i++) {
    const x = under[i]!;
    const px = p[x]!;
    const qx = q[x]!;
    // Only the hub's 1 − q(a) can be 0 (then w = 0, rest 1).
    let w = qx - px;
    let restX = total - qx;
    if (x === hub) {
      restX = rest > 0 ? rest : 1;
      if (!(rest > 0)) w = 0;
    }
    let extra = 0;
    for (let l = 0; l < looseCount; l++) extra += breakpointAtOrBelow(looseMasses[l]!, looseDrafts[l]!, restX) ? looseMasses[l]! : looseDrafts[l]! / restX;
    const term = rrswTerm(masses, drafts, prefix, suffix, m, restX, w, extra);
    const t = s + term;
    c += Math.abs(s) >= Math.abs(term) ? s - t + term : term - t + s;
    s = t;
  }
  return s + c;
}

/** The full-order route (big-endian hosts, or too many candidate tokens). */
function fullOrderDuals(p: ArrayLike<number>, q: ArrayLike<number>, k: number): { iid: number; wor: number | null } {
  const order = floatRatioOrder(p, q);
  return prefixDualsFloat(p, q, k, order);
}

function fullOrder(p: ArrayLike<number>, q: ArrayLike<number>, k: number, want: { iid: boolean; wor: boolean; rrsw: boolean }): OrderedForms {
  const duals = fullOrderDuals(p, q, k);
  return {
    iid: want.iid ? duals.iid : null,
    wor: want.wor ? duals.wor : null,
    rrsw: want.rrsw && k === 2 ? rrswTwoDraftAcceptance(floatField, p, q) : null,
    hubSums: false,
    kseq: null,
  };
}

