/**
 * Optimal acceptance by the subset dual (§4.3), exhaustively over all 2^n subsets:
 *   α* = min_{A ⊆ V} [ p(A) + 1 − Q(S(x̄) ⊆ A) ],
 * for any draft-set law Q_S (a `draftSetLaw` map with keys `'a,b'` of ascending tokens, or an array of
 * draft sets). Exact in the rational field. Also returns a minimising A (the first in increasing bit-mask
 * order). Q(S ⊆ A) is computed for every A at once by the subset-sum (zeta) transform, O(2^n · n).
 * Small n only (n ≤ 20).
 *
 * @example
 * ```ts
 * subsetDualExhaustive(rationalField, E1.p, draftSetLaw(rationalField, 'iid', E1.q, 2));
 * // {optimum: 29/36, argminSet: [0, 1]}
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { type DraftSet, setLawFromMap } from '../draws/draftLaws.ts';

/** Largest vocabulary the exhaustive search accepts. */
export const SUBSET_DUAL_EXHAUSTIVE_MAX_N = 20;

export function subsetDualExhaustive<T>(
  F: Field<T>,
  p: ArrayLike<T>,
  setLaw: ReadonlyMap<string, T> | readonly DraftSet<T>[],
): { optimum: T; argminSet: number[] } {
  const n = p.length;
  if (n > SUBSET_DUAL_EXHAUSTIVE_MAX_N) {
    throw new SpechubError('TOO_LARGE', `exhaustive subset search over 2^${n} sets is too large (n ≤ ${SUBSET_DUAL_EXHAUSTIVE_MAX_N})`);
  }
  const sets = setLaw instanceof Map ? setLawFromMap(setLaw) : (setLaw as readonly DraftSet<T>[]);
  const size = 1 << n;
  // contained[mask] = Q(S ⊆ mask): start from Q at each set's own mask, then sum over subsets.
  const contained = new Array<T>(size).fill(F.zero);
  for (const s of sets) {
    let mask = 0;
    for (const y of s.members) {
      if (!Number.isInteger(y) || y < 0 || y >= n) throw new SpechubError('INVALID_ARGUMENT', `draft set {${s.key}} has a token outside 0..${n - 1}`);
      mask |= 1 << y;
    }
    contained[mask] = F.add(contained[mask]!, s.probability);
  }
  for (let bit = 0; bit < n; bit++) {
    const b = 1 << bit;
    for (let mask = 0; mask < size; mask++) if (mask & b) contained[mask] = F.add(contained[mask]!, contained[mask ^ b]!);
  }
  // pMass[mask] = p(mask), built from the lowest set bit. In float64 the value is p(A) + (Q(V) − Q(S ⊆ A)) with
  // Q(V) = Σ Q_S (within round-off of 1), so the full set scores p(V) and no value goes below 0.
  const pMass = new Array<T>(size);
  pMass[0] = F.zero;
  const float = F.name === 'float64';
  const all = float ? contained[size - 1]! : F.one;
  let best: T | null = null;
  let bestMask = 0;
  for (let mask = 0; mask < size; mask++) {
    if (mask > 0) {
      const low = mask & -mask;
      pMass[mask] = F.add(pMass[mask ^ low]!, p[31 - Math.clz32(low)]!);
    }
    const value = float ? F.add(pMass[mask]!, F.positiveDifference(all, contained[mask]!)) : F.sub(F.add(F.one, pMass[mask]!), contained[mask]!);
    if (best === null || F.lt(value, best)) {
      best = value;
      bestMask = mask;
    }
  }
  if (float && F.lt(F.one, best!)) best = F.one; // round-off only
  const argminSet: number[] = [];
  for (let y = 0; y < n; y++) if (bestMask & (1 << y)) argminSet.push(y);
  return { optimum: best!, argminSet };
}
