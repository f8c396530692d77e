/**
 * Traversal verification (TV; Weng et al., NeurIPS 2025), §S3.2, for any tree shape and any sequential
 * sibling law κ (`iid`, `wor`, `hub`): walk the drafted tree from the leaves up, in post-order, and accept the
 * whole path from the root to the first node whose test succeeds.
 *
 * Per node v: a weight α[v] (set ONCE when v is entered: min(1, α[w]·P[w](x)/R[w](x)) with R[w] = NEXT(κ, q, D[w])
 * the law v was drafted from), its current target law P[v] (starts at p(·|c(v))) and the tokens D[v] of its
 * rejected children. Descend into the first untested child; when every child of v was rejected (or v is a
 * leaf) test u < α[v]: success → emit path(v) and Y ~ P[v] (its current law, a residual if a child failed);
 * failure → the parent w updates S = Σ (α[w]P[w] − R[w])^+, P[w] ← norm((α[w]P[w] − R[w])^+) (if S > 0),
 * α[w] ← S/(S + 1 − α[w]), D[w] ← D[w]·tok(v). The root keeps α = 1 and is never rejected.
 *
 * Exact for every shape and sibling law, provided R is the law the tree was drafted with (§S3.3); on a chain it
 * is block verification (§S3.4); at depth 1 it is RRS (`iid`) or RRSw (`wor`). One probabilistic program over
 * the {@link Chooser}: sampled, or enumerated exactly. Pitfalls kept as tests: §S7 items 3–8.
 *
 * @example
 * ```ts
 * // The spec's §S6.4 tree on V8 (2^2, state 3): node 0 the root, 1 and 2 its drafted children, 3–6 theirs.
 * const children = [[1, 2], [3, 4], [5, 6], [], [], [], []], tokens = [3, 0, 1, 1, 3, 2, 1];
 * const draftedTree = { field: rationalField, children: (v: number) => children[v]!, token: (v: number) => tokens[v]!,
 *   target: (v: number) => V8.target(tokens[v]!), draft: (v: number) => V8.draft(tokens[v]!) };
 * const verdict = traversalVerify(draftedTree, 'iid', new SamplingChooser(createRng(1)));
 * verdict.path; verdict.token; // accepted node ids below the root, and the token emitted after them
 * ```
 */
import type { Chooser } from '../core/chooser.ts';
import type { DraftedTree, SequenceVerdict } from '../tree/sequenceVerifier.ts';
import type { SiblingLaw } from './siblingLaw.ts';
import { CORRECT_RULES, runTraversal, type TraversalObserver } from './_internals/traversal.ts';

/** Traversal verification of one drafted tree whose children were drafted with sibling law κ. */
export function traversalVerify<T>(tree: DraftedTree<T>, kappa: SiblingLaw, chooser: Chooser<T>, observer?: TraversalObserver<T>): SequenceVerdict {
  return runTraversal(tree, kappa, chooser, CORRECT_RULES, observer);
}

export type { TraversalObserver } from './_internals/traversal.ts';
