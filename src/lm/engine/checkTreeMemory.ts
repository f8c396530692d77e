/**
 * Size guard of tree speculative decoding with two {@link GptModel}s: one target pass scores every node of the
 * tree after the committed tokens (tree attention, §5.1), so its attention matrices grow like
 * heads · nodes · (context + nodes). Before any model runs, this checks that the largest target and draft
 * passes of a generation fit the memory budget ({@link maxPassBytes}), and otherwise throws `TOO_LARGE` with
 * the largest full binary tree that fits these models and the route that works for bigger trees (the Markov
 * simulator). Without it a too large tree ends in a wasm trap ("remainder by zero") after minutes.
 *
 * @example
 * ```ts
 * const target = { vocabSize: 4096, contextLength: 256, layers: 4, heads: 4, embeddingSize: 256 }; // a GptConfig (model.config)
 * const draft = { vocabSize: 4096, contextLength: 256, layers: 1, heads: 2, embeddingSize: 64 };
 * checkTreeMemory({ target, draft }, parseTreeSpec('2^3'), '2^3', 32, 64);    // passes
 * checkTreeMemory({ target, draft }, parseTreeSpec('2^12'), '2^12', 32, 64);  // throws TOO_LARGE
 * ```
 */
import type { TokenTree } from '../../tree/tokenTree.ts';
import { checkPassMemory, forwardPassBytes, type GptConfig, maxPassBytes } from '../model.ts';

/** Peak bytes of the largest pass (target or draft) of a generation with this tree. */
export function treeDecodingBytes(configs: { target: GptConfig; draft: GptConfig }, nodes: number, promptTokens: number, maxNewTokens: number): number {
  const past = promptTokens + maxNewTokens;
  // First step: the whole prompt plus every node in one target pass; later steps: a few tokens plus the tree
  // after a longer cache. The bound below covers both.
  const target = forwardPassBytes(configs.target, promptTokens + nodes, past, true);
  const draft = forwardPassBytes(configs.draft, Math.max(promptTokens, nodes), past + nodes, false);
  return Math.max(target, draft);
}

/** Throws `TOO_LARGE` unless every pass of a generation with `tree` fits the memory budget. */
export function checkTreeMemory(configs: { target: GptConfig; draft: GptConfig }, tree: TokenTree, treeName: string, promptTokens: number, maxNewTokens: number, budget = maxPassBytes()): void {
  const nodes = tree.parents.length;
  const bytes = treeDecodingBytes(configs, nodes, promptTokens, maxNewTokens);
  if (bytes <= budget) return;
  let largest = 0;
  for (let D = 1; D <= 16 && treeDecodingBytes(configs, 2 ** D - 1, promptTokens, maxNewTokens) <= budget; D++) largest = D;
  const advice = largest >= 1
    ? `the largest full binary tree that fits these models is 2^${largest} (${2 ** largest - 1} nodes); larger trees can be studied on Markov-chain languages with spechub simulate or spechub sweep`
    : 'shorten the prompt or the generation; larger trees can be studied on Markov-chain languages with spechub simulate or spechub sweep';
  checkPassMemory(bytes, `tree ${treeName} (${nodes} nodes) with ${promptTokens} prompt + ${maxNewTokens} new tokens`, advice, budget);
}
