/**
 * The top set T of §0.2: indices of the m largest entries of a vector, by decreasing value, ties by lowest
 * index. Greedy drafts (§1.4) draft T; the closed-form cut of the subset dual (§4.3) and the greedy verifiers
 * (§2.8) read it.
 *
 * @example
 * ```ts
 * topIndices(floatField, [0.2, 0.5, 0.2, 0.1], 2); // [1, 0]
 * ```
 */
import { argmax } from '../core/distribution.ts';
import type { Field } from '../core/field.ts';

/** Indices of the m largest entries, by decreasing value, ties by lowest index (§0.2, T). */
export function topIndices<T>(F: Field<T>, v: ArrayLike<T>, m: number): number[] {
  // One index: the argmax (lowest index on ties), which compares floats without a Field call per entry.
  if (m === 1 && v.length > 0) return [argmax(F, v)];
  const chosen: number[] = [];
  const taken = new Uint8Array(v.length);
  for (let r = 0; r < m; r++) {
    let best = -1;
    for (let i = 0; i < v.length; i++) {
      if (taken[i]) continue;
      if (best < 0 || F.lt(v[best]!, v[i]!)) best = i;
    }
    if (best < 0) break;
    taken[best] = 1;
    chosen.push(best);
  }
  return chosen;
}
