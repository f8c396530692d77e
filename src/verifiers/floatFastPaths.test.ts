// The float fast paths (docs/theory.md §11.7) against the generic Field programs, their certified reference:
// on thousands of random cases (n = 2..5,000; zeros, exact ties, one-hots, near-degenerate masses down to
// subnormals, sums off by up to 1e-9, Float32Array inputs, dyadic laws whose inverse-CDF boundaries the
// uniforms hit exactly), `verifier.prepare(floatField, …)` (the fast path) and
// `verifier.prepareGeneric(floatField, …)` are driven with the SAME uniform stream, several verifications per
// prepared pair (so that cached residuals, their alias tables and the RRSw prefix cache are exercised), and
// must return the same token and accepted index every time, after consuming exactly the same uniforms. With
// an enumerating chooser (small n) both must expand into the same branches with the same probabilities.
// Teeth: the same harness must see a difference when the generic program is run on a law one ulp away.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Chooser, enumerateOutcomes, SamplingChooser } from '../core/chooser.ts';
import { floatField } from '../core/field.ts';
import { renormalise } from '../core/renormalise.ts';
import type { Rng } from '../core/rng.ts';
import { getMethod } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import { degeneratePair, nextDown } from '../../property-tests/arbitraries/degenerateLaws.ts';
import type { PreparedVerifier, Verifier } from './verifier.ts';

const ALL_METHODS: Array<{ id: string; ks: number[] }> = [
  { id: 'sd', ks: [1] },
  { id: 'rrs', ks: [1, 2, 3] },
  { id: 'rrsw', ks: [1, 2, 3] },
  { id: 'kseq', ks: [1, 2, 3] },
  { id: 'spechub', ks: [2] },
  { id: 'greedy', ks: [1, 2, 3] },
  { id: 'greedy-q', ks: [1, 2, 3] },
];
// SPECHUB_FAST_PATHS=rrs,sd narrows the run while developing.
const METHODS = process.env.SPECHUB_FAST_PATHS ? ALL_METHODS.filter((m) => process.env.SPECHUB_FAST_PATHS!.split(',').includes(m.id)) : ALL_METHODS;
// SPECHUB_FAST_PATH_CASES=N (and SPECHUB_FAST_PATH_SEED) run the random comparison on N cases for a longer check.
const CASES = Number(process.env.SPECHUB_FAST_PATH_CASES ?? 2000);
const CASE_SEED = process.env.SPECHUB_FAST_PATH_SEED ?? '';

/** A uniform stream mixing generator output with values that sit on dyadic boundaries (0, ½, j/16, 1 − 2⁻⁵³). */
function boundaryRng(seed: string): Rng {
  const base = createRng(seed);
  return () => {
    const r = base();
    if (r < 0.55) return base();
    if (r < 0.9) return Math.floor(base() * 16) / 16;
    if (r < 0.95) return 0;
    return 1 - 2 ** -53;
  };
}

/** Counts the uniforms drawn. */
function counting(rng: Rng): { rng: Rng; count: () => number } {
  let n = 0;
  return {
    rng: () => {
      n++;
      return rng();
    },
    count: () => n,
  };
}

/** 1 − 2⁻⁵³ (a rejection wherever the probability is below 1) for the first `rejected` uniforms, then u, then a seeded stream. */
function rejectingThen(seed: string, rejected: number, u: number): Rng {
  const base = createRng(seed);
  let used = 0;
  return () => {
    const i = used++;
    return i < rejected ? 1 - 2 ** -53 : i === rejected ? u : base();
  };
}

type Law = ArrayLike<number>;

