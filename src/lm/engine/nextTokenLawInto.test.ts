import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../../core/errors.ts';
import { softmax } from '../../core/softmax.ts';
import { createRng } from '../../random/createRng.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { LawScratch, nextTokenLawInto } from './nextTokenLawInto.ts';

/** Index of the first entry where a and b differ bit for bit (Object.is), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Logit rows with ties, −∞ entries and a wide range of scales (float32, as the models produce). */
const row = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
      { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2.5) },
      { weight: 1, arbitrary: fc.constant(-Infinity) },
      { weight: 1, arbitrary: fc.double({ min: -1e30, max: 1e30, noNaN: true }) },
    ),
    { minLength: 1, maxLength: 300 },
  )
  .filter((xs) => xs.some((x) => x > -Infinity))
  .map((xs) => Float32Array.from(xs));
const settings = fc.record({
  temperature: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constantFrom(0.6, 1e-3, 100)),
  topP: fc.oneof(fc.constant(1), fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.constantFrom(0.5, 0.9, 0.999999)),
});

test('bit for bit the numbers of nextTokenLaw, on arbitrary rows (ties, −∞, huge logits) and settings; reused buffers', () => {
  const scratch = new LawScratch();
  fc.assert(
    fc.property(row, settings, (logits, s: SamplingSettings) => {
      const expected = nextTokenLaw(logits, s);
      const out = new Float64Array(logits.length).fill(0.123); // stale contents must not leak through
      const got = nextTokenLawInto(logits, 0, logits.length, s, out, scratch);
      assert.is(got, out);
      assert.is(firstDifference(got, expected), -1);
    }),
    { numRuns: 2000, seed: 15 },
  );
});

test('a row of a block (offset), a larger output buffer, vocabulary-sized rows at several settings', () => {
  const rng = createRng(4);
  const V = 4096;
  const block = Float32Array.from({ length: 3 * V }, () => 12 * (rng() - 0.5) + (rng() < 0.01 ? 9 : 0));
  block[V + 5] = block[V + 6] = 40; // a tie at the top of row 1
  const out = new Float64Array(V + 7);
  for (const s of [{ temperature: 1, topP: 1 }, { temperature: 0.6, topP: 1 }, { temperature: 1, topP: 0.9 }, { temperature: 1.7, topP: 0.3 }, { temperature: 0.05, topP: 0.5 }]) {
    for (let r = 0; r < 3; r++) {
      const expected = nextTokenLaw(block.subarray(r * V, (r + 1) * V), s);
      const got = nextTokenLawInto(block, r, V, s, out);
      assert.is(got.length, V);
      assert.is(firstDifference(got, expected), -1, `row ${r}, ${JSON.stringify(s)}`);
    }
  }
});

test('top-p that ends inside a run of ties keeps the lowest indices, as the sort does', () => {
  const logits = Float32Array.from([0, 3, 3, 3, 3, 0, 3]);
  for (const topP of [0.2, 0.3, 0.5, 0.7, 0.9]) {
    const expected = nextTokenLaw(logits, { temperature: 1, topP });
    assert.is(firstDifference(nextTokenLawInto(logits, 0, 7, { temperature: 1, topP }, new Float64Array(7)), expected), -1, `top-p ${topP}`);
  }
});

test('teeth: the same comparison catches a one-ulp change (multiplying by 1/T instead of dividing by T)', () => {
  const rng = createRng(9);
  const logits = Float32Array.from({ length: 500 }, () => 10 * rng());
  const T = 0.7;
  const expected = nextTokenLaw(logits, { temperature: T, topP: 1 });
  const wrong = new Float64Array(500);
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let total = 0;
  for (let i = 0; i < 500; i++) total += wrong[i] = Math.exp((logits[i]! - max) * (1 / T));
  for (let i = 0; i < 500; i++) wrong[i]! /= total;
  assert.ok(firstDifference(wrong, expected) >= 0);
});

test('errors as softmax: NaN or +∞ logit, every logit −∞, a row outside the block', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof SpechubError ? e.code : 'other';
    }
    return 'none';
  };
  const s = { temperature: 1, topP: 1 };
  assert.is(code(() => nextTokenLawInto(Float32Array.from([0, Number.NaN]), 0, 2, s, new Float64Array(2))), 'NOT_FINITE');
  assert.is(code(() => nextTokenLawInto(Float32Array.from([0, Infinity]), 0, 2, s, new Float64Array(2))), 'NOT_FINITE');
  assert.is(code(() => nextTokenLawInto(Float32Array.from([-Infinity, -Infinity]), 0, 2, s, new Float64Array(2))), 'ZERO_DRAFT_MASS');
  assert.is(code(() => nextTokenLawInto(new Float32Array(4), 2, 2, s, new Float64Array(2))), 'LENGTH_MISMATCH');
  assert.is(code(() => nextTokenLawInto(new Float32Array(4), 0, 2, s, new Float64Array(1))), 'LENGTH_MISMATCH');
});

test('a NaN or +∞ logit anywhere in a row gives the error softmax gives, message included (first offending logit, any temperature)', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof SpechubError ? `${e.code}: ${e.message}` : 'other';
    }
    return 'none';
  };
  const rows: number[][] = [
    [Number.NaN, -Infinity, -Infinity], // NaN among −∞: not "every logit is −∞"
    [-Infinity, Infinity, Number.NaN],
    [0, 1, Number.NaN, Infinity],
    [Infinity, 2, Infinity],
    [3, -Infinity, 1, Number.NaN],
    [-Infinity, -Infinity],
  ];
  for (const row of rows) {
    for (const temperature of [1, 0.7]) {
      // Row 1 of a block of three: the first and last rows are finite.
      const block = Float64Array.from([...row.map(() => 0), ...row, ...row.map(() => 1)]);
      const expected = message(() => softmax(row, temperature));
      assert.ok(expected.startsWith('NOT_FINITE') || expected.startsWith('ZERO_DRAFT_MASS'), expected);
      assert.is(message(() => nextTokenLawInto(block, 1, row.length, { temperature, topP: 1 }, new Float64Array(row.length))), expected, `row ${row}`);
      assert.is(message(() => nextTokenLawInto(Float32Array.from(block), 1, row.length, { temperature, topP: 0.9 }, new Float64Array(row.length))), expected, `row ${row}, float32`);
    }
  }
});

test.run();
