/**
 * Test oracle: the speculative decoder and the autoregressive baseline as they were before the lean-decoder
 * rewrite (issue 15): per-node `nextTokenLaw`, one `dataSync` per scored row, `TreeSession` re-concatenating
 * the cache at every level. A test runs the old and the new code path side by side in one process and
 * requires the same tokens for the same seed; the latency bench times both in one run. Not part of the library
 * (excluded from the build). Its only change from the old code: optional profiler laps, which compute nothing.
 */
import type { Tensor3D } from '@tensorflow/tfjs';
import type { Chooser } from '../../../core/chooser.ts';
import { Categorical, type CategoricalOptions } from '../../../core/categorical.ts';
import { SpechubError } from '../../../core/errors.ts';
import { floatField } from '../../../core/field.ts';
import { getMethod } from '../../../methods.ts';
import { checkTreeBranching, type Method as DecodingMethod, nodeMethod } from '../../../tree/nodeMethod.ts';
import { isSequenceVerifier, type SequenceVerifier } from '../../../tree/sequenceVerifier.ts';
import type { TokenTree } from '../../../tree/tokenTree.ts';
import { walkTokenTree } from '../../../tree/walkTokenTree.ts';
import type { ForwardResult, GptModel, KvCache } from '../../model.ts';
import type { AutoregressiveGeneration } from '../autoregressiveDecoder.ts';
import type { DecoderModels, DecodingState, Generation, StepOutcome } from '../speculativeDecoder.ts';
import { nextTokenLaw, type SamplingSettings } from '../nextTokenLaw.ts';
import type { StepPhase, StepProfiler } from '../stepProfiler.ts';


/**
 * The pre-optimisation `SpeculativeDecoder` (commit 003d9d5), verbatim apart from imports, its name,
 * profiler laps (timing only; bench/e2eLatency.ts prints its breakdown as the "before" table) and the
 * `draftSampler` option: `alias` (default) is the original drafting, `scan` follows the lean decoder's default
 * (`DecoderOptions.draftSampler`), so that the two can run side by side in either mode.
 */
export class ReferenceSpeculativeDecoder {
  readonly models: DecoderModels;
  readonly tree: TokenTree;
  /** The token-level method (for a sequence-level verifier: its drafting method). */
  readonly method: DecodingMethod;
  /** The sequence-level verifier, or null for the token-level walk. */
  readonly sequenceVerifier: SequenceVerifier | null;
  readonly sampling: SamplingSettings;
  private readonly depthOf: Int32Array;
  private readonly levels: number[][];
  /** Profiling only (laps at phase boundaries; no effect on what is computed). */
  readonly profiler: StepProfiler | null;

  /** Draw options of each node's drafting (`{ draws: 'many' }` unless `draftSampler: 'scan'`). */
  private readonly drawOptions: CategoricalOptions;

  constructor(models: DecoderModels, tree: TokenTree, method: string | DecodingMethod | SequenceVerifier, sampling: SamplingSettings, options: { profiler?: StepProfiler; draftSampler?: 'scan' | 'alias' } = {}) {
    this.profiler = options.profiler ?? null;
    this.drawOptions = { draws: options.draftSampler === 'scan' ? 'few' : 'many' };
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
    this.profiler?.begin();
    try {
      return this.stepProfiled(state, chooser);
    } finally {
      this.profiler?.end();
    }
  }

