import type { ForwardOptions, GptModel, KvCache } from '../../model.ts';

/**
 * Drafts a token tree with one model, one forward call per tree level, on top of a cache that is not owned
 * (the decoding state's). The first call ({@link prefill}) feeds the committed tokens the cache lacks — the
 * last of them is the tree's root (node 0) — and returns the root's logits only; each later call
 * ({@link feed}) scores every node of one level at once, each attending to the committed context, its fed
 * ancestors and itself, at position committed − 1 + depth.
 *
 * Cache bookkeeping is at most two tensor operations per layer and key/value for the whole step: every forward call
 * returns the past-plus-new keys/values it attended to (`keepContext`), which become the next call's past as
 * they are (columns: cache, pending tokens, then the fed nodes in feeding order, the same layout as a cache
 * extended by the pending tokens followed by the fed nodes); {@link commit} builds the new cache as the base
 * cache followed by the pending tokens' and the accepted path's columns (a slice per run of consecutive columns
 * and one concatenation), or hands the context over untouched when it holds exactly the committed tokens.
 */
export class TreeSession {
  private readonly model: GptModel;
  private readonly base: KvCache;
  private readonly parents: readonly number[];
  private readonly depth: Int32Array;
  private readonly lap: ForwardOptions['lap'];
  /** Past-plus-fed keys/values (owned), null before {@link prefill} or after it was handed over. */
  private context: KvCache | null = null;
  /** Committed tokens in the context: the base cache plus the pending tokens. */
  private committed = 0;
  /** Context column of each fed node (−1: not fed). */
  private readonly column: Int32Array;
  /** Fed node ids, in feeding order (column committed + j). */
  private readonly fed: number[] = [];

  constructor(model: GptModel, base: KvCache, parents: readonly number[], depth: Int32Array, lap?: ForwardOptions['lap']) {
    this.model = model;
    this.base = base;
    this.parents = parents;
    this.depth = depth;
    this.lap = lap;
    this.column = new Int32Array(parents.length).fill(-1);
  }

  private isAncestorOrSelf(a: number, v: number): boolean {
    for (let u = v; u > 0; u = this.parents[u]!) if (u === a) return true;
    return false;
  }

  /** Feeds the pending committed tokens (a chain after the base cache); returns the logits of the last one (the root). */
  prefill(pending: readonly number[]): Float32Array {
    const result = this.model.scoreTree(this.base, pending, pending.map((_, i) => i - 1), { keepContext: true, logitsFrom: pending.length - 1, lap: this.lap });
    this.context = result.context!;
    this.committed = this.context.length;
    return result.logits;
  }

  /** Feeds the nodes of one level (ids ≥ 1, ancestors fed before) with their tokens; returns their logits (row i = nodes[i]). */
  feed(nodes: readonly number[], tokens: readonly number[]): Float32Array {
    const past = this.context!;
    const pastLength = past.length;
    const n = nodes.length;
    const width = pastLength + n;
    const committed = this.committed;
    const allowed = new Uint8Array(n * width);
    const positions: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = nodes[i]!;
      const row = i * width;
      allowed.fill(1, row, row + committed);
      for (let j = 0; j < this.fed.length; j++) if (this.isAncestorOrSelf(this.fed[j]!, v)) allowed[row + committed + j] = 1;
      for (let j = 0; j < n; j++) if (this.isAncestorOrSelf(nodes[j]!, v)) allowed[row + pastLength + j] = 1;
      positions.push(committed - 1 + this.depth[v]!);
    }
    const result = this.model.forward(tokens, positions, past, allowed, { keepContext: true, lap: this.lap });
    this.model.disposeCache(past);
    this.context = result.context!;
    nodes.forEach((v, i) => {
      this.column[v] = pastLength + i;
      this.fed.push(v);
    });
    return result.logits;
  }

  /** Whether a node's keys/values were computed. */
  has(v: number): boolean {
    return this.column[v]! >= 0;
  }

  /** The new cache: the committed tokens followed by the given fed nodes (a chain below the root). */
  commit(path: readonly number[]): KvCache {
    const context = this.context!;
    if (path.length === 0 && context.length === this.committed) {
      this.context = null; // handed over as it is
      return context;
    }
    const columns: number[] = [];
    for (let j = this.base.length; j < this.committed; j++) columns.push(j);
    for (const v of path) columns.push(this.column[v]!);
    return this.model.appendColumns(this.base, context, columns);
  }

  /** Frees the context (unless it was handed over by {@link commit}). */
  dispose(): void {
    if (this.context !== null) this.model.disposeCache(this.context);
    this.context = null;
  }
}
