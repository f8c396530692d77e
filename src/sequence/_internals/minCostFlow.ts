/**
 * Exact minimum-cost flow with integer arc costs and capacities in any field (rationals: exact): the primal-dual
 * method — Bellman–Ford potentials, then repeatedly Dijkstra on reduced costs and a Dinic maximum flow on the
 * arcs of reduced cost 0 — until the demand is met or the sink is cut off. Costs being small integers, the number
 * of phases is at most the range of shortest-path lengths; each phase is a max-flow.
 */
import type { Field } from '../../core/field.ts';

export class MinCostFlow<T> {
  private readonly F: Field<T>;
  readonly nodeCount: number;
  private readonly head: Int32Array;
  private next: number[] = [];
  private to: number[] = [];
  private cost: number[] = [];
  private residual: T[] = [];
  private capacity: T[] = [];

  constructor(F: Field<T>, nodeCount: number) {
    this.F = F;
    this.nodeCount = nodeCount;
    this.head = new Int32Array(nodeCount).fill(-1);
  }

  /** Adds u → v with the given capacity and integer cost; returns the arc index. */
  addEdge(u: number, v: number, capacity: T, cost: number): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.cost.push(cost, -cost);
    this.residual.push(capacity, this.F.zero);
    this.capacity.push(capacity, this.F.zero);
    this.next.push(this.head[u]!, this.head[v]!);
    this.head[u] = e;
    this.head[v] = e + 1;
    return e;
  }

  flowOn(e: number): T {
    return this.F.sub(this.capacity[e]!, this.residual[e]!);
  }

  /** Sends up to `demand` from source to sink at minimum cost; returns the flow value and its cost. */
  run(source: number, sink: number, demand: T): { flow: T; cost: T } {
    const F = this.F;
    const N = this.nodeCount;
    const potential = new Float64Array(N);
    // Bellman–Ford from the source (arc costs may be negative; the graph has no negative cycle initially).
    const dist0 = new Float64Array(N).fill(Infinity);
    dist0[source] = 0;
    for (let round = 0; round < N; round++) {
      let changed = false;
      for (let u = 0; u < N; u++) {
        if (dist0[u] === Infinity) continue;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          if (!F.isPositive(this.residual[e]!)) continue;
          const d = dist0[u]! + this.cost[e]!;
          if (d < dist0[this.to[e]!]!) {
            dist0[this.to[e]!] = d;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    for (let v = 0; v < N; v++) potential[v] = dist0[v] === Infinity ? 0 : dist0[v]!;
    let flow = F.zero;
    let total = F.zero;
    while (F.lt(flow, demand)) {
      const dist = this.dijkstra(source, potential);
      if (dist[sink] === Infinity) break;
      const cap = dist[sink]!;
      for (let v = 0; v < N; v++) potential[v]! += Math.min(dist[v]!, cap);
      const pushed = this.admissibleMaxFlow(source, sink, potential, F.sub(demand, flow));
      if (!F.isPositive(pushed)) break;
      flow = F.add(flow, pushed);
      // Every arc used has reduced cost 0: the path cost is potential[sink] − potential[source].
      total = F.add(total, F.mul(pushed, F.fromInt(potential[sink]! - potential[source]!)));
    }
    return { flow, cost: total };
  }

  private reducedCost(e: number, from: number, potential: Float64Array): number {
    return this.cost[e]! + potential[from]! - potential[this.to[e]!]!;
  }

  private dijkstra(source: number, potential: Float64Array): Float64Array {
    const F = this.F;
    const N = this.nodeCount;
    const dist = new Float64Array(N).fill(Infinity);
    const done = new Uint8Array(N);
    dist[source] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < N; v++) if (!done[v] && dist[v]! < Infinity && (u < 0 || dist[v]! < dist[u]!)) u = v;
      if (u < 0) return dist;
      done[u] = 1;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        if (!F.isPositive(this.residual[e]!)) continue;
        const d = dist[u]! + this.reducedCost(e, u, potential);
        if (d < dist[this.to[e]!]!) dist[this.to[e]!] = d;
      }
    }
  }

  /** Dinic restricted to residual arcs of reduced cost 0; pushes at most `limit`. */
  private admissibleMaxFlow(source: number, sink: number, potential: Float64Array, limit: T): T {
    const F = this.F;
    const N = this.nodeCount;
    const admissible = (e: number, u: number) => F.isPositive(this.residual[e]!) && this.reducedCost(e, u, potential) === 0;
    let total = F.zero;
    for (;;) {
      if (!F.lt(total, limit)) return total;
      const level = new Int32Array(N).fill(-1);
      const queue = [source];
      level[source] = 0;
      for (let i = 0; i < queue.length; i++) {
        const u = queue[i]!;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          const v = this.to[e]!;
          if (level[v] === -1 && admissible(e, u)) {
            level[v] = level[u]! + 1;
            queue.push(v);
          }
        }
      }
      if (level[sink] === -1) return total;
      const current = Int32Array.from(this.head);
      const path: number[] = [];
      let u = source;
      for (;;) {
        if (!F.lt(total, limit)) return total;
        if (u === sink) {
          let bottleneck = F.sub(limit, total);
          for (const e of path) bottleneck = F.min(bottleneck, this.residual[e]!);
          for (const e of path) {
            this.residual[e] = F.sub(this.residual[e]!, bottleneck);
            this.residual[e ^ 1] = F.add(this.residual[e ^ 1]!, bottleneck);
          }
          total = F.add(total, bottleneck);
          path.length = 0;
          u = source;
          continue;
        }
        let e = current[u]!;
        while (e !== -1 && !(level[this.to[e]!] === level[u]! + 1 && admissible(e, u))) e = this.next[e]!;
        current[u] = e;
        if (e !== -1) {
          path.push(e);
          u = this.to[e]!;
          continue;
        }
        level[u] = -1;
        if (path.length === 0) break;
        const back = path.pop()!;
        u = this.to[back ^ 1]!;
        current[u] = this.next[current[u]!]!;
      }
    }
  }
}
