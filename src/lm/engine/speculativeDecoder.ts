/**
 * Tree speculative decoding with two {@link GptModel}s (§5.1), one step per target forward pass:
 *
 * 1. **Draft**: one draft call feeds the committed tokens the draft cache lacks (normally the last one, the
 *    tree's root) and computes the root's logits only; then the tree grows level by level: each node's
 *    children are drawn with the method's draft scheme (§1: i.i.d., without replacement, hub pair, greedy)
 *    from q(·|c(v)); all nodes of a level are scored in ONE draft call with tree attention, whose past is the
 *    previous call's attention context as it is (no concatenation between levels; `TreeSession`).
 * 2. **Score**: one target pass over the uncached committed tokens and every drafted node (tree attention:
 *    each node attends to the cache, its ancestors and itself) gives p(·|c(v)) for every node.
 * 3. **Walk** (§5.1): from the root, verify a node's children with the method's verifier against
 *    (p(·|c(v)), q(·|c(v))); descend into the accepted child; a residual token (⊥) ends the step; at a node
 *    without children emit a bonus token y ~ p(·|c(v)).
 * 4. **Commit**: the pending tokens' and the accepted path's keys/values go into both KV caches, as slices of
 *    the pass's keys/values and one concatenation per tensor (the draft keeps those it computed; a path's last
 *    node, never fed to the draft, is fed at the next step); the emitted final token becomes the next root.
 *
 * Laws: `nextTokenLaw` (temperature, then top-p) for both models (§8 item 9), computed by
 * {@link nextTokenLawInto} — the same numbers bit for bit — into one reused buffer per tree node, from one
 * logits read per draft call; the target's rows are computed when the verifier first needs them (or all in
 * the target pass, see {@link DecoderOptions.targetLogits}). A {@link StepProfiler} passed in the options
 * receives the time of every phase of every step (bench/e2eLatency.ts prints the breakdown). Randomness: only the chooser
 * (a seeded `SamplingChooser`). Exactness follows from §5.1: the emitted stream has the law of sampling the
 * target autoregressively with the same temperature/top-p (the end-to-end test checks this statistically).
 *
 * Nodes where the method is not defined for the number of children use SD (SpecHub with one child); nodes
 * whose draft law has too small a support (top-p) draft fewer children (`nodeMethod`). The walk of step 3 is
 * the simulator's ({@link walkTokenTree}). With a sequence-level verifier (block or traversal verification,
 * §S2–§S3) step 3 is that verifier instead: it reads the target law of every drafted node it needs.
 * States are immutable: `step` returns a new state and leaves the old one usable (dispose it with
 * {@link SpeculativeDecoder.release}).
 *
 * @example
 * ```ts
 * const { tf } = await selectBackend();
 * // Untrained tiny models (the API is the same for trained ones: loadCheckpoint(tf, 'models/target')).
 * const target = GptModel.initialise(tf, { vocabSize: 64, contextLength: 32, layers: 1, heads: 2, embeddingSize: 16 }, 1);
 * const draft = GptModel.initialise(tf, { vocabSize: 64, contextLength: 32, layers: 1, heads: 1, embeddingSize: 8 }, 2);
 * const promptIds = [5, 9, 12];
 * const decoder = new SpeculativeDecoder({ target, draft }, parseTreeSpec('2^2'), 'spechub', { temperature: 0.6, topP: 1 });
 * const run = decoder.generate(promptIds, 8, new SamplingChooser(createRng(17)));
 * run.tokens; run.steps.length; // tokens per step = run.tokens.length / run.steps.length
 * ```
 */