/** Random laws of size n in several shapes (see the file comment); the pair shares n. */
function randomPair(rng: Rng, n: number): { p: Law; q: Law; shape: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const normalised = (w: number[]): number[] => {
    const total = w.reduce((s, x) => s + x, 0);
    return total > 0 ? w.map((x) => x / total) : w.map((_, i) => (i === 0 ? 1 : 0));
  };
  const zipf = () => {
    const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 2 * (rng() - 0.5));
    const m = Math.max(...logits);
    return normalised(logits.map((x) => Math.exp(x - m)));
  };
  const noisy = (v: number[], scale: number) => normalised(v.map((x) => x * Math.exp(scale * (rng() - 0.5))));
  const withZeros = (v: number[], fraction: number) => normalised(v.map((x) => (rng() < fraction ? 0 : x)));
  const dyadic = () => {
    // Integer weights summing to a power of two: every mass, residual and partial sum is exact in floats.
    const units = 2 ** Math.ceil(Math.log2(Math.max(2, n)) + 2);
    const w = new Array<number>(n).fill(0);
    for (let u = 0; u < units; u++) w[Math.floor(rng() * Math.min(n, 8 + Math.floor(rng() * n)))]! += 1;
    return w.map((x) => x / units);
  };
  const oneHot = () => {
    const w = new Array<number>(n).fill(0);
    w[Math.floor(rng() * n)] = 1;
    return w;
  };
  const nearOneHot = () => {
    const eps = pick([2 ** -53, 1e-16, 1e-12, 1e-9]);
    const w = new Array<number>(n).fill(0);
    const a = Math.floor(rng() * n);
    w[a] = 1 - eps;
    const others = Math.min(n - 1, 1 + Math.floor(rng() * 3));
    for (let j = 1; j <= others; j++) w[(a + j) % n] = eps / others;
    return w;
  };
  const dust = (v: number[]) => v.map((x) => (x === 0 && rng() < 0.3 ? pick([5e-324, 1e-300, 2 ** -1030, 1e-17]) : x));
  const ties = () => {
    const m = 1 + Math.floor(rng() * Math.min(n, 6));
    const w = new Array<number>(n).fill(0);
    for (let j = 0; j < m; j++) w[Math.floor(rng() * n)] = 1;
    return normalised(w);
  };
  const shape = pick(['zipf', 'zipf', 'zeros', 'dyadic', 'dyadic', 'one-hot', 'near-one-hot', 'ties', 'equal', 'disjoint', 'float32']);
  let p: number[];
  let q: number[];
  switch (shape) {
    case 'zipf':
      p = zipf();
      q = noisy(p, 1 + 3 * rng());
      break;
    case 'zeros':
      p = withZeros(zipf(), 0.5 * rng());
      q = withZeros(noisy(p, 2), 0.5 * rng());
      if (!q.some((x) => x > 0)) q = oneHot();
      if (!p.some((x) => x > 0)) p = oneHot();
      break;
    case 'dyadic':
      p = dyadic();
      q = rng() < 0.3 ? p.slice() : dyadic();
      break;
    case 'one-hot':
      p = rng() < 0.5 ? oneHot() : zipf();
      q = oneHot();
      break;
    case 'near-one-hot':
      p = rng() < 0.5 ? nearOneHot() : dust(withZeros(zipf(), 0.3));
      q = nearOneHot();
      break;
    case 'ties':
      p = ties();
      q = rng() < 0.5 ? ties() : p.slice();
      break;
    case 'equal':
      p = zipf();
      q = p.slice();
      break;
    case 'disjoint': {
      const half = Math.max(1, Math.floor(n / 2));
      p = normalised(Array.from({ length: n }, (_, i) => (i < half ? rng() : 0)));
      q = normalised(Array.from({ length: n }, (_, i) => (i >= half || n === 1 ? rng() + 1e-3 : 0)));
      break;
    }
    default: {
      const p32 = Float32Array.from(zipf());
      const q32 = Float32Array.from(noisy(Array.from(p32), 2));
      return { p: p32, q: q32, shape };
    }
  }
  if (rng() < 0.3) {
    // Exactly renormalised, as the public entry points pass them (§11.2).
    return { p: renormalise(p), q: renormalise(q), shape };
  }
  return { p: Float64Array.from(p), q: Float64Array.from(q), shape };
}

/** Draft tuples for the method: from its own scheme (k reduced while the support is too small), plus arbitrary ones. */
function draftTuples(id: string, q: Law, k: number, rng: Rng, count: number): number[][] | null {
  const method = getMethod(id);
  let kk = k;
  for (;;) {
    try {
      method.scheme.check(floatField, q, kk);
      break;
    } catch {
      if (kk === 1) return null;
      kk--;
    }
  }
  if (!method.verifier.supportsK(kk)) return null;
  const draws = method.scheme.prepare(floatField, q, kk);
  const chooser = new SamplingChooser(rng);
  return Array.from({ length: count }, () => draws.draw(chooser));
}

