import type { Tensor3D } from '@tensorflow/tfjs';
import type { ForwardResult, GptModel, KvCache } from '../../model.ts';

/**
 * Scores the nodes of a token tree level by level with one model, on top of a cache whose last entry is the
 * tree's root (node 0): each fed node attends to the whole cache, its fed ancestors and itself, at position
 * cache.length − 1 + depth. Keeps the keys/values of every fed node so that deeper levels can attend to them
 * and the accepted path can be committed to the cache afterwards.
 */
export class TreeSession {
  private readonly model: GptModel;
  private readonly cache: KvCache;
  private readonly parents: readonly number[];
  private readonly depth: Int32Array;
  /** Fed node ids, in feeding order (= column order of keys/values). */
  readonly fed: number[] = [];
  private readonly column = new Map<number, number>();
  private keys: Tensor3D[] = [];
  private values: Tensor3D[] = [];

  constructor(model: GptModel, cache: KvCache, parents: readonly number[]) {
    this.model = model;
    this.cache = cache;
    this.parents = parents;
    this.depth = new Int32Array(parents.length);
    for (let v = 1; v < parents.length; v++) this.depth[v] = this.depth[parents[v]!]! + 1;
  }

  private isAncestorOrSelf(a: number, v: number): boolean {
    for (let u = v; u > 0; u = this.parents[u]!) if (u === a) return true;
    return false;
  }

  /** Feeds nodes (ids ≥ 1, ancestors fed before) with their tokens; returns the logits (row i = nodes[i]). */
  feed(nodes: readonly number[], tokens: readonly number[]): Float32Array {
    const tf = this.model.tf;
    const m = this.fed.length;
    const n = nodes.length;
    const pastLength = this.cache.length + m;
    const width = pastLength + n;
    const allowed = new Uint8Array(n * width);
    const positions: number[] = [];
    nodes.forEach((v, i) => {
      const row = i * width;
      allowed.fill(1, row, row + this.cache.length);
      for (let j = 0; j < m; j++) if (this.isAncestorOrSelf(this.fed[j]!, v)) allowed[row + this.cache.length + j] = 1;
      for (let j = 0; j < n; j++) if (this.isAncestorOrSelf(nodes[j]!, v)) allowed[row + pastLength + j] = 1;
      positions.push(this.cache.length - 1 + this.depth[v]!);
    });
    const past =
      m === 0
        ? this.cache
        : {
            length: pastLength,
            keys: this.cache.keys.map((k, l) => tf.concat([k, this.keys[l]!], 1) as Tensor3D),
            values: this.cache.values.map((k, l) => tf.concat([k, this.values[l]!], 1) as Tensor3D),
          };
    const result = this.model.forward(tokens, positions, past, allowed);
    if (m > 0) for (const t of [...past.keys, ...past.values]) t.dispose();
    if (m === 0) {
      this.keys = result.keys;
      this.values = result.values;
    } else {
      const join = (old: Tensor3D[], fresh: Tensor3D[]) =>
        old.map((t, l) => {
          const joined = tf.concat([t, fresh[l]!], 1) as Tensor3D;
          t.dispose();
          fresh[l]!.dispose();
          return joined;
        });
      this.keys = join(this.keys, result.keys);
      this.values = join(this.values, result.values);
    }
    nodes.forEach((v, i) => {
      this.column.set(v, m + i);
      this.fed.push(v);
    });
    return result.logits;
  }

  /** Whether a node's keys/values were computed. */
  has(v: number): boolean {
    return this.column.has(v);
  }

  /** A new cache: the session's cache followed by the given fed nodes (a chain below the root), old cache kept. */
  commit(path: readonly number[]): KvCache {
    if (this.fed.length === 0 || path.length === 0) return this.model.cloneCache(this.cache);
    const result: ForwardResult = { logits: new Float32Array(0), count: this.fed.length, keys: this.keys, values: this.values };
    return this.model.extendCache(this.cache, result, path.map((v) => this.column.get(v)!), true);
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) t.dispose();
    this.keys = [];
    this.values = [];
  }
}
