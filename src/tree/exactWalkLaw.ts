/**
 * Exact laws of the tree walk by branch enumeration (§3.2 applied to §5.1): the very program that the
 * Monte Carlo simulator samples, enumerated with its exact probabilities (rationals with `rationalField`).
 *
 * - {@link exactStepLaw}: the law of the tokens emitted in one target call from a state, and its mean length
 *   (exact tokens per step, independent of the §5.3 recursion);
 * - {@link exactEmittedLaw}: the law of the first m emitted tokens when steps follow each other (each step
 *   restarts from a fresh tree at the state the previous one reached); for an exact walk it equals
 *   {@link languageSequenceLaw}, the target language's own law of the next m tokens (§5.1 "Exactness").
 *
 * Small vocabularies and trees only: the number of outcomes grows like (n^k)^(nodes on a path).
 *
 * @example
 * ```ts
 * const walk = createTreeWalk(V1, fullTree(2, 3), 'rrs'); // V1: the spec's Markov chain (§S6.1)
 * const law = exactEmittedLaw(walk, 0, 3); // Map {'0,0,0' => 1/27, …}
 * [...law].every(([path, mass]) => mass.equals(languageSequenceLaw(V1, 0, 3).get(path)!)); // true
 * ```
 */
import { enumerateOutcomes } from '../core/chooser.ts';
import { SpechubError } from '../core/errors.ts';
import type { Language } from './language.ts';
import type { TreeWalk } from './treeWalk.ts';

export interface StepLaw<T> {
  /** Distinct emitted sequences with their probabilities and end states. */
  outcomes: Array<{ emitted: number[]; state: number; probability: T }>;
  /** E[number of emitted tokens] = tokens per step from this state. */
  expectedTokens: T;
}

/** Enumerates one step of the walk from `state`. */
export function exactStepLaw<T>(walk: TreeWalk<T>, state: number, maxOutcomes?: number): StepLaw<T> {
  const F = walk.language.field;
  const merged = new Map<string, { emitted: number[]; state: number; probability: T }>();
  for (const { probability, value } of enumerateOutcomes(F, (chooser) => walk.step(state, chooser), maxOutcomes)) {
    const key = value.emitted.join(',');
    const seen = merged.get(key);
    if (seen === undefined) merged.set(key, { emitted: value.emitted, state: value.state, probability });
    else seen.probability = F.add(seen.probability, probability);
  }
  let expected = F.zero;
  for (const o of merged.values()) expected = F.add(expected, F.mul(o.probability, F.fromInt(o.emitted.length)));
  return { outcomes: [...merged.values()], expectedTokens: expected };
}

/** Law of the first m tokens emitted by consecutive steps from `state`; keys are comma-joined token lists. */
export function exactEmittedLaw<T>(walk: TreeWalk<T>, state: number, m: number, maxOutcomes?: number): Map<string, T> {
  if (!Number.isInteger(m) || m < 1) throw new SpechubError('INVALID_ARGUMENT', `m must be a positive integer, got ${m}`);
  const F = walk.language.field;
  const steps = new Map<number, StepLaw<T>>();
  const memo = new Map<string, Map<string, T>>();
  const lawFrom = (s: number, remaining: number): Map<string, T> => {
    const key = `${s}|${remaining}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let step = steps.get(s);
    if (step === undefined) {
      step = exactStepLaw(walk, s, maxOutcomes);
      steps.set(s, step);
    }
    const law = new Map<string, T>();
    const add = (tokens: string, probability: T) => law.set(tokens, F.add(law.get(tokens) ?? F.zero, probability));
    for (const o of step.outcomes) {
      if (o.emitted.length >= remaining) add(o.emitted.slice(0, remaining).join(','), o.probability);
      else {
        const head = o.emitted.join(',');
        for (const [tail, pt] of lawFrom(o.state, remaining - o.emitted.length)) add(`${head},${tail}`, F.mul(o.probability, pt));
      }
    }
    memo.set(key, law);
    return law;
  };
  return lawFrom(state, m);
}

/** The target language's law of the next m tokens from `state` (zero-probability sequences omitted). */
export function languageSequenceLaw<T>(language: Language<T>, state: number, m: number): Map<string, T> {
  const F = language.field;
  const out = new Map<string, T>();
  const visit = (s: number, prefix: number[], probability: T): void => {
    if (prefix.length === m) {
      out.set(prefix.join(','), probability);
      return;
    }
    const p = language.target(s);
    for (let y = 0; y < p.length; y++) {
      if (!F.isPositive(p[y]!)) continue;
      prefix.push(y);
      visit(language.next(s, y), prefix, F.mul(probability, p[y]!));
      prefix.pop();
    }
  };
  visit(state, [], F.one);
  return out;
}
