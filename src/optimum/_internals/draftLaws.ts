/**
 * Draft laws for the optimum routes (spec §1, §4.1–4.2): the joint law Q(x̄) of ordered tuples and the law Q_S
 * of draft *sets*, as arrays.
 *
 * i.i.d. and without-replacement laws are built directly (multisets / ordered distinct tuples), which is far
 * cheaper than replaying the scheme's program once per outcome; the hub and greedy laws (O(n) outcomes) are
 * enumerated from the scheme's own program. Tests check both against `draftJointLaw` / `draftSetLaw`
 * (src/analysis/jointLaw.ts) exactly. Tokens with q = 0 are never drafted.
 *
 * This file imports the draft schemes directly (not the method registry), so that the OTM verifiers, which
 * the registry imports, can use it without an import cycle.
 */
import { enumerateOutcomes } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import type { Field } from '../../core/field.ts';
import type { DraftScheme, DraftSchemeId } from '../../draws/draftScheme.ts';
import { greedyDraws } from '../../draws/greedyDraws.ts';
import { greedyQDraws } from '../../draws/greedyQDraws.ts';
import { hubPairDraws } from '../../draws/hubPairDraws.ts';
import { iidDraws } from '../../draws/iidDraws.ts';
import { withoutReplacementDraws } from '../../draws/withoutReplacementDraws.ts';

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

const schemes: Readonly<Record<DraftSchemeId, DraftScheme>> = {
  iid: iidDraws,
  wor: withoutReplacementDraws,
  hub: hubPairDraws,
  greedy: greedyDraws,
  'greedy-q': greedyQDraws,
};

/** The draft scheme object for an id; `UNKNOWN_METHOD` otherwise. */
export function schemeById(id: string): DraftScheme {
  const s = (schemes as Record<string, DraftScheme>)[id];
  if (s === undefined) {
    throw new SpechubError('UNKNOWN_METHOD', `unknown draft scheme '${id}' (known: ${Object.keys(schemes).join(', ')})`);
  }
  return s;
}

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

/** The ordered joint law Q(x̄) of a scheme (spec §1); the scheme's own `check` runs first. */
export function jointLawOf<T>(F: Field<T>, scheme: DraftSchemeId, q: ArrayLike<T>, k: number, maxEntries = DEFAULT_MAX_LAW_ENTRIES): DraftTuple<T>[] {
  schemeById(scheme).check(F, q, k);
  guard(jointLawSize(F, scheme, q, k), maxEntries, `the ${scheme} joint draft law (n = ${q.length}, k = ${k})`);
  const support = positiveSupport(F, q);
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
    const walk = (depth: number, probability: T, remaining: T): void => {
      if (depth === k) {
        out.push({ tuple: tuple.slice(), probability });
        return;
      }
      for (const x of support) {
        if (used[x]) continue;
        used[x] = 1;
        tuple.push(x);
        walk(depth + 1, F.mul(probability, F.div(q[x]!, remaining)), F.sub(remaining, q[x]!));
        tuple.pop();
        used[x] = 0;
      }
    };
    walk(0, F.one, F.one);
    return out;
  }
  const draws = schemeById(scheme).prepare(F, q, k);
  const merged = new Map<string, DraftTuple<T>>();
  for (const { probability, value } of enumerateOutcomes(F, (c) => draws.draw(c), maxEntries)) {
    const key = value.join(',');
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, { tuple: value, probability });
    else seen.probability = F.add(seen.probability, probability);
  }
  return [...merged.values()];
}

/** The set law Q_S of a scheme (spec §0.2, §4.2), sets in ascending-key order of first appearance. */
export function setLawOf<T>(F: Field<T>, scheme: DraftSchemeId, q: ArrayLike<T>, k: number, maxEntries = DEFAULT_MAX_LAW_ENTRIES): DraftSet<T>[] {
  schemeById(scheme).check(F, q, k);
  const support = positiveSupport(F, q);
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
    const orderedSum = (chosen: number[]): T => {
      // Σ over orderings of the sequential product Π q(x_i)/(1 − Σ_{j<i} q(x_j)) (spec §1.2).
      const m = chosen.length;
      const used = new Uint8Array(m);
      const walk = (depth: number, probability: T, remaining: T): T => {
        if (depth === m) return probability;
        let s = F.zero;
        for (let i = 0; i < m; i++) {
          if (used[i]) continue;
          const x = chosen[i]!;
          used[i] = 1;
          s = F.add(s, walk(depth + 1, F.mul(probability, F.div(q[x]!, remaining)), F.sub(remaining, q[x]!)));
          used[i] = 0;
        }
        return s;
      };
      return walk(0, F.one, F.one);
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
  return setLawFromTuples(F, jointLawOf(F, scheme, q, k, maxEntries));
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
