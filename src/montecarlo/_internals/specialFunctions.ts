/**
 * Special functions for p-values: log Γ (Lanczos), the regularised incomplete gamma functions P(a, x) and
 * Q(a, x) = 1 − P(a, x) (series and continued fraction, as in Numerical Recipes §6.2), the chi-square
 * survival function and erfc.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function seriesP(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 10000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function continuedFractionQ(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Q(a, x) = Γ(a, x)/Γ(a), the upper regularised incomplete gamma function. */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - seriesP(a, x);
  return continuedFractionQ(a, x);
}

/** P(a, x) = 1 − Q(a, x), the lower regularised incomplete gamma function (accurate when small). */
export function lowerRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) return seriesP(a, x);
  return 1 - continuedFractionQ(a, x);
}

/** P(χ²_df ≥ x). */
export function chiSquareSurvival(x: number, df: number): number {
  if (df <= 0) return 1;
  if (x === Infinity) return 0;
  return Math.min(1, Math.max(0, upperRegularizedGamma(df / 2, x / 2)));
}

/** erfc(x) for x ≥ 0 (= Q(½, x²)). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return upperRegularizedGamma(0.5, x * x);
}

/** Two-sided normal p-value of a z score. */
export function twoSidedNormalPValue(z: number): number {
  if (!Number.isFinite(z)) return 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** P(χ²_df(λ) > x), noncentral, by the Poisson mixture (df > 0, λ ≥ 0). */
export function noncentralChiSquareSurvival(x: number, df: number, lambda: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (x <= 0) return 1;
  if (lambda <= 0) return chiSquareSurvival(x, df);
  const mu = lambda / 2;
  const y = x / 2;
  const a0 = df / 2;
  const logPoisson = (j: number) => -mu + j * Math.log(mu) - logGamma(j + 1);
  const spread = Math.ceil(12 * Math.sqrt(mu) + 12);
  const jLow = Math.max(0, Math.floor(mu) - spread);
  const jHigh = Math.floor(mu) + spread;
  // Q(a0 + j, y) for j = jLow..jHigh by Q(a + 1, y) = Q(a, y) + y^a e^{−y}/Γ(a + 1).
  let q = upperRegularizedGamma(a0 + jLow, y);
  let total = 0;
  for (let j = jLow; j <= jHigh; j++) {
    total += Math.exp(logPoisson(j)) * q;
    const a = a0 + j;
    q = Math.min(1, q + Math.exp(a * Math.log(y) - y - logGamma(a + 1)));
  }
  // The Poisson mass left out (beyond ±12σ) is below 1e-30; above jHigh Q ≤ 1.
  return Math.min(1, Math.max(0, total));
}

/** The χ²_df quantile c with P(χ²_df > c) = tail, by bisection. */
export function chiSquareQuantile(tail: number, df: number): number {
  let lo = 0;
  let hi = Math.max(1, df);
  while (chiSquareSurvival(hi, df) > tail) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSurvival(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return hi;
}
