import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argmax } from '../core/distribution.ts';
import { overlap } from '../core/divergence.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { simulateTreeWalk } from '../tree/simulateTreeWalk.ts';
import { fullTree } from '../tree/tokenTree.ts';
import { calibrateLogitNoise, meanOverlap } from './calibrateLogitNoise.ts';
import { contextualLanguage } from './contextualLanguage.ts';
import { type PairConfig, syntheticPair } from './syntheticPair.ts';
import { syntheticMarkovChain } from './syntheticMarkovChain.ts';

const zipf: PairConfig = { vocabularySize: 200, family: { kind: 'zipf', exponent: 1.2 }, temperature: 0.8, draft: { logitNoise: 1 } };
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0);
const code = (c: string) => (e: unknown) => e instanceof SpechubError && e.code === c;

test('pairs are probability vectors, seeded and reproducible row by row', () => {
  const a = syntheticPair(zipf, 'seed', 3);
  const b = syntheticPair(zipf, 'seed', 3);
  const c = syntheticPair(zipf, 'seed', 4);
  const d = syntheticPair(zipf, 'other-seed', 3);
  assert.equal(Array.from(a.p), Array.from(b.p));
  assert.equal(Array.from(a.q), Array.from(b.q));
  assert.not.equal(Array.from(a.p), Array.from(c.p));
  assert.not.equal(Array.from(a.q), Array.from(d.q));
  for (const v of [a.p, a.q]) {
    assert.ok(Math.abs(sum(v) - 1) < 1e-12);
    assert.ok(Array.from(v).every((x) => x >= 0 && Number.isFinite(x)));
  }
});

test('Zipf rows: sorted probabilities follow (1 + r)^(−s/T); sparse support keeps the top ranks', () => {
  const { p } = syntheticPair({ ...zipf, draft: {} }, 1, 0);
  const sorted = Array.from(p).sort((x, y) => y - x);
  for (const r of [1, 5, 50]) assert.ok(Math.abs(sorted[0]! / sorted[r]! - (1 + r) ** (1.2 / 0.8)) < 1e-9 * (1 + r) ** 2);
  const sparse = syntheticPair({ vocabularySize: 500, family: { kind: 'zipf', exponent: 1, support: 40 }, draft: { logitNoise: 2 } }, 1, 0);
  assert.is(Array.from(sparse.p).filter((x) => x > 0).length, 40);
  assert.is(Array.from(sparse.q).filter((x) => x > 0).length, 40, 'noise keeps the −∞ pattern');
  const dir = syntheticPair({ vocabularySize: 300, family: { kind: 'dirichlet', concentration: 0.05, support: 100 } }, 2, 0);
  assert.is(Array.from(dir.p).filter((x) => x > 0).length, 100);
  assert.ok(Math.max(...dir.p) > 0.1, 'small concentration gives a dominant token');
});

test('draft divergence controls: none → q = p; full uniform mix → uniform; temperature ratio sharpens; top-p on both', () => {
  const same = syntheticPair({ ...zipf, draft: {} }, 5, 1);
  assert.equal(Array.from(same.q), Array.from(same.p));
  const uniform = syntheticPair({ ...zipf, draft: { uniformMix: 1 } }, 5, 1);
  assert.ok(Array.from(uniform.q).every((x) => Math.abs(x - 1 / 200) < 1e-15));
  const sharp = syntheticPair({ ...zipf, draft: { temperatureRatio: 0.5 } }, 5, 1);
  assert.ok(Math.max(...sharp.q) > Math.max(...sharp.p));
  assert.is(argmax(floatField, sharp.q), argmax(floatField, sharp.p));
  const other = syntheticPair({ ...zipf, draft: { otherModelMix: 0.5 } }, 5, 1);
  assert.ok(overlap(floatField, other.p, other.q) < 1);
  const nucleus = syntheticPair({ ...zipf, topP: 0.5 }, 5, 1);
  assert.ok(Array.from(nucleus.p).filter((x) => x > 0).length < 200);
  assert.ok(Math.abs(sum(nucleus.q) - 1) < 1e-12);
});