interface Mismatch {
  detail: string;
}

/**
 * Runs `calls` verifications of the same tuples through two prepared verifiers with identical uniform streams;
 * returns the first difference (token, accepted index, uniforms consumed, or a throw on one side only).
 */
function compareStreams(fast: PreparedVerifier<number>, reference: PreparedVerifier<number>, tuples: number[][], seed: string, makeRng: (seed: string) => Rng = boundaryRng): Mismatch | null {
  const a = counting(makeRng(seed));
  const b = counting(makeRng(seed));
  const ca = new SamplingChooser(a.rng);
  const cb = new SamplingChooser(b.rng);
  for (let t = 0; t < tuples.length; t++) {
    let va: unknown;
    let vb: unknown;
    try {
      va = fast.verify(tuples[t]!, ca);
    } catch (e) {
      va = `throws ${(e as Error).message}`;
    }
    try {
      vb = reference.verify(tuples[t]!, cb);
    } catch (e) {
      vb = `throws ${(e as Error).message}`;
    }
    const sa = JSON.stringify(va);
    const sb = JSON.stringify(vb);
    if (sa !== sb || a.count() !== b.count()) {
      return { detail: `call ${t}, drafts ${tuples[t]!.join(',')}: fast ${sa} after ${a.count()} uniforms, generic ${sb} after ${b.count()}` };
    }
  }
  return null;
}

function preparedPair(verifier: Verifier, p: Law, q: Law, k: number) {
  return { fast: verifier.prepare(floatField, p, q, k), generic: verifier.prepareGeneric!(floatField, p, q, k) };
}

const CALLS = 6;

test('every core verifier defines the generic program its float fast path is checked against', () => {
  for (const { id } of METHODS) assert.type(getMethod(id).verifier.prepareGeneric, 'function', id);
});

test('fast paths = generic programs: same uniforms, same token and accepted index (2,000 random cases, n = 2..5,000)', () => {
  const rng = createRng(`float-fast-paths${CASE_SEED}`);
  let compared = 0;
  const shapes: Record<string, number> = {};
  for (let c = 0; c < CASES; c++) {
    const r = rng();
    const n = r < 0.55 ? 2 + Math.floor(rng() * 19) : r < 0.9 ? 21 + Math.floor(rng() * 480) : 501 + Math.floor(rng() * 4500);
    const { p, q, shape } = randomPair(rng, n);
    shapes[shape] = (shapes[shape] ?? 0) + 1;
    for (const { id, ks } of METHODS) {
      const k = ks[Math.floor(rng() * ks.length)]!;
      const tuples = draftTuples(id, q, k, rng, CALLS);
      if (tuples === null) continue;
      const kk = tuples[0]!.length === 1 && id === 'spechub' ? 2 : tuples[0]!.length;
      // Now and then an arbitrary tuple (tokens of any draft mass): both programs are defined on it too.
      if (rng() < 0.1) tuples[CALLS - 1] = Array.from({ length: tuples[0]!.length }, () => Math.floor(rng() * n));
      const verifier = getMethod(id).verifier;
      const { fast, generic } = preparedPair(verifier, p, q, kk);
      const mismatch = compareStreams(fast, generic, tuples, `case-${c}-${id}`);
      assert.ok(mismatch === null, `case ${c} (${shape}, n = ${n}) ${id} k = ${kk}: ${mismatch?.detail}`);
      compared++;
    }
  }
  assert.ok(compared >= 10_000, `only ${compared} comparisons`);
  for (const shape of ['zipf', 'zeros', 'dyadic', 'one-hot', 'near-one-hot', 'ties', 'equal', 'disjoint', 'float32']) {
    assert.ok((shapes[shape] ?? 0) >= 50, `shape ${shape} drawn ${shapes[shape] ?? 0} times`);
  }
});

