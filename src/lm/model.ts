/**
 * A decoder-only transformer language model in TensorFlow.js (nanoGPT style, one file, one config object):
 * token + learned position embeddings, `layers` pre-LayerNorm blocks of causal multi-head self-attention and
 * a GELU MLP, a final LayerNorm, and an output head tied to the token embedding.
 *
 * Two ways to run it:
 * - **training** ({@link GptModel.trainingLogits}): a batch of windows [B, T] with a causal mask;
 * - **decoding with a KV cache and tree attention** ({@link GptModel.forward} / {@link GptModel.scoreTree}):
 *   N new tokens, each at its own position, attend to every cached token plus the new tokens the caller
 *   allows (for a draft tree: the node's ancestors and itself). One call therefore scores every node of a
 *   draft tree, which is what tree speculative decoding needs (§5.1: "one target forward pass with tree
 *   attention yields p(·|c(v)) for every node").
 *
 * Weights are tfjs variables named like `layer0.attention.qkv.weight`; {@link expectedWeightShapes} lists them
 * (checkpoint loading in ./checkpoint.ts checks names and shapes against it). Embedding lookups use a
 * `tf.customGrad` whose gradient is a `tf.scatterND` (the wasm backend has no UnsortedSegmentSum, the kernel
 * behind gather's own gradient; see shared/notes/environment.md).
 *
 * @example
 * ```ts
 * const { tf } = await selectBackend();
 * const model = GptModel.initialise(tf, { vocabSize: 4096, contextLength: 128, layers: 4, heads: 4, embeddingSize: 256 }, 17);
 * let cache = model.emptyCache();
 * const prompt = model.scoreTree(cache, [5, 9, 12], [-1, 0, 1]);       // a chain = ordinary causal prefill
 * cache = model.extendCache(cache, prompt, [0, 1, 2]);                  // keep all three in the cache
 * const tree = model.scoreTree(cache, [7, 8, 3], [-1, -1, 0]);          // two children of the context, one grandchild
 * tree.logits.subarray(2 * 4096, 3 * 4096);                             // next-token logits after …, 7, 3
 * ```
 */
import type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/selectBackend.ts';
import { SpechubError } from '../core/errors.ts';
import { appendColumnsByOps, appendColumnsKernel } from './_internals/appendColumnsKernel.ts';

/** The architecture. */
export interface GptConfig {
  /** Number of token ids (must equal the tokenizer's). */
  vocabSize: number;
  /** Longest sequence (number of learned positions). */
  contextLength: number;
  /** Number of transformer blocks. */
  layers: number;
  /** Attention heads per block (embeddingSize must be a multiple). */
  heads: number;
  /** Width d of the residual stream. */
  embeddingSize: number;
  /** MLP hidden width = mlpMultiplier · d (default 4). */
  mlpMultiplier?: number;
}

/** Per-layer cached keys and values, each [heads, length, headSize]. */
export interface KvCache {
  readonly length: number;
  readonly keys: Tensor3D[];
  readonly values: Tensor3D[];
}

/** Result of scoring N new tokens: logits (N × vocabSize, row-major) and the new tokens' keys and values. */
export interface ForwardResult {
  /**
   * (N − logitsFrom) × vocabSize logits, row r for token logitsFrom + r; empty when scored with `lazyLogits`
   * (then use {@link GptModel.rowLogits}).
   */
  readonly logits: Float32Array;
  readonly count: number;
  /** The first token whose logits were computed (0 unless `logitsFrom` was given). */
  readonly logitsFrom?: number;
  /**
   * With `keepContext`: per layer the keys/values the new tokens attended to, i.e. the past followed by the N
   * new tokens ([heads, P + N, headSize]), as a cache of length P + N; owned by the caller. `keys`/`values` are
   * then empty.
   */
  readonly context?: KvCache;
  /** With `lazyLogits`: the final hidden states [N, d], from which {@link GptModel.rowLogits} computes rows. */
  readonly hidden?: Tensor2D;
  /** Per layer, [heads, N, headSize]; owned by the caller (dispose with {@link GptModel.disposeForward}). */
  readonly keys: Tensor3D[];
  readonly values: Tensor3D[];
}

