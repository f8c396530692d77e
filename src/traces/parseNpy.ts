/**
 * A 1-D floating-point `.npy` array (NumPy's format: magic `\x93NUMPY`, version, header length, a Python-dict
 * header `{'descr': '<f4', 'fortran_order': False, 'shape': (n,), }`, then the raw data) decoded to float64
 * exactly. Reads format versions 1–3, dtypes `f2`, `f4`, `f8` in either byte order; anything else (integers,
 * objects, 2-D shapes, truncated data) is a `PARSE_ERROR` naming what is wrong.
 *
 * Pure (no Node built-ins).
 *
 * @example
 * ```ts
 * const bytes = encodeNpy([0.25, 0.75]);
 * Array.from(parseNpy(bytes).values); // [0.25, 0.75]
 * ```
 */
import { ParseError } from '../core/errors.ts';
import { float16Values } from './_internals/float16.ts';
import { decodeFloats, type FloatDtype } from './tensorDtypes.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Whether the bytes start with the .npy magic string. */
export function looksLikeNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

export function parseNpy(bytes: Uint8Array, what = '.npy'): { values: Float64Array; dtype: FloatDtype } {
  if (!looksLikeNpy(bytes)) throw new ParseError(`${what}: not a .npy file (missing the \\x93NUMPY magic)`);
  if (bytes.length < 10) throw new ParseError(`${what}: truncated header`);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new ParseError(`${what}: truncated header`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else throw new ParseError(`${what}: unsupported .npy format version ${major}`);
  if (headerStart + headerLength > bytes.length) throw new ParseError(`${what}: the header runs past the end of the file`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new ParseError(`${what}: malformed header ${JSON.stringify(header.trim())}`);
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (dims.length !== 1 || !/^\d+$/.test(dims[0]!)) throw new ParseError(`${what}: expected a 1-D array, got shape (${shapeText.trim()})`);
  const n = Number(dims[0]);
  const m = /^([<>=|])f([248])$/.exec(descr);
  if (m === null) throw new ParseError(`${what}: dtype '${descr}' is not float16/float32/float64`);
  const size = Number(m[2]);
  const dtype: FloatDtype = size === 8 ? 'F64' : size === 4 ? 'F32' : 'F16';
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart < n * size) throw new ParseError(`${what}: shape (${n},) of ${descr} needs ${n * size} data bytes, the file has ${bytes.length - dataStart}`);
  const data = bytes.subarray(dataStart, dataStart + n * size);
  const bigEndian = m[1] === '>' || (m[1] === '=' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 0);
  if (!bigEndian) return { values: decodeFloats(data, dtype, n), dtype };
  const dv = new DataView(data.buffer, data.byteOffset, data.length);
  const values = new Float64Array(n);
  const table = size === 2 ? float16Values() : null;
  for (let i = 0; i < n; i++) values[i] = size === 8 ? dv.getFloat64(i * 8, false) : size === 4 ? dv.getFloat32(i * 4, false) : table![dv.getUint16(i * 2, false)]!;
  return { values, dtype };
}

/** A version-1 .npy file of a 1-D little-endian float array (tests, benchmarks). */
export function encodeNpy(values: ArrayLike<number>, dtype: 'F64' | 'F32' = 'F64'): Uint8Array {
  const descr = dtype === 'F64' ? '<f8' : '<f4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${values.length},), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const size = dtype === 'F64' ? 8 : 4;
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const dv = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) {
    if (size === 8) dv.setFloat64(i * 8, values[i]!, true);
    else dv.setFloat32(i * 4, values[i]!, true);
  }
  return out;
}
