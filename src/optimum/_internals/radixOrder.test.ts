import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../random/createRng.ts';
import { orderByNonNegativeKeys } from './radixOrder.ts';

const reference = (keys: Float64Array) =>
  Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));

test('radix and comparator paths order non-negative keys ascending, ties by index, +∞ last', () => {
  const rng = createRng('radix');
  for (const n of [5, 16_383, 16_384, 40_000]) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng();
      keys[i] = u < 0.1 ? 0 : u < 0.2 ? Infinity : u < 0.4 ? Math.floor(u * 50) / 7 : u * Math.pow(10, Math.floor(rng() * 20) - 10);
    }
    assert.equal(Array.from(orderByNonNegativeKeys(keys)), reference(keys), `n = ${n}`);
  }
});

test.run();
