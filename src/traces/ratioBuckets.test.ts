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
import { FIRST, firstOut, firstPass, ratioOrderedForms } from './_internals/ratioBuckets.ts';
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

function bucketed(p: Float64Array, q: Float64Array, k: number) {
  firstPass(p, q);
  const total = firstOut[FIRST.sumQ]!;
  const a = firstOut[FIRST.hub]!;
  const rest = q[a]! <= 0.5 * total ? total - q[a]! : compensatedSumExcept(q, a);
  return ratioOrderedForms(p, q, k, { iid: true, wor: true, rrsw: true }, rest);
}

const KINDS: Kind[] = ['random', 'ties', 'dust', 'subnormal', 'oneHot', 'nearOneHot', 'coarse'];

test('bucketed optima and RRSw = the full-order forms to 1e-12 (random and near-degenerate laws, n ≤ 50,000, k = 1, 2, 3)', () => {
  const rng = createRng('ratio-buckets');
  let compared = 0;
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
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 500, `only ${compared} comparisons`);
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
  for (const kp of KINDS) {
    for (const kq of KINDS) {
      const n = 64;
      const p = law(rng, n, kp);
      const q = law(rng, n, kq);
      if (q.filter((x) => x > 0).length < 2) continue;
      const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, n, 2, ids);
      for (const id of ids) {
        const own = Math.min(1, Math.max(0, getMethod(id).verifier.acceptance(floatField, p, q, 2).value));
        const got = r.values.get(id)![0];
        const tolerance = id === 'kseq' ? 1e-9 : 1e-12;
        assert.ok(Math.abs(got - own) <= tolerance * own + 64 * Number.MIN_VALUE, `${id}, p ${kp}, q ${kq}: ${got} vs ${own}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 200, `only ${compared} comparisons`);
});

test.run();
