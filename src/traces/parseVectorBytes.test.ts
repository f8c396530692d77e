import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { encodeSafetensorsHeader } from './encodeSafetensorsHeader.ts';
import { encodeNpy, parseNpy } from './parseNpy.ts';
import { EXACT_MAX_ENTRIES, parseVectorBytes } from './parseVectorBytes.ts';
import { encodeValues, type FloatDtype } from './tensorDtypes.ts';

const text = (s: string) => new TextEncoder().encode(s);
const code = (fn: () => unknown, c: string, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof SpechubError && e.code === c && pattern.test((e as Error).message), `${c} ${pattern}`);

function safetensorsVector(entries: Record<string, { dtype: FloatDtype; values: number[]; shape?: number[] }>): Uint8Array {
  const specs = Object.entries(entries).map(([name, e]) => ({ name, dtype: e.dtype, shape: e.shape ?? [e.values.length] }));
  const h = encodeSafetensorsHeader(specs);
  const file = new Uint8Array(h.fileSize);
  file.set(h.bytes);
  for (const [name, e] of Object.entries(entries)) file.set(encodeValues(e.values, e.dtype), h.dataStart + h.layout.get(name)!.begin);
  return file;
}

test('JSON: numbers and fraction strings; exact when the text sums to exactly 1', () => {
  const v = parseVectorBytes(text('[0.1, "1/5", 0.7]'), { name: 'target', extension: '.json' });
  assert.equal(v.exact!.map(String), ['1/10', '1/5', '7/10']);
  assert.equal(Array.from(v.values), [0.1, 0.2, 0.7]);
  assert.is(v.format, 'json');
  // 0.1 + 0.2 + 0.7 is not 1 in float64, but it is exactly 1 as decimals.
  const inexact = parseVectorBytes(text('[0.3333333, 0.3333333, 0.3333334]'), { name: 't', extension: '.json' });
  assert.ok(inexact.exact !== null);
  const float = parseVectorBytes(text('[0.33333333, 0.33333333, 0.33333333]'), { name: 't', extension: '.json' });
  assert.is(float.exact, null);
  assert.ok(Math.abs(float.values.reduce((a, b) => a + b, 0) - 1) < 1e-15, 'normalised by its sum');
});

test('text: one number per line, comments and blank lines ignored; detected by content without extension', () => {
  const v = parseVectorBytes(text('# target\n1/6\n\n1/3\r\n0.5\n'), { name: 'target', extension: '' });
  assert.is(v.format, 'text');
  assert.equal(v.exact!.map(String), ['1/6', '1/3', '1/2']);
  const sniffedJson = parseVectorBytes(text('  [0.5, 0.5]'), { name: 'x', extension: '.dat' });
  assert.is(sniffedJson.format, 'json');
});

test('more than EXACT_MAX_ENTRIES entries: float64 analysis even when the text sums to exactly 1', () => {
  const n = EXACT_MAX_ENTRIES + 2;
  const lines = Array.from({ length: n }, (_, i) => (i === 0 ? `${1 - (n - 1) / 2 ** 20}` : `${1 / 2 ** 20}`));
  const v = parseVectorBytes(text(lines.join('\n')), { name: 'target', extension: '.txt' });
  assert.is(v.exact, null);
  assert.is(v.values.length, n);
});

test('text errors: not a number, negative, NaN, not normalised (with the tolerance), empty', () => {
  code(() => parseVectorBytes(text('[0.5, "x"]'), { name: 'target', extension: '.json' }), 'PARSE_ERROR', /target: entry 1/);
  code(() => parseVectorBytes(text('[0.5, true]'), { name: 'target', extension: '.json' }), 'PARSE_ERROR', /entry 1 \(true\)/);
  code(() => parseVectorBytes(text('{"a": 1}'), { name: 'target', extension: '.json' }), 'PARSE_ERROR', /expected a JSON array/);
  code(() => parseVectorBytes(text('[[0.5], [0.5]]'), { name: 'target', extension: '.json' }), 'PARSE_ERROR', /entry 0/);
  code(() => parseVectorBytes(text('1.5\n-0.5\n'), { name: 'target', extension: '.txt' }), 'NEGATIVE_ENTRY', /target\[1\] = -0.5/);
  code(() => parseVectorBytes(text('0.5\n0.4\n'), { name: 'draft', extension: '.txt' }), 'NOT_NORMALISED', /draft sums to 0.9.*tolerance 1e-6 for decimal text/);
  code(() => parseVectorBytes(text('# nothing\n'), { name: 'draft', extension: '.txt' }), 'PARSE_ERROR', /no numbers/);
  code(() => parseVectorBytes(text('[]'), { name: 'draft', extension: '.json' }), 'EMPTY', /empty/);
  code(() => parseVectorBytes(encodeNpy([0.5, 0.5]), { name: 'draft', extension: '.json' }), 'PARSE_ERROR', /not valid JSON|\.npy array/);
});

