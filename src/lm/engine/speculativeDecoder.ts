/**
 * Tree speculative decoding with two {@link GptModel}s (spec §5.1), one step per target forward pass:
 *
 * 1. **Draft**: feed the committed tokens the draft cache lacks (normally the last one, the tree's root),
 *    then grow the tree level by level: each node's children are drawn with the method's draft scheme (§1:
 *    i.i.d., without replacement, hub pair, greedy) from q(·|c(v)); the nodes of a level are scored in one
 *    draft pass with tree attention.
 * 2. **Score**: one target pass over the uncached committed tokens and every drafted node (tree attention:
 *    each node attends to the cache, its ancestors and itself) gives p(·|c(v)) for every node.
 * 3. **Walk** (§5.1): from the root, verify a node's children with the method's verifier against
 *    (p(·|c(v)), q(·|c(v))); descend into the accepted child; a residual token (⊥) ends the step; at a node
 *    without children emit a bonus token y ~ p(·|c(v)).
 * 4. **Commit**: the accepted path's keys/values go into both KV caches (the draft keeps those it computed;
 *    a path's last node, never fed to the draft, is fed at the next step); the emitted final token becomes the
 *    next root.
 *
 * Laws: `nextTokenLaw` (temperature, then top-p) for both models (§8 item 9). Randomness: only the chooser
 * (a seeded `SamplingChooser`). Exactness follows from §5.1: the emitted stream has the law of sampling the
 * target autoregressively with the same temperature/top-p (the end-to-end test checks this statistically).
 *
 * Nodes where the method is not defined for the number of children use SD (SpecHub with one child); nodes
 * whose draft law has too small a support (top-p) draft fewer children (`nodeMethod`). The walk of step 3 is
 * the simulator's ({@link walkTokenTree}). With a sequence-level verifier (block or traversal verification,
 * spec §S2–§S3) step 3 is that verifier instead: it reads the target law of every drafted node it needs. States are immutable: `step` returns a
 * new state and leaves the old one usable (dispose it with {@link SpeculativeDecoder.release}).
 *
 * @example
 * ```ts
 * const decoder = new SpeculativeDecoder({ target, draft }, parseTreeSpec('2^4'), 'spechub', { temperature: 0.6, topP: 1 });
 * const run = decoder.generate(promptIds, 64, new SamplingChooser(createRng(17)));
 * run.tokens; run.steps.length; // tokens per step = run.tokens.length / run.steps.length
 * ```
 */
