import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { encodeSafetensorsHeader } from './encodeSafetensorsHeader.ts';
import { parseSafetensorsHeader, safetensorsHeaderLength } from './parseSafetensorsHeader.ts';

/** A file from a raw header object (no padding) and `dataBytes` zero bytes of data. */
function fileOf(header: unknown, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

function parse(file: Uint8Array) {
  const n = safetensorsHeaderLength(file.subarray(0, 8), file.length);
  return parseSafetensorsHeader(file.subarray(8, 8 + n), file.length);
}

const fails = (file: Uint8Array, pattern: RegExp) =>
  assert.throws(() => parse(file), (e: unknown) => e instanceof SpechubError && e.code === 'PARSE_ERROR' && pattern.test((e as Error).message), String(pattern));

test('encode → parse: layout, metadata, padding to 8 bytes', () => {
  const enc = encodeSafetensorsHeader(
    [
      { name: 'target', dtype: 'F32', shape: [3, 5] },
      { name: 'draft', dtype: 'BF16', shape: [3, 5] },
      { name: 'context_id', dtype: 'I64', shape: [3] },
    ],
    { temperature: '0.7', source: 'test' },
  );
  assert.is((enc.bytes.length - 8) % 8, 0);
  const file = new Uint8Array(enc.fileSize);
  file.set(enc.bytes);
  const h = parse(file);
  assert.is(h.dataStart, enc.dataStart);
  assert.equal(h.metadata, { temperature: '0.7', source: 'test' });
  assert.equal(h.tensors.get('target'), { name: 'target', dtype: 'F32', shape: [3, 5], begin: 0, end: 60 });
  assert.equal(h.tensors.get('draft'), { name: 'draft', dtype: 'BF16', shape: [3, 5], begin: 60, end: 90 });
  assert.equal(h.tensors.get('context_id'), { name: 'context_id', dtype: 'I64', shape: [3], begin: 90, end: 114 });
});

test('malformed headers: each error names the problem and the tensor', () => {
  fails(new Uint8Array(5), /shorter than the 8-byte/);
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setUint32(0, 1000, true);
  fails(huge, /runs past the end/);
  fails(fileOf('{"a": ', 0), /not valid UTF-8 JSON/);
  fails(fileOf('[1,2]', 0), /must be a JSON object/);
  fails(fileOf({ target: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, __metadata__: { temperature: 0.7 } }, 8), /__metadata__.temperature must be a string/);
  fails(fileOf({ target: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, 8), /tensor 'target': shape must be/);
  fails(fileOf({ target: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, 8), /'target': data_offsets \[8, 0\] are reversed/);
  fails(fileOf({ target: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8), /'target'.*past the end of the data section.*truncated/);
  fails(fileOf({ target: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), /'target': shape \[3\] of F32 needs 12 bytes but data_offsets span 8/);
  fails(fileOf({ target: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, draft: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12), /'target' and 'draft' overlap/);
  fails(fileOf({ target: { dtype: 'F32', shape: [2] } }, 8), /'target': data_offsets must be/);
});

test('unknown dtypes are kept (the trace reader rejects them by name)', () => {
  const h = parse(fileOf({ target: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, 2));
  assert.is(h.tensors.get('target')!.dtype, 'U8');
});

test.run();
