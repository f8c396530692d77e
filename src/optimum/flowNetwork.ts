/**
 * Maximum flow over any {@link Field} (exact in rationals): Dinic's algorithm with BFS levels and iterative
 * blocking flows, plus the source side of a minimum cut. Promoted out of `optimum/_internals/dinic.ts` so that
 * later layers (the tree-level optimum of §S4.2, whose cutting planes are found by max-flow separation)
 * use the same implementation.
 *
 * @example
 * ```ts
 * const net = new FlowNetwork(rationalField, 4);
 * net.addEdge(0, 1, Rational.of(1, 2)); net.addEdge(1, 3, Rational.ONE); net.addEdge(0, 2, Rational.ONE); net.addEdge(2, 3, Rational.of(1, 3));
 * net.maxFlow(0, 3).toString(); // '5/6'
 * ```
 */
export { FlowNetwork } from './_internals/dinic.ts';
