// Theorem 10.x (docs/theory.md): every interval contains the acceptance of every completion of a top-K
// truncation. Dense laws are truncated on purpose, then completed in several adversarial ways (the original,
// the tail spread evenly, the tail packed at the cap on the unstored tokens in random orders, on the tokens the
// other side stores first, on tokens the other side does not store); each completion's exact (float64)
// acceptance from the verifiers must lie in the interval.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField } from '../core/field.ts';
import { getMethod } from '../methods.ts';
import { nodeMethod } from '../tree/nodeMethod.ts';
import { createRng } from '../random/createRng.ts';
import { subsetDual } from '../optimum/subsetDual.ts';
import { type SparseLaw, topKAcceptanceBounds } from './topKAcceptanceBounds.ts';
import { truncateToTopK } from './_testing/topKTruncation.ts';

const METHODS = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'];

/** Exact float64 acceptance of a dense pair as the replay computes it (nodeMethod fallback). */
function denseAcceptance(id: string, p: Float64Array, q: Float64Array, k: number): number | null {
  const m = getMethod(id);
  if (!m.verifier.supportsK(k)) return null;
  const node = nodeMethod(floatField, m, q, k);
  if (node.method.id === 'rrsw' && node.k >= 3) return null;
  if (node.method.id === 'otm-wor' && node.k >= 3) return null;
  return node.method.verifier.acceptance(floatField, p, q, node.k).value;
}

function randomLaw(rng: () => number, n: number, style: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    v[i] = style === 0 ? -Math.log(u + 1e-12) : style === 1 ? Math.pow(i + 1, -1.2) * Math.exp(2 * u) : style === 2 ? (u < 0.3 ? 0 : u) : style === 3 ? Math.exp(8 * u) : u < 0.3 ? 0 : 1e-18 * u;
  }
  // Style 4: spiked at a random token (mass 1), the others 0 or about 1e-18 (Σ = 1 in float64; 1 − q(a) summed is
  // about 1e-17, as a difference 0).
  if (style === 4) v[Math.floor(rng() * n)] = 1;
  if (v.every((x) => x === 0)) v[0] = 1;
  const s = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / s);
}

/** A completion: stored values kept, the tail filled at the cap in the given order of unstored tokens. */
function complete(law: SparseLaw, n: number, order: number[], spread: boolean): Float64Array {
  const v = new Float64Array(n);
  const stored = new Set<number>();
  for (let j = 0; j < law.ids.length; j++) {
    v[law.ids[j]!] = law.probs[j]!;
    stored.add(law.ids[j]!);
  }
  const free = order.filter((i) => !stored.has(i));
  if (law.tail > 0) {
    if (spread) for (const i of free) v[i] = law.tail / free.length;
    else {
      let left = law.tail;
      for (const i of free) {
        const x = Math.min(law.cap, left);
        v[i] = x;
        left -= x;
      }
      if (left > 1e-12) return complete(law, n, order, true);
    }
  }
  const s = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / s);
}

