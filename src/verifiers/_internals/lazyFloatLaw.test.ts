import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SamplingChooser } from '../../core/chooser.ts';
import { nextDown, nextUp } from '../../../property-tests/arbitraries/degenerateLaws.ts';
import { createRng } from '../../random/createRng.ts';
import { boundedScan, LazyFloatLaw } from './lazyFloatLaw.ts';
import { positiveDifferenceWeights } from './positiveDifferenceWeights.ts';

test('a residual of subnormal total mass is drawn with its law (not rounded to the 2⁻¹⁰⁷⁴ grid, §11.9)', () => {
  // (a − b)^+ = [3, 0, 7]·2⁻¹⁰⁷⁴: over the grid u_j = (j + ½)/N, token 0 must be drawn 3N/10 times (within one).
  const tiny = 2 ** -1074;
  const a = [4 * tiny, 0.5, 7 * tiny];
  const b = [tiny, 0.5, 0];
  const N = 10_000;
  const counts = [0, 0, 0];
  for (let j = 0; j < N; j++) {
    const law = new LazyFloatLaw(positiveDifferenceWeights(a, b));
    counts[law.draw(new SamplingChooser(() => (j + 0.5) / N))]!++;
  }
  assert.is(counts[1], 0);
  assert.ok(Math.abs(counts[0]! - 3000) <= 1, `token 0 drawn ${counts[0]} times of ${N}, law 3/10`);
});

test('a residual of normal total mass still takes the fused scan (same token as the scan over the vector)', () => {
  const a = [0.2, 0.5, 0.3];
  const b = [0.1, 0.6, 0.1];
  for (const u of [0, 0.1, 1 / 3, 0.3333333333333333, 0.5, 0.9999999999999999]) {
    const fused = new LazyFloatLaw(positiveDifferenceWeights(a, b)).draw(new SamplingChooser(() => u));
    // (a − b)^+ = [0.1, 0, 0.2] in float: token 0 below u = 1/3 of the total, token 2 above.
    const w0 = a[0]! - b[0]!;
    const w2 = a[2]! - b[2]!;
    assert.is(fused, u * (w0 + w2) - w0 < 0 ? 0 : 2);
  }
});

/** The generic draw (Categorical.scan of core/categorical.ts), written out: T plain, t = u·T, subtract in order. */
function exactScan(w: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  let t = u * total;
  let last = -1;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! > 0) last = i;
    t -= w[i]!;
    if (t < 0) return i;
  }
  return last;
}

// boundedScan (docs/theory.md §11.7): from approximate weights a with |w − a| ≤ α·a + b, Σb ≤ slack, it returns the
// exact scan's index or −1, never another index. Exact weights are drawn as perturbations of a within the model
// (to 0.99 of it), in shapes with ties, zeros, dust and one dominant token; the uniforms include the adversarial
// ones u = W_j/T at every exact prefix boundary and the doubles next to them, where the approximate scan cannot
// tell which side it is on. Random uniforms must be decided almost always (else the fast path would be useless).
test('boundedScan returns the exact scan\'s index or −1, never another (boundary uniforms, perturbed weights)', () => {
  const rng = createRng('bounded-scan');
  let decided = 0;
  let randomDraws = 0;
  let boundaryDraws = 0;
  let boundaryDecided = 0;
  for (let c = 0; c < 600; c++) {
    const n = 1 + Math.floor(rng() ** 2 * (c % 5 === 0 ? 5000 : 60));
    const shape = c % 4;
    const a = Float64Array.from({ length: n }, (_, i) => {
      const x = rng();
      if (shape === 0) return Math.exp(-1.1 * Math.log(i + 1) + x);
      if (shape === 1) return x < 0.4 ? 0 : x < 0.7 ? 0.25 : x;
      if (shape === 2) return i === 0 ? 1 : x < 0.5 ? 1e-300 * x : 1e-17 * x;
      return x;
    });
    const alpha = [0, 3 * 2 ** -53, 1e-12, 1e-6][c % 4]!;
    const slackTotal = [0, 1e-15, 1e-9][Math.floor(c / 3) % 3]!;
    // b: the slack spread over the tokens at random; w = a(1 + α·r) + b·r', |r|, |r'| ≤ 0.99, w ≥ 0.
    const share = Float64Array.from({ length: n }, () => rng());
    const shareTotal = share.reduce((x, y) => x + y, 0);
    // Signs of the perturbations: random, or all up / all down (the errors of T and of the prefixes then add up).
    const sign = c % 3 === 0 ? () => 2 * rng() - 1 : c % 3 === 1 ? () => 1 : () => -1;
    const w = Float64Array.from(a, (x, i) => Math.max(0, x * (1 + 0.99 * alpha * sign()) + ((0.99 * slackTotal * share[i]!) / shareTotal) * sign()));
    let approxTotal = 0;
    for (let i = 0; i < n; i++) approxTotal += a[i]!;
    let total = 0;
    for (let i = 0; i < n; i++) total += w[i]!;
    const uniforms: number[] = [];
    for (let r = 0; r < 20; r++) uniforms.push(rng());
    const boundaries: number[] = [];
    let prefix = 0;
    for (let j = 0; j < Math.min(n, 40); j++) {
      prefix += w[j]!;
      const u = prefix / total;
      if (u > 0 && u < 1) boundaries.push(u, nextUp(u), nextDown(u));
    }
    for (const [list, isBoundary] of [[uniforms, false], [boundaries, true]] as const) {
      for (const u of list) {
        const got = boundedScan(a, n, u, approxTotal, alpha, slackTotal);
        const want = exactScan(w, u);
        if (got !== -1) assert.is(got, want, `case ${c}, n = ${n}, shape ${shape}, α = ${alpha}, slack = ${slackTotal}, u = ${u}`);
        if (isBoundary) {
          boundaryDraws++;
          if (got !== -1) boundaryDecided++;
        } else {
          randomDraws++;
          if (got !== -1) decided++;
        }
      }
    }
  }
  assert.ok(decided >= 0.97 * randomDraws, `random uniforms decided ${decided} of ${randomDraws}`);
  assert.ok(boundaryDraws >= 10_000, `only ${boundaryDraws} boundary uniforms`);
  // Most boundary uniforms cannot be decided (that is the point of them).
  assert.ok(boundaryDecided < 0.9 * boundaryDraws, `boundary uniforms decided ${boundaryDecided} of ${boundaryDraws}`);
});

test.run();
