import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SamplingChooser } from '../../core/chooser.ts';
import { LazyFloatLaw } from './lazyFloatLaw.ts';
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

test.run();
