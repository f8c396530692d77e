/**
 * The subset dual of §4.3, written for the machine checks independently of the toolkit's optimum code:
 *   D(A) = p(A) + 1 − Q(S(x̄) ⊆ A),   α* = min_A D(A),
 * evaluated over every A ⊆ V (bit masks), for a draft-set law given as a Map from `'a,b'` keys to probabilities
 * (as `draftSetLaw` returns).
 */
import { Rational } from '../../src/core/rational.ts';

export interface SetEntry {
  mask: number;
  members: number[];
  probability: Rational;
}

export function setEntries(setLaw: Map<string, Rational>): SetEntry[] {
  return [...setLaw].map(([key, probability]) => {
    const members = key === '' ? [] : key.split(',').map(Number);
    return { mask: members.reduce((m, y) => m | (1 << y), 0), members, probability };
  });
}

/** Q(S ⊆ A) for the subset A given as a bit mask. */
export function containment(sets: readonly SetEntry[], mask: number): Rational {
  let s = Rational.ZERO;
  for (const e of sets) if ((e.mask & mask) === e.mask) s = s.add(e.probability);
  return s;
}

/** D(A) = p(A) + 1 − Q(S ⊆ A). */
export function dualValue(p: readonly Rational[], sets: readonly SetEntry[], mask: number): Rational {
  let pa = Rational.ZERO;
  p.forEach((x, y) => {
    if (mask & (1 << y)) pa = pa.add(x);
  });
  return pa.add(Rational.ONE).sub(containment(sets, mask));
}

/** min over all 2^n subsets, with the masks attaining it. */
export function subsetMinimum(p: readonly Rational[], sets: readonly SetEntry[]): { value: Rational; minimisers: number[] } {
  let value: Rational | null = null;
  let minimisers: number[] = [];
  for (let mask = 0; mask < 1 << p.length; mask++) {
    const v = dualValue(p, sets, mask);
    const c = value === null ? -1 : v.compare(value);
    if (c < 0) {
      value = v;
      minimisers = [mask];
    } else if (c === 0) minimisers.push(mask);
  }
  return { value: value!, minimisers };
}

/** The mask of a token list. */
export function maskOf(tokens: Iterable<number>): number {
  let m = 0;
  for (const y of tokens) m |= 1 << y;
  return m;
}
