/**
 * The sequential sibling laws of a draft tree (§S0.2): NEXT(κ, q, D) is the law of the next child of a
 * node given the tokens D of its children drafted before it, for
 * - `iid`: q itself (rejected tokens stay possible; duplicates occur);
 * - `wor`: q with the tokens of D removed, renormalised (§1.2; needs |supp q| > |D|);
 * - `hub` (k = 2, SpecHub's pair §1.3): child 0 ~ q; child 1 = a = argmax q (lowest index on ties) when child 0 ≠ a,
 *   otherwise q without a, renormalised (q̃).
 *
 * Traversal verification must update with the very law the tree was drafted from (§S3.2 line 5, §S7 item 4).
 * `null` means that no further child can be drafted (no mass left): `wor` after |supp q| children, `hub` after
 * 2 children or after the hub when q(a) = 1 — exactly where the draft schemes draft fewer children (`nodeMethod`).
 *
 * @example
 * ```ts
 * nextSiblingLaw(rationalField, 'wor', q, [2]);  // q without token 2, renormalised
 * nextSiblingLaw(rationalField, 'hub', q, [1]);  // δ_a when token 1 is not the hub a
 * ```
 */
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field, Vec } from '../core/field.ts';

/** The sibling laws of §S0.2. */
export type SiblingLaw = 'iid' | 'wor' | 'hub';

export const SIBLING_LAWS: readonly SiblingLaw[] = ['iid', 'wor', 'hub'];

/** NEXT(κ, q, D) as a probability vector, or null when no further child can be drafted. */
export function nextSiblingLaw<T>(F: Field<T>, kappa: SiblingLaw, q: ArrayLike<T>, previous: readonly number[]): ArrayLike<T> | null {
  if (kappa === 'iid') return q;
  if (kappa === 'wor') return withoutTokens(F, q, previous);
  if (kappa === 'hub') {
    if (previous.length === 0) return q;
    if (previous.length > 1) return null;
    const a = argmax(F, q);
    if (previous[0] !== a) {
      const delta = F.zeros(q.length);
      delta[a] = F.one;
      return delta;
    }
    return withoutTokens(F, q, [a]);
  }
  throw new SpechubError('INVALID_ARGUMENT', `unknown sibling law '${String(kappa)}' (known: iid, wor, hub)`);
}

/** q restricted to the tokens outside `removed`, renormalised by the sum of what remains (never 1 − Σ removed). */
function withoutTokens<T>(F: Field<T>, q: ArrayLike<T>, removed: readonly number[]): Vec<T> | null {
  const out = F.zeros(q.length);
  let total = F.zero;
  for (let i = 0; i < q.length; i++) {
    if (removed.includes(i) || !F.isPositive(q[i]!)) continue;
    out[i] = q[i]!;
    total = F.add(total, q[i]!);
  }
  if (!F.isPositive(total)) return null;
  for (let i = 0; i < q.length; i++) if (F.isPositive(out[i]!)) out[i] = F.div(out[i]!, total);
  return out;
}
