// The fused float kernels against the separate passes they replace (docs/theory.md §11.7): same doubles, bit for bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../random/createRng.ts';
import { argmaxOf, argmaxWithPlainRest, compensatedSumExcept, kernelOut } from './floatKernels.ts';

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

test('argmaxWithPlainRest = argmaxOf and the plain sum off it, bit for bit (ties, zeros, subnormals, sorted orders)', () => {
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
    checked++;
  }
  assert.is(checked, 2000);
});

test('teeth: the rest is taken off the argmax, not off index 0', () => {
  const v = Float64Array.of(0.1, 0.7, 0.2);
  assert.is(argmaxWithPlainRest(v), 1);
  assert.is(kernelOut[0], 0.1 + 0.2);
});

test.run();
