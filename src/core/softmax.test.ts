// softmax / softmaxInto against expectations written out here: the values by the textbook formula with Math.exp
// (the same operations in the same order, so the same doubles), and the errors by a plain scan for the first
// NaN or +∞ logit (every logit −∞: ZERO_DRAFT_MASS), including `out` = `logits` (in place).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from './errors.ts';
import { softmax, softmaxInto } from './softmax.ts';

const outcome = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof SpechubError ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
  return 'ok';
};

/** The expected error of a row, or 'ok'. */
const expectedOutcome = (row: number[]): string => {
  const bad = row.findIndex((x) => Number.isNaN(x) || x === Infinity);
  if (bad >= 0) return `NOT_FINITE: logit ${bad} is ${row[bad]}`;
  if (row.every((x) => x === -Infinity)) return 'ZERO_DRAFT_MASS: every logit is −∞';
  return 'ok';
};

/** softmax(row / T) by the formula: max, e^((x − max)/T) summed in index order, each divided by the sum. */
const textbook = (row: number[], T: number): number[] => {
  const max = Math.max(...row);
  const e = row.map((x) => (T === 1 ? Math.exp(x - max) : Math.exp((x - max) / T)));
  let total = 0;
  for (const x of e) total += x;
  return e.map((x) => x / total);
};

const logit = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -60, max: 60, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0) },
);

test('softmax and softmaxInto (separate and in place): the formula’s doubles, or the first NaN / +∞ logit’s error', () => {
  fc.assert(
    fc.property(fc.array(logit, { minLength: 1, maxLength: 12 }), fc.constantFrom(1, 0.7, 2.5), (row, T) => {
      const expected = expectedOutcome(row);
      let separate: Float64Array | null = null;
      assert.is(outcome(() => (separate = softmaxInto(row, T, new Float64Array(row.length)))), expected);
      const inPlace = Float64Array.from(row);
      assert.is(outcome(() => softmaxInto(inPlace, T, inPlace)), expected);
      assert.is(outcome(() => softmax(row, T)), expected);
      if (expected === 'ok') {
        const want = textbook(row, T);
        assert.equal(Array.from(separate!), want);
        assert.equal(Array.from(inPlace), want);
      }
    }),
    { numRuns: 3000, seed: 41 },
  );
});

test('the cases a deferred finiteness test could get wrong', () => {
  const cases: number[][] = [
    [Number.NaN, -Infinity], // NaN among −∞: NOT_FINITE, not ZERO_DRAFT_MASS
    [-Infinity, Infinity, 1], // +∞ after −∞
    [1, 2, Number.NaN, Infinity], // NaN before +∞
    [Infinity, Number.NaN], // +∞ before NaN
    [3, Number.NaN], // NaN with a finite maximum: found after the exponentials
    [-Infinity, -Infinity, -Infinity],
  ];
  for (const row of cases) {
    const inPlace = Float64Array.from(row);
    assert.is(outcome(() => softmaxInto(inPlace, 1, inPlace)), expectedOutcome(row), `in place ${row}`);
    assert.is(outcome(() => softmax(row, 0.5)), expectedOutcome(row), `${row}`);
  }
});

test.run();
