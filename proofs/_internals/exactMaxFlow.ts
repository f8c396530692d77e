/**
 * An exact-rational maximum flow on the membership network of §4.3 (source → set S → member y → sink),
 * by Edmonds–Karp (shortest augmenting paths), written for the machine checks independently of the toolkit's
 * own max-flow: it returns the flow f(S, y) and the source side of a minimum cut.
 */
import { Rational } from '../../src/core/rational.ts';

export interface ExactFlow {
  value: Rational;
  /** f(S, y) keyed `${setIndex}:${token}`. */
  flow: Map<string, Rational>;
  /** Tokens on the source side of the minimum cut (reachable in the residual network). */
  sourceSideTokens: number[];
}

export function exactMaxFlow(p: readonly Rational[], sets: ReadonlyArray<{ members: number[]; probability: Rational }>): ExactFlow {
  const n = p.length;
  const m = sets.length;
  const nodes = m + n + 2;
  const source = 0;
  const sink = nodes - 1;
  const setNode = (s: number) => 1 + s;
  const tokenNode = (y: number) => 1 + m + y;
  // Capacities; `null` = ∞.
  const capacity = new Map<string, Rational | null>();
  const flow = new Map<string, Rational>();
  const adjacency: number[][] = Array.from({ length: nodes }, () => []);
  const addArc = (u: number, v: number, c: Rational | null) => {
    capacity.set(`${u}>${v}`, c);
    if (!capacity.has(`${v}>${u}`)) capacity.set(`${v}>${u}`, Rational.ZERO);
    adjacency[u]!.push(v);
    adjacency[v]!.push(u);
  };
  sets.forEach((s, i) => {
    addArc(source, setNode(i), s.probability);
    for (const y of s.members) addArc(setNode(i), tokenNode(y), null);
  });
  for (let y = 0; y < n; y++) addArc(tokenNode(y), sink, p[y]!);
  const f = (u: number, v: number) => flow.get(`${u}>${v}`) ?? Rational.ZERO;
  const residual = (u: number, v: number): Rational | null => {
    const c = capacity.get(`${u}>${v}`);
    if (c === null) return null;
    return (c ?? Rational.ZERO).sub(f(u, v)).add(f(v, u));
  };
  const positive = (r: Rational | null) => r === null || r.sign() > 0;
  let value = Rational.ZERO;
  for (;;) {
    const parent = new Array<number>(nodes).fill(-1);
    parent[source] = source;
    const queue = [source];
    while (queue.length > 0 && parent[sink] === -1) {
      const u = queue.shift()!;
      for (const v of adjacency[u]!) if (parent[v] === -1 && positive(residual(u, v))) {
        parent[v] = u;
        queue.push(v);
      }
    }
    if (parent[sink] === -1) break;
    let bottleneck: Rational | null = null;
    for (let v = sink; v !== source; v = parent[v]!) {
      const r = residual(parent[v]!, v);
      if (r !== null && (bottleneck === null || r.compare(bottleneck) < 0)) bottleneck = r;
    }
    const b = bottleneck!; // every path crosses a finite source or sink arc
    for (let v = sink; v !== source; v = parent[v]!) {
      const u = parent[v]!;
      // Cancel reverse flow first, then push forward.
      const back = f(v, u);
      if (back.compare(b) >= 0) flow.set(`${v}>${u}`, back.sub(b));
      else {
        flow.set(`${v}>${u}`, Rational.ZERO);
        flow.set(`${u}>${v}`, f(u, v).add(b.sub(back)));
      }
    }
    value = value.add(b);
  }
  // Source side of the minimum cut.
  const reached = new Set([source]);
  const queue = [source];
  while (queue.length > 0) {
    const u = queue.shift()!;
    for (const v of adjacency[u]!) if (!reached.has(v) && positive(residual(u, v))) {
      reached.add(v);
      queue.push(v);
    }
  }
  const out = new Map<string, Rational>();
  sets.forEach((s, i) => {
    for (const y of s.members) out.set(`${i}:${y}`, f(setNode(i), tokenNode(y)));
  });
  const sourceSideTokens: number[] = [];
  for (let y = 0; y < n; y++) if (reached.has(tokenNode(y))) sourceSideTokens.push(y);
  return { value, flow: out, sourceSideTokens };
}
