import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Tensor3D } from '@tensorflow/tfjs';
import { createRng } from '../../random/createRng.ts';
import { testBackend } from '../_testing/tinyModels.ts';
import type { KvCache } from '../model.ts';
import { appendColumnsByOps, appendColumnsKernel } from './appendColumnsKernel.ts';

const tf = await testBackend();
const testedBackend = tf.getBackend();

/** A cache of random float32 tensors [heads, length, headSize] (values with every exponent, −0 included). */
function randomCache(rng: () => number, layers: number, heads: number, length: number, headSize: number): KvCache {
  const tensor = () => {
    const values = Float32Array.from({ length: heads * length * headSize }, () => (rng() < 0.05 ? -0 : (rng() - 0.5) * 2 ** Math.floor(rng() * 60 - 30)));
    return tf.tensor3d(values, [heads, length, headSize]);
  };
  return { length, keys: Array.from({ length: layers }, tensor), values: Array.from({ length: layers }, tensor) };
}

/** Expected tensor, built from nested arrays: head by head, base's columns then source's named columns. */
function expected(base: Tensor3D, source: Tensor3D, columns: readonly number[]): number[] {
  const b = base.shape[1] > 0 ? base.arraySync() : []; // tfjs gives [] for a tensor with a zero dimension
  const s = source.arraySync();
  const out: number[] = [];
  const push = (column: number[]) => {
    for (const x of column) out.push(x);
  };
  for (let h = 0; h < base.shape[0]; h++) {
    if (base.shape[1] > 0) for (const column of b[h]!) push(column);
    for (const c of columns) push(s[h]![c]!);
  }
  return out;
}

/** Same values bit for bit (−0 and +0 differ). */
function sameBits(actual: ArrayLike<number>, wanted: readonly number[], label: string): void {
  assert.is(actual.length, wanted.length, `${label}: length`);
  for (let i = 0; i < wanted.length; i++) if (!Object.is(actual[i], Math.fround(wanted[i]!))) assert.unreachable(`${label}: entry ${i} is ${actual[i]}, expected ${wanted[i]}`);
}

const tensorsOf = (c: KvCache): Tensor3D[] => [...c.keys, ...c.values];

function dispose(...caches: KvCache[]): void {
  for (const c of caches) for (const t of [...c.keys, ...c.values]) t.dispose();
}

/** Random cases on the active backend: the kernel and the ops path both give the nested-array expectation. */
function checkRandomCases(seed: number, cases: number): void {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  for (let i = 0; i < cases; i++) {
    const layers = 1 + int(3);
    const heads = 1 + int(4);
    const headSize = 1 + int(6);
    const base = randomCache(rng, layers, heads, int(7), headSize);
    const sourceLength = 1 + int(8);
    const source = randomCache(rng, layers, heads, sourceLength, headSize);
    // Runs, gaps, repeats, reversed order, the whole source in order.
    const columns = i % 5 === 0 ? Array.from({ length: sourceLength }, (_, c) => c) : Array.from({ length: 1 + int(6) }, () => int(sourceLength));
    const before = tf.memory().numTensors;
    const fused = appendColumnsKernel(tf, base, source, columns);
    assert.ok(fused !== null, `${tf.getBackend()} has the fused kernel`);
    const byOps = appendColumnsByOps(tf, base, source, columns);
    assert.is(tf.memory().numTensors, before + 2 * 2 * layers, 'exactly the output tensors are new');
    assert.equal([fused.length, byOps.length], [base.length + columns.length, base.length + columns.length]);
    for (let l = 0; l < layers; l++) {
      for (const kind of ['keys', 'values'] as const) {
        const want = expected(base[kind][l]!, source[kind][l]!, columns);
        const label = `case ${i} (${tf.getBackend()}), layer ${l} ${kind}, columns ${columns}`;
        assert.equal(fused[kind][l]!.shape, [heads, base.length + columns.length, headSize], label);
        sameBits(fused[kind][l]!.dataSync(), want, `${label}, kernel`);
        sameBits(byOps[kind][l]!.dataSync(), want, `${label}, ops`);
      }
    }
    dispose(fused, byOps, base, source);
  }
}

test(`appendColumnsKernel on ${testedBackend}: base ⊕ named columns of source, bit for bit, for every layer's keys and values`, () => {
  checkRandomCases(61, 120);
});

test('appendColumnsKernel on cpu: the same', async () => {
  const previous = tf.getBackend();
  assert.ok(await tf.setBackend('cpu'));
  try {
    checkRandomCases(62, 60);
  } finally {
    assert.ok(await tf.setBackend(previous));
  }
});

test('appendColumnsKernel is one kernel call for the whole cache; the ops path is several per tensor', async () => {
  const rng = createRng(63);
  const base = randomCache(rng, 4, 4, 20, 8);
  const source = randomCache(rng, 4, 4, 15, 8);
  const columns = [0, 1, 2, 4, 9];
  const before = tf.memory().numTensors;
  // tf.profile reuses one record object per engine: read each record before the next call.
  const fused = await tf.profile(() => tensorsOf(appendColumnsKernel(tf, base, source, columns)!));
  assert.equal(fused.kernels.map((k) => k.name), ['SpechubAppendColumns']);
  for (const t of fused.result as Tensor3D[]) t.dispose();
  const byOps = await tf.profile(() => tensorsOf(appendColumnsByOps(tf, base, source, columns)));
  assert.ok(byOps.kernels.length >= 8 * 4, `ops path: ${byOps.kernels.length} kernels`);
  for (const t of byOps.result as Tensor3D[]) t.dispose();
  assert.is(tf.memory().numTensors, before, 'no tensor left behind');
  dispose(base, source);
});

test('appendColumnsKernel: outputs larger than the free heap (allocated before any view is taken); not float32 → null (ops path)', () => {
  const rng = createRng(64);
  const headSize = 1 << 18; // 1 MiB per head and column
  const base = randomCache(rng, 2, 2, 3, headSize);
  const source = randomCache(rng, 2, 2, 4, headSize);
  const columns = [3, 0, 1];
  const fused = appendColumnsKernel(tf, base, source, columns)!;
  for (let l = 0; l < 2; l++) {
    for (const kind of ['keys', 'values'] as const) sameBits(fused[kind][l]!.dataSync(), expected(base[kind][l]!, source[kind][l]!, columns), `large, layer ${l} ${kind}`);
  }
  dispose(fused, base, source);
  const ints = { length: 1, keys: [tf.zeros([1, 1, 2], 'int32') as Tensor3D], values: [tf.zeros([1, 1, 2], 'int32') as Tensor3D] };
  assert.is(appendColumnsKernel(tf, ints, ints, [0]), null);
  dispose(ints);
});

test.run();
