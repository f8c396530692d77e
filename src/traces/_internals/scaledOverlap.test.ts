import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { overlapBounds } from './overlapBounds.ts';
import { partialPair } from './partialPair.ts';
import { scaledOverlap } from './scaledOverlap.ts';

const law = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }).map((entries) => {
  const byId = new Map(entries);
  const ids = [...byId.keys()];
  const raw = ids.map((i) => byId.get(i)!);
  const total = raw.reduce((a, b) => a + b, 0) || 1;
  const probs = raw.map((x) => (0.8 * x) / total);
  const tail = 1 - probs.reduce((a, b) => a + b, 0);
  return { ids, probs, tail, cap: Math.min(tail, Math.min(...probs) || tail) };
});

test('scaledOverlap(t) equals Lemma 10.1 evaluated directly with r = t·q, for any t (property)', () => {
  fc.assert(
    fc.property(law, law, fc.double({ min: 0, max: 8, noNaN: true }), (target, draft, t) => {
      const pair = partialPair(target, draft, 64);
      const [lo, hi] = overlapBounds(pair.p, 1, pair.mp, pair.cp, pair.q, t, t * pair.mq, t * pair.cq);
      const fast = scaledOverlap(pair).bounds(t);
      assert.ok(Math.abs(fast[0] - lo) < 1e-12, `lo ${fast[0]} vs ${lo}`);
      assert.ok(Math.abs(fast[1] - Math.min(hi, 1, t)) < 1e-12, `hi ${fast[1]} vs ${hi}`);
    }),
    { numRuns: 2000 },
  );
});

test('partialPair: the union of stored ids in ascending order, NaN where a side is unknown', () => {
  const pair = partialPair({ ids: [7, 2], probs: [0.5, 0.25], tail: 0.25, cap: 0.25 }, { ids: [2, 9, 0], probs: [0.3, 0.3, 0.3], tail: 0.1, cap: 0.1 }, 12);
  assert.equal(Array.from(pair.ids), [0, 2, 7, 9]);
  assert.equal(Array.from(pair.p).map((x) => (Number.isNaN(x) ? null : x)), [null, 0.25, 0.5, null]);
  assert.equal(Array.from(pair.q).map((x) => (Number.isNaN(x) ? null : x)), [0.3, 0.3, null, 0.3]);
  assert.equal([pair.mp, pair.cp, pair.mq, pair.cq], [0.25, 0.25, 0.1, 0.1]);
});

test.run();