// SpecHub's pair test and its hub tests (the second coin: p(a)/S_ai, (p(a) − S_ai)^+/S_ia), G-r's test and RRSw's
// second test are decided from bounds on the masses they divide by,
// K-SEQ's tests from 1 ≤ ρ ≤ k before ρ* is searched (docs/theory.md §11.7); random uniforms essentially never fall between the bounded probabilities. Here the
// uniform of that coin IS the generic program's probability, or the double just below it (earlier coins get
// 1 − 2⁻⁵³, a rejection): the bounds cannot decide, the exact masses are summed, and both programs must agree
// (u = prob rejects, u = prob⁻ accepts).
test('bounded accept tests: uniforms at the exact probability and just below it give the same verdicts', () => {
  const rng = createRng('float-fast-paths-bounded-tests');
  const coins: Array<[string, number]> = [['greedy', 0], ['spechub', 0], ['spechub', 1], ['rrsw', 1], ['rrs', 1], ['kseq', 0]];
  const exercised: Record<string, number> = {};
  for (let c = 0; c < 400; c++) {
    const n = 2 + Math.floor(rng() ** 2 * 3000);
    const { p, q } = randomPair(rng, n);
    for (const [id, coin] of coins) {
      const tuples = draftTuples(id, q, 2, rng, 3);
      if (tuples === null || tuples[0]!.length !== 2) continue;
      const verifier = getMethod(id).verifier;
      for (const drafts of tuples) {
        // The generic program's coins when every coin comes up "reject".
        const probabilities: number[] = [];
        const recorder: Chooser<number> = {
          bernoulli: (x: number) => (probabilities.push(x), false),
          categorical: () => 0,
        };
        verifier.prepareGeneric!(floatField, p, q, 2).verify(drafts, recorder);
        const target = probabilities[coin];
        if (target === undefined || !(target > 0 && target < 1) || probabilities.slice(0, coin).some((x) => !(x < 1 - 2 ** -53))) continue;
        for (const u of [target, nextDown(target)]) {
          const a = counting(rejectingThen(`bounded-${c}-${id}-${u}`, coin, u));
          const b = counting(rejectingThen(`bounded-${c}-${id}-${u}`, coin, u));
          const fast = verifier.prepare(floatField, p, q, 2).verify(drafts, new SamplingChooser(a.rng));
          const generic = verifier.prepareGeneric!(floatField, p, q, 2).verify(drafts, new SamplingChooser(b.rng));
          assert.equal(fast, generic, `case ${c} ${id} n = ${n} drafts ${drafts} u = ${u}`);
          assert.is(a.count(), b.count(), 'same uniforms');
          exercised[`${id}#${coin}`] = (exercised[`${id}#${coin}`] ?? 0) + 1;
        }
      }
    }
  }
  for (const [key, least] of [['greedy#0', 300], ['spechub#0', 300], ['spechub#1', 150], ['rrsw#1', 150], ['rrs#1', 60], ['kseq#0', 300]] as const) {
    assert.ok((exercised[key] ?? 0) >= least, `${key}: only ${exercised[key] ?? 0} comparisons`);
  }
});

// SpecHub when the first draft has q = 0 and q is a point mass on the hub (the pair [x, a] given by hand): the
// generic program falls back to single-draft SD (no pair exists), so the fast path must not take q(x) > 0 for
// granted when it recognises the hub as the second draft.
test('SpecHub: a hand-given pair [x, a] with q(x) = 0 and q a point mass falls back like the generic program', () => {
  const rng = createRng('spechub-point-mass-pair');
  let compared = 0;
  for (let c = 0; c < 200; c++) {
    const n = 2 + Math.floor(rng() * 30);
    const a = Math.floor(rng() * n);
    const q = new Float64Array(n);
    q[a] = 1;
    const p = Float64Array.from({ length: n }, () => (rng() < 0.4 ? 0 : rng()));
    const total = p.reduce((s, x) => s + x, 0);
    if (!(total > 0)) continue;
    for (let y = 0; y < n; y++) p[y]! /= total;
    const x = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    const { fast, generic } = preparedPair(getMethod('spechub').verifier, p, q, 2);
    const mismatch = compareStreams(fast, generic, [[x, a], [x, a], [x, a]], `point-mass-${c}`);
    assert.ok(mismatch === null, `n = ${n}, a = ${a}, x = ${x}: ${mismatch?.detail}`);
    compared++;
  }
  assert.ok(compared >= 150, `only ${compared} comparisons`);
});