function shuffled(rng: () => number, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Checks `instances` random truncated pairs (styles from `styles(instance)`); returns [intervals checked, Σ widths]. */
function checkCompletions(rng: () => number, instances: number, styles: (instance: number) => [number, number]): [number, number] {
  let checked = 0;
  let widthSum = 0;
  for (let instance = 0; instance < instances; instance++) {
    const n = 3 + Math.floor(rng() * 30);
    const [pStyle, qStyle] = styles(instance);
    const p = randomLaw(rng, n, pStyle);
    const q = randomLaw(rng, n, qStyle);
    const k = 1 + Math.floor(rng() * 3);
    const tp = truncateToTopK(p, 1 + Math.floor(rng() * n));
    const tq = truncateToTopK(q, 1 + Math.floor(rng() * n));
    const qStored = new Set(Array.from(tq.ids));
    const pStored = new Set(Array.from(tp.ids));
    const orders = [shuffled(rng, n), shuffled(rng, n)];
    const completions: Array<[Float64Array, Float64Array]> = [
      [p, q],
      [complete(tp, n, orders[0]!, true), complete(tq, n, orders[1]!, true)],
      [complete(tp, n, orders[0]!, false), complete(tq, n, orders[1]!, false)],
      // Tails on each other's stored tokens first (aligned), then on tokens the other does not store (wasted).
      [complete(tp, n, [...orders[0]!].sort((a, b) => Number(qStored.has(b)) - Number(qStored.has(a))), false), complete(tq, n, [...orders[1]!].sort((a, b) => Number(pStored.has(b)) - Number(pStored.has(a))), false)],
      [complete(tp, n, [...orders[0]!].sort((a, b) => Number(qStored.has(a)) - Number(qStored.has(b))), false), complete(tq, n, [...orders[1]!].sort((a, b) => Number(pStored.has(a)) - Number(pStored.has(b))), false)],
      [complete(tp, n, orders[1]!, false), complete(tq, n, orders[1]!, false)],
    ];
    for (const id of METHODS) {
      if (!getMethod(id).verifier.supportsK(k)) continue;
      const bounds = topKAcceptanceBounds(id, tp, tq, n, k);
      for (const [cp, cq] of completions) {
        const computed = denseAcceptance(id, cp, cq, k);
        if (computed === null) continue;
        const truth = Math.min(1, Math.max(0, computed)); // float64 closed forms can round just past 1

        if (bounds === null) {
          assert.ok(id === 'rrsw' || id === 'otm-wor', `${id}: null bounds only for w/o replacement k ≥ 3`);
          continue;
        }
        assert.ok(bounds[0] <= truth && truth <= bounds[1], `instance ${instance} ${id} k=${k} n=${n} Kp=${tp.ids.length} Kq=${tq.ids.length}: ${truth} outside [${bounds[0]}, ${bounds[1]}]`);
        checked++;
      }
      if (bounds !== null) widthSum += bounds[1] - bounds[0];
    }
  }
  return [checked, widthSum];
}

test('every completion of a truncated pair lies inside the interval (500 instances × 6 completions × 10 methods)', () => {
  const [checked, widthSum] = checkCompletions(createRng('topk-bounds'), 500, (instance) => [instance % 4, (instance >> 2) % 4]);
  assert.ok(checked > 20000, `checked ${checked}`);
  assert.ok(widthSum > 0);
});

// Regression (found by a randomised check): with q(a) = 1 and the other draft masses about 1e-18, SpecHub's bound
// took the draft for a point mass (single-draft SD) and G-r's renormaliser 1 − q(a) was 0 as a difference, so
// [0.397, 0.397] was returned where every completion has α = 0.721. The complement is now summed.
test('spiked drafts (q(a) = 1, other masses ≈ 1e-18): every completion inside the interval', () => {
  const [checked] = checkCompletions(createRng('topk-spiked'), 300, (instance) => [instance % 4, 4]);
  assert.ok(checked > 8000, `checked ${checked}`);
});

test('no tail on either side: the interval is the exact value (width ≤ 1e-11) for every method', () => {
  const rng = createRng('topk-exact');
  for (let instance = 0; instance < 200; instance++) {
    const n = 2 + Math.floor(rng() * 20);
    const p = randomLaw(rng, n, instance % 4);
    const q = randomLaw(rng, n, (instance + 1) % 4);
    const k = 1 + (instance % 3);
    for (const id of METHODS) {
      if (!getMethod(id).verifier.supportsK(k)) continue;
      const truth = denseAcceptance(id, p, q, k);
      const b = topKAcceptanceBounds(id, truncateToTopK(p, n), truncateToTopK(q, n), n, k);
      if (truth === null || b === null) continue;
      assert.ok(b[1] - b[0] < 1e-11 && Math.abs(b[0] - truth) < 1e-11, `instance ${instance} ${id} k=${k}: [${b[0]}, ${b[1]}] vs ${truth}`);
    }
  }
});

test('the optimum bounds are attained: the lower bound by the disjoint-tail completion (i.i.d., k = 2)', () => {
  // Target stores {0: .5, 1: .3} (tail .2 on tokens the draft never proposes); the draft stores {1: .6, 2: .3}
  // (tail .1 on tokens the target never emits). The worst completion puts each tail on fresh tokens.
  const n = 40;
  const tp: SparseLaw = { ids: [0, 1], probs: [0.5, 0.3], tail: 0.2, cap: 0.2 };
  const tq: SparseLaw = { ids: [1, 2], probs: [0.6, 0.3], tail: 0.1, cap: 0.1 };
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  p[0] = 0.5; p[1] = 0.3; p[10] = 0.2;
  q[1] = 0.6; q[2] = 0.3; q[20] = 0.1;
  const worst = subsetDual(floatField, 'iid', p, q, 2).optimum;
  const b = topKAcceptanceBounds('otm', tp, tq, n, 2)!;
  assert.ok(Math.abs(b[0] - worst) < 1e-11, `${b[0]} vs ${worst}`);
  // And the best completion aligns the tails: p(10) = q(10).
  const pb = new Float64Array(p);
  const qb = new Float64Array(q);
  pb[10] = 0; pb[3] = 0.2; qb[20] = 0; qb[3] = 0.1;
  assert.ok(subsetDual(floatField, 'iid', pb, qb, 2).optimum <= b[1]);
});

test('ambiguous draft schemes give [0, 1]; unknown methods throw', () => {
  // Every stored draft probability equals the cap: an unstored token may tie the hub and win by index.
  const tied: SparseLaw = { ids: [5, 6], probs: [0.3, 0.3], tail: 0.4, cap: 0.3 };
  const target: SparseLaw = { ids: [5], probs: [0.9], tail: 0.1, cap: 0.1 };
  assert.equal(topKAcceptanceBounds('spechub', target, tied, 10, 2), [0, 1]);
  assert.throws(() => topKAcceptanceBounds('nope', target, tied, 10, 2), /unknown method/);
  assert.is(topKAcceptanceBounds('rrsw', target, tied, 10, 3), null);
});

// Regression (found by bench/fuzzReplay.ts): a draft stored as 1 beside three masses of 3·2⁻¹⁰⁷⁴ makes RRSw's
// c = 1/(1 − q(a)) overflow to +∞; the bound formed 1 + ∞·0 and ∞·0 (NaN), and replay stopped with an internal
// error. Every bound is now finite and contains the dense value.
test('RRSw bounds with 1/(1 − q(a)) overflowing: a finite interval containing the dense value', () => {
  const p = Float64Array.of(1 / 9, 1 / 9, 1 / 18, 2 / 9, 1 / 18, 1 / 9, 1 / 6, 1 / 6);
  const q = Float64Array.of(0, 0, 1.5e-323, 1.5e-323, 0, 1.5e-323, 1, 0);
  const tp = truncateToTopK(p, 7);
  const tq = truncateToTopK(q, 5);
  for (const id of METHODS.filter((m) => getMethod(m).verifier.supportsK(2))) {
    const truth = denseAcceptance(id, p, q, 2);
    const bounds = topKAcceptanceBounds(id, tp, tq, 8, 2);
    if (truth === null || bounds === null) continue;
    const value = Math.min(1, Math.max(0, truth));
    assert.ok(bounds[0] <= value && value <= bounds[1], `${id}: ${value} outside [${bounds[0]}, ${bounds[1]}]`);
  }
});

// Regression (npm run fuzz:replay -- --seed 5): a draft spiked at 1 beside a subnormal 3.3e-310 and masses of
// 1.5e-323. The optimum bounds ordered tokens by p/q, which overflowed to +∞ for each of them, so they fell into id
// order and the lower bound (0.578) exceeded the optimum (0.161). The order now uses ratioOrder's scaled keys.
test('optimum bounds with ratios p/q beyond the largest double: the dense optimum inside the interval', () => {
  const p = Float64Array.of(0.4072211984629204, 0.08444977739887834, 0.08663506264645499, 0.15469917074614284, 0.11655238600420112, 0.020320347012719203, 0.07431100136708871, 0.0558110563615946);
  const q = Float64Array.of(1.5e-323, 1.5e-323, 3.2568394371997e-310, 0, 1.5e-323, 1.5e-323, 1, 1.5e-323);
  const tp = truncateToTopK(p, 5);
  const tq = truncateToTopK(q, 4);
  // The optimum without replacement, independently: the drafts are {6, 2} but for masses below 1e-12 (the second
  // draft is 2 unless it falls on the 1.5e-323 masses), so α* = p(6) + p(2) up to 1e-12.
  const approx = p[6]! + p[2]!;
  for (const id of ['otm', 'otm-wor']) {
    const truth = Math.min(1, Math.max(0, denseAcceptance(id, p, q, 2)!));
    const bounds = topKAcceptanceBounds(id, tp, tq, 8, 2)!;
    assert.ok(bounds[0] <= truth && truth <= bounds[1], `${id}: ${truth} outside [${bounds[0]}, ${bounds[1]}]`);
  }
  assert.ok(Math.abs(denseAcceptance('otm-wor', p, q, 2)! - approx) < 1e-12);
});

test.run();
