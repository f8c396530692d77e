// expOfNonPositive against two independent references: V8's Math.exp (C++ fdlibm, src/base/ieee754.cc), bit
// for bit, on random and edge arguments; and, engine-independently, e^x computed in 256-bit fixed point with
// BigInt (ln 2 and e^r by their series), within fdlibm's stated error of one ulp.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expOfNonPositive } from './expOfNonPositive.ts';
import { createRng } from '../random/createRng.ts';

const rng = createRng('expOfNonPositive');
const buffer = new Float64Array(1);
const words = new Uint32Array(buffer.buffer);
const fromWords = (hi: number, lo: number): number => {
  words[1] = hi >>> 0;
  words[0] = lo >>> 0;
  return buffer[0]!;
};
const sameDouble = (x: number): boolean => Object.is(expOfNonPositive(x), Math.exp(x));

test('equals Math.exp bit for bit on random non-positive doubles of every exponent and on the softmax range', () => {
  const failures: number[] = [];
  const check = (x: number) => {
    if (!sameDouble(x) && failures.length < 5) failures.push(x);
  };
  for (let i = 0; i < 200_000; i++) check(fromWords(0x80000000 | Math.floor(rng() * 2 ** 31), Math.floor(rng() * 2 ** 32)));
  for (let i = 0; i < 200_000; i++) check(-rng() * 760);
  for (let i = 0; i < 100_000; i++) check(-rng() * 2);
  for (let i = 0; i < 20_000; i++) check(-rng() * 1e-7);
  assert.equal(failures, []);
});

test('equals Math.exp at every branch edge (one ulp either side), at k·ln 2 and at the special values', () => {
  const edges: number[] = [];
  // fdlibm's thresholds on the high word of |x|: 0x3fd62e42 (reduce), 0x3ff0a2b2 (k = ±1), 0x3e300000 (tiny), 0x40862e42 (range).
  for (const hi of [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2, 0x3e2fffff, 0x3e300000, 0x40862e41, 0x40862e42, 0x7fefffff]) {
    for (const lo of [0, 1, 0x7fffffff, 0xffffffff]) edges.push(fromWords(0x80000000 | hi, lo));
  }
  for (let k = -1080; k <= 0; k++) edges.push(k * Math.LN2, k * Math.LN2 * (1 + 2 ** -52), (k + 0.5) * Math.LN2, (k - 0.5) * Math.LN2 * (1 - 2 ** -52));
  edges.push(-745.1332191019411, -745.1332191019412, -708.3964185322641, -708.39641853226408, -708.4, -Number.MIN_VALUE, -1e-320, -0, 0, -Infinity);
  edges.push(0.5, 1, 709.782712893384, 710, Infinity, NaN); // passed to Math.exp
  const failures = edges.filter((x) => !sameDouble(x));
  assert.equal(failures, []);
  assert.is(expOfNonPositive(-Infinity), 0);
  assert.is(expOfNonPositive(-0), 1);
  assert.ok(Number.isNaN(expOfNonPositive(NaN)));
});

// ---- engine-independent reference: e^x to 256 fractional bits ----
const BITS = 256n;
const ONE = 1n << BITS;
/** ln 2 = Σ_{j≥1} 1/(j·2^j), in fixed point. */
const LN2 = (() => {
  let sum = 0n;
  for (let j = 1n; j < 300n; j++) sum += ONE / (j << j);
  return sum;
})();
/** x as an exact fixed-point value (x a double with |x| < 2^11 and an exponent ≥ −BITS + 53). */
const toFixed = (x: number): bigint => {
  let scaled = x;
  let shift = 0n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2; // exact: a double times 2
    shift++;
  }
  return (BigInt(scaled) << BITS) >> shift;
};
/** e^x in fixed point, as (mantissa m, exponent e) with e^x ≈ m·2^(e − BITS). */
const referenceExp = (x: number): { m: bigint; e: bigint } => {
  const X = toFixed(x);
  let k = X / LN2; // truncates toward zero
  if (X < 0n) k -= 1n;
  const r = X - k * LN2; // in [0, ln 2)
  let term = ONE;
  let sum = ONE;
  for (let j = 1n; term !== 0n; j++) {
    term = (term * r) / (j * ONE);
    sum += term;
  }
  return { m: sum, e: k };
};
/** |computed − e^x| in units of the last place of `computed` (a normal double), as a float. */
const ulpError = (x: number, computed: number): number => {
  const { m, e } = referenceExp(x);
  // computed = c·2^f with c a 53-bit integer.
  const f = Math.floor(Math.log2(computed)) - 52;
  const c = BigInt(computed / 2 ** f);
  // Compare c·2^f with m·2^(e − BITS), both scaled to 2^(f) units: m·2^(e − BITS − f).
  const shift = e - BITS - BigInt(f);
  const reference = shift >= 0n ? m << shift : m; // numerator in units of 2^f (times 2^-shift when shift < 0)
  const diff = shift >= 0n ? c - reference : (c << -shift) - m;
  const scale = shift >= 0n ? 1 : 2 ** Number(-shift);
  return Math.abs(Number(diff)) / scale;
};

test('within one ulp of e^x computed in 256-bit fixed point (engine-independent)', () => {
  let worst = 0;
  for (let i = 0; i < 2_000; i++) {
    const x = i % 2 === 0 ? -rng() * 700 : -rng() * 3;
    worst = Math.max(worst, ulpError(x, expOfNonPositive(x)));
  }
  assert.ok(worst < 1, `worst error ${worst} ulp`);
  assert.ok(worst > 0.01, `the reference is sharp enough to see rounding (worst ${worst} ulp)`);
  // The check has teeth: a value one ulp off is more than one ulp from e^x half of the time, never within 0.5.
  const x = -3.25;
  const e = expOfNonPositive(x);
  assert.ok(ulpError(x, e * (1 + 2 ** -52)) > 0.5);
});

test('documented example', () => {
  assert.is(expOfNonPositive(-1), Math.exp(-1));
  assert.is(expOfNonPositive(-1), 0.36787944117144233);
  assert.is(expOfNonPositive(-Infinity), 0);
});

test.run();
