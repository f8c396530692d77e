/**
 * The draft-law module (§1, §4.1–4.2): the joint law Q(x̄) of ordered draft tuples and the law Q_S of draft
 * *sets* of every draft scheme, as arrays of {@link DraftTuple} / {@link DraftSet} (the one representation;
 * `draftJointLaw` / `draftSetLaw` in src/analysis/jointLaw.ts are `Map` views of it). Used by the optimum routes,
 * the OTM / Khisti verifiers and the analysis.
 *
 * Two ways to a law:
 * - {@link jointLawOf} / {@link setLawOf}: from the closed forms (multisets, ordered distinct tuples, the hub /
 *   top-set laws), far cheaper than replaying the scheme's program once per outcome;
 * - {@link enumerateJointLaw}: by enumerating the scheme's own program over a `Chooser` (§3.2), the test oracle.
 * Tests check the first against the second exactly. Tokens with q = 0 are never drafted.
 *
 * Floating point (docs/theory.md §12): q is renormalised once (float), and every complementary
 * mass (the mass still undrawn, q(V \ {a}), q(V \ T)) is a sum of the masses it stands for, never `1 − x`, so
 * near-one-hot drafts such as (1, 1e-17, 1e-17) or (0.99, 0.01, 1e-300, 1e-300) get finite, accurate laws.
 *
 * @example
 * ```ts
 * setLawOf(rationalField, 'hub', E1.q, 2).map((s) => `${s.key}: ${s.probability}`); // ['0,1: 2/3', '0,2: 1/3']
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import { argmax } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { DraftSchemeId } from './draftScheme.ts';
import { getDraftScheme } from './draftSchemes.ts';
import { topIndices } from './topIndices.ts';

/** One draft set S with its probability Q_S(S); `members` ascending, `key` = members joined by ','. */
export interface DraftSet<T> {
  members: number[];
  key: string;
  probability: T;
}

/** One ordered draft tuple x̄ with its probability Q(x̄). */
export interface DraftTuple<T> {
  tuple: number[];
  probability: T;
}

/** Default cap on the number of tuples or sets a law may have before `TOO_LARGE`. */
export const DEFAULT_MAX_LAW_ENTRIES = 2_000_000;

function positiveSupport<T>(F: Field<T>, q: ArrayLike<T>): number[] {
  const s: number[] = [];
  for (let i = 0; i < q.length; i++) if (F.isPositive(q[i]!)) s.push(i);
  return s;
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

function guard(count: number, limit: number, what: string): void {
  if (count > limit) {
    throw new SpechubError('TOO_LARGE', `${what} has about ${Math.round(count).toLocaleString('en-US')} entries (limit ${limit.toLocaleString('en-US')})`);
  }
}

/** Number of ordered tuples of the joint law (an upper bound for hub/greedy), without building it. */
export function jointLawSize<T>(F: Field<T>, scheme: DraftSchemeId, q: ArrayLike<T>, k: number): number {
  const s = positiveSupport(F, q).length;
  switch (scheme) {
    case 'iid':
      return s ** k;
    case 'wor': {
      let c = 1;
      for (let i = 0; i < k; i++) c *= s - i;
      return Math.max(c, 0);
    }
    default:
      return 2 * s;
  }
}

/** Number of sets of the set law (an upper bound), without building it. */
export function setLawSize<T>(F: Field<T>, scheme: DraftSchemeId, q: ArrayLike<T>, k: number): number {
  const s = positiveSupport(F, q).length;
  switch (scheme) {
    case 'iid': {
      let c = 0;
      for (let m = 1; m <= k; m++) c += binomial(s, m);
      return c;
    }
    case 'wor':
      return binomial(s, k);
    default:
      return s;
  }
}

/**
 * q as a probability vector: in float64, q / Σq when Σq ≠ 1 (inputs are validated to sum to 1 within 1e-9; the
 * laws below are then normalised to round-off); rational vectors are validated to sum to exactly 1 and are
 * returned unchanged. Dividing by a total within 1e-9 of 1 never turns a positive entry (even a subnormal) into 0.
 * Theory: docs/theory.md §12.2.
 *
 * @example
 * ```ts
 * massNormalised(floatField, [0.5, 0.5 + 1e-10]); // Float64Array [0.49999999995, 0.50000000005]
 * ```
 */
export function massNormalised<T>(F: Field<T>, v: ArrayLike<T>): ArrayLike<T> {
  if (F.name !== 'float64') return v;
  const x = v as ArrayLike<number>;
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i]!;
  if (total === 1 || !(total > 0)) return v;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! / total;
  return out as unknown as ArrayLike<T>;
}

