/**
 * A target/draft pair known only in part (docs/theory-topk.md §10.1): each side stores some token ids with
 * their probabilities; the rest of its mass (`tail`) lies on unstored tokens, none of which exceeds `cap`.
 * The pair is laid out over the union U of stored ids (ascending): `p[i]` / `q[i]` are NaN where unknown.
 */

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

export function partialPair(target: SparseLaw, draft: SparseLaw, vocab: number): PartialPair {
  const all = new Map<number, [number, number]>();
  for (let j = 0; j < target.ids.length; j++) all.set(target.ids[j]!, [target.probs[j]!, NaN]);
  for (let j = 0; j < draft.ids.length; j++) {
    const id = draft.ids[j]!;
    const e = all.get(id);
    if (e) e[1] = draft.probs[j]!;
    else all.set(id, [NaN, draft.probs[j]!]);
  }
  const ids = Int32Array.from(all.keys()).sort();
  const p = new Float64Array(ids.length);
  const q = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const [a, b] = all.get(id)!;
    p[i] = a;
    q[i] = b;
  });
  return { ids, p, q, mp: target.tail, cp: target.tail > 0 ? Math.min(target.cap, target.tail) : 0, mq: draft.tail, cq: draft.tail > 0 ? Math.min(draft.cap, draft.tail) : 0, vocab };
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
