/**
 * f(A_j) = Q(S(x̄) ⊆ A_j) for k draws without replacement, along a sequence of growing prefixes
 * A_0 = ∅ ⊂ A_1 ⊂ … ⊂ A_n, by the exponential-race integral of spec §4.4:
 *
 *   f(A) = ∫_0^∞ λ e^{−λt} P(N_A(t) ≥ k) dt,   λ = 1 − q(A),
 *   N_A(t) = Σ_{x∈A} Bernoulli(1 − e^{−q_x t}) independent (a Poisson-binomial count).
 *
 * (Each token's clock rings at rate q_x; the draft set lies inside A iff the k-th ring inside A comes before
 * the first ring outside A, which is Exp(λ).)
 *
 * Quadrature: t = e^x and the trapezoidal rule in x with step h = 1/8 over a range that covers every prefix.
 * The integrand is analytic and decays doubly-exponentially as x → +∞ and like e^{(k+1)x} as x → −∞, so the
 * trapezoidal rule converges geometrically (error far below 1e-12 at this step). The truncated
 * Poisson-binomial law P(N = 0..k−1) is kept at every node and updated in O(k) per added token, so all n + 1
 * values cost O(n · nodes · k). Float64 only.
 */

const STEP = 1 / 8;

/** f(A_j) for j = 0..n, where A_j holds the first j entries of `qInOrder` (draft probabilities). */
export function withoutReplacementPrefixContainment(qInOrder: ArrayLike<number>, k: number): Float64Array {
  const n = qInOrder.length;
  const out = new Float64Array(n + 1);
  // λ_j = q(V \ A_j) as a suffix sum (accurate when it is small).
  const outside = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) outside[j] = outside[j + 1]! + qInOrder[j]!;
  let smallestRate = Infinity;
  for (let j = 0; j <= n; j++) if (outside[j]! > 0) smallestRate = Math.min(smallestRate, outside[j]!);
  if (!Number.isFinite(smallestRate)) smallestRate = 1;
  // P(N ≥ k) ≤ t^k, so ∫_0^{t_lo} … ≤ t_lo^{k+1} ≤ 1e-19; e^{−λ t_hi} ≤ 1e-19 beyond t_hi.
  const xLo = Math.log(1e-19) / (k + 1);
  const xHi = Math.log(44 / smallestRate) + 1;
  const nodes = Math.ceil((xHi - xLo) / STEP) + 1;
  const t = new Float64Array(nodes);
  for (let i = 0; i < nodes; i++) t[i] = Math.exp(xLo + i * STEP);
  // below[i * k + m] = P(N_{A_j}(t_i) = m), m < k.
  const below = new Float64Array(nodes * k);
  for (let i = 0; i < nodes; i++) below[i * k] = 1;
  let positives = 0;
  for (let j = 0; j <= n; j++) {
    const lambda = outside[j]!;
    if (positives < k) out[j] = 0;
    else if (!(lambda > 0)) out[j] = 1;
    else {
      let integral = 0;
      for (let i = 0; i < nodes; i++) {
        const ti = t[i]!;
        let stillBelow = 0;
        for (let m = 0; m < k; m++) stillBelow += below[i * k + m]!;
        const reached = Math.max(0, 1 - stillBelow);
        integral += lambda * Math.exp(-lambda * ti) * ti * reached;
      }
      out[j] = Math.min(1, Math.max(0, integral * STEP));
    }
    if (j === n) break;
    const qx = qInOrder[j]!;
    if (!(qx > 0)) continue;
    positives++;
    for (let i = 0; i < nodes; i++) {
      const arrived = -Math.expm1(-qx * t[i]!);
      const stay = Math.exp(-qx * t[i]!);
      const base = i * k;
      for (let m = k - 1; m >= 1; m--) below[base + m] = below[base + m]! * stay + below[base + m - 1]! * arrived;
      below[base] = below[base]! * stay;
    }
  }
  return out;
}
