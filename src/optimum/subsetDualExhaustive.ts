/**
 * Optimal acceptance by the subset dual (spec §4.3), exhaustively over all 2^n subsets:
 *   α* = min_{A ⊆ V} [ p(A) + 1 − Q(S(x̄) ⊆ A) ],
 * for any draft-set law Q_S (keys `'a,b'` of ascending tokens, as `draftSetLaw` returns). Exact in the
 * rational field. Also returns a minimising A. Small n only (n ≤ 20).
 *
 * @example
 * ```ts
 * subsetDualExhaustive(rationalField, E1.p, draftSetLaw(rationalField, 'iid', E1.q, 2));
 * // {optimum: 29/36, argminSet: [0, 1]}
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';

export function subsetDualExhaustive<T>(F: Field<T>, p: ArrayLike<T>, setLaw: Map<string, T>): { optimum: T; argminSet: number[] } {
  const n = p.length;
  if (n > 20) throw new SpechubError('TOO_LARGE', `exhaustive subset search over 2^${n} sets is too large (n ≤ 20)`);
  const sets = [...setLaw].map(([key, probability]) => ({
    mask: key === '' ? 0 : key.split(',').reduce((m, t) => m | (1 << Number(t)), 0),
    probability,
  }));
  let best: T | null = null;
  let bestMask = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let value = F.one;
    for (let y = 0; y < n; y++) if (mask & (1 << y)) value = F.add(value, p[y]!);
    for (const s of sets) if ((s.mask & mask) === s.mask) value = F.sub(value, s.probability);
    if (best === null || F.lt(value, best)) {
      best = value;
      bestMask = mask;
    }
  }
  const argminSet: number[] = [];
  for (let y = 0; y < n; y++) if (bestMask & (1 << y)) argminSet.push(y);
  return { optimum: best!, argminSet };
}
