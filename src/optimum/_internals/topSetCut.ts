/**
 * The subset dual in closed form for draft laws whose sets are "a fixed top set T plus one more token"
 * (§4.3 applied to §1.3–1.4): SpecHub's hub pair (T = {a}, last token ~ q̃), greedy G-r (T = top k−1,
 * last ~ q'_T) and greedy G-q (last ~ q, possibly inside T).
 *
 * With `extra` the law of the extra token, f(A) = Q(S ⊆ A) = [T ⊆ A] · extra(A \ T) (+ extra(T) for G-q), so
 * the minimum of p(A) + 1 − f(A) over A ⊇ T is reached by adding every y ∉ T with p(y) < extra(y):
 *   α* = p(T) + Σ_{y∉T} min(p(y), extra(y))     (for G-q: extra = q off T),
 * and every A ⊉ T gives at least 1 (A = ∅). The minimiser returned is ∅ when the value is 1 (as the prefix
 * search does). O(n). This is the dual view of the closed forms of §2.6 and §2.8.
 */
import type { Field } from '../../core/field.ts';

/**
 * `extra[y]` (y ∉ T) is the probability that the extra token is y: q̃ for the hub pair, q'_T for G-r, q for
 * G-q (whose extra token may also fall in T: that mass needs no entry). `null` when the set is always T.
 */
export function topSetCut<T>(F: Field<T>, p: ArrayLike<T>, top: readonly number[], extra: ArrayLike<T> | null): { optimum: T; argminSet: number[] } {
  const n = p.length;
  const inTop = new Uint8Array(n);
  for (const t of top) inTop[t] = 1;
  let value = F.zero;
  for (const t of top) value = F.add(value, p[t]!);
  const argminSet = [...top];
  if (extra !== null) {
    for (let y = 0; y < n; y++) {
      if (inTop[y]) continue;
      if (F.lt(p[y]!, extra[y]!)) {
        argminSet.push(y);
        value = F.add(value, p[y]!);
      } else value = F.add(value, extra[y]!);
    }
  }
  if (!F.lt(value, F.one)) return { optimum: F.one, argminSet: [] };
  return { optimum: value, argminSet: argminSet.sort((a, b) => a - b) };
}
