import type { Field, Vec } from '../../core/field.ts';

/** k rows of n zeros: byPosition[j][y]. */
export function profileRows<T>(F: Field<T>, k: number, n: number): Vec<T>[] {
  return Array.from({ length: k }, () => F.zeros(n));
}

/** min(p, q) componentwise: single-draft SD (§2.1), and the first position of RRS, RRSw, SpecHub child 0 off a. */
export function overlapRow<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>): Vec<T> {
  const row = F.zeros(p.length);
  for (let y = 0; y < p.length; y++) row[y] = F.min(p[y]!, q[y]!);
  return row;
}
