/**
 * First-order Markov-chain languages (§5.3): target and draft transition matrices, row x = the next-token
 * law after token x. {@link markovChainFromRows} validates explicit matrices (small n, exact analysis in
 * rationals or float64); {@link lazyMarkovChain} wraps row generators for large vocabularies (rows are produced
 * on first use and kept in a bounded cache, so n = 50,000 fits in memory for sampling).
 *
 * @example
 * ```ts
 * const vec = (text: string) => parseVector(text, rationalField);
 * const chain = markovChainFromRows(rationalField,
 *   [vec('1/2,1/2'), vec('1/3,2/3')],   // target rows
 *   [vec('3/4,1/4'), vec('1/2,1/2')]);  // draft rows
 * chain.target(1).map(String); // ['1/3', '2/3']
 * ```
 */
import { validateInField } from '../core/distribution.ts';
import { InvalidDistributionError, SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import type { MarkovChain } from './language.ts';

/** Validates two n×n matrices of probability rows and returns the chain. */
export function markovChainFromRows<T>(F: Field<T>, target: ReadonlyArray<ArrayLike<T>>, draft: ReadonlyArray<ArrayLike<T>>): MarkovChain<T> {
  if (!Array.isArray(target) || target.length === 0) throw new SpechubError('EMPTY', 'the target matrix has no rows');
  if (!Array.isArray(draft) || draft.length === 0) throw new SpechubError('EMPTY', 'the draft matrix has no rows');
  const n = target.length;
  if (draft.length !== n) throw new InvalidDistributionError('LENGTH_MISMATCH', `the target has ${n} rows but the draft has ${draft.length}`);
  const check = (rows: ReadonlyArray<ArrayLike<T>>, name: string): Array<ArrayLike<T>> =>
    rows.map((row, x) => {
      if (row === null || typeof row !== 'object' || typeof row.length !== 'number') throw new InvalidDistributionError('EMPTY', `${name} row ${x} is not a vector`);
      if (row.length !== n) throw new InvalidDistributionError('LENGTH_MISMATCH', `${name} row ${x} has ${row.length} entries; a chain on ${n} tokens needs ${n}`);
      return validateInField(F, row, `${name} row ${x}`);
    });
  const P = check(target, 'target');
  const Q = check(draft, 'draft');
  return {
    kind: 'markov',
    field: F,
    vocabularySize: n,
    stateCount: n,
    next: (_state, token) => token,
    lawKey: (state) => state,
    target: (x) => P[x] ?? outOfRange(x, n),
    draft: (x) => Q[x] ?? outOfRange(x, n),
  };
}

export interface LazyRows<T> {
  field: Field<T>;
  vocabularySize: number;
  /** Target and draft rows after token x (probability vectors; generated rows are trusted, not re-validated). */
  rows(x: number): { target: ArrayLike<T>; draft: ArrayLike<T> };
  /** Most row pairs kept in memory (default: as many as fit in 2·10^7 entries). */
  cacheRows?: number;
}

/** A Markov chain whose rows are generated on first use and cached (oldest generated evicted first). */
export function lazyMarkovChain<T>(spec: LazyRows<T>): MarkovChain<T> {
  const n = spec.vocabularySize;
  if (!Number.isInteger(n) || n < 1) throw new SpechubError('INVALID_ARGUMENT', `vocabulary size must be a positive integer, got ${n}`);
  const limit = Math.max(1, spec.cacheRows ?? Math.floor(1e7 / n));
  const cache = new Map<number, { target: ArrayLike<T>; draft: ArrayLike<T> }>();
  const pair = (x: number) => {
    let rows = cache.get(x);
    if (rows === undefined) {
      if (!(Number.isInteger(x) && x >= 0 && x < n)) throw new SpechubError('INVALID_ARGUMENT', `state ${x} is not a token of a chain on ${n} tokens`);
      rows = spec.rows(x);
      if (rows.target.length !== n || rows.draft.length !== n) throw new SpechubError('LENGTH_MISMATCH', `generated rows for token ${x} do not have ${n} entries`);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(x, rows);
    }
    return rows;
  };
  return {
    kind: 'markov',
    field: spec.field,
    vocabularySize: n,
    stateCount: n,
    next: (_state, token) => token,
    lawKey: (state) => state,
    target: (x) => pair(x).target,
    draft: (x) => pair(x).draft,
  };
}

function outOfRange(x: number, n: number): never {
  throw new SpechubError('INVALID_ARGUMENT', `state ${x} is not a token of a chain on ${n} tokens`);
}
