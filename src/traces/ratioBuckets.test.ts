// The replay's bucketed ratio forms (src/traces/_internals/ratioBuckets.ts, docs/theory.md §11.8) against the
// full-order computations they replace, which are computed independently of the buckets: the i.i.d. and
// without-replacement prefix duals by `floatRatioOrder` + `prefixDualsFloat` (every prefix scanned), RRSw's k = 2
// acceptance by `rrswTwoDraftAcceptanceFast` on the full order (the previous replay path; the comparator form
// `rrswTwoDraftAcceptance` overflows on subnormal masses, §11.7), and for n ≤ 17 RRSw against its exact rational
// value (`exactAcceptance` on the exactly renormalised laws, 1e-11 relative). Tolerance: 1e-12
// relative plus 64·2⁻¹⁰⁷⁴ absolute (both sides sum the same terms in different orders). Inputs: random laws
// n = 1 … 50,000 with zeros, ties (many equal ratios, so buckets hold long runs and the candidate scan runs),
// dust (1e-300), subnormals (5e-324), one-hots, near-one-hots (1 − 1e-16 beside 1e-17 masses), and a
// two-point draft whose ratios all tie; plus the whole replay path (`replayPosition`) on the same rows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floatField } from '../core/field.ts';
import { floatRatioOrder } from '../optimum/floatRatioOrder.ts';
import { prefixDualsFloat } from '../optimum/prefixDualsFloat.ts';
import { createRng } from '../random/createRng.ts';
import { rrswTwoDraftAcceptanceFast } from '../verifiers/rrswTwoDraftAcceptanceFast.ts';
import { exactAcceptance } from '../analysis/acceptanceRate.ts';
import { exactlyRenormalised } from '../core/renormalise.ts';
import { compensatedSumExcept } from '../verifiers/floatKernels.ts';
import { FIRST, firstOut, firstPass, firstPassWithBuckets, fusedBucketsReady, hubOut, ratioOrderedForms } from './_internals/ratioBuckets.ts';
import { kseqRhoIllinois } from '../verifiers/kseq.ts';
import { replayPosition } from './replayPosition.ts';
import { getMethod } from '../methods.ts';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b) + 64 * Number.MIN_VALUE;

function normalised(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return v.map((x) => x / s);
}

type Kind = 'random' | 'ties' | 'dust' | 'subnormal' | 'oneHot' | 'nearOneHot' | 'coarse';

function law(rng: () => number, n: number, kind: Kind): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    switch (kind) {
      case 'random':
        v[i] = r < 0.1 ? 0 : Math.exp(-8 * rng());
        break;
      case 'ties':
        v[i] = r < 0.1 ? 0 : Math.floor(rng() * 4) + 1; // few distinct values: long runs of equal ratios
        break;
      case 'dust':
        v[i] = r < 0.2 ? 1e-300 : r < 0.3 ? 0 : rng();
        break;
      case 'subnormal':
        v[i] = r < 0.3 ? 5e-324 : r < 0.4 ? 1e-310 : r < 0.5 ? 0 : rng();
        break;
      case 'oneHot':
        v[i] = 0;
        break;
      case 'nearOneHot':
        v[i] = r < 0.5 ? 1e-17 : 0;
        break;
      case 'coarse':
        v[i] = 2 ** -Math.floor(rng() * 60); // powers of two: exact ties across tokens
        break;
    }
  }
  if (kind === 'oneHot') v[Math.floor(rng() * n)] = 1;
  if (kind === 'nearOneHot') v[Math.floor(rng() * n)] = 1 - 1e-16;
  let s = 0;
  for (const x of v) s += x;
  if (!(s > 0)) v[0] = 1;
  return kind === 'nearOneHot' ? v : normalised(v);
}

function expected(p: Float64Array, q: Float64Array, k: number) {
  const duals = prefixDualsFloat(p, q, k, floatRatioOrder(p, q));
  return { iid: duals.iid, wor: duals.wor, rrsw: k === 2 ? rrswTwoDraftAcceptanceFast(p, q, floatRatioOrder(p, q)) : null };
}

function bucketed(p: Float64Array, q: Float64Array, k: number, hubSums = false) {
  firstPass(p, q);
  const total = firstOut[FIRST.sumQ]!;
  const a = firstOut[FIRST.hub]!;
  const rest = q[a]! <= 0.5 * total ? total - q[a]! : compensatedSumExcept(q, a);
  return ratioOrderedForms(p, q, k, { iid: true, wor: true, rrsw: true, hubSums }, rest);
}

