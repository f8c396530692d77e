/**
 * The trace format, version 1 (docs/traces.md): what a `.safetensors` file must hold to be a trace, checked
 * against its header before any data is read.
 *
 * For P positions over a vocabulary of V tokens, each side (target, draft) is stored in one of three forms:
 *
 * | form | tensors | shape | dtypes |
 * |---|---|---|---|
 * | probabilities | `target` / `draft` | [P, V] | F32, F16, BF16, F64 |
 * | logits | `target_logits` / `draft_logits` | [P, V] | F32, F16, BF16, F64 |
 * | top-K | `target_ids` + `target_probs` / `draft_ids` + `draft_probs` | [P, K] each | ids I32/I64, probs as above |
 *
 * optionally `context_id` [P] and `position` [P] (I32/I64). `__metadata__` (string values) is optional:
 * `target_model`, `draft_model`, `tokenizer`, `temperature` (logits are softmaxed at it, default 1), `top_p`,
 * `source`, and `vocab_size` (required when a side is top-K); `format` = `spechub-trace/1` when present.
 * Other tensors are ignored. Every error is a `PARSE_ERROR` naming the tensor.
 *
 * Pure (no Node built-ins).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'logits', draft: 'probs' });
 * writer.write({ target: [2, 1, 0], draft: [0.5, 0.3, 0.2] });
 * writer.write({ target: [0, 0, 1], draft: [0.2, 0.3, 0.5] });
 * writer.close();
 * const bytes = readFileSync('trace.safetensors');
 * const n = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.length);
 * const layout = parseTraceLayout(parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length));
 * layout.positions; // 2
 * layout.target.form; // 'logits' (or 'probs', 'topk')
 * ```
 */
import { ParseError } from '../core/errors.ts';
import type { SafetensorsHeader, SafetensorsTensorInfo } from './parseSafetensorsHeader.ts';
import { DTYPE_BYTES, type FloatDtype, type IntegerDtype, isFloatDtype, isIntegerDtype } from './tensorDtypes.ts';

export const TRACE_FORMAT = 'spechub-trace/1';

/** One tensor of the trace: where its data lies and how many bytes one position (row) takes. */
export interface TraceTensor<D extends string = string> {
  name: string;
  dtype: D;
  /** Byte offset of the tensor's data relative to the data section. */
  begin: number;
  /** Elements per position (V, K or 1). */
  rowElements: number;
  rowBytes: number;
}

export type TraceSide =
  | { form: 'probs'; values: TraceTensor<FloatDtype> }
  | { form: 'logits'; values: TraceTensor<FloatDtype> }
  | { form: 'topk'; ids: TraceTensor<IntegerDtype>; probs: TraceTensor<FloatDtype>; k: number };

export interface TraceMetadata {
  targetModel: string | null;
  draftModel: string | null;
  tokenizer: string | null;
  source: string | null;
  /** The temperature the stored laws (or the logits' softmax) use; null when absent (= 1). */
  temperature: number | null;
  /** The nucleus mass recorded with the trace; null when absent. */
  topP: number | null;
  vocabSize: number | null;
  /** Every metadata entry as written. */
  raw: Record<string, string>;
}

export interface TraceLayout {
  positions: number;
  vocab: number;
  target: TraceSide;
  draft: TraceSide;
  contextId: TraceTensor<IntegerDtype> | null;
  position: TraceTensor<IntegerDtype> | null;
  metadata: TraceMetadata;
  /** Absolute offset of the data section in the file. */
  dataStart: number;
  /** Tensors present but not part of the format. */
  ignored: string[];
}

function floatTensor(t: SafetensorsTensorInfo, shapeRank: number): TraceTensor<FloatDtype> {
  if (!isFloatDtype(t.dtype)) throw new ParseError(`tensor '${t.name}' has dtype ${t.dtype}; expected F32, F16, BF16 or F64`);
  if (t.shape.length !== shapeRank) throw new ParseError(`tensor '${t.name}' has shape [${t.shape.join(', ')}]; expected ${shapeRank === 2 ? '[positions, vocabulary] or [positions, K]' : '[positions]'}`);
  const rowElements = shapeRank === 2 ? t.shape[1]! : 1;
  return { name: t.name, dtype: t.dtype, begin: t.begin, rowElements, rowBytes: rowElements * DTYPE_BYTES[t.dtype] };
}

function integerTensor(t: SafetensorsTensorInfo, shapeRank: number): TraceTensor<IntegerDtype> {
  if (!isIntegerDtype(t.dtype)) throw new ParseError(`tensor '${t.name}' has dtype ${t.dtype}; expected I32 or I64`);
  if (t.shape.length !== shapeRank) throw new ParseError(`tensor '${t.name}' has shape [${t.shape.join(', ')}]; expected ${shapeRank === 2 ? '[positions, K]' : '[positions]'}`);
  const rowElements = shapeRank === 2 ? t.shape[1]! : 1;
  return { name: t.name, dtype: t.dtype, begin: t.begin, rowElements, rowBytes: rowElements * DTYPE_BYTES[t.dtype] };
}

function numberMeta(raw: Record<string, string>, key: string, check: (x: number) => boolean, what: string): number | null {
  const v = raw[key];
  if (v === undefined) return null;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new ParseError(`__metadata__.${key} = '${v}' must be ${what}`);
  return x;
}

