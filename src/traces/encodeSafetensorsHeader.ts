/**
 * Builds the first bytes of a safetensors file (8-byte length + JSON header, padded with spaces to a multiple
 * of 8 so that the data section is aligned) for tensors laid out one after another in the given order.
 * The caller then writes each tensor's little-endian data at `dataStart + begin`.
 *
 * Pure (no Node built-ins).
 *
 * @example
 * ```ts
 * const { bytes, layout } = encodeSafetensorsHeader([{ name: 'target', dtype: 'F32', shape: [2, 3] }], { tokenizer: 'x' });
 * ```
 */
import { ParseError } from '../core/errors.ts';
import { DTYPE_BYTES, type TensorDtype } from './tensorDtypes.ts';

export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  shape: number[];
}

export interface EncodedHeader {
  /** 8-byte length followed by the padded JSON. */
  bytes: Uint8Array;
  /** Absolute offset of the data section. */
  dataStart: number;
  /** Each tensor's byte range relative to the data section. */
  layout: Map<string, { begin: number; end: number }>;
  /** Total file size. */
  fileSize: number;
}

export function encodeSafetensorsHeader(tensors: readonly TensorSpec[], metadata: Record<string, string> = {}): EncodedHeader {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') throw new ParseError(`metadata ${k} must be a string`);
    header.__metadata__ = metadata;
  }
  const layout = new Map<string, { begin: number; end: number }>();
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || layout.has(t.name)) throw new ParseError(`tensor name '${t.name}' is reserved or repeated`);
    const bytes = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
    layout.set(t.name, { begin: offset, end: offset + bytes });
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  new DataView(out.buffer).setUint32(0, padded % 4294967296, true);
  new DataView(out.buffer).setUint32(4, Math.floor(padded / 4294967296), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length);
  json = out;
  return { bytes: out, dataStart: 8 + padded, layout, fileSize: 8 + padded + offset };
}