/**
 * The mass of the support outside the tokens marked in `inside`, given `total` = Σ q and `insideMass` = the
 * mass of the marked tokens. In float64 it is `total − insideMass` only when that difference cannot cancel
 * (insideMass ≤ total/2); otherwise it is summed over the tokens outside, so a remainder like q(V \ {a}) =
 * 1e-17 beside q(a) ≈ 1 keeps its relative accuracy (never `1 − q(a)`, §8 item 3). Exact in rationals.
 * Theory: docs/theory.md §12.3.
 *
 * @example
 * ```ts
 * massOutside(floatField, [1, 1e-17, 1e-17], [0, 1, 2], Uint8Array.of(1, 0, 0), 1, 1); // 2e-17 (not 1 − 1 = 0)
 * ```
 */
export function massOutside<T>(F: Field<T>, q: ArrayLike<T>, support: readonly number[], inside: Uint8Array, total: T, insideMass: T): T {
  if (F.name !== 'float64') return F.sub(total, insideMass);
  const t = total as unknown as number;
  const m = insideMass as unknown as number;
  if (m <= t / 2) return (t - m) as unknown as T;
  let s = 0;
  for (const y of support) if (!inside[y]) s += q[y] as unknown as number;
  return s as unknown as T;
}

/**
 * The ordered joint law Q(x̄) of a scheme (§1), built from its closed form; the scheme's own `check` runs
 * first. Without replacement, each factor q(x_i)/q(V \ {x_1..x_{i−1}}) divides by the mass still undrawn,
 * summed (see {@link massOutside}); the hub pair and G-r divide by the summed mass off the hub / off T, so a
 * float vector such as (1, 1e-17, 1e-17) gets the law of its exact renormalisation, never 1/0 or 0/0.
 */
export function jointLawOf<T>(F: Field<T>, scheme: DraftSchemeId, qIn: ArrayLike<T>, k: number, maxEntries = DEFAULT_MAX_LAW_ENTRIES): DraftTuple<T>[] {
  getDraftScheme(scheme).check(F, qIn, k);
  guard(jointLawSize(F, scheme, qIn, k), maxEntries, `the ${scheme} joint draft law (n = ${qIn.length}, k = ${k})`);
  const support = positiveSupport(F, qIn);
  const q = massNormalised(F, qIn);
  let total = F.zero;
  for (const y of support) total = F.add(total, q[y]!);
  const out: DraftTuple<T>[] = [];
  if (scheme === 'iid') {
    const tuple: number[] = [];
    const walk = (depth: number, probability: T): void => {
      if (depth === k) {
        out.push({ tuple: tuple.slice(), probability });
        return;
      }
      for (const x of support) {
        tuple.push(x);
        walk(depth + 1, F.mul(probability, q[x]!));
        tuple.pop();
      }
    };
    walk(0, F.one);
    return out;
  }
  if (scheme === 'wor') {
    const tuple: number[] = [];
    const used = new Uint8Array(q.length);
    const walk = (depth: number, probability: T, drawn: T): void => {
      if (depth === k) {
        out.push({ tuple: tuple.slice(), probability });
        return;
      }
      const remaining = massOutside(F, q, support, used, total, drawn);
      for (const x of support) {
        if (used[x]) continue;
        used[x] = 1;
        tuple.push(x);
        walk(depth + 1, F.mul(probability, F.div(q[x]!, remaining)), F.add(drawn, q[x]!));
        tuple.pop();
        used[x] = 0;
      }
    };
    walk(0, F.one, F.zero);
    return out;
  }
  // Hub pair, G-r, G-q: one token (or the top set T) is fixed, the last draft is random; tuples in the order
  // in which enumerating the scheme's program lists them.
  const top = scheme === 'hub' ? [argmax(F, q)] : topIndices(F, q, k - 1);
  const inTop = new Uint8Array(q.length);
  for (const t of top) inTop[t] = 1;
  let rest = F.zero;
  for (const y of support) if (!inTop[y]) rest = F.add(rest, q[y]!);
  if (scheme === 'hub') {
    const a = top[0]!;
    if (!F.isPositive(rest)) return [{ tuple: [a], probability: total }];
    // Q(i, a) = q(i), Q(a, i) = q(a)·q(i)/q(V \ {a}) (§1.3), with q(V \ {a}) summed.
    for (const first of support) {
      if (first !== a) out.push({ tuple: [first, a], probability: q[first]! });
      else for (const i of support) if (i !== a) out.push({ tuple: [a, i], probability: F.mul(q[a]!, F.div(q[i]!, rest)) });
    }
    return out;
  }
  if (scheme === 'greedy') {
    // G-r: X ~ q restricted to V \ T, renormalised by the summed mass off T (§1.4).
    for (const x of support) if (!inTop[x]) out.push({ tuple: [...top, x], probability: F.div(q[x]!, rest) });
    return out;
  }
  // G-q: X ~ q.
  for (const x of support) out.push({ tuple: [...top, x], probability: F.div(q[x]!, total) });
  return out;
}

