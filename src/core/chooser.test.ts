import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from './categorical.ts';
import { type Chooser, enumerateOutcomes, SamplingChooser } from './chooser.ts';
import { SpechubError } from './errors.ts';
import { floatField, rationalField as F } from './field.ts';
import { Rational } from './rational.ts';
import { createRng } from '../random/createRng.ts';

test('enumerateOutcomes lists every branch with its exact probability', () => {
  const third = Rational.of(1, 3);
  const law = Categorical.create(F, [Rational.of(1, 2), Rational.ZERO, Rational.of(1, 2)]);
  const outcomes = enumerateOutcomes(F, (c: Chooser<Rational>) => (c.bernoulli(third) ? 'h' : `t${c.categorical(law)}`));
  const table = Object.fromEntries(outcomes.map((o) => [o.value, o.probability.toString()]));
  assert.equal(table, { h: '1/3', t0: '1/3', t2: '1/3' });
});

test('bernoulli clamps to [0, 1] and skips zero-probability branches; categorical renormalises off excluded tokens', () => {
  const law = Categorical.create(F, [Rational.of(1, 2), Rational.of(1, 4), Rational.of(1, 4)]);
  const out = enumerateOutcomes(F, (c: Chooser<Rational>) => [c.bernoulli(Rational.of(3, 2)), c.bernoulli(Rational.of(-1)), c.categorical(law, [0])].join());
  assert.equal(out.map((o) => [o.value, o.probability.toString()]), [['true,false,1', '1/2'], ['true,false,2', '1/2']]);
  assert.throws(() => enumerateOutcomes(F, (c: Chooser<Rational>) => c.categorical(law, [0, 1, 2])), /no mass left/);
});

test('enumeration refuses to blow up', () => {
  const law = Categorical.create(F, Array.from({ length: 10 }, () => Rational.of(1, 10)));
  assert.throws(
    () => enumerateOutcomes(F, (c: Chooser<Rational>) => [c.categorical(law), c.categorical(law), c.categorical(law)], 500),
    (e: unknown) => e instanceof SpechubError && e.code === 'TOO_LARGE',
  );
});

test('Categorical: zero mass is an error (or null), alias sampling matches the weights', () => {
  assert.throws(() => Categorical.create(floatField, [0, 0]), (e: unknown) => e instanceof SpechubError && e.code === 'ZERO_DRAFT_MASS');
  assert.is(Categorical.tryCreate(floatField, [0, 0]), null);
  const c = Categorical.create(floatField, [1, 0, 3]);
  const chooser = new SamplingChooser(createRng(9));
  const counts = [0, 0, 0];
  for (let i = 0; i < 40_000; i++) counts[chooser.categorical(c)]!++;
  assert.is(counts[1], 0);
  assert.ok(Math.abs(counts[2]! / 40_000 - 0.75) < 0.01, `alias draw frequency ${counts[2]! / 40_000}`);
  const excluded = [0, 0, 0];
  for (let i = 0; i < 1000; i++) excluded[chooser.categorical(c, [2])]!++;
  assert.equal(excluded, [1000, 0, 0]);
});

test('seeded generators repeat', () => {
  const a = createRng('x');
  const b = createRng('x');
  for (let i = 0; i < 5; i++) assert.is(a(), b());
  assert.is.not(createRng('x')(), createRng('y')());
});

test("categorical with excluded tokens on a { draws: 'few' } law: one uniform, the inverse CDF of the renormalised rest (exact expectation)", () => {
  const weights = [5, 0, 3, 8, 1, 7]; // integers: u·rest and the running sums are exact in doubles
  const few = Categorical.create(floatField, weights, { draws: 'few' });
  for (const exclude of [[3], [0, 5], [2, 3, 4]]) {
    const rest = weights.map((w, i) => (exclude.includes(i) ? 0 : w));
    const restTotal = rest.reduce((a, x) => a + x, 0);
    for (let j = 0; j < 256; j++) {
      const u = j / 256;
      let calls = 0;
      const x = new SamplingChooser(() => (calls++, u)).categorical(few, exclude);
      assert.is(calls, 1);
      // Expected: the first i with u·restTotal < rest_0 + … + rest_i (exact integer comparison).
      let prefix = 0;
      let expected = -1;
      for (let i = 0; i < rest.length && expected < 0; i++) {
        prefix += rest[i]!;
        if (rest[i]! > 0 && j * restTotal < prefix * 256) expected = i;
      }
      assert.is(x, expected, `exclude ${exclude}, u = ${u}`);
    }
  }
  // A 'many' law rejects: with an excluded token holding most of the mass it takes several uniforms.
  const many = Categorical.create(floatField, [100, 1, 1]);
  let calls = 0;
  const uniforms = [0.1, 0.2, 0.3, 0.995];
  const x = new SamplingChooser(() => uniforms[calls++]!).categorical(many, [0]);
  assert.ok(calls > 1 && x !== 0);
  // All the mass excluded: refused.
  assert.throws(() => new SamplingChooser(() => 0.5).categorical(Categorical.create(floatField, [1, 0], { draws: 'few' }), [0]), /no mass left/);
});

test("{ draws: 'few' } with excluded tokens: a subnormal remaining mass keeps its law, one-hot and near-one-hot rests never emit a zero-mass token", () => {
  // [3, 7]·2⁻¹⁰⁷⁴ left after excluding token 0: token 1 must take 3/10 of a uniform grid (within one point).
  const tiny = 2 ** -1074;
  const few = Categorical.create(floatField, [1, 3 * tiny, 7 * tiny], { draws: 'few' });
  const N = 10_000;
  let drawsOfOne = 0;
  for (let j = 0; j < N; j++) {
    const x = new SamplingChooser(() => (j + 0.5) / N).categorical(few, [0]);
    assert.ok(x === 1 || x === 2);
    if (x === 1) drawsOfOne++;
  }
  assert.ok(Math.abs(drawsOfOne - 3000) <= 1, `token 1 drawn ${drawsOfOne} times of ${N}, law 3/10`);
  // 1 − 1e-16 on the excluded hub, the rest on one token between zeros: always that token, for any uniform.
  const nearOneHot = Categorical.create(floatField, [0, 1 - 1e-16, 0, 1e-16, 0], { draws: 'few' });
  for (const u of [0, 0.5, 1 - 2 ** -53]) assert.is(new SamplingChooser(() => u).categorical(nearOneHot, [1]), 3);
});

test('categorical with excluded tokens keeps the law of a subnormal remaining mass (the fallback scan scales it, §11.9)', () => {
  // Token 0 holds all the mass and is excluded: the 32 rejection attempts all return it, then the fallback
  // scan draws from [3, 7]·2⁻¹⁰⁷⁴ with the 33rd uniform. Over a grid of those uniforms token 1 must be drawn
  // 3/10 of the time (within one grid point).
  const tiny = 2 ** -1074;
  const c = Categorical.create(floatField, [1, 3 * tiny, 7 * tiny]);
  const N = 10_000;
  let drawsOfOne = 0;
  for (let j = 0; j < N; j++) {
    let calls = 0;
    const chooser = new SamplingChooser(() => (++calls <= 32 ? 0.25 : (j + 0.5) / N));
    const x = chooser.categorical(c, [0]);
    assert.is.not(x, 0);
    assert.is(calls, 33);
    if (x === 1) drawsOfOne++;
  }
  assert.ok(Math.abs(drawsOfOne - 3000) <= 1, `token 1 drawn ${drawsOfOne} times of ${N}, law 3/10`);
});

test.run();