// The bounds of the fast paths widen with n (massBounds: (2n + 8)u; the plain sums' γ ≈ n·u): vocabularies of
// 5,000–40,000 tokens, with uniforms that mostly reject (1 − 2⁻⁵³ half the time) so that residuals are drawn.
test('large n (5,000–40,000), mostly rejecting uniforms: fast paths = generic programs', () => {
  const rng = createRng('large-n-rejecting');
  const rejecting = (seed: string): Rng => {
    const base = createRng(seed);
    return () => (base() < 0.5 ? 1 - 2 ** -53 : base());
  };
  let compared = 0;
  for (let c = 0; c < 100; c++) {
    const n = 5000 + Math.floor(rng() * 35000);
    const { p, q, shape } = randomPair(rng, n);
    for (const id of ['spechub', 'rrsw', 'rrs', 'greedy', 'kseq']) {
      const tuples = draftTuples(id, q, 2, rng, CALLS);
      if (tuples === null) continue;
      const kk = tuples[0]!.length === 1 && id === 'spechub' ? 2 : tuples[0]!.length;
      const { fast, generic } = preparedPair(getMethod(id).verifier, p, q, kk);
      const mismatch = compareStreams(fast, generic, tuples, `large-${c}-${id}`, rejecting);
      assert.ok(mismatch === null, `case ${c} (${shape}, n = ${n}) ${id}: ${mismatch?.detail}`);
      compared++;
    }
  }
  assert.ok(compared >= 450, `only ${compared} comparisons`);
});

// SpecHub's, RRSw's, G-r's, RRS's and K-SEQ's (k = 2) fast paths draw their residual from approximate weights when their bounds decide the draw
// (`boundedScan`, docs/theory.md §11.7; RRSw's known up to its normaliser). Here every coin rejects (uniform 1 − 2⁻⁵³ where the generic program's
// probability is below 1) and the residual's uniform sits at an exact prefix boundary of the generic program's
// residual weights, u = W_j/T, or the double next to it: the approximate scan cannot decide, the exact weights
// are computed, and both programs must draw the same token after the same uniforms.
test('SpecHub, RRSw, G-r, RRS, K-SEQ: residual uniforms at the exact prefix boundaries of the residual give the generic program\'s tokens', () => {
  const rng = createRng('spechub-residual-boundaries');
  const compared: Record<string, number> = {};
  for (let c = 0; c < 150; c++) {
    const n = 2 + Math.floor(rng() ** 2 * 3000);
    const { p, q } = randomPair(rng, n);
    for (const id of ['spechub', 'rrsw', 'greedy', 'rrs', 'kseq']) {
      const tuples = draftTuples(id, q, 2, rng, 2);
      if (tuples === null || tuples[0]!.length !== 2) continue;
      const verifier = getMethod(id).verifier;
      for (const drafts of tuples) {
        const probabilities: number[] = [];
        let weights: ArrayLike<number> | null = null;
        const recorder: Chooser<number> = {
          bernoulli: (x: number) => (probabilities.push(x), false),
          categorical: (law) => ((weights = law.weights), 0),
        };
        verifier.prepareGeneric!(floatField, p, q, 2).verify(drafts, recorder);
        const w = weights as ArrayLike<number> | null;
        if (w === null || probabilities.some((x) => !(x < 1 - 2 ** -53))) continue;
        let total = 0;
        for (let i = 0; i < w.length; i++) total += w[i]! > 0 ? w[i]! : 0;
        if (!(total > 2 ** -900)) continue;
        const uniforms: number[] = [];
        let prefix = 0;
        for (let j = 0; j < w.length && uniforms.length < 12; j++) {
          if (!(w[j]! > 0)) continue;
          prefix += w[j]!;
          const u = prefix / total;
          if (u < 1) uniforms.push(u, nextDown(u));
        }
        for (const u of uniforms) {
          const a = counting(rejectingThen(`residual-boundary-${c}-${id}-${u}`, probabilities.length, u));
          const b = counting(rejectingThen(`residual-boundary-${c}-${id}-${u}`, probabilities.length, u));
          const fast = verifier.prepare(floatField, p, q, 2).verify(drafts, new SamplingChooser(a.rng));
          const generic = verifier.prepareGeneric!(floatField, p, q, 2).verify(drafts, new SamplingChooser(b.rng));
          assert.equal(fast, generic, `${id}: case ${c}, n = ${n}, drafts ${drafts}, u = ${u}`);
          assert.is(a.count(), b.count(), 'same uniforms');
          compared[id] = (compared[id] ?? 0) + 1;
        }
      }
    }
  }
  for (const id of ['spechub', 'rrsw', 'greedy', 'rrs', 'kseq']) assert.ok((compared[id] ?? 0) >= 700, `${id}: only ${compared[id] ?? 0} comparisons`);
});

