/**
 * One position of a trace, decoded and checked: the target and draft next-token laws (dense, or top-K with
 * the remaining mass implied), the context id and the position. Pure (no Node built-ins); the Node reader
 * (`openTrace`) supplies each row's bytes.
 *
 * Checks (each error names the tensor and the row): entries finite and non-negative, ids integers in
 * [0, V) without repeats, dense rows summing to 1 within the tolerance of their dtype ({@link vectorTolerance}:
 * 1e-9 F64, 1e-5 F32, 2e-3 F16, 1.6e-2 BF16) — the analysed law is then the row times the reciprocal of its float64 sum —,
 * top-K rows summing to at most 1 + tolerance, with an implied remaining mass m = 1 − Σ that the V − K
 * unstored tokens can hold without any of them exceeding the smallest stored probability (the top-K form
 * stores the K largest); m ≤ tolerance that they cannot hold is rounding and is dropped (the row is
 * renormalised).
 *
 * Logits are turned into laws by softmax(logits / T) in float64 (−∞ allowed, NaN and +∞ are errors); top-p
 * (nucleus) filtering follows, as the decoders do (§8 item 9). See {@link traceSettings} for which
 * temperature and top-p apply to which side.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { encodeValues } from './tensorDtypes.ts';
 * const writer = createTraceWriter('trace.safetensors', { positions: 1, vocab: 3, target: 'logits', draft: 'logits' });
 * writer.write({ target: [2, 1, 0], draft: [1, 1, 0] });
 * writer.close();
 * const bytes = readFileSync('trace.safetensors');
 * const n = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.length);
 * const layout = parseTraceLayout(parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length));
 * const settings = traceSettings(layout, { temperature: 0.7 });
 * const rowBytes = { target: encodeValues([2, 1, 0], 'F32'), draft: encodeValues([1, 1, 0], 'F32') }; // row 0's bytes
 * const position = decodeTraceRow(layout, settings, 0, rowBytes); // the laws softmax(logits / 0.7)
 * ```
 */
import { InvalidDistributionError, ParseError, SpechubError } from '../core/errors.ts';
import { softmaxInto, topPFilter } from '../core/softmax.ts';
import type { TraceLayout, TraceSide } from './parseTraceLayout.ts';
import { formatTolerance, vectorTolerance } from './parseVectorBytes.ts';
import { bfloat16Values, float16Values } from './_internals/float16.ts';
import { decodeFloats, decodeIntegers } from './tensorDtypes.ts';

/** A next-token law as stored: dense, or the top K entries with the remaining mass `tail` implied. */
export type TraceLaw =
  | { kind: 'dense'; probs: Float64Array }
  | {
      kind: 'topk';
      /** Stored token ids (distinct, in [0, V)). */
      ids: Int32Array;
      probs: Float64Array;
      /** 1 − Σ probs: the mass of the V − K unstored tokens (0 when the law is fully known). */
      tail: number;
      /** Upper bound on any unstored probability: min(smallest stored one, tail) (0 when tail = 0). */
      cap: number;
    };

export interface TracePosition {
  /** Row index in the file (0-based). */
  row: number;
  target: TraceLaw;
  draft: TraceLaw;
  contextId: number | null;
  position: number | null;
}

/** The bytes of one row of every tensor the layout uses. */
export interface TraceRowBytes {
  target: Uint8Array | { ids: Uint8Array; probs: Uint8Array };
  draft: Uint8Array | { ids: Uint8Array; probs: Uint8Array };
  contextId?: Uint8Array;
  position?: Uint8Array;
}

export interface TraceSettings {
  /** Softmax temperature applied to stored logits. */
  temperature: number;
  /** Nucleus mass applied to each side after softmax (1 = none). */
  topP: { target: number; draft: number };
}

/**
 * Which temperature and top-p apply: logits are softmaxed at `requested.temperature` (default the metadata's
 * temperature, else 1) and filtered at `requested.topP` (default the metadata's top_p, else 1); stored
 * probabilities are used as they are (they already are the laws sampled) and filtered only when `topP` is
 * requested. Re-tempering stored probabilities is refused (`INVALID_ARGUMENT`): it needs logits.
 */
