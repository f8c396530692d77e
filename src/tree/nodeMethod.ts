/**
 * Which method runs at each node of a token tree (§5.1): the one rule shared by the synthetic tree walk
 * ({@link createTreeWalk}), the exact §5.3 recursion and the end-to-end decoder.
 *
 * - {@link resolveTreeMethods}: the method of every node (one for all, or one per node), checked once against
 *   the tree's branching (a method not defined for k > 1 children is an `UNSUPPORTED_K` error);
 * - {@link nodeMethod}: the method and number of drafts actually used at a node with a given draft law:
 *   a method that is not defined for one draft (SpecHub) runs single-draft SD (§2.1) at nodes with one child,
 *   as the authors' code does (§2.6, last line); when q has fewer tokens of positive mass than the scheme needs
 *   (without-replacement and greedy drafts need |supp q| ≥ k; top-p can cut the support), the node drafts as
 *   many as the support allows and the remaining children stay empty (never reached); SD again when the method
 *   is not defined for the smaller k.
 *
 * @example
 * ```ts
 * nodeMethod(floatField, getMethod('rrsw'), [0.5, 0.5, 0], 3).k; // 2: rrsw verifies 2 of the 3 children
 * resolveTreeMethods(fullTree(3, 2), 'spechub');              // throws UNSUPPORTED_K (3 children)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { getMethod, type Method } from '../methods.ts';
import type { TokenTree } from './tokenTree.ts';

export type { Method } from '../methods.ts';

/** One method for every node, or one per node (index = node id). Ids are looked up in the registry. */
export type TreeMethod = string | Method | ReadonlyArray<string | Method>;

/** Throws `UNSUPPORTED_K` when `method` cannot verify the children of some node of `tree`. */
export function checkTreeBranching(tree: TokenTree, methodAt: (v: number) => Method): void {
  tree.children.forEach((kids, v) => {
    const c = kids.length;
    const m = methodAt(v);
    if (c > 1 && !m.verifier.supportsK(c)) {
      throw new SpechubError('UNSUPPORTED_K', `method '${m.id}' cannot verify the ${c} children of node ${v} (it is not defined for k = ${c})`);
    }
  });
}

/** The method of each node, validated against the tree's branching. */
export function resolveTreeMethods(tree: TokenTree, method: TreeMethod): Method[] {
  const lookUp = (m: string | Method): Method => (typeof m === 'string' ? getMethod(m) : m);
  let perNode: Method[];
  if (Array.isArray(method)) {
    if (method.length !== tree.parents.length) {
      throw new SpechubError('LENGTH_MISMATCH', `${method.length} per-node methods for a tree of ${tree.parents.length} nodes`);
    }
    perNode = method.map(lookUp);
  } else {
    const m = lookUp(method as string | Method);
    perNode = tree.parents.map(() => m);
  }
  checkTreeBranching(tree, (v) => perNode[v]!);
  return perNode;
}

/** The method and number of drafts actually used at a node with `children` children and draft law q. */
export function nodeMethod<T>(F: Field<T>, method: Method, q: ArrayLike<T>, children: number): { method: Method; k: number } {
  let k = children;
  for (;;) {
    if (!method.verifier.supportsK(k)) {
      if (k === 1) return { method: getMethod('sd'), k: 1 };
      throw new SpechubError('UNSUPPORTED_K', `method '${method.id}' is not defined for k = ${k}`);
    }
    try {
      method.scheme.check(F, q, k);
      return { method, k };
    } catch (e) {
      if (e instanceof SpechubError && e.code === 'K_TOO_LARGE' && k > 1) {
        k--;
        continue;
      }
      throw e;
    }
  }
}
