/**
 * The exactness criterion of §S0.2 as a law: the block E emitted by one step, followed by target sampling
 * from the context it reaches, cut to its first m tokens. A verifier is exact iff, from every state, this law
 * equals the target's law of the next m tokens (m = max(3, D + 1) suffices, |E| ≤ D + 1). Unlike the law of the
 * verifier's own stream (consecutive steps, `exactEmittedLaw`), it isolates one step; the distances of §S6.5
 * are measured with it.
 *
 * @example
 * ```ts
 * const step = exactStepLaw(createTreeWalk(V1, chainTree(2), getSequenceVerifier('block')), 0); // V1: §S6.1
 * continuedBlockLaw(V1, step.outcomes, 0, 3); // equals languageSequenceLaw(V1, 0, 3)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Language } from '../tree/language.ts';

/** Law of the first m tokens of E · (target continuation); `outcomes` is a step law from `state`. */
export function continuedBlockLaw<T>(language: Language<T>, outcomes: ReadonlyArray<{ emitted: readonly number[]; probability: T }>, state: number, m: number): Map<string, T> {
  if (!Number.isInteger(m) || m < 1) throw new SpechubError('INVALID_ARGUMENT', `m must be a positive integer, got ${m}`);
  const F = language.field;
  const out = new Map<string, T>();
  const add = (key: string, w: T) => out.set(key, F.add(out.get(key) ?? F.zero, w));
  const extend = (s: number, tokens: number[], w: T): void => {
    if (tokens.length >= m) {
      add(tokens.slice(0, m).join(','), w);
      return;
    }
    const p = language.target(s);
    for (let y = 0; y < p.length; y++) {
      if (!F.isPositive(p[y]!)) continue;
      tokens.push(y);
      extend(language.next(s, y), tokens, F.mul(w, p[y]!));
      tokens.pop();
    }
  };
  for (const o of outcomes) {
    if (!F.isPositive(o.probability)) continue;
    let s = state;
    for (const t of o.emitted) s = language.next(s, t);
    extend(s, [...o.emitted], o.probability);
  }
  return out;
}
