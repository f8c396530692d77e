/**
 * The safetensors container (Hugging Face's tensor file): an 8-byte little-endian header length N, N bytes of
 * JSON `{"<name>": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}`, then
 * the raw little-endian data, offsets relative to the end of the header. This module checks a header against
 * the file size: every tensor's byte range lies inside the file, matches its shape and dtype, and no two
 * ranges overlap. Each error names the tensor.
 *
 * Pure (no Node built-ins): the Node reader (`openTrace`, `readVectorFile`) reads the bytes.
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
 * const header = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length);
 * [...header.tensors.keys()].length; // 2: the target and draft tensors, each of shape [positions, vocab]
 * ```
 */
import { ParseError } from '../core/errors.ts';
import { DTYPE_BYTES, type TensorDtype } from './tensorDtypes.ts';

/** Largest header spechub reads (the reference implementation's limit). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsTensorInfo {
  name: string;
  /** The dtype string as written (e.g. 'F32'); not necessarily one spechub reads. */
  dtype: string;
  shape: number[];
  /** Byte offsets relative to the start of the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** N, the JSON length. */
  headerLength: number;
  /** Absolute file offset of the data section (8 + N). */
  dataStart: number;
  /** Tensors in file order (by begin offset). */
  tensors: Map<string, SafetensorsTensorInfo>;
  metadata: Record<string, string>;
}

/** N from the first 8 bytes; throws when the file is shorter than 8 + N bytes or N is absurd. */
export function safetensorsHeaderLength(first8: Uint8Array, fileSize: number): number {
  if (first8.length < 8 || fileSize < 8) throw new ParseError('safetensors: the file is shorter than the 8-byte header length');
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const n = hi * 4294967296 + lo;
  if (n < 2 || n > SAFETENSORS_MAX_HEADER_BYTES) throw new ParseError(`safetensors: header length ${n} is out of range (2 … ${SAFETENSORS_MAX_HEADER_BYTES} bytes); not a safetensors file?`);
  if (8 + n > fileSize) throw new ParseError(`safetensors: header length ${n} runs past the end of the ${fileSize}-byte file`);
  return n;
}

/** Parses and checks the JSON header (`headerBytes`: the N bytes after the length). */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number): SafetensorsHeader {
  const headerLength = headerBytes.length;
  const dataStart = 8 + headerLength;
  const dataBytes = fileSize - dataStart;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw new ParseError(`safetensors: the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ParseError('safetensors: the header must be a JSON object');
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ParseError('safetensors: __metadata__ must be an object of strings');
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new ParseError(`safetensors: __metadata__.${key} must be a string, got ${JSON.stringify(v)}`);
        metadata[key] = v;
      }
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ParseError(`safetensors: tensor '${name}': expected an object with dtype, shape, data_offsets`);
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof info.dtype !== 'string') throw new ParseError(`safetensors: tensor '${name}': dtype must be a string`);
    if (!Array.isArray(info.shape) || !info.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ParseError(`safetensors: tensor '${name}': shape must be an array of non-negative integers, got ${JSON.stringify(info.shape)}`);
    }
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ParseError(`safetensors: tensor '${name}': data_offsets must be [begin, end] with non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) throw new ParseError(`safetensors: tensor '${name}': data_offsets [${begin}, ${end}] are reversed`);
    if (end > dataBytes) throw new ParseError(`safetensors: tensor '${name}': data_offsets end ${end} lies past the end of the data section (${dataBytes} bytes); truncated file?`);
    const shape = info.shape as number[];
    const size = (DTYPE_BYTES as Record<string, number>)[info.dtype];
    if (size !== undefined) {
      const elements = shape.reduce((a, b) => a * b, 1);
      if (!Number.isSafeInteger(elements * size) || elements * size !== end - begin) {
        throw new ParseError(`safetensors: tensor '${name}': shape [${shape.join(', ')}] of ${info.dtype} needs ${elements * size} bytes but data_offsets span ${end - begin}`);
      }
    }
    tensors.push({ name, dtype: info.dtype, shape, begin, end });
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < tensors.length; i++) {
    const a = tensors[i - 1]!;
    const b = tensors[i]!;
    if (b.begin < a.end) throw new ParseError(`safetensors: tensors '${a.name}' and '${b.name}' overlap (bytes ${b.begin}…${a.end})`);
  }
  return { headerLength, dataStart, tensors: new Map(tensors.map((t) => [t.name, t])), metadata };
}

/** Whether a dtype string is one spechub reads. */
export function knownDtype(dtype: string): dtype is TensorDtype {
  return dtype in DTYPE_BYTES;
}
