/**
 * Test helper: the K largest entries of a dense law (ties by lowest index) as a top-K sparse law, its tail summed
 * from the unstored entries (never 1 − Σ stored: that difference is 0 when the stored mass rounds to 1, as with a
 * draft stored as 1 beside masses of 1e-18, and the law would not be a completion of its own truncation), its cap
 * min(smallest stored, tail). Used by src/traces/topKAcceptanceBounds.test.ts and bench/fuzzReplay.ts.
 */
import type { SparseLaw } from '../topKAcceptanceBounds.ts';

export function truncateToTopK(v: Float64Array, K: number): SparseLaw {
  const order = Array.from(v.keys()).sort((a, b) => v[b]! - v[a]! || a - b).slice(0, K);
  const probs = order.map((i) => v[i]!);
  const stored = new Set(order);
  let tail = 0;
  for (let i = 0; i < v.length; i++) if (!stored.has(i)) tail += v[i]!;
  return { ids: order, probs, tail, cap: Math.min(Math.min(...probs), tail) };
}
