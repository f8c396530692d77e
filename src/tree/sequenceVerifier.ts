/**
 * Sequence-level tree verifiers (§S2 block verification, §S3 traversal verification): rules that see the
 * whole drafted tree and the target law at every drafted node, and accept a whole root path at once, instead of
 * deciding token by token from the root down like the §5.1 walk ({@link walkTokenTree}).
 *
 * The tree folder only defines the interface, so that the simulator ({@link createTreeWalk}, Monte Carlo and
 * exact enumeration) and the end-to-end decoder run any such verifier; the verifiers themselves live in
 * `src/sequence/`. Drafting is the token-level method's: each node's children are drawn by `drafting`'s draft
 * scheme (its *sibling law*: i.i.d., without replacement, hub pair; §S0.2), with {@link nodeMethod}'s rule
 * for nodes with one child or a short draft support.
 *
 * @example
 * ```ts
 * const walk = createTreeWalk(V1, fullTree(2, 3), getSequenceVerifier('traversal')); // V1: §S6.1
 * exactStepLaw(walk, 0).expectedTokens.toString(); // '199/81' (§S6.2)
 * ```
 */
import type { Chooser } from '../core/chooser.ts';
import type { Field } from '../core/field.ts';
import type { Method } from '../methods.ts';
import type { TokenTree } from './tokenTree.ts';

/** A fully drafted token tree with its laws (node 0 = root = the last committed token). */
export interface DraftedTree<T> {
  readonly field: Field<T>;
  /** Drafted children of v (node ids), in sampling order; empty at a leaf. */
  children(v: number): readonly number[];
  /** Token of a drafted node (v ≠ 0). */
  token(v: number): number;
  /** p(·|c(v)): the target law after the node's context. */
  target(v: number): ArrayLike<T>;
  /** q(·|c(v)): the draft law its children were drawn from (nodes with children). */
  draft(v: number): ArrayLike<T>;
}

/** The accepted path (node ids below the root, in order) and the one token emitted after it. */
export interface SequenceVerdict {
  path: number[];
  token: number;
}

export interface SequenceVerifier {
  readonly id: string;
  readonly title: string;
  /** Theory section (docs/theory.md; Part II sections are cited as §S2.2 etc.). */
  readonly section: string;
  /** The token-level method whose draft scheme draws each node's children (the sibling law). */
  readonly drafting: Method;
  /** Throws a SpechubError when the verifier is not defined for this shape (e.g. block verification on a non-chain). */
  checkTree(tree: TokenTree): void;
  /** Verifies one drafted tree: a probabilistic program over the chooser (sampled or enumerated exactly). */
  verify<T>(tree: DraftedTree<T>, chooser: Chooser<T>): SequenceVerdict;
}

/** True for a sequence-level verifier object (as opposed to a token-level method or method id). */
export function isSequenceVerifier(x: unknown): x is SequenceVerifier {
  return typeof x === 'object' && x !== null && typeof (x as SequenceVerifier).verify === 'function' && 'drafting' in x;
}
