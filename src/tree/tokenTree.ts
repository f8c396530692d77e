/**
 * Token trees (§5): the shape of the drafts verified in one target call. Node 0 is the root (the last
 * committed token); every other node is one draft token; the ordered children of a node are the drafts for the
 * next token at that node, generated together by one draft scheme (§1) and verified by one verifier (§2).
 *
 * Shapes:
 * - {@link fullTree}(k, D): the full k-ary tree of depth D − 1, named `k^D` as in Sequoia's `k-ary_trees/2^D.pt`
 *   and EAGLE's `binaryD` (§5.2): `2^2` = one level of 2 drafts, `2^5` = depth 4 with 2^5 − 2 = 30 drafts;
 * - {@link chainTree}(L): L drafts in a chain (single-draft speculative decoding with draft length L);
 * - {@link treeFromParents}: any shape as a parent list, e.g. Sequoia-optimised trees for a node budget;
 * - {@link treeFromPaths}: any shape as EAGLE-style child-index paths.
 *
 * @example
 * ```ts
 * const t = fullTree(2, 3);           // `2^3`: root, 2 children, 4 grandchildren
 * t.parents;                          // [-1, 0, 0, 1, 1, 2, 2]
 * treeFromParents([-1, 0, 0, 1]).children; // [[1, 2], [3], [], []]
 * ```
 */
import { SpechubError } from '../core/errors.ts';

export interface TokenTree {
  /** parents[v] for every node; parents[0] = −1 (root); parents[v] < v (nodes in breadth- or depth-first order). */
  readonly parents: readonly number[];
  /** children[v]: the child nodes of v in draft order (child j holds the j-th draft). */
  readonly children: ReadonlyArray<readonly number[]>;
  /** Number of draft tokens (nodes other than the root). */
  readonly draftTokens: number;
  /** Longest root-to-leaf path, in edges (= most drafts that one step can accept). */
  readonly depth: number;
  /** Largest number of children of a node. */
  readonly maxBranching: number;
}

/** Largest tree accepted (nodes). */
export const MAX_TREE_NODES = 1 << 16;

/** Builds a tree from a parent list; validates it (one root first, parents before children, integers). */
export function treeFromParents(parents: readonly unknown[]): TokenTree {
  if (!Array.isArray(parents) || parents.length === 0) throw new SpechubError('INVALID_ARGUMENT', 'a tree needs a non-empty parent list');
  if (parents.length > MAX_TREE_NODES) throw new SpechubError('TOO_LARGE', `a tree of ${parents.length} nodes is above the limit ${MAX_TREE_NODES}`);
  if (parents[0] !== -1) throw new SpechubError('INVALID_ARGUMENT', `node 0 must be the root with parent -1, got ${JSON.stringify(parents[0])}`);
  const children: number[][] = parents.map(() => []);
  const depthOf = new Int32Array(parents.length);
  let depth = 0;
  for (let v = 1; v < parents.length; v++) {
    const u = parents[v];
    if (typeof u !== 'number' || !Number.isInteger(u)) throw new SpechubError('INVALID_ARGUMENT', `parent of node ${v} must be an integer, got ${JSON.stringify(u)}`);
    if (u < 0 || u >= v) throw new SpechubError('INVALID_ARGUMENT', `parent of node ${v} is ${u}; parents must come before their children (0 ≤ parent < ${v}) and only node 0 is a root`);
    children[u]!.push(v);
    depthOf[v] = depthOf[u]! + 1;
    if (depthOf[v]! > depth) depth = depthOf[v]!;
  }
  return {
    parents: parents.slice() as number[],
    children,
    draftTokens: parents.length - 1,
    depth,
    maxBranching: Math.max(...children.map((c) => c.length)),
  };
}