/** The set law Q_S of a scheme (§0.2, §4.2), sets in ascending-key order of first appearance. */
export function setLawOf<T>(F: Field<T>, scheme: DraftSchemeId, qIn: ArrayLike<T>, k: number, maxEntries = DEFAULT_MAX_LAW_ENTRIES): DraftSet<T>[] {
  getDraftScheme(scheme).check(F, qIn, k);
  const support = positiveSupport(F, qIn);
  const q = massNormalised(F, qIn);
  let total = F.zero;
  for (const y of support) total = F.add(total, q[y]!);
  if (scheme === 'iid') {
    // Multisets x_1 ≤ … ≤ x_k: probability k!/Π c! · Π q^c, merged by their set of distinct tokens.
    guard(binomial(support.length + k - 1, k), maxEntries, `the i.i.d. draft set law (n = ${q.length}, k = ${k})`);
    const factorial = [1];
    for (let i = 1; i <= k; i++) factorial.push(factorial[i - 1]! * i);
    const sets = new Map<string, DraftSet<T>>();
    const members: number[] = [];
    const counts: number[] = [];
    const walk = (start: number, depth: number, probability: T): void => {
      if (depth === k) {
        let ways = factorial[k]!;
        for (const c of counts) ways /= factorial[c]!;
        const key = members.join(',');
        const value = F.mul(F.fromInt(ways), probability);
        const seen = sets.get(key);
        if (seen === undefined) sets.set(key, { members: members.slice(), key, probability: value });
        else seen.probability = F.add(seen.probability, value);
        return;
      }
      for (let j = start; j < support.length; j++) {
        const x = support[j]!;
        const repeat = members.length > 0 && members[members.length - 1] === x;
        if (repeat) counts[counts.length - 1]!++;
        else {
          members.push(x);
          counts.push(1);
        }
        walk(j, depth + 1, F.mul(probability, q[x]!));
        if (repeat) counts[counts.length - 1]!--;
        else {
          members.pop();
          counts.pop();
        }
      }
    };
    walk(0, 0, F.one);
    return [...sets.values()];
  }
  if (scheme === 'wor') {
    guard(binomial(support.length, k) * Math.max(1, Math.min(k, 8)), maxEntries, `the without-replacement draft set law (n = ${q.length}, k = ${k})`);
    const out: DraftSet<T>[] = [];
    const members: number[] = [];
    const inside = new Uint8Array(q.length);
    const orderedSum = (chosen: number[]): T => {
      // Σ over orderings of the sequential product Π q(x_i)/q(V \ {x_1..x_{i−1}}) (§1.2). The mass still
      // undrawn is (mass outside the set) + (members not drawn yet): a sum of non-negative terms.
      const m = chosen.length;
      let chosenMass = F.zero;
      for (const x of chosen) {
        inside[x] = 1;
        chosenMass = F.add(chosenMass, q[x]!);
      }
      const outside = massOutside(F, q, support, inside, total, chosenMass);
      for (const x of chosen) inside[x] = 0;
      const used = new Uint8Array(m);
      const walk = (depth: number, probability: T): T => {
        if (depth === m) return probability;
        let remaining = outside;
        for (let i = 0; i < m; i++) if (!used[i]) remaining = F.add(remaining, q[chosen[i]!]!);
        let s = F.zero;
        for (let i = 0; i < m; i++) {
          if (used[i]) continue;
          used[i] = 1;
          s = F.add(s, walk(depth + 1, F.mul(probability, F.div(q[chosen[i]!]!, remaining))));
          used[i] = 0;
        }
        return s;
      };
      return walk(0, F.one);
    };
    const choose = (start: number): void => {
      if (members.length === k) {
        out.push({ members: members.slice(), key: members.join(','), probability: orderedSum(members) });
        return;
      }
      for (let j = start; j <= support.length - (k - members.length); j++) {
        members.push(support[j]!);
        choose(j + 1);
        members.pop();
      }
    };
    choose(0);
    return out;
  }
  return setLawFromTuples(F, jointLawOf(F, scheme, qIn, k, maxEntries));
}

