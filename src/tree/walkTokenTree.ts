/**
 * The token-level tree walk of §5.1, written once and used by both the synthetic simulator
 * ({@link createTreeWalk}, sampled and enumerated exactly) and the end-to-end decoder (`SpeculativeDecoder`).
 * The caller supplies the drafted tree through {@link WalkableTree} (drafting may be lazy: a node's children are
 * drawn when the walk first asks for them) and the prepared verifier and target law of each node.
 *
 * From the root: verify a node's drafted children with its verifier against (p(·|c(v)), q(·|c(v))); emit the
 * verifier's token; descend into the accepted child (the child whose index the verifier returns — with greedy
 * drafts a residual draw on a drafted token returns that child, §2.8; with i.i.d. duplicates the child whose
 * draft was accepted); a residual token (index ⊥) ends the step; at a node without drafted children one bonus
 * token y ~ p(·|c(v)) is emitted and the step ends. Randomness only through the chooser, in this order:
 * the node's drafts (if lazy), its verification, then the next node.
 *
 * @example
 * ```ts
 * // A one-level tree: the root drafts 2 children i.i.d. from q, verified by RRS against p.
 * const p = [0.1, 0.2, 0.3, 0.4], q = [0.4, 0.3, 0.2, 0.1];
 * const prepared = getMethod('rrs').verifier.prepare(floatField, p, q, 2);
 * const tokens = [-1, -1, -1]; // node 0 is the root; nodes 1, 2 get their tokens when drafted
 * const view = {
 *   draftedChildren: (v: number, chooser: Chooser<number>) => {
 *     if (v !== 0) return [];
 *     tokens[1] = chooser.categorical(Categorical.create(floatField, q));
 *     tokens[2] = chooser.categorical(Categorical.create(floatField, q));
 *     return [1, 2];
 *   },
 *   token: (v: number) => tokens[v]!,
 *   verifier: () => ({ verifier: prepared, methodId: 'rrs' }),
 *   bonusLaw: () => Categorical.create(floatField, p),
 * };
 * const { emitted, path } = walkTokenTree(view, new SamplingChooser(createRng(1)));
 * emitted.length === path.length + 1; // true
 * // emitted = tokens of the accepted drafts, then the residual or bonus token; path = accepted node ids
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { PreparedVerifier } from '../verifiers/verifier.ts';

/** What the walk needs from a drafted token tree (node 0 = root = last committed token). */
export interface WalkableTree<T> {
  /** Drafted children of v (node ids, in sampling order; empty at a leaf); may draft them on this first call. */
  draftedChildren(v: number, chooser: Chooser<T>): readonly number[];
  /** Token of a drafted node. */
  token(v: number): number;
  /** The verifier of v's children, prepared with p(·|c(v)), q(·|c(v)) and the number of drafts; its method id. */
  verifier(v: number): { verifier: PreparedVerifier<T>; methodId: string };
  /** p(·|c(v)) for the bonus token at a node without drafted children. */
  bonusLaw(v: number): Categorical<T>;
}

export interface WalkOutcome {
  /** Accepted draft tokens, then the residual or bonus token. */
  emitted: number[];
  /** Accepted nodes from the root's child down (emitted.length − 1 of them). */
  path: number[];
}

/** One step of the §5.1 walk (one target call). */
export function walkTokenTree<T>(tree: WalkableTree<T>, chooser: Chooser<T>): WalkOutcome {
  const emitted: number[] = [];
  const path: number[] = [];
  let v = 0;
  for (;;) {
    const kids = tree.draftedChildren(v, chooser);
    if (kids.length === 0) {
      emitted.push(chooser.categorical(tree.bonusLaw(v)));
      return { emitted, path };
    }
    const { verifier, methodId } = tree.verifier(v);
    const drafts = kids.map((c) => tree.token(c));
    const { token, acceptedIndex } = verifier.verify(drafts, chooser);
    emitted.push(token);
    if (acceptedIndex === null) return { emitted, path };
    if (drafts[acceptedIndex] !== token) {
      throw new SpechubError('INVALID_ARGUMENT', `verifier '${methodId}' accepted index ${acceptedIndex} with token ${token}, but that draft is ${drafts[acceptedIndex]}`);
    }
    v = kids[acceptedIndex]!;
    path.push(v);
  }
}
