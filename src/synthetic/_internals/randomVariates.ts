import type { Rng } from '../../core/rng.ts';
import { standardNormal } from '../../random/standardNormal.ts';

export { standardNormal };

/**
 * log of a Gamma(shape, 1) variate (Marsaglia–Tsang; for shape < 1 the boost Gamma(a) = Gamma(a + 1)·U^{1/a},
 * taken in logs so that tiny shapes do not underflow to −∞).
 */
export function logGammaVariate(rng: Rng, shape: number): number {
  if (shape < 1) return logGammaVariate(rng, shape + 1) + Math.log(1 - rng()) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d * v);
  }
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** A 32-bit integer hash of a list of non-negative integers (murmur3-style finaliser per word). */
export function hashIntegers(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    // Split values up to 2^53 into two 32-bit words.
    for (const word of [value % 0x100000000, Math.floor(value / 0x100000000)]) {
      let k = word >>> 0;
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
