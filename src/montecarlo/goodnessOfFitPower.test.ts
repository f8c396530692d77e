// The stated power of the pooled G-test, validated by simulation: alternatives at the computed total-variation
// distance (worst-case balanced split, two-cell move, random directions, pooled tails, mass on an impossible
// token) are rejected in ≥ 90 % of simulated samples, up to 3 simulation standard errors; at half the distance
// the balanced alternative is NOT detected 90 % of the time (so the distance is not vacuously large).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Categorical } from '../core/categorical.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { createRng } from '../random/createRng.ts';
import { chiSquareQuantile, erfc, noncentralChiSquareSurvival } from './_internals/specialFunctions.ts';
import { goodnessOfFit } from './goodnessOfFit.ts';
import { goodnessOfFitPower } from './goodnessOfFitPower.ts';

const normalTail = (z: number) => 0.5 * erfc(z / Math.SQRT2);

test('noncentral χ² survival: df = 1 closed form and the central limit', () => {
  // χ²_1(λ) = (Z + √λ)²: P(> c) = Φ(−√c − √λ) + 1 − Φ(√c − √λ).
  for (const [c, lambda] of [[3.84, 0.5], [10.8, 12], [20, 40], [1, 0.01]] as const) {
    const expected = normalTail(Math.sqrt(c) + Math.sqrt(lambda)) + normalTail(Math.sqrt(c) - Math.sqrt(lambda));
    const got = noncentralChiSquareSurvival(c, 1, lambda);
    assert.ok(Math.abs(got - expected) < 1e-10, `c=${c} λ=${lambda}: ${got} vs ${expected}`);
  }
  // Mean of χ²_df(λ) is df + λ: for large df the survival at the mean is ≈ 1/2.
  const s = noncentralChiSquareSurvival(5000 + 300, 5000, 300);
  assert.ok(Math.abs(s - 0.5) < 0.02, `large df ${s}`);
  assert.ok(Math.abs(chiSquareQuantile(0.05, 1) - 3.841458820694124) < 1e-8);
});

function sampleCounts(law: ArrayLike<number>, trials: number, rng: () => number): Float64Array {
  const c = Categorical.create(floatField, law);
  const counts = new Float64Array(law.length);
  for (let t = 0; t < trials; t++) counts[c.sampleWith(rng())]!++;
  return counts;
}

function rejectionRate(p: ArrayLike<number>, alternative: ArrayLike<number>, trials: number, level: number, reps: number, seed: string): number {
  const rng = createRng(seed);
  let rejected = 0;
  for (let r = 0; r < reps; r++) if (goodnessOfFit(sampleCounts(alternative, trials, rng), p, { significance: level }).rejected) rejected++;
  return rejected / reps;
}

const tv = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / 2;
};

