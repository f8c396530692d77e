/** Exact comparison helpers for the sequence-verification tests (rational laws as maps of token strings). */
import * as assert from 'uvu/assert';
import { Rational } from '../../core/rational.ts';
import { exactEmittedLaw, exactStepLaw, languageSequenceLaw } from '../../tree/exactWalkLaw.ts';
import type { Language } from '../../tree/language.ts';
import type { SequenceVerifier } from '../../tree/sequenceVerifier.ts';
import type { TokenTree } from '../../tree/tokenTree.ts';
import { createTreeWalk, type WalkMethod } from '../../tree/treeWalk.ts';
import { continuedBlockLaw } from '../continuedBlockLaw.ts';
import { getSequenceVerifier, type SequenceVerifierId } from '../sequenceVerifiers.ts';
import type { SiblingLaw } from '../siblingLaw.ts';

/** Σ |a − b| / 2 over the union of keys. */
export function totalVariation(a: Map<string, Rational>, b: Map<string, Rational>): Rational {
  let d = Rational.ZERO;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = (a.get(k) ?? Rational.ZERO).sub(b.get(k) ?? Rational.ZERO);
    d = d.add(x.sign() < 0 ? x.neg() : x);
  }
  return d.div(Rational.of(2));
}

export function assertSameLaw(actual: Map<string, Rational>, expected: Map<string, Rational>, label: string): void {
  const d = totalVariation(actual, expected);
  assert.ok(d.isZero(), `${label}: total variation ${d} from the expected law`);
}

/** The sequence-level verifier of a §S6.2 row: block on chains, traversal with the row's sibling law otherwise. */
export function rowVerifier(tree: string, law: SiblingLaw): SequenceVerifier {
  const id: SequenceVerifierId = tree.startsWith('chain') ? 'block' : law === 'iid' ? 'traversal' : law === 'wor' ? 'traversal-wor' : 'traversal-hub';
  return getSequenceVerifier(id);
}

/** The token-level method of a §S6.2 row's "walk" column. */
export function rowWalkMethod(tree: string, law: SiblingLaw): string {
  return tree.startsWith('chain') ? 'sd' : law === 'iid' ? 'rrs' : law === 'wor' ? 'rrsw' : 'spechub';
}

/** Distance of one step's E · (target continuation) from the target, first m tokens (§S0.2, §S6.5). */
export function continuedDistance(language: Language<Rational>, tree: TokenTree, method: WalkMethod, state: number, m: number): Rational {
  const step = exactStepLaw(createTreeWalk(language, tree, method), state);
  return totalVariation(continuedBlockLaw(language, step.outcomes, state, m), languageSequenceLaw(language, state, m));
}

/** Distance of the verifier's own stream (consecutive steps) from the target, first m tokens. */
export function streamDistance(language: Language<Rational>, tree: TokenTree, method: WalkMethod, state: number, m: number): Rational {
  return totalVariation(exactEmittedLaw(createTreeWalk(language, tree, method), state, m), languageSequenceLaw(language, state, m));
}
