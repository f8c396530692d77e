import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { klDivergence, totalVariation } from '../core/divergence.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { generatePairBatch } from './generatePairBatch.ts';
import { type PairConfig, syntheticPair } from './syntheticPair.ts';

const quiet = { report: () => {} };
const config: PairConfig = {
  vocabularySize: 500,
  family: { kind: 'zipf', exponent: 1.1 },
  temperature: 0.7,
  draft: { logitNoise: 1, temperatureRatio: 1.2, uniformMix: 0.05, otherModelMix: 0.1 },
};

test('tensor batches equal the float64 reference pairs to float32 precision, with the same TV and KL', async () => {
  const batch = await generatePairBatch(config, { batch: 6, seed: 11, backend: quiet });
  const P = (await batch.target.array()) as number[][];
  const Q = (await batch.draft.array()) as number[][];
  batch.target.dispose();
  batch.draft.dispose();
  for (let b = 0; b < 6; b++) {
    const { p, q } = syntheticPair(config, 11, b);
    for (let y = 0; y < 500; y++) {
      assert.ok(Math.abs(P[b]![y]! - p[y]!) < 1e-6 && Math.abs(Q[b]![y]! - q[y]!) < 1e-6, `row ${b} token ${y}`);
    }
    assert.ok(Math.abs(batch.tv[b]! - totalVariation(floatField, p, q)) < 1e-5, `TV row ${b}`);
    assert.ok(Math.abs(batch.kl[b]! - klDivergence(p, q)) < 1e-4, `KL row ${b}: ${batch.kl[b]} vs ${klDivergence(p, q)}`);
  }
});

test('same seed, same batch; a batch in pieces (startIndex) equals the whole; top-p and Dirichlet rows', async () => {
  const whole = await generatePairBatch(config, { batch: 4, seed: 'x', backend: quiet });
  const again = await generatePairBatch(config, { batch: 4, seed: 'x', backend: quiet });
  const tail = await generatePairBatch(config, { batch: 2, seed: 'x', startIndex: 2, backend: quiet });
  assert.equal(Array.from(whole.tv), Array.from(again.tv));
  assert.equal(Array.from(whole.tv.slice(2)), Array.from(tail.tv));
  assert.equal(((await whole.draft.array()) as number[][]).slice(2), (await tail.draft.array()) as number[][]);
  for (const t of [whole, again, tail]) {
    t.target.dispose();
    t.draft.dispose();
  }
  const nucleus: PairConfig = { vocabularySize: 300, family: { kind: 'dirichlet', concentration: 0.3 }, temperature: 1, topP: 0.8, draft: { logitNoise: 0.5 } };
  const b = await generatePairBatch(nucleus, { batch: 3, seed: 4, backend: quiet });
  const P = (await b.target.array()) as number[][];
  b.target.dispose();
  b.draft.dispose();
  for (let r = 0; r < 3; r++) {
    const { p } = syntheticPair(nucleus, 4, r);
    const kept = (v: ArrayLike<number>) => Array.from(v, (x, y) => (x > 0 ? y : -1)).filter((y) => y >= 0);
    assert.equal(kept(P[r]!), kept(p), `nucleus of row ${r}`);
    assert.ok(Math.abs(P[r]!.reduce((s, x) => s + x, 0) - 1) < 1e-5);
  }
});

test('bad input: batch size, start index, too many entries, bad configuration', async () => {
  const rejects = async (f: () => Promise<unknown>, c: string) => {
    try {
      await f();
    } catch (e) {
      assert.ok(e instanceof SpechubError && e.code === c, `expected ${c}, got ${String(e)}`);
      return;
    }
    assert.unreachable(`expected ${c}`);
  };
  await rejects(() => generatePairBatch(config, { batch: 0, seed: 1, backend: quiet }), 'INVALID_ARGUMENT');
  await rejects(() => generatePairBatch(config, { batch: 2, seed: 1, startIndex: -1, backend: quiet }), 'INVALID_ARGUMENT');
  await rejects(() => generatePairBatch({ ...config, vocabularySize: 1_000_000 }, { batch: 100, seed: 1, backend: quiet }), 'TOO_LARGE');
  await rejects(() => generatePairBatch({ ...config, temperature: -1 }, { batch: 1, seed: 1, backend: quiet }), 'INVALID_ARGUMENT');
});

test.run();
