import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rational } from '../../../src/core/rational.ts';
import { floatToGrid, GRID, normaliseExactly, nudgeEntry, rampPair, setEntryExactly, setEntryOnGrid } from './pair.ts';

const R = (s: string) => Rational.parse(s);
const vec = (s: string) => s.split(',').map(R);
const total = (v: Rational[]) => v.reduce((s, x) => s.add(x), Rational.ZERO);
const onGrid = (v: Rational[]) => v.every((x) => (GRID * Number(x.num)) % Number(x.den) === 0);

test('setEntryOnGrid: the entry is set, the others keep their proportions on the grid, Σ = 1 exactly', () => {
  // E1's p: move p(c) from 1/2 to 2/3 → the others (1/6, 1/3) share 1/3 in ratio 1:2 → 1/9, 2/9.
  const v = setEntryOnGrid(vec('1/6,1/3,1/2'), 2, 240);
  assert.equal(v.map(String), ['1/9', '2/9', '2/3']);
  // Unchanged units leave a grid vector unchanged.
  assert.equal(setEntryOnGrid(vec('1/10,1/5,3/10,2/5'), 1, 72).map(String), ['1/10', '1/5', '3/10', '2/5']);
  // All others zero: equal shares (remainder to the lowest index).
  assert.equal(setEntryOnGrid(vec('0,0,1'), 2, 359).map(String), ['1/360', '0', '359/360']);
  // Clamped to [0, GRID].
  assert.equal(setEntryOnGrid(vec('1/2,1/2'), 0, 999).map(String), ['1', '0']);
  assert.equal(setEntryOnGrid(vec('1/2,1/2'), 0, -5).map(String), ['0', '1']);
});

test('property: grid edits and nudges keep an exact probability vector on the grid', () => {
  const weights = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 12 }).filter((w) => w.some((x) => x > 0));
  fc.assert(
    fc.property(weights, fc.nat(), fc.integer({ min: -400, max: 400 }), (w, i0, units) => {
      const s = w.reduce((a, b) => a + b, 0);
      const v = w.map((x) => Rational.of(x, s));
      const i = i0 % v.length;
      const out = setEntryOnGrid(v, i, units);
      assert.ok(total(out).equals(Rational.ONE), 'Σ = 1');
      assert.ok(onGrid(out), 'on the grid');
      assert.ok(out.every((x) => x.sign() >= 0), 'non-negative');
      assert.is(out[i]!.toNumber(), Math.max(0, Math.min(GRID, units)) / GRID);
      const nudged = nudgeEntry(out, i, 1);
      assert.ok(total(nudged).equals(Rational.ONE));
    }),
    { numRuns: 300, seed: 16 },
  );
});

test('setEntryExactly rescales the others exactly; bad values are refused', () => {
  assert.equal(setEntryExactly(vec('1/6,1/3,1/2'), 0, R('1/7')).map(String), ['1/7', '12/35', '18/35']);
  assert.equal(setEntryExactly(vec('1,0,0'), 0, R('1/2')).map(String), ['1/2', '1/4', '1/4']);
  assert.throws(() => setEntryExactly(vec('1/2,1/2'), 0, R('3/2')));
  assert.throws(() => setEntryExactly(vec('1/2,1/2'), 0, R('-1/2')));
});

test('normaliseExactly, floatToGrid and rampPair', () => {
  assert.equal(normaliseExactly(vec('1,2,3')).map(String), ['1/6', '1/3', '1/2']);
  assert.throws(() => normaliseExactly(vec('0,0')));
  assert.throws(() => normaliseExactly(vec('1,-1,1')));
  const g = floatToGrid([0.1, 0.2, 0.7]);
  assert.equal(g.map(String), ['1/10', '1/5', '7/10']);
  const odd = floatToGrid([1 / 3, 1 / 3, 1 / 3 - 1e-9]);
  assert.ok(total(odd).equals(Rational.ONE) && onGrid(odd));
  const { p, q } = rampPair(4);
  assert.equal(p.map(String), ['1/10', '1/5', '3/10', '2/5']);
  assert.equal(q.map(String), ['2/5', '3/10', '1/5', '1/10']);
  assert.throws(() => rampPair(13));
});

test.run();
