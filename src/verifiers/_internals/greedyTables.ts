import type { Field, Vec } from '../../core/field.ts';
import { topIndices } from '../../draws/topIndices.ts';

/**
 * What both greedy verifiers need (spec §2.8): T (top k−1 of q), the law r of the last draft off T
 * (q'_T for G-r, q for G-q) and the residual weights w = p on T, (p − r)^+ off T.
 */
export function greedyTables<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number, renormalise: boolean) {
  const top = topIndices(F, q, k - 1);
  const inTop = new Uint8Array(p.length);
  for (const t of top) inTop[t] = 1;
  let qTop = F.zero;
  for (const t of top) qTop = F.add(qTop, q[t]!);
  const scale = renormalise ? F.sub(F.one, qTop) : F.one;
  const last = (y: number): T => (inTop[y] ? (renormalise ? F.zero : q[y]!) : F.isZero(scale) ? F.zero : F.div(q[y]!, scale));
  const residualWeights = (): Vec<T> => {
    const w = F.zeros(p.length);
    for (let y = 0; y < p.length; y++) w[y] = inTop[y] ? p[y]! : F.positiveDifference(p[y]!, last(y));
    return w;
  };
  /** p(T) + Σ_{y∉T} min(p(y), r(y)). */
  const acceptance = (): T => {
    let alpha = F.zero;
    for (let y = 0; y < p.length; y++) alpha = F.add(alpha, inTop[y] ? p[y]! : F.min(p[y]!, last(y)));
    return alpha;
  };
  return { top, inTop, last, residualWeights, acceptance };
}
