/**
 * What the tree walk (§5.1) needs from an autoregressive language: the target law p(·|c) and the draft law
 * q(·|c) of the next token after a context c. The context is summarised by a numeric **state** (a first-order
 * Markov chain: the last token; a contextual language: an encoding of the last few tokens) so that laws can be
 * cached and exact analyses can recurse over states.
 *
 * @example
 * ```ts
 * const target = [E1.p, E2.p, E3.p], draft = [E1.q, E2.q, E3.q]; // rows by previous token
 * const chain = markovChainFromRows(rationalField, target, draft); // a MarkovChain is a Language
 * chain.target(chain.next(0, 2)).map(String); // ['1/3', '1/3', '1/3']: p(·|…, 2) = target row 2
 * ```
 */
import type { Field } from '../core/field.ts';

export interface Language<T> {
  readonly field: Field<T>;
  /** Vocabulary size n (tokens 0..n−1). */
  readonly vocabularySize: number;
  /** Number of states (states are 0..stateCount−1; a Markov chain has n, a context of m tokens n^m). */
  readonly stateCount: number;
  /** The state of the context extended by `token`. */
  next(state: number, token: number): number;
  /** A key of the laws at `state`: equal keys ⇒ equal target and draft laws (used for caching). */
  lawKey(state: number): number;
  /** p(·|state), a probability vector of length n. */
  target(state: number): ArrayLike<T>;
  /** q(·|state), a probability vector of length n. */
  draft(state: number): ArrayLike<T>;
}

/** A first-order Markov chain language (§5.3): the state is the last token, rows are next-token laws. */
export interface MarkovChain<T> extends Language<T> {
  readonly kind: 'markov';
}
