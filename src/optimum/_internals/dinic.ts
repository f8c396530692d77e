/**
 * Dinic's maximum-flow algorithm over any {@link Field}: BFS level graph, then blocking flows found by an
 * iterative depth-first search with current-arc pointers (no recursion, so deep level graphs are safe).
 *
 * Exact in the rational field. In float64 a residual capacity at or below `tolerance` counts as zero, so
 * round-off cannot create endless tiny augmentations.
 */
import type { Field } from '../../core/field.ts';

/** A directed network with capacities in a field; arcs are added once, then {@link FlowNetwork.maxFlow} runs. */
export class FlowNetwork<T> {
  readonly F: Field<T>;
  readonly nodeCount: number;
  private readonly head: Int32Array;
  private next: number[] = [];
  private to: number[] = [];
  /** Residual capacity of each arc (arc e and e ^ 1 are a pair). */
  private residual: T[] = [];
  private capacity: T[] = [];
  private readonly tolerance: number;

  constructor(F: Field<T>, nodeCount: number, tolerance = 1e-15) {
    this.F = F;
    this.nodeCount = nodeCount;
    this.head = new Int32Array(nodeCount).fill(-1);
    this.tolerance = tolerance;
  }

  /** Adds an arc u → v of the given capacity; returns its index (for {@link flowOn}). */
  addEdge(u: number, v: number, capacity: T): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.residual.push(capacity, this.F.zero);
    this.capacity.push(capacity, this.F.zero);
    this.next.push(this.head[u]!, this.head[v]!);
    this.head[u] = e;
    this.head[v] = e + 1;
    return e;
  }

  private positive(x: T): boolean {
    return this.F.name === 'float64' ? (x as unknown as number) > this.tolerance : this.F.isPositive(x);
  }

  /** Flow currently on arc e (capacity − residual). */
  flowOn(e: number): T {
    return this.F.sub(this.capacity[e]!, this.residual[e]!);
  }

  private levels(source: number, sink: number): Int32Array | null {
    const level = new Int32Array(this.nodeCount).fill(-1);
    const queue = new Int32Array(this.nodeCount);
    let read = 0;
    let write = 0;
    level[source] = 0;
    queue[write++] = source;
    while (read < write) {
      const u = queue[read++]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (level[v] === -1 && this.positive(this.residual[e]!)) {
          level[v] = level[u]! + 1;
          queue[write++] = v;
        }
      }
    }
    return level[sink] === -1 ? null : level;
  }

  /** Pushes a maximum flow from source to sink; returns its value. */
  maxFlow(source: number, sink: number): T {
    const F = this.F;
    let total = F.zero;
    for (;;) {
      const level = this.levels(source, sink);
      if (level === null) return total;
      const current = Int32Array.from(this.head);
      const path: number[] = []; // arcs from the source to the current node
      let u = source;
      for (;;) {
        if (u === sink) {
          let bottleneck: T = this.residual[path[0]!] as T;
          for (const e of path) bottleneck = F.min(bottleneck, this.residual[e]!);
          let firstSaturated = -1;
          for (let i = 0; i < path.length; i++) {
            const e = path[i]!;
            this.residual[e] = F.sub(this.residual[e]!, bottleneck);
            this.residual[e ^ 1] = F.add(this.residual[e ^ 1]!, bottleneck);
            if (firstSaturated < 0 && !this.positive(this.residual[e]!)) firstSaturated = i;
          }
          total = F.add(total, bottleneck);
          path.length = firstSaturated < 0 ? path.length : firstSaturated;
          u = path.length === 0 ? source : this.to[path[path.length - 1]!]!;
          continue;
        }
        let e = current[u]!;
        while (e !== -1 && !(level[this.to[e]!] === level[u]! + 1 && this.positive(this.residual[e]!))) e = this.next[e]!;
        current[u] = e;
        if (e !== -1) {
          path.push(e);
          u = this.to[e]!;
          continue;
        }
        // Dead end: retreat and never come back to u in this phase.
        level[u] = -1;
        if (path.length === 0) break;
        const back = path.pop()!;
        u = this.to[back ^ 1]!;
        current[u] = this.next[current[u]!]!;
      }
    }
  }

  /** Nodes reachable from the source in the residual graph: the source side of a minimum cut. */
  sourceSide(source: number): Uint8Array {
    const seen = new Uint8Array(this.nodeCount);
    const stack = [source];
    seen[source] = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (!seen[v] && this.positive(this.residual[e]!)) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return seen;
  }
}