test('noise calibration reaches the requested mean single-draft acceptance', () => {
  const config: PairConfig = { vocabularySize: 300, family: { kind: 'zipf', exponent: 1.5 }, temperature: 1 };
  const c = calibrateLogitNoise(config, 'cal', { targetOverlap: 0.5, rows: 40, tolerance: 0.002 });
  assert.ok(Math.abs(c.meanOverlap - 0.5) <= 0.002, `${c.meanOverlap}`);
  assert.ok(Math.abs(meanOverlap({ ...config, draft: { logitNoise: c.logitNoise } }, 'cal', 40) - c.meanOverlap) < 1e-12);
  assert.ok(c.overlapWithoutNoise > 0.999);
});

test('synthetic Markov chain: rows are the pairs, generated lazily (n = 50,000)', () => {
  const chain = syntheticMarkovChain(zipf, 'chain');
  const { p, q } = syntheticPair(zipf, 'chain', 17);
  assert.equal(Array.from(chain.target(17)), Array.from(p));
  assert.equal(Array.from(chain.draft(17)), Array.from(q));
  const big = syntheticMarkovChain({ vocabularySize: 50_000, family: { kind: 'zipf', exponent: 1.1 }, draft: { logitNoise: 1 } }, 'big');
  assert.is(big.target(49_999).length, 50_000);
  const r = simulateTreeWalk(big, fullTree(2, 3), 'spechub', { steps: 30, seed: 1, start: 12_345 });
  assert.ok(r.tokensPerStep >= 1 && r.tokensPerStep <= 3);
  assert.throws(() => big.target(50_000), code('INVALID_ARGUMENT'));
});

test('contextual language: the state holds the last m tokens and the law depends on all of them', () => {
  const lang = contextualLanguage({ vocabularySize: 50, contextLength: 2, buckets: 64, family: { kind: 'zipf', exponent: 1.1 }, draft: { logitNoise: 1 } }, 'ctx');
  assert.is(lang.stateCount, 2500);
  const s = lang.next(lang.next(0, 7), 9); // context (7, 9)
  assert.is(s, 7 * 50 + 9);
  assert.is(lang.next(s, 3), 9 * 50 + 3);
  const other = lang.next(lang.next(0, 8), 9); // context (8, 9): same last token, different previous one
  assert.not.equal(Array.from(lang.target(s)), Array.from(lang.target(other)));
  assert.equal(Array.from(lang.target(s)), Array.from(contextualLanguage({ vocabularySize: 50, contextLength: 2, buckets: 64, family: { kind: 'zipf', exponent: 1.1 }, draft: { logitNoise: 1 } }, 'ctx').target(s)));
  assert.ok(Math.abs(sum(lang.draft(s)) - 1) < 1e-12);
  const r = simulateTreeWalk(lang, fullTree(2, 4), 'rrsw', { steps: 500, seed: 2, start: (rng) => Math.floor(rng() * lang.stateCount) });
  assert.ok(r.tokensPerStep > 1 && r.tokensPerStep < 4);
});

test('bad configurations are rejected with a clear error', () => {
  assert.throws(() => syntheticPair({ ...zipf, vocabularySize: 1 }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, family: { kind: 'zipf', exponent: -1 } }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, family: { kind: 'dirichlet', concentration: 0 } }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, family: { kind: 'cauchy' } as never }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, temperature: 0 }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, topP: 1.5 }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair({ ...zipf, draft: { uniformMix: 0.7, otherModelMix: 0.5 } }, 1, 0), code('INVALID_ARGUMENT'));
  assert.throws(() => syntheticPair(zipf, 1, -1), code('INVALID_ARGUMENT'));
  assert.throws(() => calibrateLogitNoise(zipf, 1, { targetOverlap: 1.2 }), code('INVALID_ARGUMENT'));
  assert.throws(() => contextualLanguage({ ...zipf, contextLength: 4 }, 1), code('INVALID_ARGUMENT'));
});

test.run();