/** Σ of the terms in index order, compensated by sorting magnitudes (an independent reference for the hub sums). */
function referenceSum(terms: number[]): number {
  const sorted = terms.filter((x) => x !== 0).sort((x, y) => x - y);
  let s = 0;
  let c = 0;
  for (const x of sorted) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * The hub sums of SpecHub / G-r, G-q and RRS's second overlap computed naively, token by token: with a = argmax q
 * (lowest index), rest = Σ_{y≠a} q (1 when 0), S = Σ (p − q)^+: [Σ_{y≠a} min(p, q/rest), Σ_{y≠a} min(p, q),
 * Σ min((p − q)^+/S, q)].
 */
function naiveHubSums(p: Float64Array, q: Float64Array): [number, number, number] {
  let a = 0;
  for (let y = 1; y < q.length; y++) if (q[y]! > q[a]!) a = y;
  const restSum = referenceSum(Array.from(q).filter((_, y) => y !== a));
  const rest = restSum > 0 ? restSum : 1;
  const S = referenceSum(Array.from(p, (x, y) => Math.max(x - q[y]!, 0)));
  const hub = referenceSum(Array.from(p, (x, y) => (y === a ? 0 : Math.min(x, q[y]! / rest))));
  const gq = referenceSum(Array.from(p, (x, y) => (y === a ? 0 : Math.min(x, q[y]!))));
  const second = S > 0 ? referenceSum(Array.from(p, (x, y) => Math.min(Math.max(x - q[y]!, 0) / S, q[y]!))) : 0;
  return [hub, gq, second];
}

const KINDS: Kind[] = ['random', 'ties', 'dust', 'subnormal', 'oneHot', 'nearOneHot', 'coarse'];

test('bucketed optima and RRSw = the full-order forms to 1e-12, hub sums = naive sums (random and near-degenerate laws, n ≤ 50,000, k = 1, 2, 3)', () => {
  const rng = createRng('ratio-buckets');
  let compared = 0;
  let hubSums = 0;
  for (const n of [1, 2, 3, 17, 300, 5000, 50_000]) {
    for (const kp of KINDS) {
      for (const kq of KINDS) {
        if (n === 50_000 && kp !== kq) continue; // keep the big size to the diagonal (time)
        const p = law(rng, n, kp);
        const q = law(rng, n, kq);
        let support = 0;
        for (const x of q) support += +(x > 0);
        for (const k of [1, 2, 3]) {
          if (support < k) continue;
          const want = expected(p, q, k);
          const got = bucketed(p, q, k);
          const where = `n = ${n}, p ${kp}, q ${kq}, k = ${k}`;
          assert.ok(close(got.iid!, want.iid), `iid ${where}: ${got.iid} vs ${want.iid}`);
          if (k <= 2) assert.ok(close(got.wor!, want.wor!), `wor ${where}: ${got.wor} vs ${want.wor}`);
          else assert.is(got.wor, null);
          if (k === 2) assert.ok(close(got.rrsw!, want.rrsw!), `rrsw ${where}: ${got.rrsw} vs ${want.rrsw}`);
          if (k === 2 && n <= 17) {
            const exact = exactAcceptance('rrsw', exactlyRenormalised(p), exactlyRenormalised(q), 2).value.toNumber();
            assert.ok(Math.abs(got.rrsw! - exact) <= 1e-11 * exact + 64 * Number.MIN_VALUE, `rrsw ${where}: ${got.rrsw} vs exact ${exact}`);
          }
          if (k !== 2) assert.is(got.rrsw, null);
          if (k === 2) {
            // With the hub sums: the bucket pass that also sums them and RRSw's classes by buckets (§11.8).
            const withHub = bucketed(p, q, k, true);
            assert.ok(withHub.iid === got.iid && withHub.wor === got.wor, `duals unchanged by the hub sums, ${where}`);
            assert.ok(close(withHub.rrsw!, want.rrsw!), `rrsw (hub pass) ${where}: ${withHub.rrsw} vs ${want.rrsw}`);
            if (withHub.hubSums) {
              const naive = naiveHubSums(p, q);
              for (let i = 0; i < 3; i++) assert.ok(close(hubOut[i]!, naive[i]!), `hub sum ${i} ${where}: ${hubOut[i]} vs ${naive[i]}`);
              hubSums++;
            }
          }
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 500, `only ${compared} comparisons`);
  assert.ok(hubSums > 150, `only ${hubSums} hub-sum comparisons`);
});

// RRSw's classes by buckets (§11.8): 2,000 tokens whose ratios p/q spread ±1 % around the high-class boundary
// 1 + S/(1 − q(a)) = 1.8 (q(a) = ½, p(a) = 0.1, S = 0.4), so that the buckets next to the boundary are visited token
// by token; half the tokens are active, half high, and the hub's term (w(a) = 0.4) depends on the split.
test('RRSw by buckets with ratios crowding the active/high boundary = the full order to 1e-12', () => {
  const rng = createRng('ratio-buckets-boundary');
  for (let c = 0; c < 4; c++) {
    const m = 2000;
    const q = new Float64Array(m + 1);
    const raw = new Float64Array(m + 1);
    q[0] = 0.5;
    raw[0] = 0.1;
    for (let y = 1; y <= m; y++) {
      q[y] = 0.5 / m;
      raw[y] = q[y]! * 1.8 * (1 + 0.01 * (2 * rng() - 1) * (c + 1) / 4);
    }
    const p = normalised(raw);
    const want = expected(p, q, 2);
    const got = bucketed(p, q, 2, true);
    assert.ok(close(got.rrsw!, want.rrsw!), `case ${c}: ${got.rrsw} vs ${want.rrsw}`);
    const naive = naiveHubSums(p, q);
    for (let i = 0; i < 3; i++) assert.ok(close(hubOut[i]!, naive[i]!), `hub sum ${i}: ${hubOut[i]} vs ${naive[i]}`);
  }
});

test('a draft tied on every ratio (q ∝ p): one bucket, every interior prefix scanned; optimum = 1 − 0 escape … as the full order', () => {
  const n = 4000;
  const p = normalised(Float64Array.from({ length: n }, (_, i) => 1 + (i % 3)));
  const q = p.slice();
  const got = bucketed(p, q, 2);
  const want = expected(p, q, 2);
  assert.ok(close(got.iid!, want.iid) && close(got.wor!, want.wor!) && close(got.rrsw!, want.rrsw!), JSON.stringify({ got, want }));
  assert.ok(Math.abs(got.rrsw! - 1) <= 1e-12, 'p = q: RRSw accepts surely');
});

test('replayPosition (fused path) = each method’s own float closed form on near-degenerate rows (k = 2)', () => {
  const rng = createRng('ratio-buckets-replay');
  const ids = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor'];
  let compared = 0;
  for (const n of [3, 5, 17, 64]) {
    for (let repeat = 0; repeat < (n < 64 ? 4 : 1); repeat++) {
      for (const kp of KINDS) {
        for (const kq of KINDS) {
          const p = law(rng, n, kp);
          const q = law(rng, n, kq);
          if (q.filter((x) => x > 0).length < 2) continue;
          const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, n, 2, ids);
          for (const id of ids) {
            const own = Math.min(1, Math.max(0, getMethod(id).verifier.acceptance(floatField, p, q, 2).value));
            const got = r.values.get(id)![0];
            const tolerance = id === 'kseq' ? 1e-9 : 1e-12;
            assert.ok(Math.abs(got - own) <= tolerance * own + 64 * Number.MIN_VALUE, `${id}, n = ${n}, p ${kp}, q ${kq}: ${got} vs ${own} (p = [${Array.from(p)}], q = [${Array.from(q)}])`);
            compared++;
          }
        }
      }
    }
  }
  assert.ok(compared > 2000, `only ${compared} comparisons`);
});

// The replay's route (`firstPassWithBuckets`: the bucket pass inside the first pass, the without-replacement weights
// q/(1 − q) when Σq is within 2⁻⁵⁰ of 1) against the two separate passes: every first-pass output bit for bit, every
// form to 1e-12 (only the weights' rounding differs), K-SEQ's ρ̂ exactly. Laws as above, plus drafts scaled by 0.75 and
// by 1 + 2⁻⁴⁰ (Σq off by more than the slack: the fused pass hands over to a pass that sums the weights again, and
// every form is then bit for bit the two passes' form).
test('first pass fused with the bucket pass = the two passes (first-pass outputs bit for bit, forms to 1e-12, ρ̂ exactly)', () => {
  const rng = createRng('ratio-buckets-fused');
  let fused = 0;
  let handedOver = 0;
  for (const n of [2, 3, 17, 300, 5000]) {
    for (const kp of KINDS) {
      for (const kq of KINDS) {
        for (const scale of [1, 0.75, 1 + 2 ** -40]) {
          const p = law(rng, n, kp);
          const q = law(rng, n, kq).map((x) => x * scale);
          if (q.filter((x) => x > 0).length < 2) continue;
          const where = `n = ${n}, p ${kp}, q ${kq} × ${scale}`;
          const run = (fusedPass: boolean) => {
            if (fusedPass) firstPassWithBuckets(p, q, 2);
            else firstPass(p, q);
            const first = Array.from(firstOut);
            const ready = fusedBucketsReady(2);
            const a = first[FIRST.hub]!;
            const total = first[FIRST.sumQ]!;
            const rest = q[a]! <= 0.5 * total ? total - q[a]! : compensatedSumExcept(q, a);
            const forms = ratioOrderedForms(p, q, 2, { iid: true, wor: true, rrsw: true, hubSums: true, kseq: () => kseqRhoIllinois(p, q, 2) }, rest);
            return { first, ready, forms, hub: Array.from(hubOut) };
          };
          const two = run(false);
          const one = run(true);
          assert.equal(one.first, two.first, `first-pass outputs, ${where}`);
          assert.is(two.ready, false, 'the separate first pass leaves no fused buckets');
          const sumQ = referenceSum(Array.from(q));
          if (Math.abs(sumQ - 1) > 2 ** -49) assert.is(one.ready, false, `Σq = ${sumQ}: handed over, ${where}`);
          if (Math.abs(sumQ - 1) < 2 ** -51) assert.is(one.ready, true, `Σq = ${sumQ}: fused, ${where}`);
          if (one.ready) fused++;
          else handedOver++;
          for (const key of ['iid', 'wor', 'rrsw'] as const) {
            const x = one.forms[key];
            const y = two.forms[key];
            assert.ok(x !== null && y !== null && close(x, y), `${key} ${where}: ${x} vs ${y}`);
            // Handed over: the weights summed again with the true Σq, every other bucket sum the fused pass's, which
            // are the separate pass's: the same doubles.
            if (!one.ready) assert.is(x, y, `${key} ${where}, handed over: bit for bit`);
          }
          if (!one.ready) assert.equal(one.hub, two.hub, `hub sums ${where}, handed over: bit for bit`);
          assert.is(one.forms.hubSums, two.forms.hubSums, `hub sums by buckets, ${where}`);
          if (two.forms.hubSums) for (let i = 0; i < 3; i++) assert.ok(close(one.hub[i]!, two.hub[i]!), `hub sum ${i} ${where}`);
          assert.is(one.forms.kseq?.rho, two.forms.kseq?.rho, `K-SEQ ρ̂ ${where}`);
        }
      }
    }
  }
  assert.ok(fused > 100 && handedOver > 100, `fused ${fused}, handed over ${handedOver}`);
});

// Regression (found by a randomised comparison of the fused replay path with each method's closed form): with
// 1 − q(a) subnormal, the threshold bucket's per-token test p·r < q rounded p·r on the subnormal grid (2/7 · 9 ulps
// → 3 ulps = q), so SpecHub and G-r counted q/r = 1/3 for tokens with p = 2/7 < 1/3 (0.881 instead of 0.786). The
// test is now p < q/r, the closed form's own comparison (q/r ≤ 1 for y ≠ a).
test('hub sums by buckets with a subnormal 1 − q(a): SpecHub and G-r = their closed forms and the exact value', () => {
  const p = Float64Array.of(1 / 7, 2 / 7, 3 / 14, 1 / 14, 2 / 7);
  const q = Float64Array.of(1.5e-323, 1.5e-323, 0, 1, 1.5e-323);
  const ids = ['spechub', 'greedy', 'greedy-q', 'rrs', 'rrsw'];
  const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, 5, 2, ids);
  for (const id of ids) {
    const exact = exactAcceptance(id, exactlyRenormalised(p), exactlyRenormalised(q), 2).value.toNumber();
    const got = r.values.get(id)![0];
    assert.ok(Math.abs(got - exact) <= 1e-12 * exact, `${id}: ${got} vs exact ${exact}`);
  }
  // 1/14 + 1/7 + 2/7 + 2/7 (every token other than the hub has p < q/r = 1/3 but the second, 3/14 with q = 0).
  assert.ok(Math.abs(r.values.get('spechub')![0] - 11 / 14) <= 1e-15, `spechub ${r.values.get('spechub')![0]}`);
});

// Regression (`npm run fuzz:replay -- --seed 9`): a loose token (p = 2.5e-310 > q = 0) has its breakpoint at +∞, but
// P₂·(1 − q(a)) = 2.5e-310 · 1e-17 rounded to 0 and 0 ≤ q counted it for the hub, so the replay's RRSw gave 2.5e-310
// for the overlap 2e-323. `breakpointAtOrBelow` now scales a subnormal product into the normal range.
test('RRSw by buckets with a loose token of mass 2.5e-310 and q = 0: the exact value, not the loose mass', () => {
  const p = Float64Array.of(0, 1e-323, 1, 1e-323, 2.46730556967723e-310);
  const q = Float64Array.of(0, 0.9999999999999999, 0, 1e-17, 0);
  const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, 5, 2, ['rrsw']);
  const exact = exactAcceptance('rrsw', exactlyRenormalised(p), exactlyRenormalised(q), 2).value.toNumber();
  const got = r.values.get('rrsw')![0];
  assert.ok(Math.abs(got - exact) <= 1e-12 * exact, `rrsw ${got} vs exact ${exact}`);
});

test.run();
