/**
 * Draft schemes (§1): how the k draft tokens of one node are drawn from the draft law q.
 *
 * Glossary
 * - **draft**: a token proposed by the draft model; a node's drafts form an ordered tuple x̄ = (x_1..x_k).
 * - **draft set** S(x̄): the distinct tokens of the tuple (duplicates are possible for i.i.d. drafts).
 * - **hub**: a = argmax q, lowest index on ties (§0.2); always drafted by the SpecHub pair.
 *
 * Each scheme is a probabilistic program over a {@link Chooser}: sampled with a seeded generator, or
 * enumerated exactly to obtain its joint law Q(x̄).
 */
import type { CategoricalOptions } from '../core/categorical.ts';
import type { Chooser } from '../core/chooser.ts';
import type { Field } from '../core/field.ts';

export type DraftSchemeId = 'iid' | 'wor' | 'hub' | 'greedy' | 'greedy-q';

export interface PreparedDraws<T> {
  /** Number of drafts actually produced (the hub pair falls back to 1 when q(a) = 1). */
  readonly drafts: number;
  /** Draws one ordered tuple of draft tokens. */
  draw(chooser: Chooser<T>): number[];
}

export interface DraftScheme {
  readonly id: DraftSchemeId;
  readonly title: string;
  /** Spec section. */
  readonly section: string;
  /** Throws a SpechubError when q and k do not admit this scheme (e.g. k larger than q's support). */
  check<T>(F: Field<T>, q: ArrayLike<T>, k: number): void;
  /**
   * Prepares the (validated) draft law for repeated draws; checks like {@link check}. `options.draws`: `many`
   * (default) for a preparation drawn from many times (Monte Carlo: the laws build alias tables), `few` for one
   * drawn from once or twice (a decoder's tree node: every draw scans, and a draw without replacement scans the
   * renormalised rest instead of rejecting). Same law of the tuple; a given uniform stream can give other tokens.
   */
  prepare<T>(F: Field<T>, q: ArrayLike<T>, k: number, options?: CategoricalOptions): PreparedDraws<T>;
  /**
   * Optional: the number of drafts k for which this scheme can produce a tuple of `count` tokens (default
   * `count`; the hub pair drafts 1 token for k = 2 when q is a point mass).
   */
  kForDraftCount?(count: number): number;
  /**
   * Optional: throws `INVALID_ARGUMENT` unless `drafts` is a tuple this scheme can produce from q with k drafts,
   * beyond the generic checks every tuple gets (tokens in range, q > 0): distinct tokens without replacement,
   * the hub exactly once in a SpecHub pair, the top k − 1 tokens first for greedy drafts.
   */
  checkDrafts?<T>(F: Field<T>, q: ArrayLike<T>, drafts: readonly number[], k: number): void;
}