export function traceSettings(layout: TraceLayout, requested: { temperature?: number; topP?: number } = {}): TraceSettings {
  const stored = layout.metadata.temperature ?? 1;
  if (requested.temperature !== undefined) {
    if (!(requested.temperature > 0) || !Number.isFinite(requested.temperature)) throw new SpechubError('INVALID_ARGUMENT', `temperature must be a positive number, got ${requested.temperature}`);
    for (const [side, name] of [[layout.target, 'target'], [layout.draft, 'draft']] as const) {
      if (side.form !== 'logits' && Math.abs(requested.temperature - stored) > 1e-12 * stored) {
        const tensor = side.form === 'topk' ? side.probs.name : side.values.name;
        throw new SpechubError('INVALID_ARGUMENT', `temperature ${requested.temperature}: re-tempering needs logits, but the ${name} is stored as probabilities (tensor '${tensor}', temperature ${stored})`);
      }
    }
  }
  if (requested.topP !== undefined && !(requested.topP > 0 && requested.topP <= 1)) throw new SpechubError('INVALID_ARGUMENT', `top-p must lie in (0, 1], got ${requested.topP}`);
  const topPOf = (side: TraceSide) => requested.topP ?? (side.form === 'logits' ? layout.metadata.topP ?? 1 : 1);
  return { temperature: requested.temperature ?? stored, topP: { target: topPOf(layout.target), draft: topPOf(layout.draft) } };
}

/**
 * Decodes and checks one row (see the module comment). `into`: arrays of length ≥ V that dense stored
 * probabilities are decoded into (instead of fresh ones; the caller reuses them from row to row).
 */
