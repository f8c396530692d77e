/**
 * Q(S(x̄) ⊆ A_j) and its complement for k draws without replacement, along a sequence of growing prefixes
 * A_0 = ∅ ⊂ A_1 ⊂ … ⊂ A_n, by the exponential-race integral of §4.4:
 *
 *   f(A) = ∫_0^∞ λ e^{−λt} P(N_A(t) ≥ k) dt,   G(A) = 1 − f(A) = ∫_0^∞ λ e^{−λt} P(N_A(t) < k) dt,
 *   λ = q(V \ A),   N_A(t) = Σ_{x∈A} Bernoulli(1 − e^{−q_x t}) independent (a Poisson-binomial count).
 *
 * (Each token's clock rings at rate q_x; the draft set lies inside A iff the k-th ring inside A comes before
 * the first ring outside A, which is Exp(λ).)
 *
 * G is integrated directly (the optimum routes need p(A) + G(A) with relative accuracy when G is tiny, docs/
 * theory.md §12), and f = 1 − G where f is wanted.
 *
 * Quadrature: t = e^x and the trapezoidal rule in x with step h = 1/8. The integrand is analytic in x and
 * decays like λe^x as x → −∞ and doubly-exponentially once λt ≫ 1, so the trapezoidal rule converges
 * geometrically (error far below 1e-12 at this step). Range: from t = 1e-9.5, the nodes further left summed in
 * closed form (there the integrand is λt·(1 + O(t)), and G ≥ λ because P(N_A(t) < k) ≥ e^{−q(A)t}), to the t
 * where e^{−λt} ≤ 1e-19·λ for the smallest positive λ of all prefixes. That end can exceed the largest double (λ = 5e-324 needs t ≈ 1e326), so every product rate·t
 * is formed as exp(log rate + x) where t itself would overflow. The truncated Poisson-binomial law
 * P(N = 0..k−1) is kept at every node and updated in O(k) per added token: all n + 1 values cost
 * O(n · nodes · k), nodes ≤ 6,400. Float64 only; inputs are renormalised probabilities (Σ = 1).
 */

import { SpechubError } from '../../core/errors.ts';

const STEP = 1 / 8;
/** n · nodes · k above this is refused (`TOO_LARGE`) before any work (a few seconds of float updates). */
export const RACE_INTEGRAL_MAX_WORK = 2e9;
/** Σ_{i ≥ 1} e^{−ih}: the trapezoid nodes left of the range, for an integrand ∝ e^x there. */
const LEFT_TAIL = Math.exp(-STEP) / -Math.expm1(-STEP);
/** Below this x, e^x is finite. */
const LOG_MAX_T = 700;

/** G(A_j) = Q(S ⊄ A_j) for j = 0..n, where A_j holds the first j entries of `qInOrder` (draft probabilities). */
export function withoutReplacementPrefixEscape(qInOrder: ArrayLike<number>, k: number): Float64Array {
  const n = qInOrder.length;
  const out = new Float64Array(n + 1);
  // λ_j = q(V \ A_j) as a suffix sum (accurate when it is small).
  const outside = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) outside[j] = outside[j + 1]! + qInOrder[j]!;
  let smallestRate = Infinity;
  for (let j = 0; j <= n; j++) if (outside[j]! > 0) smallestRate = Math.min(smallestRate, outside[j]!);
  if (!Number.isFinite(smallestRate)) smallestRate = 1;
  // Below x_lo the integrand is λe^x·(1 + O(e^x)) (e^{−λt} and P(N < k) are 1 − O(t)): its trapezoid nodes
  // x_lo − h, x_lo − 2h, … are summed in closed form, λe^{x_lo}·e^{−h}/(1 − e^{−h}), with relative error
  // O(e^{2 x_lo}) = 1e-19 of G (G ≥ λ).
  const xLo = Math.log(1e-19) / 2;
  // e^{−λ t_hi} ≤ 1e-19·λ  ⇐  λ t_hi ≥ 44 + log(1/λ).
  const xHi = Math.log(44 - Math.log(Math.min(1, smallestRate))) - Math.log(smallestRate) + 1;
  const nodes = Math.ceil((xHi - xLo) / STEP) + 1;
  if (n * nodes * k > RACE_INTEGRAL_MAX_WORK) {
    throw new SpechubError(
      'TOO_LARGE',
      `the race-integral dual (without replacement, n = ${n}, k = ${k}) needs ${(n * nodes * k).toExponential(1)} quadrature updates (${nodes} nodes; limit ${RACE_INTEGRAL_MAX_WORK.toExponential(0)}): no route reaches α* at this size for k ≥ 3 (max-flow and the LPs need all C(n, k) draft sets); k ≤ 2 uses the O(n log n) prefix dual`,
    );
  }
  const x = new Float64Array(nodes);
  const t = new Float64Array(nodes); // e^{x_i}, +∞ where it would overflow
  for (let i = 0; i < nodes; i++) {
    x[i] = xLo + i * STEP;
    t[i] = x[i]! < LOG_MAX_T ? Math.exp(x[i]!) : Infinity;
  }
  /** rate · e^{x_i} without overflowing e^{x_i} (`logRate` = log rate, used only past the overflow). */
  const scaled = (rate: number, logRate: number, i: number) => (t[i]! < Infinity ? rate * t[i]! : Math.exp(logRate + x[i]!));
  // below[i * k + m] = P(N_{A_j}(t_i) = m), m < k.
  const below = new Float64Array(nodes * k);
  for (let i = 0; i < nodes; i++) below[i * k] = 1;
  let positives = 0;
  for (let j = 0; j <= n; j++) {
    const lambda = outside[j]!;
    if (positives < k) out[j] = 1;
    else if (!(lambda > 0)) out[j] = 0;
    else {
      const logLambda = Math.log(lambda);
      let integral = scaled(lambda, logLambda, 0) * LEFT_TAIL;
      for (let i = 0; i < nodes; i++) {
        let stillBelow = 0;
        for (let m = 0; m < k; m++) stillBelow += below[i * k + m]!;
        if (stillBelow === 0) continue;
        const lt = scaled(lambda, logLambda, i); // λ t_i; the measure λe^{−λt} dt is λt·e^{−λt} dx
        integral += lt * Math.exp(-lt) * Math.min(1, stillBelow);
      }
      out[j] = Math.min(1, Math.max(0, integral * STEP));
    }
    if (j === n) break;
    const qx = qInOrder[j]!;
    if (!(qx > 0)) continue;
    positives++;
    const logQx = Math.log(qx);
    for (let i = 0; i < nodes; i++) {
      const qt = scaled(qx, logQx, i);
      const arrived = -Math.expm1(-qt);
      const stay = Math.exp(-qt);
      const base = i * k;
      for (let m = k - 1; m >= 1; m--) below[base + m] = below[base + m]! * stay + below[base + m - 1]! * arrived;
      below[base] = below[base]! * stay;
    }
  }
  return out;
}

/** f(A_j) = Q(S ⊆ A_j) = 1 − G(A_j) for j = 0..n (see {@link withoutReplacementPrefixEscape}). */
export function withoutReplacementPrefixContainment(qInOrder: ArrayLike<number>, k: number): Float64Array {
  const escape = withoutReplacementPrefixEscape(qInOrder, k);
  const out = new Float64Array(escape.length);
  for (let j = 0; j < escape.length; j++) out[j] = 1 - escape[j]!;
  return out;
}
