/**
 * fast-check arbitraries for near-degenerate float probability vectors (docs/theory.md §11): the inputs on
 * which naive float code computing `1 − q(T)` fails. Reusable by every float test and by bench/fuzzFloat.ts.
 *
 * A law is a float vector of length n (1 ≤ n ≤ 50 by default) that passes `validateDistribution`
 * (finite, non-negative, |Σ − 1| ≤ 1e-9) and mixes:
 * - a **bulk** carrying almost all the mass, in one of the shapes: one-hot (mass exactly 1); near-one-hot
 *   (1 − ε with ε ∈ {2⁻⁵³, 1e-16, 1e-12, 1e-9}, the ε spread over a few other tokens or lost); exact ties
 *   (m equal masses); random moderate masses (small integers normalised);
 * - **dust**: entries of 1e-300 scale, subnormals (multiples of 5e-324 up to 2⁻¹⁰²²), 1e-17, or exact zeros;
 * - a **sum error**: the bulk scaled by (1 + δ), |δ| ≤ 9e-10, so Σ is off from 1 by up to ~1e-9;
 * - a random placement of the bulk among the n tokens (so the big mass is not always token 0).
 *
 * Pairs (p, q) share n and add correlated shapes: q = p, q = p with a few entries perturbed by an ulp, disjoint
 * supports, and q near-one-hot where p is spread (the low-temperature regime).
 *
 * @example
 * ```ts
 * fc.sample(degeneratePair({ maxN: 8 }), { seed: 1, numRuns: 3 }); // [{ p: number[], q: number[] }, …]
 * ```
 */
import fc from 'fast-check';

export interface DegenerateOptions {
  minN?: number;
  maxN?: number;
}

const SUBNORMAL_TOP = 2 ** -1022;

/** One "dust" entry: zero, 1e-300 scale, subnormal, or 1e-17 scale. */
const dust: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 250, max: 307 }).chain((e) => fc.double({ min: 1, max: 9.99, noNaN: true }).map((m) => m * 10 ** -e)) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 ** 20 }).map((j) => j * Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.double({ min: Number.MIN_VALUE, max: SUBNORMAL_TOP, noNaN: true }).map((x) => Math.min(x, SUBNORMAL_TOP)) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 9 }).map((m) => m * 1e-17) },
);

/** The bulk masses (summing to 1 up to rounding, or to 1 − ε for near-one-hot), before placement. */
function bulk(maxM: number): fc.Arbitrary<number[]> {
  const epsilons = [2 ** -53, 1e-16, 1e-12, 1e-9];
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<number[]>([1]) }, // one-hot
    {
      weight: 3,
      arbitrary: fc.record({ eps: fc.constantFrom(...epsilons), split: fc.integer({ min: 0, max: Math.min(3, maxM - 1) }) }).map(({ eps, split }) => {
        // near-one-hot: 1 − ε, and ε spread over `split` tokens (or left out: Σ = 1 − ε, within tolerance)
        const out = [1 - eps];
        for (let i = 0; i < split; i++) out.push(eps / split);
        return out;
      }),
    },
    { weight: 2, arbitrary: fc.integer({ min: 2, max: Math.max(2, maxM) }).map((m) => Array.from({ length: m }, () => 1 / m)) }, // exact ties
    {
      weight: 3,
      arbitrary: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: Math.max(1, maxM) }).map((w) => {
        const total = w.reduce((s, x) => s + x, 0);
        return w.map((x) => x / total);
      }),
    },
  );
}

/** A sum error δ applied to the bulk: 0 most of the time, else uniform in ±9e-10. */
const sumError: fc.Arbitrary<number> = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: -9e-10, max: 9e-10, noNaN: true }) });

/** Places `masses` at distinct random positions of an n-vector whose other entries are drawn from `fill`. */
function placed(n: number, masses: fc.Arbitrary<number[]>, fill: fc.Arbitrary<number>): fc.Arbitrary<number[]> {
  return fc
    .record({ masses, keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), rest: fc.array(fill, { minLength: n, maxLength: n }), delta: sumError })
    .map(({ masses, keys, rest, delta }) => {
      const order = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
      const v = rest.slice();
      masses.slice(0, n).forEach((m, i) => (v[order[i]!] = m * (1 + delta)));
      return v;
    });
}

/** Whether `validateDistribution` accepts v (the same float sum and tolerance). */
export function isValidLaw(v: readonly number[]): boolean {
  let total = 0;
  for (const x of v) {
    if (!(x >= 0) || !Number.isFinite(x)) return false;
    total += x;
  }
  return Math.abs(total - 1) <= 1e-9;
}

/** A near-degenerate float law of length n (rare draws whose sum error exceeds 1e-9 are filtered out). */
export function degenerateLaw(n: number): fc.Arbitrary<number[]> {
  return placed(n, bulk(n), dust).filter(isValidLaw);
}