import type { Chooser } from '../../core/chooser.ts';
import { Categorical, type CategoricalOptions } from '../../core/categorical.ts';
import { SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { getMethod } from '../../methods.ts';
import { checkTreeBranching, type Method as DecodingMethod, nodeMethod } from '../../tree/nodeMethod.ts';
import { isSequenceVerifier, type SequenceVerifier } from '../../tree/sequenceVerifier.ts';
import type { TokenTree } from '../../tree/tokenTree.ts';
import { walkTokenTree } from '../../tree/walkTokenTree.ts';
import type { ForwardResult, GptModel, KvCache } from '../model.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { LawScratch, nextTokenLawInto } from './nextTokenLawInto.ts';
import { TreeSession } from './_internals/treeSession.ts';
import type { StepPhase, StepProfiler } from './stepProfiler.ts';

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

/** Options of a {@link SpeculativeDecoder}. */
export interface DecoderOptions {
  /** Receives the time of every phase of every step ({@link StepProfiler}). */
  profiler?: StepProfiler;
  /**
   * How the target's logits are read: `eager` computes every tree node's row in the target pass and reads them
   * in one transfer; `lazy` computes a node's row (one [1, d] × [d, V] product and read) when the verifier first
   * needs it. `auto` (default): lazy for the token-level walk, which reads at most depth + 1 rows instead of
   * running the output head on every node (on wasm, bench/e2eLatency.ts --compare-target-logits: 3 % faster
   * steps in CPU time at 2^2–2^4, within the ±10 % wall-clock noise of a loaded machine), eager for
   * sequence-level verifiers, which may read every node. Same tokens either way.
   */
  targetLogits?: 'eager' | 'lazy' | 'auto';
  /**
   * How each tree node draws its drafts from the draft law (the law is the scheme's either way): `scan`
   * (default) draws every token by an inverse-CDF scan (`{ draws: 'few' }` in `DraftScheme.prepare`; without
   * replacement, one scan of the renormalised rest), `alias` builds a Vose alias table on a law's second draw,
   * as Monte Carlo does (`{ draws: 'many' }`). A node's law is drawn from k times at most, so the table, about
   * ten scans' work, never pays for itself: with `scan` the drafting phase of an i.i.d. tree at 2^4 falls from
   * about 7 % of a step to under 2 % (bench/e2eLatency.ts, docs/e2e.md). `alias` gives the tokens the decoder
   * gave before this option existed (and those of the pre-rewrite decoder's fixture, `decoderTokens.json`); the
   * two differ only for i.i.d. and without-replacement drafts (RRS, RRSw, K-SEQ and the sequence verifiers that
   * draft with them).
   */
  draftSampler?: 'scan' | 'alias';
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
  /** Profiler the steps report their phases to, or null. */
  readonly profiler: StepProfiler | null;
  /** Whether the target pass computes every node's logits (see {@link DecoderOptions.targetLogits}). */
  readonly eagerTargetLogits: boolean;
  /** How nodes draw their drafts (see {@link DecoderOptions.draftSampler}). */
  readonly draftSampler: 'scan' | 'alias';
  private readonly drawOptions: CategoricalOptions;
  private readonly depthOf: Int32Array;
  private readonly levels: number[][];
  /** Per node, the buffers its draft and target laws are written into (allocated on first use, reused by every step). */
  private readonly draftLawBuffers: Float64Array[] = [];
  private readonly targetLawBuffers: Float64Array[] = [];
  private readonly scratch = new LawScratch();

  constructor(models: DecoderModels, tree: TokenTree, method: string | DecodingMethod | SequenceVerifier, sampling: SamplingSettings, options: DecoderOptions = {}) {
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
    this.profiler = options.profiler ?? null;
    const mode = options.targetLogits ?? 'auto';
    if (mode !== 'eager' && mode !== 'lazy' && mode !== 'auto') throw new SpechubError('INVALID_ARGUMENT', `targetLogits must be eager, lazy or auto, got ${String(mode)}`);
    this.eagerTargetLogits = mode === 'eager' || (mode === 'auto' && this.sequenceVerifier !== null);
    const sampler = options.draftSampler ?? 'scan';
    if (sampler !== 'scan' && sampler !== 'alias') throw new SpechubError('INVALID_ARGUMENT', `draftSampler must be scan or alias, got ${String(sampler)}`);
    this.draftSampler = sampler;
    this.drawOptions = { draws: sampler === 'scan' ? 'few' : 'many' };
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

  private lawBuffer(buffers: Float64Array[], v: number): Float64Array {
    return (buffers[v] ??= new Float64Array(this.models.target.config.vocabSize));
  }

  /** One target call (see the module comment). The input state stays valid. */
  step(state: DecodingState, chooser: Chooser<number>): StepOutcome {
    this.profiler?.begin();
    try {
      return this.leanStep(state, chooser);
    } finally {
      this.profiler?.end();
    }
  }

  private leanStep(state: DecodingState, chooser: Chooser<number>): StepOutcome {
    const profiler = this.profiler;
    const lap = profiler === null ? undefined : (phase: StepPhase) => profiler.lap(phase);
    const draftLap = lap === undefined ? undefined : (phase: 'treeBuild' | 'transfer' | 'pass') => lap(phase === 'pass' ? 'draftPass' : phase);
    const targetLap = lap === undefined ? undefined : (phase: 'treeBuild' | 'transfer' | 'pass') => lap(phase === 'pass' ? 'targetPass' : phase);
    const { target, draft } = this.models;
    const { sampling, scratch } = this;
    const vocab = target.config.vocabSize;
    const sequence = state.sequence;
    this.checkContext(sequence.length);
    const nodes = this.tree.parents.length;
    const children = this.tree.children;
    const tokenOf = new Int32Array(nodes).fill(-1);
    tokenOf[0] = sequence[sequence.length - 1]!;
    const q: Array<Float64Array | undefined> = new Array(nodes);
    const drafted: number[][] = Array.from({ length: nodes }, () => []);
    const chosenMethod: Array<{ method: DecodingMethod; k: number } | undefined> = new Array(nodes);

    // 1. Draft: one draft call for the committed tokens the draft cache lacks (the last is the root), then one
    //    call per level for all that level's nodes that have children.
    const session = new TreeSession(draft, state.draftCache, this.tree.parents, this.depthOf, draftLap);
    let targetScored: ForwardResult | null = null;
    try {
      const pending = sequence.slice(state.draftCache.length);
      lap?.('treeBuild');
      const rootLogits = session.prefill(pending);
      q[0] = nextTokenLawInto(rootLogits, 0, vocab, sampling, this.lawBuffer(this.draftLawBuffers, 0), scratch);
      lap?.('laws');
      const live: number[] = [];
      for (let level = 0; level < this.levels.length; level++) {
        const toFeed: number[] = [];
        for (const v of this.levels[level]!) {
          if (v !== 0 && tokenOf[v]! < 0) continue; // not drafted (small support)
          if (v !== 0) live.push(v);
          if (children[v]!.length > 0 && q[v] === undefined) toFeed.push(v);
        }
        lap?.('treeBuild');
        if (toFeed.length > 0) {
          const logits = session.feed(toFeed, toFeed.map((v) => tokenOf[v]!));
          for (let i = 0; i < toFeed.length; i++) {
            const v = toFeed[i]!;
            q[v] = nextTokenLawInto(logits, i, vocab, sampling, this.lawBuffer(this.draftLawBuffers, v), scratch);
          }
          lap?.('laws');
        }
        for (const v of this.levels[level]!) {
          if (q[v] === undefined) continue;
          const kids = children[v]!;
          if (kids.length === 0) continue;
          const chosen = nodeMethod(floatField, this.method, q[v]!, kids.length);
          chosenMethod[v] = chosen;
          const tokens = chosen.method.scheme.prepare(floatField, q[v]!, chosen.k, this.drawOptions).draw(chooser);
          for (let j = 0; j < tokens.length; j++) {
            tokenOf[kids[j]!] = tokens[j]!;
            drafted[v]!.push(kids[j]!);
          }
        }
        lap?.('drafting');
      }

      // 2. Score every node with one target call (the committed tokens the target cache lacks, then the tree).
      const cached = state.targetCache.length;
      const targetPending = sequence.slice(cached);
      const rootIndex = targetPending.length - 1;
      const indexOf = new Int32Array(nodes).fill(-1);
      indexOf[0] = rootIndex;
      const tokens = targetPending;
      const parents = targetPending.map((_, i) => i - 1);
      for (const v of live) {
        indexOf[v] = tokens.length;
        tokens.push(tokenOf[v]!);
        parents.push(indexOf[this.tree.parents[v]!]!);
      }
      const eager = this.eagerTargetLogits;
      const scored = target.scoreTree(state.targetCache, tokens, parents, eager ? { logitsFrom: rootIndex, lap: targetLap } : { lazyLogits: true, lap: targetLap });
      targetScored = scored;

      // 3. Walk the tree (or run the sequence-level verifier on the whole drafted tree).
      const p: Array<Float64Array | undefined> = new Array(nodes);
      const targetAt = (u: number): Float64Array => {
        let law = p[u];
        if (law === undefined) {
          lap?.('verification');
          const buffer = this.lawBuffer(this.targetLawBuffers, u);
          if (eager) law = nextTokenLawInto(scored.logits, indexOf[u]! - rootIndex, vocab, sampling, buffer, scratch);
          else law = nextTokenLawInto(target.rowLogits(scored, indexOf[u]!, targetLap), 0, vocab, sampling, buffer, scratch);
          p[u] = law;
          lap?.('laws');
        }
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
              return { verifier: chosen.method.verifier.prepare(floatField, targetAt(u), q[u]!, chosen.k), methodId: chosen.method.id };
            },
            bonusLaw: (u) => Categorical.create(floatField, targetAt(u)),
          },
          chooser,
        ));
      }
      lap?.('verification');

      // 4. Commit: each cache gains the pending tokens and the accepted path (slices and one concat per tensor).
      const keep: number[] = [];
      for (let j = 0; j <= rootIndex; j++) keep.push(j);
      for (const u of path) keep.push(indexOf[u]!);
      const targetCache = target.appendColumns(state.targetCache, { length: scored.count, keys: scored.keys, values: scored.values }, keep);
      const fedPath: number[] = [];
      for (const u of path) {
        if (!session.has(u)) break;
        fedPath.push(u);
      }
      const draftCache = session.commit(fedPath);
      lap?.('cache');
      return { state: { sequence: [...sequence, ...emitted], targetCache, draftCache }, emitted, accepted: path.length };
    } finally {
      session.dispose();
      if (targetScored !== null) target.disposeForward(targetScored);
      lap?.('cache');
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
