import { SpechubError } from '../../core/errors.ts';
import { getMethod, type MethodLike } from '../../methods.ts';
import type { TokenTree } from '../tokenTree.ts';

export type { MethodLike } from '../../methods.ts';

/** One method for every node, or one per node (index = node id). Ids are looked up in the registry. */
export type TreeMethod = string | MethodLike | ReadonlyArray<string | MethodLike>;

/** The method of each node, validated against the tree's branching. */
export function resolveTreeMethods(tree: TokenTree, method: TreeMethod): MethodLike[] {
  const lookUp = (m: string | MethodLike): MethodLike => (typeof m === 'string' ? getMethod(m) : m);
  let perNode: MethodLike[];
  if (Array.isArray(method)) {
    if (method.length !== tree.parents.length) {
      throw new SpechubError('LENGTH_MISMATCH', `${method.length} per-node methods for a tree of ${tree.parents.length} nodes`);
    }
    perNode = method.map(lookUp);
  } else {
    const m = lookUp(method as string | MethodLike);
    perNode = tree.parents.map(() => m);
  }
  tree.children.forEach((kids, v) => {
    const c = kids.length;
    const m = perNode[v]!;
    if (c > 1 && !m.verifier.supportsK(c)) {
      throw new SpechubError('UNSUPPORTED_K', `method '${m.id}' cannot verify the ${c} children of node ${v} (it is not defined for k = ${c})`);
    }
  });
  return perNode;
}