/** Checks the header of a trace file and returns where each tensor lies (see the module comment). */
export function parseTraceLayout(header: SafetensorsHeader): TraceLayout {
  const t = header.tensors;
  const raw = header.metadata;
  if (raw.format !== undefined && raw.format !== TRACE_FORMAT) throw new ParseError(`__metadata__.format = '${raw.format}': this reader reads ${TRACE_FORMAT}`);
  const metadata: TraceMetadata = {
    targetModel: raw.target_model ?? null,
    draftModel: raw.draft_model ?? null,
    tokenizer: raw.tokenizer ?? null,
    source: raw.source ?? null,
    temperature: numberMeta(raw, 'temperature', (x) => x > 0, 'a positive number'),
    topP: numberMeta(raw, 'top_p', (x) => x > 0 && x <= 1, 'a number in (0, 1]'),
    vocabSize: numberMeta(raw, 'vocab_size', (x) => Number.isSafeInteger(x) && x >= 1, 'a positive integer'),
    raw: { ...raw },
  };
  const used = new Set<string>();
  const side = (name: 'target' | 'draft'): TraceSide => {
    const dense = t.get(name);
    const logits = t.get(`${name}_logits`);
    const ids = t.get(`${name}_ids`);
    const probs = t.get(`${name}_probs`);
    const present = [dense && name, logits && `${name}_logits`, (ids || probs) && `${name}_ids/${name}_probs`].filter(Boolean);
    if (present.length === 0) throw new ParseError(`not a trace: no ${name} distribution (expected tensor '${name}', '${name}_logits', or '${name}_ids' with '${name}_probs')`);
    if (present.length > 1) throw new ParseError(`the file holds ${present.join(' and ')}; store the ${name} in one form only`);
    if (dense) {
      used.add(dense.name);
      return { form: 'probs', values: floatTensor(dense, 2) };
    }
    if (logits) {
      used.add(logits.name);
      return { form: 'logits', values: floatTensor(logits, 2) };
    }
    if (!ids || !probs) throw new ParseError(`top-K ${name} needs both '${name}_ids' and '${name}_probs' (found only '${(ids ?? probs)!.name}')`);
    used.add(ids.name);
    used.add(probs.name);
    const idTensor = integerTensor(ids, 2);
    const probTensor = floatTensor(probs, 2);
    if (ids.shape[0] !== probs.shape[0] || ids.shape[1] !== probs.shape[1]) {
      throw new ParseError(`'${ids.name}' has shape [${ids.shape.join(', ')}] but '${probs.name}' has [${probs.shape.join(', ')}]; they must match`);
    }
    if (ids.shape[1]! < 1) throw new ParseError(`'${ids.name}' has K = 0 columns`);
    return { form: 'topk', ids: idTensor, probs: probTensor, k: ids.shape[1]! };
  };
  const target = side('target');
  const draft = side('draft');
  const rowsOf = (s: TraceSide, name: string) => t.get(s.form === 'topk' ? `${name}_ids` : s.form === 'logits' ? `${name}_logits` : name)!.shape[0]!;
  const positions = rowsOf(target, 'target');
  if (rowsOf(draft, 'draft') !== positions) throw new ParseError(`the target has ${positions} positions but the draft has ${rowsOf(draft, 'draft')}`);
  if (positions < 1) throw new ParseError('the trace holds no positions (first dimension 0)');

  const denseWidths = [target, draft].filter((s) => s.form !== 'topk').map((s) => (s as { values: TraceTensor }).values);
  let vocab: number;
  if (denseWidths.length > 0) {
    vocab = denseWidths[0]!.rowElements;
    for (const d of denseWidths) if (d.rowElements !== vocab) throw new ParseError(`tensor '${d.name}' has ${d.rowElements} columns but '${denseWidths[0]!.name}' has ${vocab}; target and draft must share the vocabulary`);
    if (vocab < 1) throw new ParseError(`tensor '${denseWidths[0]!.name}' has an empty vocabulary`);
    if (metadata.vocabSize !== null && metadata.vocabSize !== vocab) throw new ParseError(`__metadata__.vocab_size = ${metadata.vocabSize} but tensor '${denseWidths[0]!.name}' has ${vocab} columns`);
  } else {
    if (metadata.vocabSize === null) throw new ParseError("top-K traces need __metadata__.vocab_size (the full vocabulary size)");
    vocab = metadata.vocabSize;
  }
  for (const [s, name] of [[target, 'target'], [draft, 'draft']] as const) {
    if (s.form === 'topk' && s.k > vocab) throw new ParseError(`'${name}_ids' stores K = ${s.k} tokens but the vocabulary has ${vocab}`);
  }
  const optional = (name: string): TraceTensor<IntegerDtype> | null => {
    const x = t.get(name);
    if (x === undefined) return null;
    used.add(name);
    const tensor = integerTensor(x, 1);
    if (x.shape[0] !== positions) throw new ParseError(`tensor '${name}' has ${x.shape[0]} entries but the trace has ${positions} positions`);
    return tensor;
  };
  const contextId = optional('context_id');
  const position = optional('position');
  return { positions, vocab, target, draft, contextId, position, metadata, dataStart: header.dataStart, ignored: [...t.keys()].filter((n) => !used.has(n)) };
}