export function decodeTraceRow(layout: TraceLayout, settings: TraceSettings, row: number, bytes: TraceRowBytes, into?: { target: Float64Array; draft: Float64Array }): TracePosition {
  const pair = into === undefined ? null : decodePair(layout, bytes, into, settings);
  const target = pair?.target ?? decodeSide(layout.target, bytes.target, layout.vocab, row, settings.temperature, settings.topP.target, into?.target);
  const draft = pair?.draft ?? decodeSide(layout.draft, bytes.draft, layout.vocab, row, settings.temperature, settings.topP.draft, into?.draft);
  const intOf = (tensor: TraceLayout['contextId'], b: Uint8Array | undefined): number | null =>
    tensor === null || b === undefined ? null : decodeIntegers(b, tensor.dtype, 1, `tensor '${tensor.name}' row ${row}`)[0]!;
  return { row, target, draft, contextId: intOf(layout.contextId, bytes.contextId), position: intOf(layout.position, bytes.position) };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Probability rows of any float dtype (aligned, little-endian host; F16 and BF16 through a table of their 65,536
 * values): checked and summed in one read-only loop, then
 * written to `out` already divided by their float64 sum (when it is not exactly 1) in a second loop — the same
 * doubles and the same sum as `decodeFloats`, the checking loop and the renormalising loop, with one pass less
 * over `out`. Returns the sum; NaN (and `out` untouched) when the form does not apply or an entry is not a finite
 * non-negative number (the checking loop then reports it). When the sum is outside the dtype's tolerance `out`
 * holds the undivided values (the caller refuses the row). One copy of the loops per element type (the two 16-bit
 * types share one, through their tables): a loop that reads both Float32Array and Float64Array rows is polymorphic
 * in V8, and such a loop ran 1.4× slower on F32 rows of 32,000 entries (2026-11-30).
 */
function decodeProbabilities(bytes: Uint8Array, dtype: string, vocab: number, out: Float64Array, tolerance: number): number {
  if (!LITTLE_ENDIAN_HOST || !(bytes.buffer instanceof ArrayBuffer) || out.length < vocab) return NaN;
  if (dtype === 'F32' && bytes.byteOffset % 4 === 0 && bytes.length >= 4 * vocab) {
    const v = new Float32Array(bytes.buffer, bytes.byteOffset, vocab);
    let total = 0;
    let bad = false;
    for (let i = 0; i < vocab; i++) {
      const x = v[i]!;
      if (!(x >= 0)) bad = true;
      total += x;
    }
    // +∞ entries make the sum +∞ (or NaN with a −∞): refused too.
    if (bad || !(total < Infinity)) return NaN;
    const divide = Math.abs(total - 1) <= tolerance && total !== 1;
    const scale = 1 / total;
    if (divide) for (let i = 0; i < vocab; i++) out[i] = v[i]! * scale;
    else for (let i = 0; i < vocab; i++) out[i] = v[i]!;
    return total;
  }
  if ((dtype === 'F16' || dtype === 'BF16') && bytes.byteOffset % 2 === 0 && bytes.length >= 2 * vocab) {
    // Both 16-bit types through a table of the 65,536 values (one loop for both: the same array types).
    const table = dtype === 'F16' ? float16Values() : bfloat16Values();
    const v = new Uint16Array(bytes.buffer, bytes.byteOffset, vocab);
    let total = 0;
    let bad = false;
    for (let i = 0; i < vocab; i++) {
      const x = table[v[i]!]!;
      if (!(x >= 0)) bad = true;
      total += x;
    }
    if (bad || !(total < Infinity)) return NaN;
    const divide = Math.abs(total - 1) <= tolerance && total !== 1;
    const scale = 1 / total;
    if (divide) for (let i = 0; i < vocab; i++) out[i] = table[v[i]!]! * scale;
    else for (let i = 0; i < vocab; i++) out[i] = table[v[i]!]!;
    return total;
  }
  if (dtype === 'F64' && bytes.byteOffset % 8 === 0 && bytes.length >= 8 * vocab) {
    const v = new Float64Array(bytes.buffer, bytes.byteOffset, vocab);
    let total = 0;
    let bad = false;
    for (let i = 0; i < vocab; i++) {
      const x = v[i]!;
      if (!(x >= 0)) bad = true;
      total += x;
    }
    if (bad || !(total < Infinity)) return NaN;
    const divide = Math.abs(total - 1) <= tolerance && total !== 1;
    const scale = 1 / total;
    if (divide) for (let i = 0; i < vocab; i++) out[i] = v[i]! * scale;
    else for (let i = 0; i < vocab; i++) out[i] = v[i]!;
    return total;
  }
  return NaN;
}

/**
 * Both sides stored as dense probabilities of one dtype (F64, F32, F16 or BF16, aligned, little-endian
 * host) into the caller's
 * arrays: checked and summed in one loop over both rows (two independent sums, each in index order: the same totals
 * as one side at a time), then divided by their totals — the doubles of `decodeSide`, bit for bit, at about the
 * cost of one side's latency-bound sum; one copy of the loops per element type, as `decodeProbabilities`. Null when
 * it does not apply or a row fails a check (then `decodeSide`
 * decodes each side and names the error).
 */
function decodePair(layout: TraceLayout, bytes: TraceRowBytes, into: { target: Float64Array; draft: Float64Array }, settings: TraceSettings): { target: TraceLaw; draft: TraceLaw } | null {
  const t = layout.target;
  const d = layout.draft;
  const vocab = layout.vocab;
  if (!LITTLE_ENDIAN_HOST || t.form !== 'probs' || d.form !== 'probs' || t.values.dtype !== d.values.dtype) return null;
  const bt = bytes.target;
  const bd = bytes.draft;
  if (!(bt instanceof Uint8Array) || !(bd instanceof Uint8Array) || !(bt.buffer instanceof ArrayBuffer) || !(bd.buffer instanceof ArrayBuffer)) return null;
  const outT = into.target;
  const outD = into.draft;
  if (outT.length !== vocab || outD.length !== vocab) return null;
  const dtype = t.values.dtype;
  const tolerance = vectorTolerance(dtype);
  let totalT = 0;
  let totalD = 0;
  let bad = false;
  if (dtype === 'F32' && bt.byteOffset % 4 === 0 && bd.byteOffset % 4 === 0 && bt.length >= 4 * vocab && bd.length >= 4 * vocab) {
    const vt = new Float32Array(bt.buffer, bt.byteOffset, vocab);
    const vd = new Float32Array(bd.buffer, bd.byteOffset, vocab);
    for (let i = 0; i < vocab; i++) {
      const x = vt[i]!;
      const y = vd[i]!;
      if (!(x >= 0) || !(y >= 0)) bad = true;
      totalT += x;
      totalD += y;
    }
    if (bad || !pairTotalsOk(totalT, totalD, tolerance)) return null;
    const scaleT = 1 / totalT;
    const scaleD = 1 / totalD;
    for (let i = 0; i < vocab; i++) {
      outT[i] = vt[i]! * scaleT;
      outD[i] = vd[i]! * scaleD;
    }
  } else if ((dtype === 'F16' || dtype === 'BF16') && bt.byteOffset % 2 === 0 && bd.byteOffset % 2 === 0 && bt.length >= 2 * vocab && bd.length >= 2 * vocab) {
    const table = dtype === 'F16' ? float16Values() : bfloat16Values();
    const vt = new Uint16Array(bt.buffer, bt.byteOffset, vocab);
    const vd = new Uint16Array(bd.buffer, bd.byteOffset, vocab);
    // The decoded values go out in the checking loop and are scaled in place: each table entry is read once (the
    // 65,536-entry table does not stay in the first-level cache; the same products as scaling table[v]).
    for (let i = 0; i < vocab; i++) {
      const x = table[vt[i]!]!;
      const y = table[vd[i]!]!;
      if (!(x >= 0) || !(y >= 0)) bad = true;
      totalT += x;
      totalD += y;
      outT[i] = x;
      outD[i] = y;
    }
    if (bad || !pairTotalsOk(totalT, totalD, tolerance)) return null;
    const scaleT = 1 / totalT;
    const scaleD = 1 / totalD;
    for (let i = 0; i < vocab; i++) {
      outT[i] = outT[i]! * scaleT;
      outD[i] = outD[i]! * scaleD;
    }
  } else if (dtype === 'F64' && bt.byteOffset % 8 === 0 && bd.byteOffset % 8 === 0 && bt.length >= 8 * vocab && bd.length >= 8 * vocab) {
    const vt = new Float64Array(bt.buffer, bt.byteOffset, vocab);
    const vd = new Float64Array(bd.buffer, bd.byteOffset, vocab);
    for (let i = 0; i < vocab; i++) {
      const x = vt[i]!;
      const y = vd[i]!;
      if (!(x >= 0) || !(y >= 0)) bad = true;
      totalT += x;
      totalD += y;
    }
    if (bad || !pairTotalsOk(totalT, totalD, tolerance)) return null;
    const scaleT = 1 / totalT;
    const scaleD = 1 / totalD;
    for (let i = 0; i < vocab; i++) {
      outT[i] = vt[i]! * scaleT;
      outD[i] = vd[i]! * scaleD;
    }
  } else return null;
  // x / 1 = x: dividing by a total of exactly 1 leaves the row as `decodeSide` does (it skips that division).
  const law = (probs: Float64Array, topP: number): TraceLaw => ({ kind: 'dense', probs: topP < 1 ? topPFilter(probs, topP) : probs });
  return { target: law(outT, settings.topP.target), draft: law(outD, settings.topP.draft) };
}

/** Both totals finite, positive and within the dtype's tolerance of 1 (else `decodeSide` reports the row). */
function pairTotalsOk(totalT: number, totalD: number, tolerance: number): boolean {
  return totalT < Infinity && totalD < Infinity && totalT > 0 && totalD > 0 && Math.abs(totalT - 1) <= tolerance && Math.abs(totalD - 1) <= tolerance;
}

function decodeSide(side: TraceSide, bytes: TraceRowBytes['target'], vocab: number, row: number, temperature: number, topP: number, into?: Float64Array): TraceLaw {
  if (side.form === 'topk') {
    if (bytes instanceof Uint8Array) throw new ParseError(`internal: top-K row bytes expected for '${side.ids.name}'`);
    return decodeTopK(side, bytes, vocab, row, topP);
  }
  if (!(bytes instanceof Uint8Array)) throw new ParseError(`internal: dense row bytes expected for '${side.values.name}'`);
  const where = `tensor '${side.values.name}' row ${row}`;
  // Decoded into the caller's array when given (logits then go through softmax in place), else a fresh one.
  const target = into !== undefined && into.length === vocab ? into : new Float64Array(vocab);
  const tolerance = vectorTolerance(side.values.dtype);
  const fusedTotal = side.form === 'probs' ? decodeProbabilities(bytes, side.values.dtype, vocab, target, tolerance) : NaN;
  const values = Number.isNaN(fusedTotal) ? decodeFloats(bytes, side.values.dtype, vocab, target) : target;
  let probs: Float64Array;
  if (side.form === 'logits') {
    try {
      probs = softmaxInto(values, temperature, values);
    } catch (e) {
      if (e instanceof SpechubError) throw new InvalidDistributionError(e.code, `${where}: ${e.message}`);
      throw e;
    }
  } else {
    // The fused decode (checked, summed, divided) when it applies; else (or when an entry is bad) the checking loop
    // below names it.
    const checked = fusedTotal > 0;
    let total = checked ? fusedTotal : 0;
    for (let i = checked ? vocab : 0; i < vocab; i++) {
      const x = values[i]!;
      if (!(x >= 0)) {
        if (Number.isNaN(x)) throw new InvalidDistributionError('NOT_FINITE', `${where}: entry ${i} is NaN`);
        throw new InvalidDistributionError('NEGATIVE_ENTRY', `${where}: entry ${i} = ${x} is negative`);
      }
      if (x === Infinity) throw new InvalidDistributionError('NOT_FINITE', `${where}: entry ${i} is infinite`);
      total += x;
    }
    if (!(Math.abs(total - 1) <= tolerance)) {
      throw new InvalidDistributionError(total === 0 ? 'ZERO_DRAFT_MASS' : 'NOT_NORMALISED', `${where}: the probabilities sum to ${total}, not 1 (tolerance ${formatTolerance(tolerance)} for ${side.values.dtype})`);
    }
    if (total !== 1 && !checked) {
      const scale = 1 / total;
      for (let i = 0; i < vocab; i++) values[i]! *= scale;
    }
    probs = values;
  }
  if (topP < 1) probs = topPFilter(probs, topP);
  return { kind: 'dense', probs };
}

function decodeTopK(side: Extract<TraceSide, { form: 'topk' }>, bytes: { ids: Uint8Array; probs: Uint8Array }, vocab: number, row: number, topP: number): TraceLaw {
  const K = side.k;
  const idWhere = `tensor '${side.ids.name}' row ${row}`;
  const where = `tensor '${side.probs.name}' row ${row}`;
  const rawIds = decodeIntegers(bytes.ids, side.ids.dtype, K, idWhere);
  const ids = new Int32Array(K);
  const seen = new Set<number>();
  for (let j = 0; j < K; j++) {
    const id = rawIds[j]!;
    if (id < 0 || id >= vocab) throw new ParseError(`${idWhere}: id ${id} lies outside the vocabulary [0, ${vocab})`);
    if (seen.has(id)) throw new ParseError(`${idWhere}: id ${id} appears twice`);
    seen.add(id);
    ids[j] = id;
  }
  let probs = decodeFloats(bytes.probs, side.probs.dtype, K);
  let total = 0;
  let cap = Infinity;
  for (let j = 0; j < K; j++) {
    const x = probs[j]!;
    if (Number.isNaN(x)) throw new InvalidDistributionError('NOT_FINITE', `${where}: entry ${j} is NaN`);
    if (x < 0) throw new InvalidDistributionError('NEGATIVE_ENTRY', `${where}: entry ${j} = ${x} is negative`);
    if (x === Infinity) throw new InvalidDistributionError('NOT_FINITE', `${where}: entry ${j} is infinite`);
    total += x;
    if (x < cap) cap = x;
  }
  const tolerance = vectorTolerance(side.probs.dtype);
  if (total > 1 + tolerance) throw new InvalidDistributionError('NOT_NORMALISED', `${where}: the stored probabilities sum to ${total} > 1 (tolerance ${formatTolerance(tolerance)} for ${side.probs.dtype})`);
  if (total === 0) throw new InvalidDistributionError('ZERO_DRAFT_MASS', `${where}: every stored probability is 0`);
  let tail = 1 - total;
  const room = (vocab - K) * cap;
  if (tail > room) {
    if (tail > room + tolerance) {
      throw new InvalidDistributionError(
        'NOT_NORMALISED',
        `${where}: the unstored mass 1 − Σ = ${tail} does not fit in the ${vocab - K} unstored tokens (each at most the smallest stored probability ${cap}); the top-K form must store the K largest probabilities`,
      );
    }
  }
  if (tail < 0 || (tail > room && tail <= tolerance)) {
    // Rounding of the stored values: the law is fully known up to normalisation.
    probs = probs.map((x) => x / total);
    tail = 0;
  }
  // An unstored probability is at most the smallest stored one and at most the whole remaining mass.
  let law: TraceLaw = { kind: 'topk', ids, probs, tail, cap: tail > 0 ? Math.min(cap, tail) : 0 };
  if (topP < 1) law = nucleusOfTopK(law, topP, where);
  return law;
}

/** Top-p filtering of a top-K law: exact when the nucleus lies within the stored tokens, an error otherwise. */
function nucleusOfTopK(law: Extract<TraceLaw, { kind: 'topk' }>, topP: number, where: string): TraceLaw {
  const order = Array.from(law.ids.keys()).sort((a, b) => law.probs[b]! - law.probs[a]! || law.ids[a]! - law.ids[b]!);
  let mass = 0;
  let j = 0;
  for (; j < order.length && mass < topP; j++) mass += law.probs[order[j]!]!;
  if (mass < topP) throw new SpechubError('INVALID_ARGUMENT', `${where}: top-p ${topP} needs tokens beyond the ${order.length} stored ones (stored mass ${mass})`);
  const last = law.probs[order[j - 1]!]!;
  if (law.tail > 0 && last <= law.cap) {
    throw new SpechubError('INVALID_ARGUMENT', `${where}: top-p ${topP} ends at a probability (${last}) that unstored tokens may share; the nucleus is not determined by the stored top-K`);
  }
  const keep = order.slice(0, j).sort((a, b) => law.ids[a]! - law.ids[b]!);
  return { kind: 'topk', ids: Int32Array.from(keep, (i) => law.ids[i]!), probs: Float64Array.from(keep, (i) => law.probs[i]! / mass), tail: 0, cap: 0 };
}

/**
 * Runs the fused decode on small rows when the module loads (16 times, F64, F32 and F16, with and without the
 * division; BF16 shares F16's loop, and its table is built on first use, not at load),
 * as `warmKernels` in src/verifiers/floatKernels.ts: V8 compiles the long loops on the fly during the first calls,
 * before the code after them has type feedback, and the compiled code then deoptimises on leaving the loop, call
 * after call (measured: one deoptimisation per ten rows of a 32,000-token trace). Nothing observable changes.
 */
function warmDecode(): void {
  if (!LITTLE_ENDIAN_HOST) return;
  const out = new Float64Array(4);
  const f32 = new Uint8Array(Float32Array.of(0.25, 0.25, 0.25, 0.25).buffer);
  const f32Off = new Uint8Array(Float32Array.of(0.25, 0.25, 0.25, 0.2500001).buffer);
  const f16 = new Uint8Array(Uint16Array.of(0x3400, 0x3400, 0x3400, 0x3400).buffer); // 0.25 each
  const f16Off = new Uint8Array(Uint16Array.of(0x3400, 0x3400, 0x3400, 0x3401).buffer);
  const f64 = new Uint8Array(Float64Array.of(0.25, 0.25, 0.25, 0.25).buffer);
  const f64Off = new Uint8Array(Float64Array.of(0.25, 0.25, 0.25, 0.2500001).buffer);
  const bad = new Uint8Array(Float32Array.of(0.5, -0.25, 0.5, 0.25).buffer);
  for (let round = 0; round < 16; round++) {
    decodeProbabilities(f32, 'F32', 4, out, 1e-5);
    decodeProbabilities(f32Off, 'F32', 4, out, 1e-5);
    decodeProbabilities(f16, 'F16', 4, out, 2e-3);
    decodeProbabilities(f16Off, 'F16', 4, out, 2e-3);
    decodeProbabilities(f64, 'F64', 4, out, 1e-9);
    decodeProbabilities(f64Off, 'F64', 4, out, 1e-6);
    decodeProbabilities(bad, 'F32', 4, out, 1e-5);
  }
  const side = (dtype: 'F64' | 'F32' | 'F16' | 'BF16') => ({ form: 'probs', values: { name: 'w', dtype } }) as unknown as TraceSide;
  const settings: TraceSettings = { temperature: 1, topP: { target: 1, draft: 1 } };
  const into = { target: new Float64Array(4), draft: new Float64Array(4) };
  for (let round = 0; round < 16; round++) {
    for (const [dtype, a, b] of [['F32', f32, f32Off], ['F16', f16, f16Off], ['F64', f64, f64], ['F32', f32, bad]] as const) {
      const layout = { vocab: 4, target: side(dtype), draft: side(dtype) } as unknown as TraceLayout;
      decodePair(layout, { target: a, draft: b }, into, settings);
    }
  }
}
warmDecode();
