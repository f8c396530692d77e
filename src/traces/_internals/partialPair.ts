/**
 * A target/draft pair known only in part (docs/theory.md §10.1): each side stores some token ids with
 * their probabilities; the rest of its mass (`tail`) lies on unstored tokens, none of which exceeds `cap`.
 * The pair is laid out over the union U of stored ids (ascending): `p[i]` / `q[i]` are NaN where unknown.
 */

import { floatField } from '../../core/field.ts';

/** One side as stored: ids with probabilities, and the implied remaining mass. */
export interface SparseLaw {
  ids: ArrayLike<number>;
  probs: ArrayLike<number>;
  /** 1 − Σ probs (0 when the law is fully known). */
  tail: number;
  /** Upper bound on any unstored probability (≤ tail). */
  cap: number;
}

export interface PartialPair {
  /** Union of stored ids, ascending. */
  ids: Int32Array;
  /** Target probability on U (NaN = unknown). */
  p: Float64Array;
  /** Draft probability on U (NaN = unknown). */
  q: Float64Array;
  mp: number;
  cp: number;
  mq: number;
  cq: number;
  vocab: number;
}

/** Sorts a side's entries by id: packed keys id·2^21 + j sorted as doubles (exact: ids < 2^31, j < 2^21). */
function sortedById(law: SparseLaw): { ids: Float64Array; probs: Float64Array } {
  const K = law.ids.length;
  const keys = new Float64Array(K);
  for (let j = 0; j < K; j++) keys[j] = law.ids[j]! * 2097152 + j;
  keys.sort();
  const ids = new Float64Array(K);
  const probs = new Float64Array(K);
  for (let t = 0; t < K; t++) {
    const key = keys[t]!;
    const id = Math.floor(key / 2097152);
    ids[t] = id;
    probs[t] = law.probs[key - id * 2097152]!;
  }
  return { ids, probs };
}

export function partialPair(target: SparseLaw, draft: SparseLaw, vocab: number): PartialPair {
  const a = sortedById(target);
  const b = sortedById(draft);
  const n = a.ids.length;
  const m = b.ids.length;
  const ids = new Int32Array(n + m);
  const p = new Float64Array(n + m);
  const q = new Float64Array(n + m);
  let i = 0;
  let j = 0;
  let u = 0;
  while (i < n || j < m) {
    const x = i < n ? a.ids[i]! : Infinity;
    const y = j < m ? b.ids[j]! : Infinity;
    if (x === y) {
      ids[u] = x;
      p[u] = a.probs[i++]!;
      q[u++] = b.probs[j++]!;
    } else if (x < y) {
      ids[u] = x;
      p[u] = a.probs[i++]!;
      q[u++] = NaN;
    } else {
      ids[u] = y;
      p[u] = NaN;
      q[u++] = b.probs[j++]!;
    }
  }
  return {
    ids: ids.slice(0, u),
    p: p.slice(0, u),
    q: q.slice(0, u),
    mp: target.tail,
    cp: target.tail > 0 ? Math.min(target.cap, target.tail) : 0,
    mq: draft.tail,
    cq: draft.tail > 0 ? Math.min(draft.cap, draft.tail) : 0,
    vocab,
  };
}

/** The nonzero entries of a dense law as a sparse law with no tail. */
export function sparseOfDense(probs: ArrayLike<number>): SparseLaw {
  const ids: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! > 0) {
      ids.push(i);
      values.push(probs[i]!);
    }
  }
  return { ids, probs: values, tail: 0, cap: 0 };
}

/**
 * The draft mass off the tokens `excluded` (indices of known draft entries): their complement 1 − q(excluded) summed
 * as the unstored mass plus the other known entries (compensated, in that order), never as a difference (§11.3:
 * 1 − q(a) with q(a) = 1 and other masses of 1e-18 is 0 as a difference, 7·10⁻¹⁸ summed). Shared by the top-K
 * bounds of SpecHub, G-r and RRSw (topKAcceptanceBounds.ts) and the optimum's hub weight (optimumBounds.ts).
 */
export function draftMassOff(pair: PartialPair, excluded: readonly number[]): number {
  const masses = [pair.mq];
  const q = pair.q;
  for (let i = 0; i < q.length; i++) if (q[i] === q[i] && !excluded.includes(i)) masses.push(q[i]!);
  return floatField.sum(masses);
}