/** The full k-ary tree of depth D − 1 (`k^D`, §5.2); `k^1` is the root alone (one bonus token per step). */
export function fullTree(branching: number, D: number): TokenTree {
  if (!Number.isInteger(branching) || branching < 1 || branching > 64) throw new SpechubError('INVALID_ARGUMENT', `branching must be an integer in [1, 64], got ${branching}`);
  if (!Number.isInteger(D) || D < 1) throw new SpechubError('INVALID_ARGUMENT', `D in k^D must be an integer ≥ 1, got ${D}`);
  const nodes = fullTreeNodes(branching, D);
  if (nodes > MAX_TREE_NODES) throw new SpechubError('TOO_LARGE', `${branching}^${D} has more than ${MAX_TREE_NODES} nodes (the limit)`);
  const parents = [-1];
  let levelStart = 0;
  let levelWidth = 1;
  for (let level = 1; level < D; level++) {
    for (let u = levelStart; u < levelStart + levelWidth; u++) for (let j = 0; j < branching; j++) parents.push(u);
    levelStart += levelWidth;
    levelWidth *= branching;
  }
  return treeFromParents(parents);
}

/**
 * Number of nodes of `k^D` (1 + k + … + k^(D−1)), computed without building anything. Exact up to
 * {@link MAX_TREE_NODES}; beyond it the count stops at the first partial sum above the limit (so
 * `2^100000000000` and `1^999999999999` answer at once).
 */
export function fullTreeNodes(branching: number, D: number): number {
  let nodes = 0;
  for (let level = 0, width = 1; level < D; level++, width *= branching) {
    nodes += width;
    if (nodes > MAX_TREE_NODES) return nodes;
  }
  return nodes;
}

/** L draft tokens in a chain (depth L). */
export function chainTree(length: number): TokenTree {
  if (!Number.isInteger(length) || length < 0) throw new SpechubError('INVALID_ARGUMENT', `chain length must be an integer ≥ 0, got ${length}`);
  if (length >= MAX_TREE_NODES) throw new SpechubError('TOO_LARGE', `a chain of ${length} drafts is above the limit of ${MAX_TREE_NODES - 1}`);
  return treeFromParents([-1, ...Array.from({ length }, (_, i) => i)]);
}

/**
 * A tree from EAGLE-style paths: each path lists child indices from the root, e.g. `[[0], [1], [0, 0]]`.
 * Every prefix of a path must also be listed, and the child indices of a node must be 0, 1, 2, … without gaps.
 */
export function treeFromPaths(paths: readonly unknown[]): TokenTree {
  if (!Array.isArray(paths)) throw new SpechubError('INVALID_ARGUMENT', 'paths must be an array of arrays of child indices');
  const checked = paths.map((path, i) => {
    if (!Array.isArray(path) || path.length === 0 || !path.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0)) {
      throw new SpechubError('INVALID_ARGUMENT', `path ${i} must be a non-empty array of child indices ≥ 0, got ${JSON.stringify(path)}`);
    }
    return path as number[];
  });
  const sorted = [...checked].sort((a, b) => a.length - b.length || compareLex(a, b));
  const index = new Map<string, number>([['', 0]]);
  const parents = [-1];
  const childCount = new Map<number, number>();
  for (const path of sorted) {
    const key = path.join(',');
    if (index.has(key)) throw new SpechubError('INVALID_ARGUMENT', `path [${key}] is listed twice`);
    const parentKey = path.slice(0, -1).join(',');
    const parent = index.get(parentKey);
    if (parent === undefined) throw new SpechubError('INVALID_ARGUMENT', `path [${key}] is listed but its prefix [${parentKey}] is not`);
    const expected = childCount.get(parent) ?? 0;
    if (path[path.length - 1] !== expected) throw new SpechubError('INVALID_ARGUMENT', `path [${key}]: child indices of a node must be 0, 1, 2, … without gaps (expected ${expected})`);
    childCount.set(parent, expected + 1);
    index.set(key, parents.length);
    parents.push(parent);
  }
  return treeFromParents(parents);
}

function compareLex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