import type { Chooser } from '../../core/chooser.ts';
import { Categorical } from '../../core/categorical.ts';
import { SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { getMethod } from '../../methods.ts';
import { checkTreeBranching, type Method as DecodingMethod, nodeMethod } from '../../tree/nodeMethod.ts';
import { isSequenceVerifier, type SequenceVerifier } from '../../tree/sequenceVerifier.ts';
import type { TokenTree } from '../../tree/tokenTree.ts';
import { walkTokenTree } from '../../tree/walkTokenTree.ts';
import type { GptModel, KvCache } from '../model.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { TreeSession } from './_internals/treeSession.ts';

export type { Method as DecodingMethod } from '../../tree/nodeMethod.ts';

/** The target and draft models (same vocabulary). */
export interface DecoderModels {
  target: GptModel;
  draft: GptModel;
}

/** Committed tokens and the two caches (each covers a prefix of `sequence`, at most all but the last token). */
export interface DecodingState {
  readonly sequence: readonly number[];
  readonly targetCache: KvCache;
  readonly draftCache: KvCache;
}

/** Result of one target call. */
export interface StepOutcome {
  state: DecodingState;
  /** Tokens emitted by this target call: accepted drafts, then the residual or bonus token. */
  emitted: number[];
  /** Number of accepted draft tokens (= emitted.length − 1). */
  accepted: number;
}

/** Result of {@link SpeculativeDecoder.generate}. */
export interface Generation {
  /** The generated tokens (prompt excluded), exactly `maxNewTokens` of them. */
  tokens: number[];
  /** Emitted tokens per step (the last step may have emitted more than were kept). */
  steps: number[];
  /** Accepted draft tokens per step. */
  acceptedPerStep: number[];
  seconds: number;
}

/** Tree speculative decoding for one tree shape, method and sampling setting (see the module comment). */
export class SpeculativeDecoder {
  readonly models: DecoderModels;
  readonly tree: TokenTree;
  /** The token-level method (for a sequence-level verifier: its drafting method). */
  readonly method: DecodingMethod;
  /** The sequence-level verifier, or null for the token-level walk. */
  readonly sequenceVerifier: SequenceVerifier | null;
  readonly sampling: SamplingSettings;
  private readonly depthOf: Int32Array;
  private readonly levels: number[][];

  constructor(models: DecoderModels, tree: TokenTree, method: string | DecodingMethod | SequenceVerifier, sampling: SamplingSettings) {
    const { target, draft } = models;
    if (target.config.vocabSize !== draft.config.vocabSize) {
      throw new SpechubError('LENGTH_MISMATCH', `target vocabulary ${target.config.vocabSize} ≠ draft vocabulary ${draft.config.vocabSize}`);
    }
    this.models = models;
    this.tree = tree;
    this.sequenceVerifier = isSequenceVerifier(method) ? method : null;
    this.sequenceVerifier?.checkTree(tree);
    this.method = this.sequenceVerifier !== null ? this.sequenceVerifier.drafting : typeof method === 'string' ? getMethod(method) : (method as DecodingMethod);
    this.sampling = sampling;
    nextTokenLaw([0], sampling); // validates temperature and top-p
    checkTreeBranching(tree, () => this.method);
    this.depthOf = new Int32Array(tree.parents.length);
    this.levels = [[0]];
    for (let v = 1; v < tree.parents.length; v++) {
      const d = this.depthOf[tree.parents[v]!]! + 1;
      this.depthOf[v] = d;
      (this.levels[d] ??= []).push(v);
    }
  }

  /** The state before generating after `prompt` (nothing is computed until the first step). */
  start(prompt: readonly number[]): DecodingState {
    if (prompt.length === 0) throw new SpechubError('EMPTY', 'the prompt must hold at least one token');
    const vocab = this.models.target.config.vocabSize;
    for (const t of prompt) if (!Number.isInteger(t) || t < 0 || t >= vocab) throw new SpechubError('INVALID_ARGUMENT', `prompt token ${t} is outside the vocabulary [0, ${vocab})`);
    return { sequence: [...prompt], targetCache: this.models.target.emptyCache(), draftCache: this.models.draft.emptyCache() };
  }

  /** Frees a state's caches. */
  release(state: DecodingState): void {
    this.models.target.disposeCache(state.targetCache);
    this.models.draft.disposeCache(state.draftCache);
  }

  /** Longest sequence a step may need: the committed tokens plus the tree depth must fit both contexts. */
  private checkContext(length: number): void {
    const limit = Math.min(this.models.target.config.contextLength, this.models.draft.config.contextLength);
    if (length + this.tree.depth > limit) {
      throw new SpechubError('INVALID_ARGUMENT', `sequence of ${length} tokens plus a tree of depth ${this.tree.depth} exceeds the models' context of ${limit} tokens`);
    }
  }

  /** One target call (see the module comment). The input state stays valid. */
  step(state: DecodingState, chooser: Chooser<number>): StepOutcome {
    const { target, draft } = this.models;
    const sequence = state.sequence;
    this.checkContext(sequence.length);
    const nodes = this.tree.parents.length;
    const tokenOf = new Int32Array(nodes).fill(-1);
    tokenOf[0] = sequence[sequence.length - 1]!;
    const q: Array<Float64Array | undefined> = new Array(nodes);
    const drafted: number[][] = Array.from({ length: nodes }, () => []);
    const chosenMethod: Array<{ method: DecodingMethod; k: number } | undefined> = new Array(nodes);

    // 1. Draft: catch the draft cache up (its last entry becomes the root), then grow the tree level by level.
    const pending = sequence.slice(state.draftCache.length);
    const prefill = draft.scoreTree(state.draftCache, pending, pending.map((_, i) => i - 1));
    const vocab = draft.config.vocabSize;
    const draftCache = draft.extendCache(state.draftCache, prefill, pending.map((_, i) => i), true);
    draft.disposeForward(prefill);
    q[0] = nextTokenLaw(prefill.logits.subarray((pending.length - 1) * vocab, pending.length * vocab), this.sampling);
    const session = new TreeSession(draft, draftCache, this.tree.parents);
    let newDraftCache: KvCache;
    const live: number[] = [];
    try {
      for (let level = 0; level < this.levels.length; level++) {
        const toFeed: number[] = [];
        for (const v of this.levels[level]!) {
          if (v !== 0 && tokenOf[v]! < 0) continue; // not drafted (small support)
          if (v !== 0) live.push(v);
          const kids = this.tree.children[v]!;
          if (kids.length === 0) continue;
          if (q[v] === undefined) {
            toFeed.push(v);
            continue;
          }
        }
        if (toFeed.length > 0) {
          const logits = session.feed(toFeed, toFeed.map((v) => tokenOf[v]!));
          toFeed.forEach((v, i) => (q[v] = nextTokenLaw(logits.subarray(i * vocab, (i + 1) * vocab), this.sampling)));
        }
        for (const v of this.levels[level]!) {
          if (q[v] === undefined) continue;
          const kids = this.tree.children[v]!;
          if (kids.length === 0) continue;
          const chosen = nodeMethod(floatField, this.method, q[v]!, kids.length);
          chosenMethod[v] = chosen;
          const tokens = chosen.method.scheme.prepare(floatField, q[v]!, chosen.k).draw(chooser);
          tokens.forEach((t, j) => {
            tokenOf[kids[j]!] = t;
            drafted[v]!.push(kids[j]!);
          });
        }
      }

      // 2. Score every node with one target pass.
      const targetPending = sequence.slice(state.targetCache.length);
      const rootIndex = targetPending.length - 1;
      const indexOf = new Map<number, number>([[0, rootIndex]]);
      const tokens = [...targetPending];
      const parents = targetPending.map((_, i) => i - 1);
      for (const v of live) {
        indexOf.set(v, tokens.length);
        tokens.push(tokenOf[v]!);
        parents.push(indexOf.get(this.tree.parents[v]!)!);
      }
      // Logits are computed only for the nodes the walk visits (at most depth + 1 of them).
      const scored = target.scoreTree(state.targetCache, tokens, parents, { lazyLogits: true });
      const targetLaw = (v: number) => nextTokenLaw(target.rowLogits(scored, indexOf.get(v)!), this.sampling);

      // 3. Walk the tree (or run the sequence-level verifier on the whole drafted tree).
      const targetLaws = new Map<number, Float64Array>();
      const targetAt = (u: number): Float64Array => {
        let law = targetLaws.get(u);
        if (law === undefined) targetLaws.set(u, (law = targetLaw(u)));
        return law;
      };
      let emitted: number[];
      let path: number[];
      if (this.sequenceVerifier !== null) {
        const verdict = this.sequenceVerifier.verify(
          { field: floatField, children: (u) => drafted[u]!, token: (u) => tokenOf[u]!, target: targetAt, draft: (u) => q[u]! },
          chooser,
        );
        path = verdict.path;
        emitted = [...path.map((u) => tokenOf[u]!), verdict.token];
      } else {
        ({ emitted, path } = walkTokenTree(
          {
            draftedChildren: (u) => drafted[u]!,
            token: (u) => tokenOf[u]!,
            verifier: (u) => {
              const chosen = chosenMethod[u]!;
              return { verifier: chosen.method.verifier.prepare(floatField, targetLaw(u), q[u]!, chosen.k), methodId: chosen.method.id };
            },
            bonusLaw: (u) => Categorical.create(floatField, targetLaw(u)),
          },
          chooser,
        ));
      }

      // 4. Commit the accepted path to both caches.
      const targetCache = target.extendCache(state.targetCache, scored, [...targetPending.map((_, i) => i), ...path.map((u) => indexOf.get(u)!)], true);
      target.disposeForward(scored);
      const fedPath: number[] = [];
      for (const u of path) {
        if (!session.has(u)) break;
        fedPath.push(u);
      }
      newDraftCache = session.commit(fedPath);
      return { state: { sequence: [...sequence, ...emitted], targetCache, draftCache: newDraftCache }, emitted, accepted: path.length };
    } finally {
      session.dispose();
      draft.disposeCache(draftCache);
    }
  }

  /** Generates exactly `maxNewTokens` tokens after `prompt` (the last step's surplus is cut). */
  generate(prompt: readonly number[], maxNewTokens: number, chooser: Chooser<number>): Generation {
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new SpechubError('INVALID_ARGUMENT', `maxNewTokens must be a positive integer, got ${maxNewTokens}`);
    this.checkContext(prompt.length + maxNewTokens - 1);
    const started = performance.now();
    let state = this.start(prompt);
    const tokens: number[] = [];
    const steps: number[] = [];
    const acceptedPerStep: number[] = [];
    try {
      while (tokens.length < maxNewTokens) {
        const outcome = this.step(state, chooser);
        this.release(state);
        state = outcome.state;
        tokens.push(...outcome.emitted);
        steps.push(outcome.emitted.length);
        acceptedPerStep.push(outcome.accepted);
      }
    } finally {
      this.release(state);
    }
    return { tokens: tokens.slice(0, maxNewTokens), steps, acceptedPerStep, seconds: (performance.now() - started) / 1000 };
  }
}
