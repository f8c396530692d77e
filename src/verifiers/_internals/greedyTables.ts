import type { Field, Vec } from '../../core/field.ts';
import { topIndices } from '../../draws/topIndices.ts';
import { profileRows } from './profileRows.ts';

/**
 * What both greedy verifiers need (§2.8): T (top k−1 of q), the law r of the last draft off T
 * (q'_T for G-r, q for G-q) and the residual weights w = p on T, (p − r)^+ off T.
 *
 * q'_T(y) = q(y) / q(V \ T) with the complementary mass q(V \ T) *summed* over the tokens off T, never
 * computed as 1 − q(T): when q(T) ≈ 1 the difference cancels catastrophically (docs/theory.md §11.3).
 */
export function greedyTables<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, renormalise: boolean) {
  const top = topIndices(F, q, k - 1);
  const inTop = new Uint8Array(p.length);
  for (const t of top) inTop[t] = 1;
  const scale = renormalise ? F.sumExcept(q, top) : F.one;
  const last = (y: number): T => (inTop[y] ? (renormalise ? F.zero : q[y]!) : F.isPositive(scale) ? F.div(q[y]!, scale) : F.zero);
  const lastVector = (): Vec<T> => {
    const r = F.zeros(p.length);
    for (let y = 0; y < p.length; y++) r[y] = inTop[y] ? F.zero : last(y);
    return r;
  };
  const residualWeights = (): Vec<T> => {
    const w = F.zeros(p.length);
    for (let y = 0; y < p.length; y++) w[y] = inTop[y] ? p[y]! : F.positiveDifference(p[y]!, last(y));
    return w;
  };
  /** p(T) + Σ_{y∉T} min(p(y), r(y)), clamped to [0, 1] (a float guard; exact values lie there). */
  const acceptance = (): T => {
    let pTop = F.zero;
    for (const t of top) pTop = F.add(pTop, p[t]!);
    return F.clampUnit(F.add(pTop, F.sumMin(p, lastVector())));
  };
  return { top, inTop, last, residualWeights, acceptance };
}

/**
 * Greedy drafts (§2.8): the last position accepts y ∉ T with min(p(y), r(y)) (r = q'_T for G-r, q for G-q);
 * the residual draw has total mass 1 − Σ_{y∉T} min(p, r), equal to the normaliser of its weights w (w = p on T),
 * so it emits the j-th greedy token t_j with mass exactly p(t_j), as an accepted draft at position j.
 */
export function greedyProfile<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, renormalise: boolean): Vec<T>[] {
  const tables = greedyTables(F, p, q, k, renormalise);
  const out = profileRows(F, k, p.length);
  tables.top.forEach((t, j) => {
    out[j]![t] = p[t]!;
  });
  const last = out[k - 1]!;
  for (let y = 0; y < p.length; y++) if (!tables.inTop[y]) last[y] = F.min(p[y]!, tables.last(y));
  return out;
}