/** A pair (p, q) of near-degenerate laws over a common size n ∈ [minN, maxN], including correlated shapes. */
export function degeneratePair(options: DegenerateOptions = {}): fc.Arbitrary<{ p: number[]; q: number[] }> {
  const minN = options.minN ?? 1;
  const maxN = options.maxN ?? 50;
  return fc.integer({ min: minN, max: maxN }).chain((n) => {
    const law = degenerateLaw(n);
    return fc.oneof(
      { weight: 6, arbitrary: fc.record({ p: law, q: law }) },
      { weight: 2, arbitrary: fc.record({ p: law, q: nearOneHot(n) }) }, // the low-temperature regime
      { weight: 1, arbitrary: law.map((p) => ({ p, q: p.slice() })) }, // q = p
      {
        weight: 1,
        // q = p with some entries moved by one ulp (ties broken by rounding, cancellation in p − q)
        arbitrary: fc.record({ p: law, flips: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }) }).map(({ p, flips }) => {
          const q = p.slice();
          for (const i of flips) q[i] = q[i]! > 0 ? nextUp(q[i]!) : q[i]!;
          return { p, q };
        }),
      },
      {
        weight: 1,
        // disjoint supports (when n ≥ 2): p on one side of a cut, q on the other
        arbitrary: fc.record({ p: law, q: law, cut: fc.integer({ min: 1, max: Math.max(1, n - 1) }) }).map(({ p, q, cut }) => {
          if (n < 2) return { p, q };
          return { p: spreadOver(p, 0, cut), q: spreadOver(q, cut, n) };
        }),
      },
    );
  });
}

/** A near-one-hot law: one token 1 − ε, ε on 0–3 others, dust elsewhere. */
function nearOneHot(n: number): fc.Arbitrary<number[]> {
  const masses = fc.record({ eps: fc.constantFrom(2 ** -53, 1e-16, 1e-12, 1e-9, 1e-6), split: fc.integer({ min: 1, max: Math.max(1, Math.min(3, n - 1)) }) }).map(({ eps, split }) => {
    const out = [1 - eps];
    for (let i = 0; i < split; i++) out.push(eps / split);
    return out;
  });
  return placed(n, masses, dust).filter(isValidLaw);
}

/**
 * A draft spiked at one token (mass exactly 1, or 1 − j·2⁻¹⁰⁷⁴) whose other tokens hold 0 or a few subnormal ulps
 * (j·2⁻¹⁰⁷⁴, j ≤ 8), so that 1 − q(a) is a handful of ulps on the subnormal grid; the target is spread (small
 * integers normalised, some entries 0 or subnormal). The regime where a product P·(1 − q(a)) rounds on the
 * subnormal grid (docs/theory.md §11.7, §11.8).
 */
export function spikedDraftPair(options: DegenerateOptions = {}): fc.Arbitrary<{ p: number[]; q: number[] }> {
  const minN = Math.max(2, options.minN ?? 3);
  const maxN = options.maxN ?? 8;
  return fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc
      .record({
        hub: fc.integer({ min: 0, max: n - 1 }),
        others: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant<number>(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }) }), { minLength: n, maxLength: n }),
        spike: fc.constantFrom<number>(0, 1, 3),
        weights: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant<number>(0) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 1000 }) }), { minLength: n, maxLength: n }),
        dust: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant<number>(-1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) }), { minLength: n, maxLength: n }),
      })
      .map(({ hub, others, spike, weights, dust }) => {
        const q = others.map((j, i) => (i === hub ? 1 - spike * Number.MIN_VALUE : j * Number.MIN_VALUE));
        const w: number[] = weights.slice();
        if (!w.some((x) => x > 0)) w[0] = 1;
        const total = w.reduce((a, b) => a + b, 0);
        const p = w.map((x, i) => (dust[i]! > 0 ? dust[i]! * Number.MIN_VALUE : x / total));
        return { p, q };
      })
      .filter(({ p, q }) => isValidLaw(p) && isValidLaw(q) && q.filter((x) => x > 0).length >= 2),
  );
}

/** The next double above x > 0. */
export function nextUp(x: number): number {
  const buffer = new Float64Array([x]);
  const bits = new BigUint64Array(buffer.buffer);
  bits[0] = bits[0]! + 1n;
  return buffer[0]!;
}

/** The largest double below x > 0. */
export function nextDown(x: number): number {
  const buffer = new Float64Array([x]);
  const bits = new BigUint64Array(buffer.buffer);
  bits[0] = bits[0]! - 1n;
  return buffer[0]!;
}

/** v's bulk moved into positions [from, to) (keeping its sum), zeros elsewhere. */
function spreadOver(v: number[], from: number, to: number): number[] {
  const out = new Array<number>(v.length).fill(0);
  const sorted = v.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]);
  sorted.forEach(([x], j) => {
    const slot = from + (j % (to - from));
    out[slot] = out[slot]! + x;
  });
  return out;
}
