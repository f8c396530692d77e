import { SpechubError } from '../../core/errors.ts';
import type { Field } from '../../core/field.ts';
import { getMethod, type Method } from '../../methods.ts';
import type { TokenTree } from '../tokenTree.ts';

/** A method as the tree code needs it: a verifier with its draft scheme (registry entries or test-only ones). */
export interface MethodLike {
  readonly id: string;
  readonly verifier: Method['verifier'];
  readonly scheme: Method['scheme'];
}

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

/**
 * The method and number of drafts actually used at a node with `children` children and draft law q:
 * - a method that is not defined for one draft (SpecHub) runs single-draft SD (§2.1) at nodes with one child,
 *   as the authors' code does (§2.6, last line);
 * - when q has fewer tokens of positive mass than the scheme needs (without-replacement and greedy drafts need
 *   |supp q| ≥ k), the node drafts as many as the support allows and the remaining children stay empty
 *   (never reached); SD again when the method is not defined for the smaller k.
 */
export function nodeMethod<T>(F: Field<T>, method: MethodLike, q: ArrayLike<T>, children: number): { method: MethodLike; k: number } {
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