/**
 * The joint law by enumerating the scheme's program (`prepare(…).draw`) with exact branch probabilities (§3.2):
 * the oracle the closed forms above are tested against. Tuples merged by value, in enumeration order; q is
 * assumed validated. Small vocabularies only (`TOO_LARGE` past `maxEntries` outcomes).
 *
 * @example
 * ```ts
 * enumerateJointLaw(rationalField, 'hub', [Rational.of(1, 2), Rational.of(1, 3), Rational.of(1, 6)], 2)
 *   .map((t) => `${t.tuple}: ${t.probability}`); // ['0,1: 1/3', '0,2: 1/6', '1,0: 1/3', '2,0: 1/6']
 * ```
 */
export function enumerateJointLaw<T>(F: Field<T>, scheme: string, q: ArrayLike<T>, k: number, maxEntries = DEFAULT_MAX_LAW_ENTRIES): DraftTuple<T>[] {
  const draws = getDraftScheme(scheme).prepare(F, q, k);
  const merged = new Map<string, DraftTuple<T>>();
  for (const { probability, value } of enumerateOutcomes(F, (c) => draws.draw(c), maxEntries)) {
    const key = value.join(',');
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, { tuple: value, probability });
    else seen.probability = F.add(seen.probability, probability);
  }
  return [...merged.values()];
}

/** Merges ordered tuples into sets of distinct tokens. */
export function setLawFromTuples<T>(F: Field<T>, tuples: readonly DraftTuple<T>[]): DraftSet<T>[] {
  const sets = new Map<string, DraftSet<T>>();
  for (const { tuple, probability } of tuples) {
    const members = [...new Set(tuple)].sort((a, b) => a - b);
    const key = members.join(',');
    const seen = sets.get(key);
    if (seen === undefined) sets.set(key, { members, key, probability });
    else seen.probability = F.add(seen.probability, probability);
  }
  return [...sets.values()];
}

/** Converts a `draftSetLaw` map (keys `'a,b'`) into draft sets; the empty key is ignored. */
export function setLawFromMap<T>(setLaw: ReadonlyMap<string, T>): DraftSet<T>[] {
  const out: DraftSet<T>[] = [];
  for (const [key, probability] of setLaw) {
    if (key === '') continue;
    out.push({ members: key.split(',').map(Number), key, probability });
  }
  return out;
}

/** The key of the set of distinct tokens of a draft tuple. */
export function setKeyOf(drafts: readonly number[]): string {
  if (drafts.length === 1) return String(drafts[0]);
  if (drafts.length === 2) {
    const [a, b] = drafts as [number, number];
    return a === b ? String(a) : a < b ? `${a},${b}` : `${b},${a}`;
  }
  return [...new Set(drafts)].sort((a, b) => a - b).join(',');
}
