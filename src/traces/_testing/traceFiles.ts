/** Test helpers: safetensors files from plain values (any dtype string), written to a temporary folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeValues, type TensorDtype } from '../tensorDtypes.ts';

export interface RawTensor {
  dtype: string;
  shape: number[];
  /** Values encoded with `encodeAs` (default: dtype), so a header can lie about the dtype. */
  values: number[];
  encodeAs?: TensorDtype;
}

/** The bytes of a safetensors file (tensors in the given order, header padded to 8). */
export function safetensorsBytes(tensors: Record<string, RawTensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = encodeValues(t.values, (t.encodeAs ?? t.dtype) as TensorDtype);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(new TextEncoder().encode(json), 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fresh temporary folder and a function writing a named file in it. */
export function scratchFolder(prefix: string): { dir: string; write(name: string, bytes: Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}