/** Options of {@link GptModel.forward} and {@link GptModel.scoreTree}. */
export interface ForwardOptions {
  /** Keep the final hidden states instead of computing every row's logits (see {@link GptModel.rowLogits}). */
  lazyLogits?: boolean;
  /** Compute logits only for tokens logitsFrom … N − 1 (one product, one read); default 0. */
  logitsFrom?: number;
  /**
   * Return the past-plus-new keys/values that attention used (`context`) instead of the new tokens' alone: a
   * decoder can then use them as the next pass's past or keep columns of them ({@link GptModel.appendColumns})
   * without concatenating again.
   */
  keepContext?: boolean;
  /**
   * Profiling hook, called at the end of each part of the call: `treeBuild` (checks, attention mask),
   * `transfer` (array → tensor uploads, `dataSync`), `pass` (the tensor operations).
   */
  lap?: (phase: 'treeBuild' | 'transfer' | 'pass') => void;
}

const MASKED = -1e9;

/** Validates a config and fills the default; throws `INVALID_ARGUMENT`. */
export function normaliseConfig(config: GptConfig): Required<GptConfig> {
  const c = { mlpMultiplier: 4, ...config };
  for (const key of ['vocabSize', 'contextLength', 'layers', 'heads', 'embeddingSize', 'mlpMultiplier'] as const) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 1) throw new SpechubError('INVALID_ARGUMENT', `model config: ${key} must be a positive integer, got ${String(v)}`);
  }
  if (c.embeddingSize % c.heads !== 0) {
    throw new SpechubError('INVALID_ARGUMENT', `model config: embeddingSize ${c.embeddingSize} is not a multiple of heads ${c.heads}`);
  }
  return c;
}

/** Every weight name with its shape, in a fixed order. */
export function expectedWeightShapes(config: GptConfig): Array<{ name: string; shape: number[] }> {
  const c = normaliseConfig(config);
  const d = c.embeddingSize;
  const hidden = c.mlpMultiplier * d;
  const out: Array<{ name: string; shape: number[] }> = [
    { name: 'tokenEmbedding', shape: [c.vocabSize, d] },
    { name: 'positionEmbedding', shape: [c.contextLength, d] },
  ];
  for (let l = 0; l < c.layers; l++) {
    out.push(
      { name: `layer${l}.norm1.gamma`, shape: [d] },
      { name: `layer${l}.norm1.beta`, shape: [d] },
      { name: `layer${l}.attention.qkv.weight`, shape: [d, 3 * d] },
      { name: `layer${l}.attention.qkv.bias`, shape: [3 * d] },
      { name: `layer${l}.attention.output.weight`, shape: [d, d] },
      { name: `layer${l}.attention.output.bias`, shape: [d] },
      { name: `layer${l}.norm2.gamma`, shape: [d] },
      { name: `layer${l}.norm2.beta`, shape: [d] },
      { name: `layer${l}.mlp.hidden.weight`, shape: [d, hidden] },
      { name: `layer${l}.mlp.hidden.bias`, shape: [hidden] },
      { name: `layer${l}.mlp.output.weight`, shape: [hidden, d] },
      { name: `layer${l}.mlp.output.bias`, shape: [d] },
    );
  }
  out.push({ name: 'finalNorm.gamma', shape: [d] }, { name: 'finalNorm.beta', shape: [d] });
  return out;
}

