/**
 * `spechub/tree`: tree-structured speculative decoding (theory §5): token trees, languages (Markov chains),
 * the §5.1 walk (sampled or enumerated exactly), exact tokens per step (§5.3) and Monte Carlo walks.
 *
 * @example
 * ```ts
 * import { parseTreeSpec } from 'spechub/tree';
 * parseTreeSpec('2^3').draftTokens; // 6 drafts (the root is the last committed token)
 * ```
 */
export type { Language, MarkovChain } from './language.ts';
export { lazyMarkovChain, markovChainFromRows } from './markovChain.ts';
export { type TokenTree, MAX_TREE_NODES, chainTree, fullTree, treeFromParents, treeFromPaths } from './tokenTree.ts';
export { parseTreeSpec } from './parseTreeSpec.ts';
export { type StepResult, type TreeWalk, type TreeWalkOptions, createTreeWalk } from './treeWalk.ts';
export { type StepLaw, exactEmittedLaw, exactStepLaw, languageSequenceLaw } from './exactWalkLaw.ts';
export { type TokensPerStep, type TokensPerStepOptions, expectedTokensPerStep } from './expectedTokensPerStep.ts';
export { type SimulationOptions, type SimulationResult, simulateTreeWalk } from './simulateTreeWalk.ts';
export { stationaryDistribution } from './stationaryDistribution.ts';

// Sequence-level verification (block, traversal) and the tree-level optimum (theory §S2–§S4).
export { type DraftedTree, type SequenceVerdict, type SequenceVerifier } from './sequenceVerifier.ts';
export { nodeMethod } from './nodeMethod.ts';
export { type SiblingLaw, nextSiblingLaw } from '../sequence/siblingLaw.ts';
export { blockVerify } from '../sequence/blockVerify.ts';
export { traversalVerify } from '../sequence/traversalVerify.ts';
export { SEQUENCE_VERIFIER_IDS, getSequenceVerifier, resolveWalkMethod } from '../sequence/sequenceVerifiers.ts';
export { traversalStepLaw } from '../sequence/traversalStepLaw.ts';
export { sequenceTokensPerStep } from '../sequence/sequenceTokensPerStep.ts';
export { blockTokensPerStep } from '../sequence/blockTokensPerStep.ts';
export { continuedBlockLaw } from '../sequence/continuedBlockLaw.ts';
export { pathSetLaw } from '../sequence/pathSetLaw.ts';
export { lpAOptimum } from '../sequence/lpAOptimum.ts';
export { lpBBound } from '../sequence/lpBBound.ts';
export { lpATokensPerStep } from '../sequence/lpATokensPerStep.ts';
export { treeOptimum } from '../sequence/treeOptimum.ts';
export { treeGapReport } from '../sequence/treeGapReport.ts';
