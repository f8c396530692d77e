import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToBfloat16Bits, numberToFloat16Bits } from './_internals/float16.ts';
import { decodeFloats, decodeIntegers, encodeValues } from './tensorDtypes.ts';

const bytesOf = (...u16: number[]) => {
  const out = new Uint8Array(u16.length * 2);
  u16.forEach((v, i) => new DataView(out.buffer).setUint16(i * 2, v, true));
  return out;
};

test('float16: reference bit patterns (IEEE 754 binary16 tables)', () => {
  const cases: Array<[number, number]> = [
    [0x3c00, 1], [0xc000, -2], [0x7bff, 65504], [0x0400, 2 ** -14], [0x0001, 2 ** -24], [0x03ff, 1023 * 2 ** -24],
    [0x3555, 0.333251953125], [0x0000, 0], [0x7c00, Infinity], [0xfc00, -Infinity],
  ];
  const decoded = decodeFloats(bytesOf(...cases.map((c) => c[0])), 'F16', cases.length);
  cases.forEach(([bits, value], i) => {
    assert.is(decoded[i], value, `0x${bits.toString(16)}`);
    assert.is(numberToFloat16Bits(value), bits, `encode ${value}`);
  });
  assert.ok(Number.isNaN(float16BitsToNumber(0x7e00)));
});

test('float16 encoding rounds to nearest, ties to even, overflow to infinity', () => {
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even mantissa (1).
  assert.is(numberToFloat16Bits(1 + 2 ** -11), 0x3c00);
  // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): rounds up.
  assert.is(numberToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.is(numberToFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  assert.is(numberToFloat16Bits(65520), 0x7c00, '65520 rounds to infinity');
  assert.is(numberToFloat16Bits(65519.99), 0x7bff);
  assert.is(numberToFloat16Bits(2 ** -25), 0x0000, 'half the smallest subnormal ties to 0');
  assert.is(numberToFloat16Bits(3 * 2 ** -25), 0x0002, '1.5 subnormal steps ties to 2');
});

test('float16 and bfloat16: decode(encode(x)) is the nearest representable value (property)', () => {
  fc.assert(
    fc.property(fc.double({ min: -60000, max: 60000, noNaN: true }), (x) => {
      const h = float16BitsToNumber(numberToFloat16Bits(x));
      // No float16 value is strictly closer: check the neighbours.
      const bits = numberToFloat16Bits(x);
      for (const nb of [bits - 1, bits + 1]) {
        if ((nb & 0x7fff) >= 0x7c00 || nb < 0 || (nb & 0xffff) !== nb) continue;
        if (Math.sign(float16BitsToNumber(nb)) * Math.sign(h) < 0) continue;
        assert.ok(Math.abs(float16BitsToNumber(nb) - x) >= Math.abs(h - x), `neighbour of ${x}`);
      }
      const b = bfloat16BitsToNumber(numberToBfloat16Bits(x));
      assert.ok(Math.abs(b - x) <= Math.max(Math.abs(x) * 2 ** -8, 2 ** -134), `bf16 of ${x}`);
    }),
  );
});

test('bfloat16: reference bit patterns and ties to even', () => {
  assert.is(bfloat16BitsToNumber(0x3f80), 1);
  assert.is(bfloat16BitsToNumber(0xc040), -3);
  assert.is(bfloat16BitsToNumber(0x3e80), 0.25);
  assert.is(numberToBfloat16Bits(1 + 2 ** -8), 0x3f80, 'tie to even (down)');
  assert.is(numberToBfloat16Bits(1 + 3 * 2 ** -8), 0x3f82, 'tie to even (up)');
  assert.equal(Array.from(decodeFloats(bytesOf(0x3f80, 0x3e80), 'BF16', 2)), [1, 0.25]);
});

test('F32/F64 round trip is exact; misaligned input is copied', () => {
  const values = [0.1, 1 / 3, 1e-30, 0, 12345.678];
  for (const dtype of ['F32', 'F64'] as const) {
    const bytes = encodeValues(values, dtype);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const a = decodeFloats(bytes, dtype, values.length);
    const b = decodeFloats(shifted.subarray(1), dtype, values.length);
    assert.equal(Array.from(a), values.map((x) => (dtype === 'F32' ? Math.fround(x) : x)));
    assert.equal(Array.from(b), Array.from(a));
  }
});

test('integers: I32 and I64 decode; an I64 beyond 2^53 is an error', () => {
  assert.equal(Array.from(decodeIntegers(encodeValues([0, -5, 128255], 'I32'), 'I32', 3)), [0, -5, 128255]);
  assert.equal(Array.from(decodeIntegers(encodeValues([0, -5, 2 ** 40 + 3], 'I64'), 'I64', 3)), [0, -5, 2 ** 40 + 3]);
  const big = new Uint8Array(8);
  new DataView(big.buffer).setBigInt64(0, 2n ** 60n, true);
  assert.throws(() => decodeIntegers(big, 'I64', 1, 'target_ids row 3'), (e: unknown) => e instanceof SpechubError && /target_ids row 3/.test((e as Error).message));
  assert.throws(() => decodeFloats(new Uint8Array(6), 'F32', 2), /expected 8 bytes/);
});

test.run();
