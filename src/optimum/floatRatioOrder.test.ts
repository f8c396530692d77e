// floatRatioOrder against an independent comparator sort of the keys (p·2⁻¹⁰⁰)/q ((p/q)·2⁻¹⁰⁰ below p = 2⁻⁹⁰⁰; q = 0 → +∞, ties by index): the
// same permutation, on random laws with exact ties, zeros in p and q, p = q = 0, ratios within one ulp,
// subnormal and 1e-300 masses, at sizes that take the comparator path (n < 256) and both radix paths (8-bit digits below 16,384, 16-bit above).
// ratioOrder (which now returns a copy of it for floats) is checked the same way, and on rationals the float
// order agrees with the exact order wherever the float keys are distinct.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { createRng } from '../random/createRng.ts';
import { floatKeyOrder, floatRatioOrder } from './floatRatioOrder.ts';
import { ratioOrder } from './subsetDualPrefix.ts';

function reference(p: ArrayLike<number>, q: ArrayLike<number>): number[] {
  const n = p.length;
  // The documented keys: (p·2⁻¹⁰⁰)/q, or (p/q)·2⁻¹⁰⁰ below p = 2⁻⁹⁰⁰ (no underflow of a tiny positive ratio).
  const key = (i: number) => (q[i]! > 0 ? (p[i]! < 2 ** -900 ? (p[i]! / q[i]!) * 2 ** -100 : (p[i]! * 2 ** -100) / q[i]!) : Infinity);
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
}

function randomPair(rng: () => number, n: number): [Float64Array, Float64Array] {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const dust = () => [0, 5e-324, 1e-300 * rng(), 2 ** -1022 * rng(), 1e-17][Math.floor(rng() * 5)]!;
  for (let i = 0; i < n; i++) {
    const r = rng();
    p[i] = r < 0.1 ? 0 : r < 0.3 ? Math.floor(rng() * 8) / 64 : r < 0.4 ? dust() : rng() * 1e-3;
    const s = rng();
    q[i] = s < 0.1 ? 0 : s < 0.3 ? Math.floor(rng() * 8) / 64 : s < 0.4 ? p[i]! * (1 + 2 ** -52) : s < 0.5 ? dust() : s < 0.55 ? p[i]! : rng() * 1e-3;
  }
  return [p, q];
}

test('floatRatioOrder = comparator order (ties by index, q = 0 last), n = 1..50,000', () => {
  const rng = createRng('float-ratio-order');
  for (const n of [1, 2, 7, 100, 255, 256, 2047, 2048, 5000, 16_383, 16_384, 33_000, 50_000]) {
    for (let c = 0; c < 4; c++) {
      const [p, q] = randomPair(rng, n);
      const expected = reference(p, q);
      assert.equal(Array.from(floatRatioOrder(p, q)), expected, `n = ${n}, case ${c}`);
      assert.equal(Array.from(ratioOrder(floatField, p, q)), expected, `ratioOrder, n = ${n}, case ${c}`);
    }
  }
});

test('floatKeyOrder: keys spread over the whole exponent range, +∞, many equal high words', () => {
  const rng = createRng('float-key-order');
  for (const n of [3000, 40_000]) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = rng();
      keys[i] = r < 0.05 ? Infinity : r < 0.1 ? 0 : r < 0.4 ? 1 + Math.floor(rng() * 50) * 2 ** -52 : 2 ** (Math.floor(rng() * 2000) - 1070) * (1 + rng());
    }
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    assert.equal(Array.from(floatKeyOrder(keys, n)), expected, `n = ${n}`);
  }
});

test('floatKeyOrder: runs of equal high words of 33 to 5,000 keys whose low words differ in every byte, with ties', () => {
  // Runs longer than 32 keys are sorted by their low words (radix): each run here shares one high word, and its low
  // words are random 32-bit values (every 8-bit digit varies) or repeats of a few of them (ties, left by index).
  const rng = createRng('float-key-order-runs');
  const probe = new Float64Array(1);
  const words = new Uint32Array(probe.buffer);
  for (const sizes of [[33, 34, 300], [5000, 40, 33, 2000], [64, 64, 64, 64, 64]]) {
    const values: number[] = [];
    for (const size of sizes) {
      const high = 0x3ff00000 + Math.floor(rng() * 0xfffff);
      const pool = Array.from({ length: 4 }, () => Math.floor(rng() * 2 ** 32));
      for (let i = 0; i < size; i++) {
        words[1] = high;
        words[0] = rng() < 0.3 ? pool[Math.floor(rng() * 4)]! : Math.floor(rng() * 2 ** 32);
        values.push(probe[0]!);
      }
    }
    // Shuffled, with keys of other high words between them; at least 256 keys (the radix path).
    for (let i = 0; i < 300; i++) values.push(2 ** (Math.floor(rng() * 40) - 20) * (1 + rng()));
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    const keys = Float64Array.from(values);
    const n = keys.length;
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    assert.equal(Array.from(floatKeyOrder(keys, n)), expected, `runs ${sizes.join(', ')}`);
  }
});

test('floatRatioOrder agrees with the exact rational order where the float keys are distinct', () => {
  const rng = createRng('float-ratio-order-exact');
  for (let c = 0; c < 20; c++) {
    const n = 3 + Math.floor(rng() * 60);
    const pi = Array.from({ length: n }, () => Math.floor(rng() * 6));
    const qi = Array.from({ length: n }, () => Math.floor(rng() * 6));
    const p = pi.map((x) => x / 8);
    const q = qi.map((x) => x / 8);
    const exact = Array.from(ratioOrder(rationalField, pi.map((x) => Rational.of(x, 8)), qi.map((x) => Rational.of(x, 8))));
    assert.equal(Array.from(floatRatioOrder(p, q)), exact, `case ${c}`);
  }
});


test('a tiny positive target mass on a subnormal draft mass sorts after the ratio-0 tokens (its ratio is 2e23, not 0)', () => {
  const p = [1.01e-300, 0, 0, 5e-324, 0.5];
  const q = [5e-324, 0.5, 0.4999999, 0, 1e-7];
  assert.equal(Array.from(floatRatioOrder(p, q)), [1, 2, 4, 0, 3], 'p = 0 first, then p/q = 5e6, then 2e23, q = 0 last');
});

test.run();