  private stepProfiled(state: DecodingState, chooser: Chooser<number>): StepOutcome {
    const profiler = this.profiler;
    const lap = profiler === null ? undefined : (phase: StepPhase) => profiler.lap(phase);
    const draftLap = lap === undefined ? undefined : (phase: StepPhase | 'pass') => lap(phase === 'pass' ? 'draftPass' : phase);
    const targetLap = lap === undefined ? undefined : (phase: 'treeBuild' | 'transfer' | 'pass') => lap(phase === 'pass' ? 'targetPass' : phase);
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
    lap?.('treeBuild');
    const prefill = draft.scoreTree(state.draftCache, pending, pending.map((_, i) => i - 1), { lap: draftLap });
    const vocab = draft.config.vocabSize;
    const draftCache = draft.extendCache(state.draftCache, prefill, pending.map((_, i) => i), true);
    draft.disposeForward(prefill);
    lap?.('cache');
    q[0] = nextTokenLaw(prefill.logits.subarray((pending.length - 1) * vocab, pending.length * vocab), this.sampling);
    lap?.('laws');
    const session = new TreeSession(draft, draftCache, this.tree.parents, draftLap);
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
        lap?.('treeBuild');
        if (toFeed.length > 0) {
          const logits = session.feed(toFeed, toFeed.map((v) => tokenOf[v]!));
          toFeed.forEach((v, i) => (q[v] = nextTokenLaw(logits.subarray(i * vocab, (i + 1) * vocab), this.sampling)));
          lap?.('laws');
        }
        for (const v of this.levels[level]!) {
          if (q[v] === undefined) continue;
          const kids = this.tree.children[v]!;
          if (kids.length === 0) continue;
          const chosen = nodeMethod(floatField, this.method, q[v]!, kids.length);
          chosenMethod[v] = chosen;
          const tokens = chosen.method.scheme.prepare(floatField, q[v]!, chosen.k, this.drawOptions).draw(chooser);
          tokens.forEach((t, j) => {
            tokenOf[kids[j]!] = t;
            drafted[v]!.push(kids[j]!);
          });
        }
        lap?.('drafting');
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
      const scored = target.scoreTree(state.targetCache, tokens, parents, { lazyLogits: true, lap: targetLap });
      const targetLaw = (v: number) => {
        lap?.('verification');
        const row = target.rowLogits(scored, indexOf.get(v)!, targetLap);
        const law = nextTokenLaw(row, this.sampling);
        lap?.('laws');
        return law;
      };

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

      lap?.('verification');

      // 4. Commit the accepted path to both caches.
      const targetCache = target.extendCache(state.targetCache, scored, [...targetPending.map((_, i) => i), ...path.map((u) => indexOf.get(u)!)], true);
      target.disposeForward(scored);
      const fedPath: number[] = [];
      for (const u of path) {
        if (!session.has(u)) break;
        fedPath.push(u);
      }
      newDraftCache = session.commit(fedPath);
      lap?.('cache');
      return { state: { sequence: [...sequence, ...emitted], targetCache, draftCache: newDraftCache }, emitted, accepted: path.length };
    } finally {
      session.dispose();
      draft.disposeCache(draftCache);
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

/** The pre-rewrite `autoregressiveGenerate` (commit 003d9d5), verbatim apart from its name. */
export function referenceAutoregressiveGenerate(target: GptModel, prompt: readonly number[], maxNewTokens: number, sampling: SamplingSettings, chooser: Chooser<number>): AutoregressiveGeneration {
  if (prompt.length === 0) throw new SpechubError('EMPTY', 'the prompt must hold at least one token');
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new SpechubError('INVALID_ARGUMENT', `maxNewTokens must be a positive integer, got ${maxNewTokens}`);
  if (prompt.length + maxNewTokens - 1 > target.config.contextLength) {
    throw new SpechubError('INVALID_ARGUMENT', `prompt of ${prompt.length} tokens plus ${maxNewTokens} new tokens exceeds the context of ${target.config.contextLength}`);
  }
  const vocab = target.config.vocabSize;
  const started = performance.now();
  let cache = target.emptyCache();
  let pending = [...prompt];
  const tokens: number[] = [];
  try {
    while (tokens.length < maxNewTokens) {
      const scored = target.scoreTree(cache, pending, pending.map((_, i) => i - 1));
      cache = target.extendCache(cache, scored, pending.map((_, i) => i));
      target.disposeForward(scored);
      const p = nextTokenLaw(scored.logits.subarray((pending.length - 1) * vocab, pending.length * vocab), sampling);
      const y = chooser.categorical(Categorical.create(floatField, p));
      tokens.push(y);
      pending = [y];
    }
  } finally {
    target.disposeCache(cache);
  }
  return { tokens, seconds: (performance.now() - started) / 1000 };
}

/**
 * Scores the nodes of a token tree level by level with one model, on top of a cache whose last entry is the
 * tree's root (node 0): each fed node attends to the whole cache, its fed ancestors and itself, at position
 * cache.length − 1 + depth. Keeps the keys/values of every fed node so that deeper levels can attend to them
 * and the accepted path can be committed to the cache afterwards.
 */
class TreeSession {
  private readonly model: GptModel;
  private readonly cache: KvCache;
  private readonly parents: readonly number[];
  private readonly depth: Int32Array;
  /** Fed node ids, in feeding order (= column order of keys/values). */
  readonly fed: number[] = [];
  private readonly column = new Map<number, number>();
  private keys: Tensor3D[] = [];
  private values: Tensor3D[] = [];

  private readonly lap: ((phase: StepPhase | 'pass') => void) | undefined;

  constructor(model: GptModel, cache: KvCache, parents: readonly number[], lap?: (phase: StepPhase | 'pass') => void) {
    this.lap = lap;
    this.model = model;
    this.cache = cache;
    this.parents = parents;
    this.depth = new Int32Array(parents.length);
    for (let v = 1; v < parents.length; v++) this.depth[v] = this.depth[parents[v]!]! + 1;
  }

  private isAncestorOrSelf(a: number, v: number): boolean {
    for (let u = v; u > 0; u = this.parents[u]!) if (u === a) return true;
    return false;
  }

  /** Feeds nodes (ids ≥ 1, ancestors fed before) with their tokens; returns the logits (row i = nodes[i]). */
  feed(nodes: readonly number[], tokens: readonly number[]): Float32Array {
    const tf = this.model.tf;
    const m = this.fed.length;
    const n = nodes.length;
    const pastLength = this.cache.length + m;
    const width = pastLength + n;
    const allowed = new Uint8Array(n * width);
    const positions: number[] = [];
    nodes.forEach((v, i) => {
      const row = i * width;
      allowed.fill(1, row, row + this.cache.length);
      for (let j = 0; j < m; j++) if (this.isAncestorOrSelf(this.fed[j]!, v)) allowed[row + this.cache.length + j] = 1;
      for (let j = 0; j < n; j++) if (this.isAncestorOrSelf(nodes[j]!, v)) allowed[row + pastLength + j] = 1;
      positions.push(this.cache.length - 1 + this.depth[v]!);
    });
    const past =
      m === 0
        ? this.cache
        : {
            length: pastLength,
            keys: this.cache.keys.map((k, l) => tf.concat([k, this.keys[l]!], 1) as Tensor3D),
            values: this.cache.values.map((k, l) => tf.concat([k, this.values[l]!], 1) as Tensor3D),
          };
    this.lap?.('cache');
    this.lap?.('treeBuild');
    const result = this.model.forward(tokens, positions, past, allowed, { lap: this.lap });
    if (m > 0) for (const t of [...past.keys, ...past.values]) t.dispose();
    if (m === 0) {
      this.keys = result.keys;
      this.values = result.values;
    } else {
      const join = (old: Tensor3D[], fresh: Tensor3D[]) =>
        old.map((t, l) => {
          const joined = tf.concat([t, fresh[l]!], 1) as Tensor3D;
          t.dispose();
          fresh[l]!.dispose();
          return joined;
        });
      this.keys = join(this.keys, result.keys);
      this.values = join(this.values, result.values);
    }
    this.lap?.('cache');
    nodes.forEach((v, i) => {
      this.column.set(v, m + i);
      this.fed.push(v);
    });
    return result.logits;
  }

  /** Whether a node's keys/values were computed. */
  has(v: number): boolean {
    return this.column.has(v);
  }

  /** A new cache: the session's cache followed by the given fed nodes (a chain below the root), old cache kept. */
  commit(path: readonly number[]): KvCache {
    if (this.fed.length === 0 || path.length === 0) return this.model.cloneCache(this.cache);
    const result: ForwardResult = { logits: new Float32Array(0), count: this.fed.length, keys: this.keys, values: this.values };
    return this.model.extendCache(this.cache, result, path.map((v) => this.column.get(v)!), true);
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) t.dispose();
    this.keys = [];
    this.values = [];
  }
}
