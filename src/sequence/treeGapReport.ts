/**
 * Gap report against the tree-level optimum (§S4.1): for one chain, tree shape, sibling law and start
 * token, each method that drafts with that law — its token-level walks and traversal verification (block
 * verification and SD on chains) — with its exact tokens per step, the fraction of 1 + LP-A it reaches and
 * its distance to it. LP-A bounds every one of them (§S4.1 (i)), so a fraction above 1 is an error.
 *
 * @example
 * ```ts
 * const lpA = Rational.parse('3');                 // 1 + LP-A of V8 2^3 wor
 * treeGapReport(V8, fullTree(2, 3), 'wor', 3, lpA);  // rrsw 116/45, traversal-wor 4751/1800, …
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { Field } from '../core/field.ts';
import { expectedTokensPerStep } from '../tree/expectedTokensPerStep.ts';
import type { MarkovChain } from '../tree/language.ts';
import type { TokenTree } from '../tree/tokenTree.ts';
import { sequenceTokensPerStep } from './sequenceTokensPerStep.ts';
import type { SiblingLaw } from './siblingLaw.ts';

export interface GapRow<T> {
  method: string;
  tokensPerStep: T;
  /** tokens per step / (1 + LP-A). */
  fractionOfOptimum: T;
  /** (1 + LP-A) − tokens per step. */
  gap: T;
}

/** Methods that draft with each sibling law (token-level walks, then the sequence-level verifier). */
export const GAP_METHODS: Readonly<Record<SiblingLaw, readonly string[]>> = {
  iid: ['rrs', 'traversal'],
  wor: ['rrsw', 'traversal-wor'],
  hub: ['spechub', 'traversal-hub'],
};

/** `optimum` is 1 + LP-A (tokens per step) in the chain's field. */
export function treeGapReport<T>(chain: MarkovChain<T>, tree: TokenTree, draws: SiblingLaw, start: number, optimum: T): GapRow<T>[] {
  const F: Field<T> = chain.field;
  const isChain = tree.maxBranching <= 1;
  const methods = isChain ? ['sd', 'block'] : [...GAP_METHODS[draws]];
  return methods.map((method) => {
    const value = method === 'block' || method.startsWith('traversal') ? sequenceTokensPerStep(chain, tree, method, { start }).value : expectedTokensPerStep(chain, tree, method, { start }).value;
    const gap = F.sub(optimum, value);
    if (F.name === 'rational' && F.lt(gap, F.zero)) throw new SpechubError('SOLVER_FAILURE', `${method} exceeds 1 + LP-A (${F.toString(value)} > ${F.toString(optimum)}): LP-A is not a bound here`);
    return { method, tokensPerStep: value, fractionOfOptimum: F.div(value, optimum), gap };
  });
}