// SpecHub's fast path sums S_ai and S_ia plainly and sets P2(a) = 0 when the bounds on the compensated sums
// allow it; P2(a) = ((p(a) − S_ai)^+ − S_ia)^+, and S_ai + S_ia − p(a) is the residual's mass Σ_y P2(y), so a
// residual whose mass is within the bounds' width (about 2n·u·S) is the case where the compensated sums must
// decide. Here p is built so that P1 ≤ Q_ai everywhere except at one token, by η·Q_ai (η from 2⁻⁵³ to 10⁻⁹), the
// rest of the mass going to the hub: fast and generic must still agree on every call.
test('SpecHub: residuals of mass near 0 (within the bounds on S_ai + S_ia) give the generic program\'s tokens', () => {
  const rng = createRng('spechub-tiny-residual');
  let compared = 0;
  for (let c = 0; c < 400; c++) {
    const n = 3 + Math.floor(rng() * (c < 200 ? 20 : 3000));
    const q = Float64Array.from({ length: n }, () => 0.05 + rng());
    const qs = q.reduce((s, x) => s + x, 0);
    for (let y = 0; y < n; y++) q[y]! /= qs;
    let a = 0;
    for (let y = 1; y < n; y++) if (q[a]! < q[y]!) a = y;
    let rest = 0;
    for (let y = 0; y < n; y++) if (y !== a) rest += q[y]!;
    const eta = [2 ** -53, 1e-16, 1e-15, 1e-14, 1e-12, 1e-9][c % 6]!;
    const odd = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    // p(y) = q(y) + θ_y·Q_ai(y) off a (θ_y ≤ 1, θ_odd = 1 + η), so that P1 ≤ Q_ai except at one token.
    const p = new Float64Array(n);
    let off = 0;
    for (let y = 0; y < n; y++) {
      if (y === a) continue;
      const Q = q[a]! * (q[y]! / rest);
      p[y] = q[y]! + (y === odd ? 1 + eta : rng() < 0.5 ? 1 : rng()) * Q;
      off += p[y]!;
    }
    if (!(off < 1)) {
      const scale = (1 - 1e-3) / off;
      for (let y = 0; y < n; y++) p[y]! *= scale;
      off *= scale;
    }
    p[a] = 1 - off;
    const tuples: number[][] = [];
    for (let t = 0; t < 4; t++) {
      const x = (a + 1 + Math.floor(rng() * (n - 1))) % n;
      tuples.push(rng() < 0.5 ? [x, a] : [a, x]);
    }
    // A hand-given pair without the hub: no accept test, the residual is drawn at once (with P2(a) as decided
    // from the plain sums' bounds, or from the compensated sums).
    const x = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    const y = x + 1 === a ? (a + 1) % n : (x + 1) % n;
    if (y !== a && y !== x) tuples.push([x, y]);
    // Uniforms that mostly reject (1 − 2⁻⁵³), so that the residual, of tiny mass, is drawn.
    const rejecting = (seed: string): Rng => {
      const base = createRng(seed);
      return () => (base() < 0.6 ? 1 - 2 ** -53 : base());
    };
    const { fast, generic } = preparedPair(getMethod('spechub').verifier, p, q, 2);
    const mismatch = compareStreams(fast, generic, tuples, `tiny-residual-${c}`, rejecting);
    assert.ok(mismatch === null, `case ${c}, n = ${n}, η = ${eta}: ${mismatch?.detail}`);
    if (n <= 22) {
      // Exact enumeration in floats: every branch probability, the residual's weights P2 (P2(a) included) too.
      for (const drafts of tuples) {
        const run = (v: PreparedVerifier<number>) => JSON.stringify(enumerateOutcomes(floatField, (chooser: Chooser<number>) => v.verify(drafts, chooser)));
        assert.is(run(getMethod('spechub').verifier.prepare(floatField, p, q, 2)), run(generic), `case ${c}, n = ${n}, η = ${eta}, drafts ${drafts}`);
      }
    }
    compared++;
  }
  assert.is(compared, 400);
});

