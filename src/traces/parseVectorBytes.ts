/**
 * One probability vector from the bytes of a file, in any of the formats `--target-file` / `--draft-file`
 * accept, detected by extension and checked by content:
 *
 * | format | extension | content |
 * |---|---|---|
 * | JSON array | `.json` | `[0.25, 0.75]` or `["1/4", "3/4"]` (numbers or strings holding decimals/fractions) |
 * | text | `.txt`, `.csv`, other | one decimal or fraction per line; blank lines and `#` comments ignored |
 * | NumPy | `.npy` | 1-D float16/float32/float64 array |
 * | safetensors | `.safetensors` | the 1-D tensor named after `#` (`file.safetensors#name`; optional when the file holds one 1-D tensor) |
 *
 * Exactness (§3): a text form (JSON or lines) with at most {@link EXACT_MAX_ENTRIES} entries that sums to
 * exactly 1 is also returned as rationals (`exact`), so the exact analyses apply. Otherwise the vector is
 * analysed in float64: its entries must be finite and non-negative and sum to 1 within the stated tolerance
 * ({@link vectorTolerance}: 1e-6 for decimal text, 1e-9 / 1e-5 / 2e-3 / 1.6e-2 for F64 / F32 / F16 / BF16
 * binaries), and the analysed law is the vector divided by its float64 sum.
 *
 * Pure (no Node built-ins): `readVectorFile` does the file and stdin I/O.
 *
 * @example
 * ```ts
 * parseVectorBytes(new TextEncoder().encode('[0.25, 0.75]'), { name: 'target', extension: '.json' }).exact; // [1/4, 3/4]
 * ```
 */
import { InvalidDistributionError, ParseError } from '../core/errors.ts';
import { Rational } from '../core/rational.ts';
import { looksLikeNpy, parseNpy } from './parseNpy.ts';
import { parseSafetensorsHeader, safetensorsHeaderLength } from './parseSafetensorsHeader.ts';
import { decodeFloats, DTYPE_EPSILON, type FloatDtype, isFloatDtype } from './tensorDtypes.ts';

export type VectorFormat = 'json' | 'text' | 'npy' | 'safetensors';

/** Text vectors longer than this are analysed in float64 only (the exact analyses are O(n²) for some methods). */
export const EXACT_MAX_ENTRIES = 2048;

/** |Σ − 1| allowed for decimal text that is not exactly normalised. */
export const TEXT_TOLERANCE = 1e-6;

/** |Σ − 1| allowed for a vector (or a trace row) of each source type. */
export function vectorTolerance(dtype: FloatDtype | 'decimal'): number {
  switch (dtype) {
    case 'decimal':
      return TEXT_TOLERANCE;
    case 'F64':
      return 1e-9;
    case 'F32':
      return 1e-5;
    case 'F16':
      return 2 * DTYPE_EPSILON.F16; // ≈ 1.95e-3
    case 'BF16':
      return 2 * DTYPE_EPSILON.BF16; // ≈ 1.56e-2
  }
}

export interface ParsedVector {
  /** The analysed float64 law (normalised by its float64 sum unless `exact` holds). */
  values: Float64Array;
  /** Exact rationals when the text sums to exactly 1 (and n ≤ EXACT_MAX_ENTRIES), else null. */
  exact: Rational[] | null;
  format: VectorFormat;
  /** 'decimal' for text forms, the stored float type for binaries. */
  dtype: FloatDtype | 'decimal';
  /** The tolerance the sum was checked against. */
  tolerance: number;
  /** Σ of the values as read (before normalisation). */
  rawSum: number;
}

export interface ParseVectorOptions {
  /** What the vector is (e.g. 'target' or the file name), used in every error message. */
  name: string;
  /** The file extension including the dot ('' for stdin or none). */
  extension?: string;
  /** Tensor name for safetensors (the part after '#'). */
  tensor?: string;
}

/** The format an extension promises, or null when the content decides. */
export function formatOfExtension(extension: string): VectorFormat | null {
  switch (extension.toLowerCase()) {
    case '.json':
      return 'json';
    case '.npy':
      return 'npy';
    case '.safetensors':
      return 'safetensors';
    case '.txt':
    case '.csv':
    case '.tsv':
      return 'text';
    default:
      return null;
  }
}

function sniff(bytes: Uint8Array): VectorFormat {
  if (looksLikeNpy(bytes)) return 'npy';
  if (bytes.length >= 9 && bytes[8] === 0x7b /* { */ && bytes[7] === 0 && bytes[6] === 0) return 'safetensors';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 0x5b /* [ */ ? 'json' : 'text';
  }
  return 'text';
}

/** Parses the bytes of one vector file; see the module comment. */
export function parseVectorBytes(bytes: Uint8Array, options: ParseVectorOptions): ParsedVector {
  const name = options.name;
  const declared = formatOfExtension(options.extension ?? '');
  const format = declared ?? sniff(bytes);
  switch (format) {
    case 'npy': {
      const { values, dtype } = parseNpy(bytes, name);
      return finishBinary(values, dtype, 'npy', name);
    }
    case 'safetensors':
      return parseSafetensorsVector(bytes, name, options.tensor);
    case 'json':
    case 'text': {
      if (looksLikeNpy(bytes)) throw new ParseError(`${name}: expected ${format === 'json' ? 'a JSON array' : 'text'} but the file is a .npy array`);
      const text = new TextDecoder('utf-8').decode(bytes);
      const tokens = format === 'json' ? jsonTokens(text, name) : lineTokens(text, name);
      return finishText(tokens, format, name);
    }
  }
}

