// Exact renormalisation and correctly rounded conversion (docs/theory.md §11.1–11.2). Expected values are
// computed independently: by IEEE division of exactly representable integers, or by bit-level round trips.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './errors.ts';
import { Rational, roundedQuotient } from './rational.ts';
import { exactlyRenormalised, renormalise } from './renormalise.ts';
import { createRng } from '../random/createRng.ts';

const rng = createRng('renormalise');
const randomDouble = (): number => {
  const buffer = new Float64Array(1);
  const bits = new BigUint64Array(buffer.buffer);
  bits[0] = (BigInt(Math.floor(rng() * 2 ** 31)) << 32n) | BigInt(Math.floor(rng() * 2 ** 32));
  return Math.abs(buffer[0]!);
};

test('roundedQuotient equals IEEE division on integers below 2^53 (correctly rounded by the standard)', () => {
  for (let i = 0; i < 20_000; i++) {
    const n = Math.floor(rng() * 2 ** 53) + 1;
    const d = Math.floor(rng() * 2 ** 53) + 1;
    assert.is(roundedQuotient(BigInt(n), BigInt(d)), n / d);
  }
});

test('Rational.toNumber round-trips every finite double, subnormals and huge denominators included', () => {
  let checked = 0;
  for (let i = 0; i < 5_000; i++) {
    const x = randomDouble();
    if (!Number.isFinite(x) || x === 0) continue;
    const r = Rational.fromNumber(x);
    assert.is(r.toNumber(), x);
    assert.is(Rational.of(r.num * 3n, r.den * 3n).toNumber(), x, 'unreduced input');
    checked++;
  }
  assert.ok(checked > 4_000);
  assert.is(Rational.fromNumber(5e-324).toNumber(), 5e-324); // was 0: the scale 2^−1138 underflowed
  assert.is(Rational.of(1n, 1n << 1075n).toNumber(), 0, 'exactly half the smallest subnormal: ties to even');
  assert.is(Rational.of(3n, 1n << 1076n).toNumber(), 5e-324, '3/4 of the smallest subnormal');
  assert.is(Rational.of((1n << 53n) + 1n, 1n << 53n).toNumber(), 1, '1 + 2^−53: tie, to even');
  assert.is(Rational.of((1n << 53n) + 3n, 1n << 53n).toNumber(), 1 + 2 ** -51, '1 + 3·2^−53: tie, to even');
  assert.is(Rational.of(-1n, 3n).toNumber(), -1 / 3);
  assert.is(Rational.of(10n ** 400n, 1n).toNumber(), Infinity);
});

test('renormalise: unchanged when the sum is exactly 1; else the doubles nearest to v/Σv', () => {
  const exact = [0.25, 0.5, 0.125, 0.125];
  assert.equal(Array.from(renormalise(exact)), exact);
  const v = [0.1, 0.2, 0.3, 0.4];
  const r = renormalise(v);
  const reference = exactlyRenormalised(v);
  r.forEach((x, i) => assert.is(x, reference[i]!.toNumber()));
  assert.ok(reference.reduce((s, x) => s.add(x), Rational.ZERO).equals(Rational.ONE));
  // A near-one-hot draft whose float sum is 1: 1 + 3e-17 exactly, renormalised, rounds back to itself.
  assert.equal(Array.from(renormalise([1, 1e-17, 1e-17, 1e-17])), [1, 1e-17, 1e-17, 1e-17]);
  // Off by 1e-9: every entry moves by its share, zeros and subnormals kept.
  const off = renormalise([0.5, 0.5 + 1e-9, 0, 5e-324]);
  assert.is(off[2], 0);
  assert.is(off[3], 5e-324);
  assert.ok(Math.abs(off[0]! - 0.5 / (1 + 1e-9)) < 1e-16);
  assert.throws(() => renormalise([0, 0]), (e: unknown) => e instanceof SpechubError && e.code === 'ZERO_DRAFT_MASS');
  assert.throws(() => renormalise([1, NaN]), (e: unknown) => e instanceof SpechubError && e.code === 'NOT_FINITE');
});

test('renormalise (fast double-double path with exact fallback) = exact rational quotient rounded, on random vectors', () => {
  const generators: Array<() => number[]> = [
    () => {
      const w = Array.from({ length: 1 + Math.floor(rng() * 60) }, () => rng());
      const s = w.reduce((a, b) => a + b);
      return w.map((x) => x / s);
    },
    () => {
      // dust, subnormals and a sum off by up to 5e-10
      const w = Array.from({ length: 1 + Math.floor(rng() * 60) }, () => (rng() < 0.3 ? rng() * 1e-300 : rng() < 0.5 ? Math.floor(rng() * 1e6) * 5e-324 : rng()));
      const s = w.reduce((a, b) => a + b);
      return w.map((x) => (x / s) * (1 + (rng() - 0.5) * 1e-9));
    },
    () => {
      // dyadic masses off by a few ulps: quotients near rounding ties and at powers of two
      const w = Array.from({ length: 1 + Math.floor(rng() * 30) }, () => 2 ** -Math.floor(rng() * 10));
      const s = w.reduce((a, b) => a + b);
      return w.map((x) => (x / s) * (1 + 2 ** -52 * Math.floor(rng() * 5 - 2)));
    },
  ];
  let entries = 0;
  for (let t = 0; t < 3_000; t++) {
    const v = generators[t % generators.length]!();
    const r = renormalise(v);
    const e = exactlyRenormalised(v);
    r.forEach((x, i) => {
      assert.is(x, e[i]!.toNumber(), `entry ${i} of ${JSON.stringify(v)}`);
      entries++;
    });
  }
  assert.ok(entries > 50_000);
});

test('renormalise keeps the order of the entries (ties stay ties)', () => {
  for (let t = 0; t < 200; t++) {
    const v = Array.from({ length: 8 }, () => (rng() < 0.3 ? 0.125 : rng() * 0.25));
    const total = v.reduce((s, x) => s + x, 0);
    const w = v.map((x) => x / total);
    const r = renormalise(w);
    for (let i = 0; i < w.length; i++) for (let j = 0; j < w.length; j++) if (w[i]! <= w[j]!) assert.ok(r[i]! <= r[j]!);
  }
});

test.run();