test('fast paths = generic programs on the near-degenerate laws of the float fuzz suite (n ≤ 50)', () => {
  let compared = 0;
  fc.assert(
    fc.property(degeneratePair({ maxN: 50 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 ** 30 }), ({ p, q }, k, seed) => {
      const rng = createRng(`degenerate-${seed}`);
      const P = renormalise(p);
      const Q = renormalise(q);
      for (const { id, ks } of METHODS) {
        const kk0 = ks.includes(k) ? k : ks[0]!;
        const tuples = draftTuples(id, Q, kk0, rng, CALLS);
        if (tuples === null) continue;
        const kk = tuples[0]!.length === 1 && id === 'spechub' ? 2 : tuples[0]!.length;
        for (const [pp, qq] of [[P, Q], [p, q]] as const) {
          const { fast, generic } = preparedPair(getMethod(id).verifier, pp, qq, kk);
          const mismatch = compareStreams(fast, generic, tuples, `degenerate-${seed}-${id}`);
          assert.ok(mismatch === null, `${id} k = ${kk}, p = ${JSON.stringify(Array.from(pp))}, q = ${JSON.stringify(Array.from(qq))}: ${mismatch?.detail}`);
          compared++;
        }
      }
    }),
    { numRuns: 300, seed: 20260115 },
  );
  assert.ok(compared >= 2000, `only ${compared} comparisons`);
});

test('fast paths = generic programs under exact enumeration in floats (same branches, same probabilities; n ≤ 6)', () => {
  const rng = createRng('float-fast-paths-enumeration');
  let compared = 0;
  for (let c = 0; c < 300; c++) {
    const n = 2 + Math.floor(rng() * 5);
    const { p, q } = randomPair(rng, n);
    for (const { id, ks } of METHODS) {
      const tuples = draftTuples(id, q, ks[Math.floor(rng() * ks.length)]!, rng, 2);
      if (tuples === null) continue;
      const kk = tuples[0]!.length === 1 && id === 'spechub' ? 2 : tuples[0]!.length;
      const { fast, generic } = preparedPair(getMethod(id).verifier, p, q, kk);
      for (const drafts of tuples) {
        const run = (v: PreparedVerifier<number>) => JSON.stringify(enumerateOutcomes(floatField, (chooser: Chooser<number>) => v.verify(drafts, chooser)));
        assert.is(run(fast), run(generic), `${id}, p = ${Array.from(p)}, q = ${Array.from(q)}, drafts ${drafts}`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 1000, `only ${compared} comparisons`);
});

test('teeth: the comparison sees a law one ulp away (generic program vs itself on a perturbed target)', () => {
  const rng = createRng('float-fast-paths-teeth');
  const detected: Record<string, number> = {};
  for (let c = 0; c < 400; c++) {
    const n = 2 + Math.floor(rng() * 6);
    const units = 16;
    const w = new Array<number>(n).fill(0);
    for (let u = 0; u < units; u++) w[Math.floor(rng() * n)]! += 1;
    const v = new Array<number>(n).fill(0);
    for (let u = 0; u < units; u++) v[Math.floor(rng() * n)]! += 1;
    const p = Float64Array.from(w, (x) => x / units);
    const q = Float64Array.from(v, (x) => x / units);
    const perturbed = Float64Array.from(p, (x) => x * (1 + 2 ** -52)); // every entry one ulp up
    for (const { id, ks } of METHODS) {
      const tuples = draftTuples(id, q, ks[ks.length - 1]!, rng, CALLS);
      if (tuples === null) continue;
      const kk = tuples[0]!.length === 1 && id === 'spechub' ? 2 : tuples[0]!.length;
      const verifier = getMethod(id).verifier;
      const mismatch = compareStreams(verifier.prepareGeneric!(floatField, perturbed, q, kk), verifier.prepareGeneric!(floatField, p, q, kk), tuples, `teeth-${c}-${id}`);
      if (mismatch !== null) detected[id] = (detected[id] ?? 0) + 1;
    }
  }
  for (const { id } of METHODS) assert.ok((detected[id] ?? 0) >= 1, `a one-ulp change of p went unnoticed for ${id} (${JSON.stringify(detected)})`);
});

test.run();
