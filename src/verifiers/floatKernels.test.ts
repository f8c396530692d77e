// The fused float kernels against the separate passes they replace (docs/theory.md §11.7): same doubles, bit for bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../random/createRng.ts';
import { argmaxOf, argmaxWithPlainRest, compensatedSumExcept, greedyResidualInto, isArgmax, kernelOut, plainRestIfArgmax } from './floatKernels.ts';

/** Σ_{i ≠ skip} v(i) by Neumaier's branch (the textbook form), independent of the kernels' two-sum. */
function neumaierExcept(v: ArrayLike<number>, skip: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    if (i === skip) continue;
    const x = v[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Σ_{i ≠ skip} v(i) left to right, plain. */
function plainExcept(v: ArrayLike<number>, skip: number): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) if (i !== skip) s += v[i]!;
  return s;
}

test('argmaxWithPlainRest and plainRestIfArgmax = argmaxOf and the plain sum off it, bit for bit (ties, zeros, subnormals, sorted orders)', () => {
  const rng = createRng('argmax-with-rest');
  const shapes = ['random', 'ascending', 'descending', 'ties', 'zeros', 'subnormal', 'one-hot', 'spread'] as const;
  let checked = 0;
  for (let c = 0; c < 2000; c++) {
    const n = 1 + Math.floor(rng() ** 2 * 3000);
    const shape = shapes[c % shapes.length]!;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng();
      v[i] =
        shape === 'ascending' ? (i + 1) * 1e-3 * (1 + u * 1e-9)
        : shape === 'descending' ? (n - i) * 0.1
        : shape === 'ties' ? Math.floor(u * 3) / 7
        : shape === 'zeros' ? (u < 0.7 ? 0 : u)
        : shape === 'subnormal' ? (u < 0.5 ? 5e-324 * Math.floor(u * 40) : u < 0.8 ? 1e-300 : u * 1e-17)
        : shape === 'one-hot' ? 0
        : shape === 'spread' ? Math.exp(40 * (u - 0.5))
        : u;
    }
    if (shape === 'one-hot') v[Math.floor(rng() * n)] = 1;
    const best = argmaxWithPlainRest(v);
    const rest = kernelOut[0]!;
    assert.is(best, argmaxOf(v), `${shape}, n = ${n}: argmax`);
    assert.ok(Object.is(rest, plainExcept(v, best)), `${shape}, n = ${n}: plain rest ${rest} vs ${plainExcept(v, best)}`);
    // The plain sum is within (n − 1)u of the compensated one (relative), and positive exactly when it is.
    const exact = compensatedSumExcept(v, best);
    assert.ok(Object.is(exact, neumaierExcept(v, best)), 'the compensated kernel is textbook Neumaier');
    assert.is(rest > 0, exact > 0, `${shape}, n = ${n}: positivity`);
    assert.ok(Math.abs(rest - exact) <= n * Number.EPSILON * exact, `${shape}, n = ${n}: ${rest} vs ${exact}`);
    // plainRestIfArgmax: the same plain sum at the argmax, −1 at any other token (the argmax by its own scan here).
    let top = 0;
    for (let i = 1; i < n; i++) if (v[top]! < v[i]!) top = i;
    assert.ok(Object.is(plainRestIfArgmax(v, top), plainExcept(v, top)), `${shape}, n = ${n}: plainRestIfArgmax at the argmax`);
    const other = Math.floor(rng() * n);
    if (other !== top) assert.is(plainRestIfArgmax(v, other), -1, `${shape}, n = ${n}: token ${other} is not the argmax ${top}`);
    checked++;
  }
  assert.is(checked, 2000);
});

test('teeth: the rest is taken off the argmax, not off index 0', () => {
  const v = Float64Array.of(0.1, 0.7, 0.2);
  assert.is(argmaxWithPlainRest(v), 1);
  assert.is(kernelOut[0], 0.1 + 0.2);
});

test('isArgmax(v, x) ⇔ argmaxOf(v) = x for every x, and plainRestIfArgmax (ties: the first index wins; zeros, −0, subnormals; blocks of four and their tails)', () => {
  const rng = createRng('is-argmax');
  let positives = 0;
  for (let c = 0; c < 300; c++) {
    const n = 1 + Math.floor(rng() * 40);
    const v = Float64Array.from({ length: n }, () => {
      const u = rng();
      return c % 3 === 0 ? Math.floor(u * 3) / 4 : c % 3 === 1 ? (u < 0.3 ? 0 : u < 0.4 ? -0 : u < 0.5 ? 5e-324 : u) : u;
    });
    const best = argmaxOf(v);
    for (let x = 0; x < n; x++) {
      assert.is(isArgmax(v, x), x === best, `v = ${Array.from(v)}, x = ${x}`);
      assert.ok(Object.is(plainRestIfArgmax(v, x), x === best ? plainExcept(v, x) : -1), `plainRestIfArgmax: v = ${Array.from(v)}, x = ${x}`);
      if (x === best) positives++;
    }
  }
  assert.is(positives, 300);
});

test('greedyResidualInto with r = 1 (no division) = the general form with r = 1 computed as q/r', () => {
  const rng = createRng('greedy-residual-r1');
  for (let c = 0; c < 200; c++) {
    const n = 1 + Math.floor(rng() * 50);
    const p = Float64Array.from({ length: n }, () => (rng() < 0.2 ? 0 : rng()));
    const q = Float64Array.from({ length: n }, () => (rng() < 0.2 ? 0 : rng()));
    const only = Math.floor(rng() * (n + 1)) - 1;
    const w = new Float64Array(n);
    const total = greedyResidualInto(p, q, only, null, 1, w);
    let expectedTotal = 0;
    for (let y = 0; y < n; y++) {
      const d = y === only ? p[y]! : p[y]! - q[y]! / 1;
      const v = d > 0 ? d : 0;
      assert.ok(Object.is(w[y], v) || (v === 0 && w[y] === 0), `w(${y})`);
      expectedTotal += v;
    }
    assert.is(total, expectedTotal);
  }
});

test.run();