function jsonTokens(text: string, name: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ParseError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new ParseError(`${name}: expected a JSON array of probabilities`);
  const inner = text.trim().replace(/^\uFEFF/, '').trim();
  const body = inner.slice(1, -1).trim();
  const raw = body === '' ? [] : body.split(',');
  if (raw.length !== parsed.length) throw new ParseError(`${name}: expected a flat JSON array of numbers or numeric strings`);
  return raw.map((token, i) => {
    const t = token.trim();
    const v = parsed[i];
    if (typeof v === 'number') return t;
    if (typeof v === 'string' && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
    throw new ParseError(`${name}: entry ${i} (${JSON.stringify(v)}) is not a number or a numeric string`);
  });
}

function lineTokens(text: string, name: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    out.push(t);
  });
  if (out.length === 0) throw new ParseError(`${name}: the file holds no numbers`);
  return out;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function finishText(tokens: string[], format: VectorFormat, name: string): ParsedVector {
  const n = tokens.length;
  if (n === 0) throw new InvalidDistributionError('EMPTY', `${name}: the vector is empty`);
  const values = new Float64Array(n);
  const useExact = n <= EXACT_MAX_ENTRIES;
  const rationals: Rational[] | null = useExact ? new Array<Rational>(n) : null;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    let x: number;
    if (rationals !== null || !PLAIN_NUMBER.test(t)) {
      let r: Rational;
      try {
        r = Rational.parse(t);
      } catch (e) {
        throw new ParseError(`${name}: entry ${i} ${(e as Error).message}`);
      }
      if (rationals !== null) rationals[i] = r;
      x = r.toNumber();
    } else x = Number(t);
    if (!Number.isFinite(x)) throw new InvalidDistributionError('NOT_FINITE', `${name}[${i}] = ${t} is not a finite number`);
    if (x < 0) throw new InvalidDistributionError('NEGATIVE_ENTRY', `${name}[${i}] = ${t} is negative`);
    values[i] = x;
  }
  let exact: Rational[] | null = null;
  if (rationals !== null) {
    const total = rationals.reduce((s, r) => s.add(r), Rational.ZERO);
    if (total.num === total.den) exact = rationals;
  }
  if (exact !== null) {
    let rawSum = 0;
    for (let i = 0; i < n; i++) rawSum += values[i]!;
    // The float image of an exact law (each entry the nearest double) sums to 1 within rounding.
    return { values, exact, format, dtype: 'decimal', tolerance: 0, rawSum };
  }
  return finishFloat(values, 'decimal', format, name);
}

function finishBinary(values: Float64Array, dtype: FloatDtype, format: VectorFormat, name: string): ParsedVector {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) throw new InvalidDistributionError('NOT_FINITE', `${name}[${i}] = ${x} is not a finite number`);
    if (x < 0) throw new InvalidDistributionError('NEGATIVE_ENTRY', `${name}[${i}] = ${x} is negative`);
  }
  return finishFloat(values, dtype, format, name);
}

function finishFloat(values: Float64Array, dtype: FloatDtype | 'decimal', format: VectorFormat, name: string): ParsedVector {
  if (values.length === 0) throw new InvalidDistributionError('EMPTY', `${name}: the vector is empty`);
  let rawSum = 0;
  for (let i = 0; i < values.length; i++) rawSum += values[i]!;
  const tolerance = vectorTolerance(dtype);
  if (!(Math.abs(rawSum - 1) <= tolerance)) {
    throw new InvalidDistributionError(rawSum === 0 ? 'ZERO_DRAFT_MASS' : 'NOT_NORMALISED', `${name} sums to ${rawSum}, not 1 (tolerance ${formatTolerance(tolerance)} for ${dtype === 'decimal' ? 'decimal text' : dtype})`);
  }
  return { values: normaliseBy(values, rawSum), exact: null, format, dtype, tolerance, rawSum };
}

/** 1e-6 rather than 0.000001 in messages. */
export function formatTolerance(t: number): string {
  return t < 1e-4 ? t.toExponential() : String(t);
}

function normaliseBy(values: Float64Array, total: number): Float64Array {
  if (total === 1) return values;
  for (let i = 0; i < values.length; i++) values[i]! /= total;
  return values;
}

function parseSafetensorsVector(bytes: Uint8Array, name: string, tensor: string | undefined): ParsedVector {
  const n = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.length);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length);
  let info = tensor === undefined ? undefined : header.tensors.get(tensor);
  if (tensor === undefined) {
    const oneD = [...header.tensors.values()].filter((t) => t.shape.length === 1);
    if (oneD.length !== 1) {
      throw new ParseError(`${name}: name the tensor as file.safetensors#name (the file holds ${[...header.tensors.keys()].join(', ') || 'no tensors'})`);
    }
    info = oneD[0];
  }
  if (info === undefined) throw new ParseError(`${name}: no tensor '${tensor}' in the file (it holds ${[...header.tensors.keys()].join(', ') || 'no tensors'})`);
  if (!isFloatDtype(info.dtype)) throw new ParseError(`${name}: tensor '${info.name}' has dtype ${info.dtype}; expected F64, F32, F16 or BF16`);
  const count = info.shape.reduce((a, b) => a * b, 1);
  if (info.shape.length !== 1 && !(info.shape.length === 2 && info.shape[0] === 1)) {
    throw new ParseError(`${name}: tensor '${info.name}' has shape [${info.shape.join(', ')}]; expected a 1-D vector`);
  }
  const data = bytes.subarray(header.dataStart + info.begin, header.dataStart + info.end);
  const values = decodeFloats(data, info.dtype, count);
  return finishBinary(values, info.dtype, 'safetensors', `${name} tensor '${info.name}'`);
}
