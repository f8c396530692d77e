// Bad input gets a clear, typed error: never NaN or a silent wrong answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argmax, parseDistribution, validateDistribution, validateExactDistribution } from './distribution.ts';
import { SpechubError } from './errors.ts';
import { floatField, rationalField } from './field.ts';
import { Rational } from './rational.ts';
import { softmax, topKFilter, topPFilter } from './softmax.ts';
import { klDivergence, overlap, totalVariation } from './divergence.ts';

const code = (c: string) => (e: unknown) => e instanceof SpechubError && e.code === c;

test('validateDistribution rejects empty, non-finite, negative and non-normalised vectors', () => {
  assert.throws(() => validateDistribution([], 'target'), code('EMPTY'));
  assert.throws(() => validateDistribution([0.5, NaN, 0.5], 'target'), code('NOT_FINITE'));
  assert.throws(() => validateDistribution([0.5, Infinity], 'target'), code('NOT_FINITE'));
  assert.throws(() => validateDistribution([1.5, -0.5], 'target'), code('NEGATIVE_ENTRY'));
  assert.throws(() => validateDistribution([0.5, 0.6], 'target'), code('NOT_NORMALISED'));
  assert.throws(() => validateDistribution([0, 0], 'draft'), code('ZERO_DRAFT_MASS'));
  assert.throws(() => validateDistribution(['0.5', '0.5'] as unknown as number[], 'draft'), code('NOT_FINITE'));
  assert.throws(() => validateDistribution([0.5, 0.6], 'target'), /target sums to 1\.1/);
});

test('validateDistribution accepts a sum within 1e-9 and copies the input', () => {
  const v = [0.1, 0.2, 0.7000000001];
  const out = validateDistribution(v);
  assert.ok(out instanceof Float64Array);
  out[0] = 9;
  assert.is(v[0], 0.1);
});

test('exact vectors must sum to exactly 1', () => {
  const third = Rational.of(1, 3);
  assert.not.throws(() => validateExactDistribution([third, third, third]));
  assert.throws(() => validateExactDistribution([third, third, Rational.of(333, 1000)]), code('NOT_NORMALISED'));
  assert.throws(() => validateExactDistribution([Rational.of(3, 2), Rational.of(-1, 2)]), code('NEGATIVE_ENTRY'));
  assert.throws(() => parseDistribution('1/2, x', rationalField), code('PARSE_ERROR'));
  assert.is(parseDistribution('1/6,1/3,1/2', rationalField).join(','), '1/6,1/3,1/2');
});

test('argmax breaks ties by the lowest index (the hub convention)', () => {
  assert.is(argmax(floatField, [0.25, 0.25, 0.25, 0.25]), 0);
  assert.is(argmax(floatField, [0.1, 0.45, 0.45]), 1);
});

test('softmax with temperature, top-k and top-p', () => {
  const p = softmax([2, 1, 0], 1);
  assert.ok(Math.abs(p.reduce((s, x) => s + x, 0) - 1) < 1e-15);
  assert.ok(softmax([2, 1, 0], 0.1)[0]! > 0.99);
  assert.throws(() => softmax([1, 2], 0), code('INVALID_ARGUMENT'));
  assert.throws(() => softmax([1, NaN]), code('NOT_FINITE'));
  assert.throws(() => softmax([-Infinity, -Infinity]), code('ZERO_DRAFT_MASS'));
  const near = (a: ArrayLike<number>, b: number[]) => assert.ok(b.every((x, i) => Math.abs(a[i]! - x) < 1e-15), `${Array.from(a)} vs ${b}`);
  near(topKFilter([0.5, 0.3, 0.2], 2), [0.625, 0.375, 0]);
  near(topPFilter([0.5, 0.3, 0.2], 0.6), [0.625, 0.375, 0]);
  assert.equal(Array.from(topPFilter([0.5, 0.3, 0.2], 0.5)), [1, 0, 0]);
  assert.throws(() => topPFilter([1], 0), code('INVALID_ARGUMENT'));
});

test('overlap, total variation, KL', () => {
  assert.ok(Math.abs(overlap(floatField, [0.5, 0.5], [0.9, 0.1]) - 0.6) < 1e-15);
  assert.ok(Math.abs(totalVariation(floatField, [0.5, 0.5], [0.9, 0.1]) - 0.4) < 1e-15);
  assert.is(klDivergence([0.5, 0.5], [1, 0]), Infinity);
  assert.is(klDivergence([1, 0], [1, 0]), 0);
});

test.run();