/** Move δ from the set B to the set A proportionally (A = largest tokens up to about half the mass). */
function balancedSplit(p: ArrayLike<number>, delta: number): Float64Array {
  const order = Array.from(p, (_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const inA = new Set<number>();
  let massA = 0;
  for (const i of order) {
    if (massA + p[i]! / 2 > 0.5) break;
    inA.add(i);
    massA += p[i]!;
  }
  const massB = 1 - massA;
  return Float64Array.from(p, (x, i) => (inA.has(i) ? x * (1 + delta / massA) : x * (1 - delta / massB)));
}

const REPS = 300;
const FLOOR = 0.9 - 3 * Math.sqrt((0.9 * 0.1) / REPS); // 0.848

test('power ≥ 0.9 at the stated distance (E4 target, N = 2000, level 0.001), < 0.9 at half of it', () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  const r = goodnessOfFitPower(p, 2000, 0.001);
  assert.is(r.pooledMass, 0);
  assert.is(r.degreesOfFreedom, 3);
  const delta = r.detectableTv;
  const alternatives: Array<[string, Float64Array]> = [
    ['balanced split', balancedSplit(p, delta)],
    ['two-cell move', Float64Array.from([0.1, 0.2, 0.3 + delta, 0.4 - delta])],
  ];
  const rng = createRng('directions');
  for (let d = 0; d < 3; d++) {
    const dir = p.map(() => rng() - 0.5);
    const mean = dir.reduce((s, x) => s + x, 0) / dir.length;
    const centred = dir.map((x) => x - mean);
    const scale = delta / (centred.reduce((s, x) => s + Math.abs(x), 0) / 2);
    alternatives.push([`random direction ${d}`, Float64Array.from(p, (x, i) => x + scale * centred[i]!)]);
  }
  for (const [name, alt] of alternatives) {
    assert.ok(Math.abs(tv(alt, p) - delta) < 1e-12 && alt.every((x) => x >= 0), `${name} is at TV δ`);
    const rate = rejectionRate(p, alt, 2000, 0.001, REPS, `e4/${name}`);
    assert.ok(rate >= FLOOR, `${name}: rejected ${rate} of samples at δ = ${delta}`);
  }
  const half = rejectionRate(p, balancedSplit(p, delta / 2), 2000, 0.001, REPS, 'e4/half');
  assert.ok(half < 0.9, `at δ/2 the balanced split is rejected ${half} of the time: the distance is not tight`);
});

test('power with pooled tails (Zipf-like n = 80, N = 1500): δ + pooled mass', () => {
  const w = Array.from({ length: 80 }, (_, r) => 1 / (1 + r) ** 1.3);
  const total = w.reduce((s, x) => s + x, 0);
  const p = w.map((x) => x / total);
  const r = goodnessOfFitPower(p, 1500, 0.0005);
  assert.ok(r.pooledMass > 0, 'the tail is pooled');
  assert.ok(Math.abs(r.detectableTv - (r.pooledTv + r.pooledMass)) < 1e-15);
  // Deviations visible to the test: the balanced split (pooled tail tokens all lie in B, scaled together).
  const alt = balancedSplit(p, r.pooledTv);
  const rate = rejectionRate(p, alt, 1500, 0.0005, REPS, 'zipf/balanced');
  assert.ok(rate >= FLOOR, `rejected ${rate} at pooled TV ${r.pooledTv}`);
  // An alternative hiding inside the pooled cells: its TV is within the stated pooled mass.
  const tailStart = p.findIndex((x) => x * 1500 < 5);
  const hidden = Float64Array.from(p);
  let moved = 0;
  for (let i = tailStart + 1; i < p.length; i++) {
    moved += hidden[i]!;
    hidden[i] = 0;
  }
  hidden[tailStart] = hidden[tailStart]! + moved;
  assert.ok(tv(hidden, p) <= r.pooledMass, `hidden deviation ${tv(hidden, p)} ≤ pooled mass ${r.pooledMass}`);
});

test('one cell with rare tokens (p = (1 − 1e-12, 1e-12), N = 1000): mass leaking onto the rare token is seen', () => {
  const p = [1 - 1e-12, 1e-12];
  const r = goodnessOfFitPower(p, 1000, 0.001);
  assert.is(r.degreesOfFreedom, 0);
  assert.is(r.criticalValue, 1);
  assert.ok(Math.abs(r.pooledTv - (Math.LN10 / 1000 - 1e-12)) < 1e-12, `${r.pooledTv}`); // P(Poisson(λ) ≥ 1) = 0.9
  const delta = r.pooledTv;
  const rate = rejectionRate(p, [1 - delta, delta], 1000, 0.001, REPS, 'rare');
  assert.ok(rate >= FLOOR, `rejected ${rate}`);
  const third = rejectionRate(p, [1 - delta / 3, delta / 3], 1000, 0.001, REPS, 'rare/3');
  assert.ok(third < 0.9, `at δ/3: ${third}`);
});

test('one cell: only mass on impossible tokens is visible; δ = 1 − 0.1^{1/N}', () => {
  const r = goodnessOfFitPower([1, 0], 100, 0.001);
  assert.is(r.degreesOfFreedom, 0);
  assert.ok(Math.abs(r.detectableTv - (1 - 0.1 ** (1 / 100))) < 1e-15);
  const rate = rejectionRate([1, 0], [1 - r.detectableTv, r.detectableTv], 100, 0.001, REPS, 'onehot');
  assert.ok(rate >= FLOOR, `rejected ${rate}`);
});

test('more trials, smaller detectable distance (≈ 1/√N); bad inputs', () => {
  const p = [0.25, 0.25, 0.5];
  const a = goodnessOfFitPower(p, 10_000, 0.001).detectableTv;
  const b = goodnessOfFitPower(p, 40_000, 0.001).detectableTv;
  assert.ok(Math.abs(a / b - 2) < 1e-6, `${a} / ${b}`);
  const bad = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof SpechubError);
  bad(() => goodnessOfFitPower([0.5, 0.6], 100, 0.001));
  bad(() => goodnessOfFitPower(p, 0, 0.001));
  bad(() => goodnessOfFitPower(p, 100, 0));
  bad(() => goodnessOfFitPower(p, 100, 0.001, { power: 1 }));
});

test.run();
