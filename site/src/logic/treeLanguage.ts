/**
 * The trees panel (§5): a small first-order Markov-chain language on four tokens and a full binary tree
 * `2^D`, with
 * - exact tokens per target call from the §5.3 recursion (`expectedTokensPerStep`, rationals),
 * - a Monte Carlo estimate of the same walk (`simulateTreeWalk`, seeded) with its 95 % interval,
 * - one drafted tree and its walk for the animation ({@link animatedStep}): every node's children drafted with the
 *   node method's own draft scheme (depth first, as the library's eager walk drafts), then verified along the
 *   accepted path with the node method's own verifier (§5.1). The animation shows one sample; the numbers in the
 *   table come from the library's recursion and simulator.
 */
import { Categorical } from '../../../src/core/categorical.ts';
import { SamplingChooser } from '../../../src/core/chooser.ts';
import { parseVector } from '../../../src/core/distribution.ts';
import { type Field, floatField, rationalField } from '../../../src/core/field.ts';
import type { Rational } from '../../../src/core/rational.ts';
import type { Rng } from '../../../src/core/rng.ts';
import { getMethod } from '../../../src/methods.ts';
import { nodeMethod } from '../../../src/tree/nodeMethod.ts';
import type { MarkovChain } from '../../../src/tree/language.ts';
import { markovChainFromRows } from '../../../src/tree/markovChain.ts';
import { type TokenTree, fullTree } from '../../../src/tree/tokenTree.ts';

export const CHAIN_LABELS = ['the', 'cat', 'sat', '.'] as const;

/** Target rows p(·|x) and draft rows q(·|x), x = the, cat, sat, '.' (the draft is flatter and a little off). */
export const CHAIN_TEXT = {
  target: ['1/10,3/5,1/5,1/10', '1/10,1/10,3/5,1/5', '2/5,1/10,1/10,2/5', '3/5,1/5,1/10,1/10'],
  draft: ['1/5,2/5,1/5,1/5', '1/5,1/5,2/5,1/5', '1/4,1/4,1/4,1/4', '1/2,1/4,1/8,1/8'],
} as const;

export function chainOf<T>(F: Field<T>): MarkovChain<T> {
  const rows = (texts: readonly string[]) => texts.map((t) => parseVector(t, F, 'chain row'));
  return markovChainFromRows(F, rows(CHAIN_TEXT.target), rows(CHAIN_TEXT.draft));
}

export const exactChain = (): MarkovChain<Rational> => chainOf(rationalField);
export const floatChain = (): MarkovChain<number> => chainOf(floatField);

/** One node of a drafted tree: its token (the root has the start token) and its children's nodes. */
export interface DraftedNode {
  node: number;
  token: number;
  depth: number;
  children: number[];
}

export interface AnimatedStep {
  tree: TokenTree;
  /** token[v] for every drafted node (nodes never drafted — a scheme that drafts fewer children — are -1). */
  tokens: number[];
  /** Nodes on the accepted path from the root. */
  path: number[];
  /** Tokens emitted in this step (accepted drafts, then the residual or bonus token). */
  emitted: number[];
  /** How the step ended. */
  ending: 'residual' | 'bonus';
}

/** Drafts a whole `2^D` tree from `start` and walks it once (§5.1), with the library's schemes and verifiers. */
export function animatedStep(chain: MarkovChain<number>, depth: number, methodId: string, start: number, rng: Rng): AnimatedStep {
  const F = chain.field;
  const tree = fullTree(2, depth);
  const chooser = new SamplingChooser(rng);
  const method = getMethod(methodId);
  const tokens = new Array<number>(tree.parents.length).fill(-1);
  tokens[0] = start;
  const draftBelow = (v: number, state: number): void => {
    const kids = tree.children[v]!;
    if (kids.length === 0) return;
    const q = chain.draft(state);
    const chosen = nodeMethod(F, method, q, kids.length);
    const drafts = chosen.method.scheme.prepare(F, q, chosen.k).draw(chooser);
    drafts.forEach((x, j) => {
      tokens[kids[j]!] = x;
      draftBelow(kids[j]!, chain.next(state, x));
    });
  };
  draftBelow(0, start);
  const path = [0];
  const emitted: number[] = [];
  let v = 0;
  let state = start;
  for (;;) {
    const kids = tree.children[v]!;
    if (kids.length === 0) {
      const y = chooser.categorical(categoricalOf(F, chain.target(state)));
      emitted.push(y);
      return { tree, tokens, path, emitted, ending: 'bonus' };
    }
    const q = chain.draft(state);
    const chosen = nodeMethod(F, method, q, kids.length);
    const drafts = kids.slice(0, chosen.k).map((c) => tokens[c]!);
    const verdict = chosen.method.verifier.prepare(F, chain.target(state), q, chosen.k).verify(drafts, chooser);
    emitted.push(verdict.token);
    state = chain.next(state, verdict.token);
    if (verdict.acceptedIndex === null) return { tree, tokens, path, emitted, ending: 'residual' };
    v = kids[verdict.acceptedIndex]!;
    path.push(v);
  }
}

function categoricalOf(F: Field<number>, weights: ArrayLike<number>): Categorical<number> {
  return Categorical.create(F, weights);
}
