import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { expectedWeightShapes, forwardFlopsPerToken, GptModel, parameterCount, treeAttention } from './model.ts';
import { randomModel, testBackend } from './_testing/tinyModels.ts';

const tf = await testBackend();
const CONFIG = { vocabSize: 11, contextLength: 24, layers: 2, heads: 2, embeddingSize: 12, mlpMultiplier: 2 };
const model = randomModel(tf, CONFIG, 3);
const V = CONFIG.vocabSize;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.is(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Logits of the last token of `sequence`, computed from scratch by a causal chain. */
function lastLogits(sequence: number[]): Float32Array {
  const cache = model.emptyCache();
  const r = model.scoreTree(cache, sequence, sequence.map((_, i) => i - 1));
  model.disposeForward(r);
  model.disposeCache(cache);
  return r.logits.slice((sequence.length - 1) * V, sequence.length * V);
}

test('tree attention: one pass over a tree gives each node the logits of its root-to-node path scored alone', () => {
  const prompt = [1, 4, 7, 2];
  let cache = model.emptyCache();
  const pre = model.scoreTree(cache, prompt, [-1, 0, 1, 2]);
  cache = model.extendCache(cache, pre, [0, 1, 2, 3]);
  model.disposeForward(pre);
  // Two children of the context, grandchildren under both, and a depth-3 node; siblings share tokens.
  const tokens = [5, 5, 9, 0, 3, 10, 6];
  const parents = [-1, -1, 0, 0, 1, 4, 5];
  const tree = model.scoreTree(cache, tokens, parents);
  for (let v = 0; v < tokens.length; v++) {
    const path: number[] = [];
    for (let u = v; u >= 0; u = parents[u]!) path.unshift(tokens[u]!);
    const alone = lastLogits([...prompt, ...path]);
    assert.ok(maxAbsDiff(tree.logits.subarray(v * V, (v + 1) * V), alone) < 1e-4, `node ${v}`);
  }
  model.disposeForward(tree);
  model.disposeCache(cache);
});

test('KV-cached incremental decoding equals full recomputation, and the accepted path of a tree extends the cache', () => {
  const sequence = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  let cache = model.emptyCache();
  for (let t = 0; t < sequence.length; t++) {
    const r = model.scoreTree(cache, [sequence[t]!], [-1]);
    cache = model.extendCache(cache, r, [0]);
    model.disposeForward(r);
    assert.ok(maxAbsDiff(r.logits, lastLogits(sequence.slice(0, t + 1))) < 1e-4, `token ${t}`);
  }
  // Extend by a tree's accepted path (nodes 1 → 3), then continue: same as the plain sequence.
  const tree = model.scoreTree(cache, [8, 2, 7, 0], [-1, -1, 1, 1]);
  const extended = model.extendCache(cache, tree, [1, 3]);
  model.disposeForward(tree);
  const next = model.scoreTree(extended, [4], [-1]);
  assert.ok(maxAbsDiff(next.logits, lastLogits([...sequence, 2, 0, 4])) < 1e-4);
  assert.is(extended.length, sequence.length + 2);
  model.disposeForward(next);
  model.disposeCache(extended);
});

test('training logits (batched, causal mask) equal the decoding path', () => {
  const windows = [
    [1, 2, 3, 4, 5, 6],
    [10, 9, 8, 7, 6, 5],
  ];
  const logits = tf.tidy(() => model.trainingLogits(tf.tensor2d(windows.flat(), [2, 6], 'int32')).dataSync());
  windows.forEach((w, b) => {
    for (let t = 0; t < w.length; t++) {
      const row = logits.subarray((b * 6 + t) * V, (b * 6 + t + 1) * V);
      assert.ok(maxAbsDiff(row, lastLogits(w.slice(0, t + 1))) < 1e-4, `window ${b} position ${t}`);
    }
  });
});

test('gradients through the scatterND embedding lookup and the transpose-free matMul match finite differences', () => {
  const small = randomModel(tf, { vocabSize: 5, contextLength: 4, layers: 1, heads: 1, embeddingSize: 4, mlpMultiplier: 1 }, 9, 0.4);
  const x = tf.tensor2d([[1, 1, 3, 0]], [1, 4], 'int32');
  const loss = () => tf.tidy(() => tf.sum(tf.mul(small.trainingLogits(x), tf.range(0, 20).reshape([4, 5]))));
  const embedding = small.weights.get('tokenEmbedding')!;
  const { grads } = tf.variableGrads(() => loss() as never, [embedding, small.weights.get('layer0.attention.qkv.weight')!]);
  for (const [name, row, col] of [['tokenEmbedding', 1, 2], ['tokenEmbedding', 3, 0], ['tokenEmbedding', 4, 1], ['layer0.attention.qkv.weight', 2, 5]] as const) {
    const variable = small.weights.get(name)!;
    const original = variable.arraySync() as number[][];
    const h = 1e-2;
    const shifted = (delta: number) => {
      const copy = original.map((r) => r.slice());
      copy[row]![col]! += delta;
      variable.assign(tf.tensor2d(copy));
      return loss().dataSync()[0]!;
    };
    const numeric = (shifted(h) - shifted(-h)) / (2 * h);
    variable.assign(tf.tensor2d(original));
    const analytic = (grads[variable.name]!.arraySync() as number[][])[row]![col]!;
    assert.ok(Math.abs(numeric - analytic) < 2e-2 * Math.max(1, Math.abs(numeric)), `${name}[${row}][${col}]: ${analytic} vs ${numeric}`);
  }
  small.dispose();
});

test('bookkeeping: weight list, parameter count (tied head), FLOPs; bad configs, tokens, positions and trees are refused', () => {
  const shapes = expectedWeightShapes(CONFIG);
  assert.is(shapes.length, 2 + 12 * CONFIG.layers + 2);
  const d = 12;
  assert.is(parameterCount(CONFIG), 11 * d + 24 * d + 2 * (2 * d + 3 * d * d + 3 * d + d * d + d + 2 * d + 2 * d * d * 2 + 2 * d + d) + 2 * d);
  assert.is(forwardFlopsPerToken({ ...CONFIG, layers: 1 }, 10), 2 * (12 * 36 + 144 + 2 * 12 * 24) + 4 * 10 * 12 + 2 * 12 * 11);
  assert.throws(() => GptModel.initialise(tf, { ...CONFIG, embeddingSize: 13 }, 1), (e: unknown) => e instanceof SpechubError && /multiple of heads/.test((e as Error).message));
  const cache = model.emptyCache();
  assert.throws(() => model.scoreTree(cache, [11], [-1]), (e: unknown) => e instanceof SpechubError && /outside the vocabulary/.test((e as Error).message));
  assert.throws(() => model.scoreTree(cache, [1, 2], [-1, 1]), (e: unknown) => e instanceof SpechubError && /earlier node/.test((e as Error).message));
  const long = Array.from({ length: 25 }, (_, i) => i % 11);
  assert.throws(() => model.scoreTree(cache, long, long.map((_, i) => i - 1)), (e: unknown) => e instanceof SpechubError && /context/.test((e as Error).message));
  const { allowed, positions } = treeAttention(2, [-1, -1, 0]);
  assert.equal(positions, [2, 2, 3]);
  assert.equal(Array.from(allowed), [1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1]);
  model.disposeCache(cache);
});

test('lean decoding: keepContext returns past ⊕ new keys/values; logitsFrom gives the same rows; appendColumns appends exactly the named columns', () => {
  const bits = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());
  let cache = model.emptyCache();
  const pre = model.scoreTree(cache, [3, 1, 4], [-1, 0, 1]);
  cache = model.extendCache(cache, pre, [0, 1, 2]);
  model.disposeForward(pre);
  const tokens = [8, 2, 7, 0, 5];
  const parents = [-1, -1, 1, 1, 2];
  const plain = model.scoreTree(cache, tokens, parents);
  const lean = model.scoreTree(cache, tokens, parents, { keepContext: true, logitsFrom: 2 });
  // Rows 2..4 bit for bit (the output head applied to fewer rows computes each row alike).
  assert.equal(Array.from(lean.logits), Array.from(plain.logits.subarray(2 * V)));
  assert.is(lean.logitsFrom, 2);
  assert.equal(Array.from(model.rowLogits(lean, 3)), Array.from(plain.logits.subarray(3 * V, 4 * V)));
  assert.throws(() => model.rowLogits(lean, 1), (e: unknown) => e instanceof SpechubError && /not computed/.test((e as Error).message));
  assert.equal([lean.keys.length, lean.values.length], [0, 0]);
  const context = lean.context!;
  assert.is(context.length, 3 + 5);
  tf.tidy(() => {
    for (let l = 0; l < CONFIG.layers; l++) {
      assert.equal(bits(context.keys[l]!), bits(tf.concat([cache.keys[l]!, plain.keys[l]!], 1)));
      assert.equal(bits(context.values[l]!), bits(tf.concat([cache.values[l]!, plain.values[l]!], 1)));
    }
  });
  // appendColumns: the cache followed by the accepted path (nodes 1 → 3) = extendCache's result; consecutive columns are sliced.
  const kept = model.appendColumns(cache, context, [3 + 1, 3 + 3]);
  const extended = model.extendCache(cache, plain, [1, 3], true);
  const prefix = model.appendColumns(cache, context, [3, 4]);
  const nothing = model.emptyCache();
  const fromEmpty = model.appendColumns(nothing, context, [0, 1, 2, 3 + 1, 3 + 3]);
  assert.equal([kept.length, prefix.length, fromEmpty.length], [5, 5, 5]);
  tf.tidy(() => {
    for (let l = 0; l < CONFIG.layers; l++) {
      assert.equal(bits(kept.keys[l]!), bits(extended.keys[l]!));
      assert.equal(bits(kept.values[l]!), bits(extended.values[l]!));
      assert.equal(bits(fromEmpty.values[l]!), bits(extended.values[l]!));
      assert.equal(bits(prefix.values[l]!), bits(tf.slice(context.values[l]!, [0, 0, 0], [CONFIG.heads, 5, CONFIG.embeddingSize / CONFIG.heads])));
    }
  });
  // From the new tokens' own keys/values (the decoder's case): the same as from the context; a run covering the whole source.
  const fromNew = model.appendColumns(cache, { length: 5, keys: plain.keys, values: plain.values }, [1, 3]);
  const whole = model.appendColumns(cache, { length: 5, keys: plain.keys, values: plain.values }, [0, 1, 2, 3, 4]);
  tf.tidy(() => {
    for (let l = 0; l < CONFIG.layers; l++) {
      assert.equal(bits(fromNew.keys[l]!), bits(extended.keys[l]!));
      assert.equal(bits(whole.values[l]!), bits(context.values[l]!));
    }
  });
  assert.ok(whole.keys[0] !== plain.keys[0]);
  model.disposeCache(fromNew);
  model.disposeCache(whole);
  const none = model.appendColumns(cache, context, []);
  assert.is(none.length, 3);
  assert.ok(none.keys[0] !== cache.keys[0], 'a distinct cache (disposable on its own)');
  assert.not.ok(context.keys[0]!.isDisposed, 'appendColumns leaves its inputs alone');
  assert.throws(() => model.appendColumns(cache, context, [8]), (e: unknown) => e instanceof SpechubError && /column 8 is not among/.test((e as Error).message));
  // Checked before the fused kernel copies anything: a length that is not the tensors' and a missing layer.
  assert.throws(() => model.appendColumns(cache, { length: 4, keys: context.keys, values: context.values }, [0]), (e: unknown) => e instanceof SpechubError && e.code === 'LENGTH_MISMATCH' && /shape \[2, 8, 6\], expected \[2, 4, 6\]/.test((e as Error).message));
  assert.throws(() => model.appendColumns(cache, { length: 8, keys: context.keys.slice(1), values: context.values }, [0]), (e: unknown) => e instanceof SpechubError && /1 key and 2 value tensors for 2 layers/.test((e as Error).message));
  assert.throws(() => model.scoreTree(cache, tokens, parents, { logitsFrom: 5 }), (e: unknown) => e instanceof SpechubError && /logitsFrom/.test((e as Error).message));
  // With an empty past the context is the new tokens' keys/values themselves.
  const empty = model.emptyCache();
  const first = model.scoreTree(empty, [1, 2], [-1, 0], { keepContext: true, logitsFrom: 1 });
  assert.equal(Array.from(first.logits), Array.from(lastLogits([1, 2])));
  assert.is(first.context!.length, 2);
  for (const c of [kept, extended, prefix, fromEmpty, nothing, none, cache, empty]) model.disposeCache(c);
  for (const r of [plain, lean, first]) model.disposeForward(r);
});

test.run();