test('.npy: float32/float64 1-D arrays; binary tolerance by dtype; malformed headers', () => {
  const v = parseVectorBytes(encodeNpy([0.25, 0.75], 'F32'), { name: 'target', extension: '.npy' });
  assert.equal(Array.from(v.values), [0.25, 0.75]);
  assert.is(v.dtype, 'F32');
  assert.is(v.exact, null);
  // float32 rounding of a 3-way split: within 1e-5 → accepted and renormalised.
  const third = parseVectorBytes(encodeNpy([1 / 3, 1 / 3, 1 / 3], 'F32'), { name: 't', extension: '.npy' });
  assert.ok(Math.abs(third.values[0]! - 1 / 3) < 1e-15);
  code(() => parseVectorBytes(encodeNpy([0.5, 0.49999], 'F64'), { name: 'draft', extension: '.npy' }), 'NOT_NORMALISED', /tolerance 1e-9 for F64/);
  code(() => parseVectorBytes(encodeNpy([0.5, NaN], 'F64'), { name: 'draft', extension: '.npy' }), 'NOT_FINITE', /draft \(.*\)|draft\[1\] = NaN/);
  const bad = encodeNpy([0.5, 0.5]);
  const header = new TextDecoder('latin1').decode(bad.subarray(10, 10 + new DataView(bad.buffer).getUint16(8, true)));
  const retyped = new Uint8Array(bad);
  retyped.set(new TextEncoder().encode(header.replace('<f8', '<i8')), 10);
  code(() => parseNpy(retyped, 'x.npy'), 'PARSE_ERROR', /dtype '<i8' is not float16/);
  const twoD = new Uint8Array(bad);
  twoD.set(new TextEncoder().encode(header.replace('(2,)', '(1,2)')), 10);
  code(() => parseNpy(twoD, 'x.npy'), 'PARSE_ERROR', /expected a 1-D array/);
  code(() => parseNpy(bad.subarray(0, bad.length - 3), 'x.npy'), 'PARSE_ERROR', /needs 16 data bytes/);
  code(() => parseVectorBytes(text('[0.5,0.5]'), { name: 'x', extension: '.npy' }), 'PARSE_ERROR', /missing the \\x93NUMPY magic/);
});

test('big-endian .npy decodes', () => {
  const le = encodeNpy([0.25, 0.75], 'F64');
  const hl = new DataView(le.buffer).getUint16(8, true);
  const be = new Uint8Array(le);
  be.set(new TextEncoder().encode(new TextDecoder('latin1').decode(le.subarray(10, 10 + hl)).replace('<f8', '>f8')), 10);
  const dv = new DataView(be.buffer, 10 + hl);
  dv.setFloat64(0, 0.25, false);
  dv.setFloat64(8, 0.75, false);
  assert.equal(Array.from(parseNpy(be).values), [0.25, 0.75]);
});

test('safetensors: named tensor, the only 1-D tensor by default, F16/BF16 tolerances, errors name the tensor', () => {
  const file = safetensorsVector({ target: { dtype: 'F16', values: [0.25, 0.75] }, draft: { dtype: 'BF16', values: [0.5, 0.5] } });
  assert.equal(Array.from(parseVectorBytes(file, { name: 'x', extension: '.safetensors', tensor: 'draft' }).values), [0.5, 0.5]);
  code(() => parseVectorBytes(file, { name: 'x', extension: '.safetensors' }), 'PARSE_ERROR', /file.safetensors#name.*target, draft/);
  code(() => parseVectorBytes(file, { name: 'x', extension: '.safetensors', tensor: 'logits' }), 'PARSE_ERROR', /no tensor 'logits'/);
  const one = safetensorsVector({ p: { dtype: 'F32', values: [0.1, 0.9] } });
  assert.ok(Math.abs(parseVectorBytes(one, { name: 'x', extension: '' }).values[0]! - Math.fround(0.1) / (Math.fround(0.1) + Math.fround(0.9))) < 1e-16, 'sniffed');
  const twoD = safetensorsVector({ p: { dtype: 'F32', values: [0.5, 0.5, 0.5, 0.5], shape: [2, 2] } });
  code(() => parseVectorBytes(twoD, { name: 'x', extension: '.safetensors', tensor: 'p' }), 'PARSE_ERROR', /tensor 'p' has shape \[2, 2\]/);
  const negative = safetensorsVector({ p: { dtype: 'F32', values: [1.5, -0.5] } });
  code(() => parseVectorBytes(negative, { name: 'x', extension: '.safetensors', tensor: 'p' }), 'NEGATIVE_ENTRY', /tensor 'p'\[1\] = -0.5/);
  // F16 of 0.1/0.2/0.7 sums to 1 within 2e-3 (each rounded by ≤ 2^-11 relative).
  const f16 = safetensorsVector({ p: { dtype: 'F16', values: [0.1, 0.2, 0.7] } });
  assert.is(parseVectorBytes(f16, { name: 'x', extension: '.safetensors', tensor: 'p' }).tolerance, 2 * 2 ** -10);
  const off = safetensorsVector({ p: { dtype: 'F16', values: [0.5, 0.51] } });
  code(() => parseVectorBytes(off, { name: 'x', extension: '.safetensors', tensor: 'p' }), 'NOT_NORMALISED', /tolerance 0.001953125 for F16/);
});

test.run();
