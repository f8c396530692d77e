/**
 * Complementary masses Σ_{y ∉ S} v(y) for small excluded sets S, in O(|S| log n) each and accurate to a few
 * ulps relative (docs/theory.md §11.3): a segment tree of partial sums (every node a sum of non-negative
 * entries), and the complement read as the union of at most |S| + 1 index ranges, each a sum of O(log n)
 * non-negative nodes. No subtraction is ever made, so a complement that is tiny next to v(S) (q(x_1) ≈ 1 in
 * drafts without replacement) keeps its relative accuracy, where 1 − v(S) or Σv − v(S) would cancel to 0 or
 * below.
 *
 * @example
 * ```ts
 * const rest = complementSums(floatField, [0.999999999999, 1e-12, 1e-17, 1e-17]);
 * rest([0]);    // 1.00002e-12 (1 − 0.999999999999 in float: 9.999778782798785e-13)
 * rest([0, 1]); // 2e-17       (1 − 0.999999999999 − 1e-12 in float: −2.2e-17)
 * ```
 */
import type { Field } from './field.ts';

export function complementSums<T>(F: Field<T>, v: ArrayLike<T>): (excluded: readonly number[]) => T {
  const n = v.length;
  let m = 1;
  while (m < n) m *= 2;
  const tree: T[] = new Array<T>(2 * m).fill(F.zero);
  for (let i = 0; i < n; i++) tree[m + i] = v[i]!;
  for (let i = m - 1; i >= 1; i--) tree[i] = F.add(tree[2 * i]!, tree[2 * i + 1]!);
  /** Σ v over [lo, hi). */
  const range = (lo: number, hi: number): T => {
    let s = F.zero;
    for (let l = lo + m, r = hi + m; l < r; l >>= 1, r >>= 1) {
      if (l & 1) s = F.add(s, tree[l++]!);
      if (r & 1) s = F.add(s, tree[--r]!);
    }
    return s;
  };
  return (excluded) => {
    const cuts = [...new Set(excluded)].filter((x) => x >= 0 && x < n).sort((a, b) => a - b);
    let s = F.zero;
    let from = 0;
    for (const x of cuts) {
      if (x > from) s = F.add(s, range(from, x));
      from = x + 1;
    }
    if (from < n) s = F.add(s, range(from, n));
    return s;
  };
}
