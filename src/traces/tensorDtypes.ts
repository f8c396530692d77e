/**
 * The tensor element types spechub reads and writes (safetensors names, little-endian data), and how to turn
 * raw bytes into numbers: float tensors become float64 values exactly (every F16, BF16 and F32 value is a
 * double), integer tensors become numbers when they are safe integers.
 *
 * Pure (no Node built-ins): used by the trace and vector-file parsers and by the writers.
 *
 * @example
 * ```ts
 * const bytes = encodeValues([1, 0.5, -2], 'F16');
 * Array.from(decodeFloats(bytes, 'F16', 3)); // [1, 0.5, -2]
 * ```
 */
import { ParseError } from '../core/errors.ts';
import { bfloat16BitsToNumber, float16Values, numberToBfloat16Bits, numberToFloat16Bits } from './_internals/float16.ts';

export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16';
export type IntegerDtype = 'I64' | 'I32';
export type TensorDtype = FloatDtype | IntegerDtype;

export const FLOAT_DTYPES: readonly FloatDtype[] = ['F64', 'F32', 'F16', 'BF16'];
export const INTEGER_DTYPES: readonly IntegerDtype[] = ['I64', 'I32'];

/** Bytes per element. */
export const DTYPE_BYTES: Readonly<Record<TensorDtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

/** Machine precision of each float type (2^-52, 2^-23, 2^-10, 2^-7): the unit the tolerances scale with. */
export const DTYPE_EPSILON: Readonly<Record<FloatDtype, number>> = { F64: 2 ** -52, F32: 2 ** -23, F16: 2 ** -10, BF16: 2 ** -7 };

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether `name` is a float dtype spechub reads. */
export function isFloatDtype(name: string): name is FloatDtype {
  return (FLOAT_DTYPES as readonly string[]).includes(name);
}

/** Whether `name` is an integer dtype spechub reads. */
export function isIntegerDtype(name: string): name is IntegerDtype {
  return (INTEGER_DTYPES as readonly string[]).includes(name);
}

/** An aligned view of `count` elements of `bytes` (copied only when misaligned). */
function aligned(bytes: Uint8Array, size: number, count: number): ArrayBuffer {
  if (bytes.byteOffset % size === 0 && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  const copy = new Uint8Array(count * size);
  copy.set(bytes.subarray(0, count * size));
  return copy.buffer;
}

/**
 * Decodes `count` little-endian float values of `dtype` from `bytes` into `out` (a new Float64Array by default)
 * starting at `outOffset`. Exact: no rounding happens.
 */
export function decodeFloats(bytes: Uint8Array, dtype: FloatDtype, count: number, out: Float64Array = new Float64Array(count), outOffset = 0): Float64Array {
  const size = DTYPE_BYTES[dtype];
  if (bytes.length < count * size) throw new ParseError(`expected ${count * size} bytes of ${dtype} data, got ${bytes.length}`);
  if (!LITTLE_ENDIAN_HOST) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, count * size);
    for (let i = 0; i < count; i++) {
      out[outOffset + i] =
        dtype === 'F64' ? view.getFloat64(i * 8, true)
        : dtype === 'F32' ? view.getFloat32(i * 4, true)
        : dtype === 'F16' ? float16Values()[view.getUint16(i * 2, true)]!
        : bfloat16BitsToNumber(view.getUint16(i * 2, true));
    }
    return out;
  }
  const sameBuffer = bytes.byteOffset % size === 0 && bytes.buffer instanceof ArrayBuffer;
  const buffer = aligned(bytes, size, count);
  const start = sameBuffer ? bytes.byteOffset / size : 0;
  switch (dtype) {
    case 'F64':
      out.set(new Float64Array(buffer, start * 8, count), outOffset);
      break;
    case 'F32':
      out.set(new Float32Array(buffer, start * 4, count), outOffset);
      break;
    case 'F16': {
      const table = float16Values();
      const u = new Uint16Array(buffer, start * 2, count);
      for (let i = 0; i < count; i++) out[outOffset + i] = table[u[i]!]!;
      break;
    }
    case 'BF16': {
      const u = new Uint16Array(buffer, start * 2, count);
      const widened = new Uint32Array(count);
      for (let i = 0; i < count; i++) widened[i] = u[i]! << 16;
      out.set(new Float32Array(widened.buffer), outOffset);
      break;
    }
  }
  return out;
}

/**
 * Decodes `count` little-endian signed integers. I64 values outside ±(2^53 − 1) throw `PARSE_ERROR` (`what`
 * names the tensor and row in the message).
 */
export function decodeIntegers(bytes: Uint8Array, dtype: IntegerDtype, count: number, what = 'tensor'): Float64Array {
  const size = DTYPE_BYTES[dtype];
  if (bytes.length < count * size) throw new ParseError(`${what}: expected ${count * size} bytes of ${dtype} data, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * size);
  const out = new Float64Array(count);
  if (dtype === 'I32') {
    for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const lo = view.getUint32(i * 8, true);
    const hi = view.getInt32(i * 8 + 4, true);
    const value = hi * 4294967296 + lo;
    if (hi > 0x1fffff || hi < -0x200000 || !Number.isSafeInteger(value)) {
      throw new ParseError(`${what}: entry ${i} = ${view.getBigInt64(i * 8, true)} is not a safe integer`);
    }
    out[i] = value;
  }
  return out;
}

/** Encodes numbers as little-endian `dtype` bytes (floats rounded to nearest, ties to even). */
export function encodeValues(values: ArrayLike<number>, dtype: TensorDtype): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n * DTYPE_BYTES[dtype]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    switch (dtype) {
      case 'F64':
        view.setFloat64(i * 8, x, true);
        break;
      case 'F32':
        view.setFloat32(i * 4, x, true);
        break;
      case 'F16':
        view.setUint16(i * 2, numberToFloat16Bits(x), true);
        break;
      case 'BF16':
        view.setUint16(i * 2, numberToBfloat16Bits(x), true);
        break;
      case 'I32':
        if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) throw new ParseError(`value ${x} does not fit I32`);
        view.setInt32(i * 4, x, true);
        break;
      case 'I64':
        if (!Number.isSafeInteger(x)) throw new ParseError(`value ${x} is not a safe integer for I64`);
        view.setBigInt64(i * 8, BigInt(x), true);
        break;
    }
  }
  return out;
}