/** Number of parameters (the output head is tied to the token embedding). */
export function parameterCount(config: GptConfig): number {
  return expectedWeightShapes(config).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * Multiply–accumulate operations ×2 (FLOPs) of one forward pass per token at context length `context`:
 * the matrix products of the blocks and the output head, plus attention scores and mixing (2·context·d per
 * layer each). Embedding lookups, norms and softmaxes are not counted.
 */
export function forwardFlopsPerToken(config: GptConfig, context = normaliseConfig(config).contextLength): number {
  const c = normaliseConfig(config);
  const d = c.embeddingSize;
  const perLayer = 2 * (d * 3 * d + d * d + 2 * d * c.mlpMultiplier * d) + 2 * 2 * context * d;
  return c.layers * perLayer + 2 * d * c.vocabSize;
}

/**
 * Memory budget of one forward pass or one training step, in bytes of live tensors (default 2 GiB; the wasm
 * backend's whole heap is at most 4 GiB, and running out of it ends in a wasm trap, not an error). Set
 * `SPECHUB_MAX_PASS_BYTES` to change it (e.g. on a native backend with more memory).
 */
export function maxPassBytes(): number {
  const fromEnvironment = Number(typeof process === 'undefined' ? undefined : process.env.SPECHUB_MAX_PASS_BYTES);
  return Number.isFinite(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 2 * 1024 ** 3;
}

/**
 * Bytes of tensors alive at the peak of one {@link GptModel.forward} call scoring `newTokens` tokens after
 * `pastTokens` cached ones (an upper estimate: everything created inside the pass lives until its end):
 * per layer about six heads·N·W attention matrices (scores, scaling, mask, softmax and its temporaries) with
 * W = past + new, the concatenated keys and values, the dense and MLP activations; plus the attention mask and
 * the logits (N × vocabulary, or N × d with lazy logits).
 */
export function forwardPassBytes(config: GptConfig, newTokens: number, pastTokens: number, lazyLogits = false): number {
  const c = normaliseConfig(config);
  const n = newTokens;
  const w = pastTokens + newTokens;
  const d = c.embeddingSize;
  const perLayer = 6 * c.heads * n * w + 4 * w * d + 12 * n * d + 8 * n * d * c.mlpMultiplier;
  const logits = lazyLogits ? n * d : 2 * n * c.vocabSize;
  return 4 * (c.layers * perLayer + 2 * n * w + logits) + n * w;
}

/**
 * Bytes of tensors alive at the peak of one training step on a batch of `batch` windows of `length` tokens
 * (forward activations kept for the gradient, and the gradients: about twice the forward pass, whose
 * attention matrices are batch·heads·length² each), plus the logits, log-softmax, one-hot product and their
 * gradient (batch·length × vocabulary each), and the parameters with their gradients and Adam moments.
 */
export function trainingStepBytes(config: GptConfig, batch: number, length: number): number {
  const c = normaliseConfig(config);
  const rows = batch * length;
  const d = c.embeddingSize;
  const perLayer = 2 * (6 * batch * c.heads * length * length + 12 * rows * d + 8 * rows * d * c.mlpMultiplier);
  // Plus the parameters themselves, their gradients and Adam's two moments.
  return 4 * (c.layers * perLayer + 4 * rows * c.vocabSize + 3 * length * length + 4 * parameterCount(c));
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

/** Throws `TOO_LARGE` when a pass needs more than the budget; `what` and `advice` complete the message. */
export function checkPassMemory(bytes: number, what: string, advice: string, budget = maxPassBytes()): void {
  if (bytes > budget) throw new SpechubError('TOO_LARGE', `${what} needs about ${formatBytes(bytes)} of tensors, above the ${formatBytes(budget)} budget (SPECHUB_MAX_PASS_BYTES); ${advice}`);
}

/** The transformer: weights as tfjs variables, training logits, cached tree-attention decoding (see the module comment). */
export class GptModel {
  readonly tf: Tf;
  readonly config: Required<GptConfig>;
  readonly headSize: number;
  /** Weight name → variable, in {@link expectedWeightShapes} order. */
  readonly weights: Map<string, Variable>;

  private constructor(tf: Tf, config: Required<GptConfig>, weights: Map<string, Variable>) {
    this.tf = tf;
    this.config = config;
    this.headSize = config.embeddingSize / config.heads;
    this.weights = weights;
  }

  /**
   * Fresh weights: N(0, 0.02²) matrices and embeddings, residual output projections N(0, (0.02/√(2·layers))²)
   * (GPT-2), zero biases, unit LayerNorm gains. Deterministic for a given seed.
   */
  static initialise(tf: Tf, config: GptConfig, seed: number): GptModel {
    const c = normaliseConfig(config);
    const weights = new Map<string, Variable>();
    expectedWeightShapes(c).forEach(({ name, shape }, index) => {
      let value: Tensor;
      if (name.endsWith('.gamma')) value = tf.ones(shape);
      else if (name.endsWith('.bias') || name.endsWith('.beta')) value = tf.zeros(shape);
      else {
        const std = name.endsWith('output.weight') ? 0.02 / Math.sqrt(2 * c.layers) : 0.02;
        value = tf.randomNormal(shape, 0, std, 'float32', seed * 1000 + index);
      }
      weights.set(name, tf.variable(value, true));
      value.dispose();
    });
    return new GptModel(tf, c, weights);
  }

  /** Wraps given tensors (names and shapes must match {@link expectedWeightShapes}; checked by the caller). */
  static fromTensors(tf: Tf, config: GptConfig, tensors: Record<string, Tensor>): GptModel {
    const c = normaliseConfig(config);
    const weights = new Map<string, Variable>();
    for (const { name, shape } of expectedWeightShapes(c)) {
      const t = tensors[name];
      if (t === undefined) throw new SpechubError('PARSE_ERROR', `missing weight '${name}'`);
      if (t.shape.join(',') !== shape.join(',')) {
        throw new SpechubError('PARSE_ERROR', `weight '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
      }
      weights.set(name, tf.variable(t, true));
    }
    return new GptModel(tf, c, weights);
  }

  /** Frees every weight. */
  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
    this.headCache?.dispose();
    this.headCache = null;
  }

  private headCache: Tensor2D | null = null;

  /**
   * The transposed token embedding [d, vocabSize] used as output head at inference, cached (weights do not
   * change while decoding; call {@link invalidateHead} after changing them).
   */
  private outputHead(): Tensor2D {
    if (this.headCache === null) this.headCache = this.tf.keep(this.tf.transpose(this.w('tokenEmbedding')) as Tensor2D);
    return this.headCache;
  }

  /** Drops the cached inference output head (after the weights were trained or replaced). */
  invalidateHead(): void {
    this.headCache?.dispose();
    this.headCache = null;
  }

  private w(name: string): Variable {
    const v = this.weights.get(name);
    if (v === undefined) throw new SpechubError('INVALID_ARGUMENT', `no weight '${name}'`);
    return v;
  }

  /** Embedding rows with a scatterND gradient (works on wasm, where gather's gradient kernel is missing). */
  private lookup(table: Variable, ids: Tensor1D): Tensor2D {
    const tf = this.tf;
    const rows = table.shape[0]!;
    const width = table.shape[1]!;
    // `ids` is saved so that it outlives the forward scope (the gradient runs after it).
    const f = tf.customGrad(((t: Tensor, save: (tensors: Tensor[]) => void) => {
      save([ids]);
      return {
        value: tf.gather(t, ids) as Tensor2D,
        gradFunc: (dy: Tensor, saved: Tensor[]) => tf.scatterND(tf.expandDims(saved[0]!, 1), dy, [rows, width]),
      };
    }) as never);
    return (f as (t: Tensor) => Tensor)(table) as Tensor2D;
  }

  /**
   * a·b for rank-2 or rank-3 (batched) tensors, with a gradient made of explicit transposes and plain products:
   * the wasm backend's matMul with a transpose flag is 10–20× slower than transpose + matMul.
   */
  private matMul<R extends Tensor2D | Tensor3D>(a: R, b: R): R {
    const tf = this.tf;
    const swap = a.rank === 2 ? [1, 0] : [0, 2, 1];
    const f = tf.customGrad(((x: Tensor, y: Tensor, save: (tensors: Tensor[]) => void) => {
      save([x, y]);
      return {
        value: tf.matMul(x as Tensor2D, y as Tensor2D),
        gradFunc: (dy: Tensor, saved: Tensor[]) => [
          tf.matMul(dy as Tensor2D, tf.transpose(saved[1]!, swap) as Tensor2D),
          tf.matMul(tf.transpose(saved[0]!, swap) as Tensor2D, dy as Tensor2D),
        ],
      };
    }) as never);
    return (f as (x: Tensor, y: Tensor) => Tensor)(a, b) as R;
  }

  private layerNorm(x: Tensor2D, prefix: string): Tensor2D {
    const tf = this.tf;
    const { mean, variance } = tf.moments(x, -1, true);
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
    return tf.add(tf.mul(normalised, this.w(`${prefix}.gamma`)), this.w(`${prefix}.beta`)) as Tensor2D;
  }

  private dense(x: Tensor2D, prefix: string): Tensor2D {
    return this.tf.add(this.matMul(x, this.w(`${prefix}.weight`) as Tensor2D), this.w(`${prefix}.bias`)) as Tensor2D;
  }

  private gelu(x: Tensor2D): Tensor2D {
    const tf = this.tf;
    const cube = tf.mul(tf.mul(x, x), x);
    const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as Tensor2D;
  }

  /**
   * Training logits for a batch of windows `tokens` [B, T] (int32), with a causal mask: [B·T, vocabSize].
   * T ≤ contextLength. Call inside `optimizer.minimize` / `tf.tidy`.
   */
  trainingLogits(tokens: Tensor2D): Tensor2D {
    const tf = this.tf;
    const [batch, length] = tokens.shape;
    const { embeddingSize: d, heads, layers } = this.config;
    const hs = this.headSize;
    if (length > this.config.contextLength) {
      throw new SpechubError('INVALID_ARGUMENT', `window of ${length} tokens exceeds the context length ${this.config.contextLength}`);
    }
    checkPassMemory(trainingStepBytes(this.config, batch, length), `a training step on ${batch} windows of ${length} tokens`, 'use a shorter context or a smaller batch');
    const tokenRows = this.lookup(this.w('tokenEmbedding'), tf.reshape(tokens, [batch * length]) as Tensor1D);
    const positions = tf.slice(this.w('positionEmbedding'), [0, 0], [length, d]);
    let x = tf.reshape(tf.add(tf.reshape(tokenRows, [batch, length, d]), positions), [batch * length, d]) as Tensor2D;
    const causal = tf.linalg.bandPart(tf.ones([length, length]), -1, 0);
    const mask = tf.mul(tf.sub(1, causal), MASKED);
    for (let l = 0; l < layers; l++) {
      const h = this.layerNorm(x, `layer${l}.norm1`);
      const qkv = this.dense(h, `layer${l}.attention.qkv`);
      // [B·T, 3d] → [3, B, heads, T, hs]
      const split = tf.transpose(tf.reshape(qkv, [batch, length, 3, heads, hs]), [2, 0, 3, 1, 4]);
      const [q, k, v] = tf.unstack(split, 0).map((t) => tf.reshape(t, [batch * heads, length, hs]) as Tensor3D) as [Tensor3D, Tensor3D, Tensor3D];
      const scores = tf.add(tf.mul(this.matMul(q, tf.transpose(k, [0, 2, 1]) as Tensor3D), 1 / Math.sqrt(hs)), mask);
      const mixed = this.matMul(tf.softmax(scores) as Tensor3D, v); // [B·heads, T, hs]
      const merged = tf.reshape(tf.transpose(tf.reshape(mixed, [batch, heads, length, hs]), [0, 2, 1, 3]), [batch * length, d]) as Tensor2D;
      x = tf.add(x, this.dense(merged, `layer${l}.attention.output`));
      const m = this.gelu(this.dense(this.layerNorm(x, `layer${l}.norm2`), `layer${l}.mlp.hidden`));
      x = tf.add(x, this.dense(m, `layer${l}.mlp.output`));
    }
    const final = this.layerNorm(x, 'finalNorm');
    return this.matMul(final, tf.transpose(this.w('tokenEmbedding')) as Tensor2D);
  }

  /** A cache holding no tokens. */
  emptyCache(): KvCache {
    const { heads, layers } = this.config;
    const tf = this.tf;
    const empty = () => tf.zeros([heads, 0, this.headSize]) as Tensor3D;
    return { length: 0, keys: Array.from({ length: layers }, empty), values: Array.from({ length: layers }, empty) };
  }

  /** Frees a cache's tensors. */
  disposeCache(cache: KvCache): void {
    for (const t of [...cache.keys, ...cache.values]) t.dispose();
  }

  /** Frees the key/value (context, hidden-state) tensors of a forward result. */
  disposeForward(result: ForwardResult): void {
    for (const t of [...result.keys, ...result.values]) t.dispose();
    if (result.context !== undefined) this.disposeCache(result.context);
    result.hidden?.dispose();
  }

  /**
   * A new cache: `base` followed by the given columns (token indices, in this order) of `source` — e.g. the
   * pending tokens and the accepted path among the tokens a pass scored (its keys/values, or a context
   * returned with `keepContext`). Neither input is changed. On the wasm and cpu backends one fused kernel call
   * builds every layer's keys and values (`_internals/appendColumnsKernel.ts`: tfjs's per-operation cost, not
   * the copying, is what a commit by ops spends); elsewhere, per tensor, one slice per run of consecutive
   * columns (none when a run is the whole source) and one concatenation. The same values either way.
   */
  appendColumns(base: KvCache, source: KvCache, columns: readonly number[]): KvCache {
    const m = columns.length;
    for (let j = 0; j < m; j++) {
      const c = columns[j]!;
      if (!Number.isInteger(c) || c < 0 || c >= source.length) throw new SpechubError('INVALID_ARGUMENT', `column ${c} is not among the ${source.length} tokens of the source`);
    }
    const { heads, layers } = this.config;
    const hs = this.headSize;
    for (const [name, cache] of [['base', base], ['source', source]] as const) {
      if (cache.keys.length !== layers || cache.values.length !== layers) throw new SpechubError('LENGTH_MISMATCH', `appendColumns: the ${name} has ${cache.keys.length} key and ${cache.values.length} value tensors for ${layers} layers`);
      for (const t of [...cache.keys, ...cache.values]) {
        if (t.rank !== 3 || t.shape[0] !== heads || t.shape[1] !== cache.length || t.shape[2] !== hs) {
          throw new SpechubError('LENGTH_MISMATCH', `appendColumns: a ${name} tensor has shape [${t.shape.join(', ')}], expected [${heads}, ${cache.length}, ${hs}]`);
        }
      }
    }
    if (m === 0) return this.cloneCache(base);
    return appendColumnsKernel(this.tf, base, source, columns) ?? appendColumnsByOps(this.tf, base, source, columns);
  }

  /**
   * Logits of row i of a result scored with `lazyLogits` (one [1, d] × [d, V] product): a tree walk visits a
   * few nodes only, so the output head need not run on every node of a large tree.
   */
  rowLogits(result: ForwardResult, i: number, lap?: ForwardOptions['lap']): Float32Array {
    if (!Number.isInteger(i) || i < 0 || i >= result.count) throw new SpechubError('INVALID_ARGUMENT', `row ${i} is not a scored token`);
    if (result.hidden === undefined) {
      const r = i - (result.logitsFrom ?? 0);
      if (r < 0) throw new SpechubError('INVALID_ARGUMENT', `the logits of token ${i} were not computed (logitsFrom ${result.logitsFrom})`);
      return result.logits.subarray(r * this.config.vocabSize, (r + 1) * this.config.vocabSize);
    }
    const tf = this.tf;
    const row = tf.tidy(() => tf.matMul(tf.slice(result.hidden!, [i, 0], [1, this.config.embeddingSize]), this.outputHead()));
    lap?.('pass');
    const values = row.dataSync() as Float32Array;
    row.dispose();
    lap?.('transfer');
    return values;
  }

  /**
   * Scores N new tokens after the `past` keys/values (per layer [heads, P, hs]): token i sits at
   * `positions[i]` and attends to past column j and new token j exactly where `allowed[i·(P+N) + j]` is 1
   * (row-major N × (P+N) 0/1 matrix; a token must at least be allowed to attend to itself). Returns the
   * logits and the new tokens' keys and values. This is the general form; {@link scoreTree} builds the
   * positions and the mask of a token tree on top of a cache.
   */
  forward(tokens: readonly number[], positions: readonly number[], past: { keys: Tensor3D[]; values: Tensor3D[]; length: number }, allowed: Uint8Array, options: ForwardOptions = {}): ForwardResult {
    const tf = this.tf;
    const n = tokens.length;
    const pastLength = past.length;
    const width = pastLength + n;
    const { vocabSize, contextLength } = this.config;
    if (n === 0) throw new SpechubError('EMPTY', 'no tokens to score');
    if (positions.length !== n || allowed.length !== n * width) {
      throw new SpechubError('LENGTH_MISMATCH', `forward: ${n} tokens, ${positions.length} positions, mask of ${allowed.length} entries (expected ${n * width})`);
    }
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (!Number.isInteger(t) || t < 0 || t >= vocabSize) throw new SpechubError('INVALID_ARGUMENT', `token id ${t} is outside the vocabulary [0, ${vocabSize})`);
      const p = positions[i]!;
      if (!Number.isInteger(p) || p < 0 || p >= contextLength) {
        throw new SpechubError('INVALID_ARGUMENT', `position ${p} is outside the model's context [0, ${contextLength}) (the sequence is too long for this model)`);
      }
      if (allowed[i * width + pastLength + i] !== 1) throw new SpechubError('INVALID_ARGUMENT', `token ${i} may not attend to itself`);
    }
    const lazy = options.lazyLogits === true;
    checkPassMemory(forwardPassBytes(this.config, n, pastLength, lazy), `scoring ${n} tokens after ${pastLength} cached ones`, 'score fewer tokens at once (a smaller tree)');
    const logitsFrom = options.logitsFrom ?? 0;
    if (!Number.isInteger(logitsFrom) || logitsFrom < 0 || logitsFrom >= n) throw new SpechubError('INVALID_ARGUMENT', `logitsFrom ${logitsFrom} is not a scored token (0 … ${n - 1})`);
    const keepContext = options.keepContext === true;
    const lap = options.lap;
    // A mask that allows everything adds +0 to every score, which changes nothing (not even −0: softmax sees
    // the same differences to the row maximum), so it is neither uploaded nor added.
    let blocked = 0;
    const bias = new Float32Array(n * width);
    for (let i = 0; i < bias.length; i++) {
      if (allowed[i] !== 1) {
        bias[i] = MASKED;
        blocked++;
      }
    }
    lap?.('treeBuild');
    const mask = blocked > 0 ? tf.tensor3d(bias, [1, n, width]) : null;
    const tokenIds = tf.tensor1d(Int32Array.from(tokens), 'int32');
    const positionIds = tf.tensor1d(Int32Array.from(positions), 'int32');
    lap?.('transfer');
    let out: { final: Tensor2D; keys: Tensor3D[]; values: Tensor3D[] };
    try {
      out = this.forwardTensors(tokenIds, positionIds, mask, past, lazy ? -1 : logitsFrom, keepContext);
    } finally {
      mask?.dispose();
      tokenIds.dispose();
      positionIds.dispose();
    }
    lap?.('pass');
    const kv = keepContext ? { keys: [], values: [], context: { length: pastLength + n, keys: out.keys, values: out.values } } : { keys: out.keys, values: out.values };
    if (lazy) return { logits: new Float32Array(0), count: n, hidden: out.final, ...kv };
    const logits = out.final.dataSync() as Float32Array;
    out.final.dispose();
    lap?.('transfer');
    if (logits.length !== (n - logitsFrom) * vocabSize) throw new SpechubError('INVALID_ARGUMENT', 'unexpected logits size');
    return { logits, count: n, logitsFrom, ...kv };
  }

  /**
   * The tensor operations of {@link forward} (inputs already uploaded): the final hidden states (logitsFrom < 0)
   * or the logits of tokens logitsFrom … N − 1, and per layer the new keys/values (or, with keepContext, the
   * past-plus-new ones).
   */
  private forwardTensors(tokenIds: Tensor1D, positionIds: Tensor1D, mask: Tensor3D | null, past: { keys: Tensor3D[]; values: Tensor3D[]; length: number }, logitsFrom: number, keepContext: boolean): { final: Tensor2D; keys: Tensor3D[]; values: Tensor3D[] } {
    const tf = this.tf;
    const n = tokenIds.shape[0];
    const pastLength = past.length;
    const { embeddingSize: d, heads, layers } = this.config;
    const hs = this.headSize;
    return tf.tidy(() => {
      const tokenRows = tf.gather(this.w('tokenEmbedding'), tokenIds);
      const positionRows = tf.gather(this.w('positionEmbedding'), positionIds);
      let x = tf.add(tokenRows, positionRows) as Tensor2D;
      const keys: Tensor3D[] = [];
      const values: Tensor3D[] = [];
      for (let l = 0; l < layers; l++) {
        const h = this.layerNorm(x, `layer${l}.norm1`);
        const qkv = this.dense(h, `layer${l}.attention.qkv`);
        const split = tf.transpose(tf.reshape(qkv, [n, 3, heads, hs]), [1, 2, 0, 3]); // [3, heads, N, hs]
        const [q, k, v] = tf.unstack(split, 0) as [Tensor3D, Tensor3D, Tensor3D];
        const allK = pastLength > 0 ? tf.concat([past.keys[l]!, k], 1) : k;
        const allV = pastLength > 0 ? tf.concat([past.values[l]!, v], 1) : v;
        keys.push(keepContext ? allK : k);
        values.push(keepContext ? allV : v);
        const scaled = tf.mul(tf.matMul(q, tf.transpose(allK, [0, 2, 1])), 1 / Math.sqrt(hs));
        const scores = mask === null ? scaled : tf.add(scaled, mask);
        const mixed = tf.matMul(tf.softmax(scores), allV); // [heads, N, hs]
        const merged = tf.reshape(tf.transpose(mixed, [1, 0, 2]), [n, d]) as Tensor2D;
        x = tf.add(x, this.dense(merged, `layer${l}.attention.output`));
        const m = this.gelu(this.dense(this.layerNorm(x, `layer${l}.norm2`), `layer${l}.mlp.hidden`));
        x = tf.add(x, this.dense(m, `layer${l}.mlp.output`));
      }
      const hidden = this.layerNorm(x, 'finalNorm');
      if (logitsFrom < 0) return { final: hidden, keys, values };
      const rows = logitsFrom > 0 ? (tf.slice(hidden, [logitsFrom, 0], [n - logitsFrom, d]) as Tensor2D) : hidden;
      return { final: tf.matMul(rows, this.outputHead()) as Tensor2D, keys, values };
    });
  }

  /**
   * Scores a token tree hung below the cached context in one pass. `parents[i]` is the index (among the new
   * tokens, smaller than i) of token i's parent, or −1 when token i directly follows the cached context.
   * Token i sits at position cache.length + depth(i) and attends to the whole cache, its ancestors and itself.
   * A chain (`parents = [−1, 0, 1, …]`) is ordinary causal scoring, e.g. a prompt prefill. With `lazyLogits`
   * the output head is not run; {@link rowLogits} computes the rows that are needed.
   */
  scoreTree(cache: KvCache, tokens: readonly number[], parents: readonly number[], options: ForwardOptions = {}): ForwardResult {
    // Checked before the N × (P + N) attention pattern is allocated.
    checkPassMemory(forwardPassBytes(this.config, tokens.length, cache.length, options.lazyLogits === true), `scoring ${tokens.length} tokens after ${cache.length} cached ones`, 'score fewer tokens at once (a smaller tree)');
    const { positions, allowed } = treeAttention(cache.length, parents, tokens.length);
    return this.forward(tokens, positions, cache, allowed, options);
  }

  /**
   * A new cache: `cache` followed by the keys/values of the new tokens at `indices` (in that order), which must
   * form a chain that continues the cached context (the caller's responsibility: e.g. the accepted path of a
   * tree). The old cache is disposed unless `keepOld`.
   */
  extendCache(cache: KvCache, result: ForwardResult, indices: readonly number[], keepOld = false): KvCache {
    const tf = this.tf;
    if (indices.length === 0) return keepOld ? this.cloneCache(cache) : cache;
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= result.count) throw new SpechubError('INVALID_ARGUMENT', `index ${i} is not a scored token`);
    const take = tf.tensor1d(Int32Array.from(indices), 'int32');
    const join = (old: Tensor3D, fresh: Tensor3D) => tf.tidy(() => tf.concat([old, tf.gather(fresh, take, 1)], 1) as Tensor3D);
    const next: KvCache = {
      length: cache.length + indices.length,
      keys: cache.keys.map((k, l) => join(k, result.keys[l]!)),
      values: cache.values.map((v, l) => join(v, result.values[l]!)),
    };
    take.dispose();
    if (!keepOld) this.disposeCache(cache);
    return next;
  }

  /** A copy of a cache that can be disposed independently. */
  cloneCache(cache: KvCache): KvCache {
    return { length: cache.length, keys: cache.keys.map((t) => this.tf.clone(t)), values: cache.values.map((t) => this.tf.clone(t)) };
  }
}

/**
 * Positions and 0/1 attention matrix (N × (P+N), row-major) of a token tree below P cached tokens:
 * every node sees the cache, its ancestors and itself. Throws when a parent index is not an earlier node.
 */
export function treeAttention(pastLength: number, parents: readonly number[], count = parents.length): { positions: number[]; allowed: Uint8Array } {
  if (parents.length !== count) throw new SpechubError('LENGTH_MISMATCH', `${count} tokens but ${parents.length} parent indices`);
  const width = pastLength + count;
  const positions: number[] = [];
  const allowed = new Uint8Array(count * width);
  for (let i = 0; i < count; i++) {
    const parent = parents[i]!;
    if (!Number.isInteger(parent) || parent < -1 || parent >= i) {
      throw new SpechubError('INVALID_ARGUMENT', `parent of tree node ${i} must be −1 or an earlier node, got ${parent}`);
    }
    positions.push(parent < 0 ? pastLength : positions[parent]! + 1);
    const row = i * width;
    allowed.fill(1, row, row + pastLength);
    if (parent >= 0) allowed.set(allowed.subarray(parent * width + pastLength, parent * width + pastLength + count), row + pastLength);
    allowed[row + pastLength + i] = 1;
  }
  return { positions, allowed };
}
