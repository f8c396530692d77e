/**
 * Residual laws of the float fast paths (docs/theory.md §11.7), drawn without building a vector where the
 * maths allows, with exactly the random choices and the results of the generic program's `Categorical`.
 *
 * The generic program draws a residual through `chooser.categorical(Categorical.create(floatField, w))`: with a
 * {@link SamplingChooser} that is one uniform u, then an inverse-CDF scan (target u·Σw, Σ the left-to-right sum
 * of the positive weights, subtracting the weights in index order) on the law's first draw and the alias
 * table from its second draw on. {@link LazyFloatLaw} reproduces that: its first draw from a sampling chooser
 * is the same scan over weights computed on the fly (two fused passes, no vector), every other draw (a later
 * draw, or any draw from an enumerating chooser) goes through a `Categorical` of the very same weights, told
 * about the earlier scan (`noteDrawn`) so that it continues with the alias table exactly as the generic law
 * would. The weights must be computed with the same float operations as the generic program's, so that every
 * comparison comes out the same (tested: src/verifiers/floatFastPaths.test.ts).
 */
import { Categorical, SMALL_TOTAL } from '../../core/categorical.ts';
import { type Chooser, SamplingChooser } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import { type ScratchClaim, scratchStillHolds } from '../../core/scratchBuffer.ts';
import { plainTotal, scanWeights } from '../floatKernels.ts';

/** u = 2⁻⁵³, the unit roundoff of the bounds below and of the fast paths that use them. */
export const U = Number.EPSILON / 2;

/** A float law given by a rule for its weights rather than a vector. */
export interface FusedWeights {
  /** Σ_{w(i) > 0} w(i), summed left to right in plain float arithmetic (the order of `Field.sumPositive`). */
  total(): number;
  /**
   * The inverse-CDF scan of `Categorical.scan`: subtract the positive weights from `target` in index order and
   * return the index at which it first drops below 0, or the last index of positive weight.
   */
  scan(target: number): number;
  /** The weights as a vector (for the alias table and for enumerating choosers). */
  weights(): ArrayLike<number>;
  /**
   * Optional: approximate weights that may decide the first sampled draw without the exact ones
   * ({@link boundedScan}). `large()`: whether the exact total is surely at least `SMALL_TOTAL` (so positive, and
   * drawn by a plain scan); `scan(u)`: the index for the uniform u, or −1 when the bounds cannot decide.
   */
  approx?: { large(): boolean; scan(u: number): number };
}

/** One lazily drawn residual law: fused scan on its first sampled draw, a `Categorical` of the same weights after. */
export class LazyFloatLaw {
  private readonly source: FusedWeights;
  private mass = -1;
  private scanned = false;
  private law: Categorical<number> | null = null;

  constructor(source: FusedWeights) {
    this.source = source;
  }

  /** Σ of the positive weights (computed once). */
  total(): number {
    if (this.mass < 0) {
      const total = this.source.total();
      if (total === Infinity) throw new SpechubError('NOT_FINITE', 'weights with an infinite total');
      if (total !== total) throw new SpechubError('NOT_FINITE', 'a weight is NaN');
      this.mass = total;
    }
    return this.mass;
  }

  /** Whether the total is surely positive without summing the exact weights (approximate weights say so). */
  surelyPositive(): boolean {
    return this.mass < 0 && this.source.approx !== undefined && this.source.approx.large();
  }

  /** One draw, consuming the chooser exactly as `chooser.categorical` of the generic law would. */
  draw(chooser: Chooser<number>): number {
    if (this.law === null) {
      const approx = this.source.approx;
      if (!this.scanned && approx !== undefined && this.mass < 0 && chooser instanceof SamplingChooser && approx.large()) {
        // The exact total is at least SMALL_TOTAL: the generic draw is one uniform and a plain scan, decided
        // from the approximate weights unless the uniform falls within their bounds (then the exact scan).
        this.scanned = true;
        const u = chooser.rng();
        const index = approx.scan(u);
        return index >= 0 ? index : this.source.scan(u * this.total());
      }
      // A total below SMALL_TOTAL is drawn through the Categorical itself (its scaled scan, §11.9): rare, and
      // the very same draw.
      if (!this.scanned && chooser instanceof SamplingChooser) {
        const total = this.total();
        if (!(total < SMALL_TOTAL)) {
          if (!(total > 0)) throw new SpechubError('ZERO_DRAFT_MASS', 'categorical law with zero total mass');
          this.scanned = true;
          return this.source.scan(chooser.rng() * total);
        }
      }
      this.law = Categorical.create(floatField, this.source.weights());
      if (this.scanned) this.law.noteDrawn();
    }
    return chooser.categorical(this.law);
  }
}

/**
 * Bounds [T_lo, T_hi] (to `boundsOut`) on the plain left-to-right total T of n exact weights w ≥ 0 known through
 * approximations a with |w(i) − a(i)| ≤ α·a(i) + b(i), Σ b(i) ≤ `slack`, from the plain total T' of a
 * (the plain sums within γ = 1.01·n·u of the true ones; four more roundings in forming the bounds). True when
 * T_lo ≥ `SMALL_TOTAL` and T_hi is finite: then the exact total is positive and its draw is a plain scan
 * ({@link boundedScan}). Requires n·u ≤ 10⁻³ and α ≤ 10⁻³ (false otherwise).
 */
export function boundedTotalLarge(n: number, approxTotal: number, alpha: number, slack: number): boolean {
  const eps = U;
  const gamma = 1.01 * n * eps;
  if (!(gamma <= 1e-3) || !(alpha >= 0 && alpha <= 1e-3) || !(slack >= 0) || !(approxTotal < Infinity)) return false;
  const totalLo = ((approxTotal / (1 + gamma)) * (1 - alpha) - slack) * (1 - gamma) * (1 - 4 * eps);
  const totalHi = ((approxTotal / (1 - gamma)) * (1 + alpha) + slack) * (1 + gamma) * (1 + 4 * eps);
  boundsOut[0] = totalLo;
  boundsOut[1] = totalHi;
  return totalLo >= SMALL_TOTAL && totalHi < Infinity;
}

/**
 * The first draw of a float law from approximate weights, when that decides it (docs/theory.md §11.7, "bounded
 * residual draws"). The law's exact weights w (what the generic program draws from) are known only through
 * approximations a ≥ 0 with |w(i) − a(i)| ≤ α·a(i) + b(i), Σ_i b(i) ≤ `slack` (w(i) ≥ 0). The generic draw is
 * T = Σ w left to right (plain), t₀ = fl(u·T), then t ← fl(t − w(i)) in index order until t < 0; it returns that
 * index. Here the same scan runs over a with t₀' = fl(u·T'), T' = Σ a (`approxTotal`), and its crossing index j
 * is returned when the bounds prove the exact scan crosses at j too:
 * - T lies in [T_lo, T_hi] (the plain sums within γ = 1.01·n·u of the true ones, a within α and `slack`), and
 *   t₀ in [fl(u·T_lo), fl(u·T_hi)] (rounding is monotone), so |t₀ − t₀'| ≤ D₀;
 * - before any crossing, each running value is t₀ − Σ_{i≤j} w(i) within j·u·t₀ (one rounding per step, of a
 *   value in [0, t₀]; a subtraction with a subnormal result is exact), and the same for a; so the exact and
 *   approximate values before step j + 1 differ by at most B(j) = 1.01·[(j + 1)·u·(t₀_hi + t₀') + D₀ + 2α·t₀'
 *   + slack] (the approximate weights summed so far are at most 2t₀');
 * - the exact scan does not cross before j when the approximate value before step j is ≥ B(j − 1) (the values
 *   decrease and B grows), and crosses at j when the approximate value after step j is below
 *   −(B(j) + 1.01·α·a(j))/(1 − 2u) (fl(x) < 0 exactly when x < 0).
 * Returns −1 when it cannot decide (a uniform within B of a boundary: probability about B/t₀; no crossing; T_lo
 * below `SMALL_TOTAL`, where the generic draw scales its weights; non-finite values): the caller then draws from
 * the exact weights with the same u. `u` is the uniform already drawn. Requires n·u ≤ 10⁻³ and α ≤ 10⁻³.
 * Weights known up to a positive factor c (|c·w(i) − a(i)| ≤ α·a(i) + b(i), c unknown: RRSw's residual before its
 * normaliser) are decided the same way: every step of the argument holds for the exact quantities times c (each
 * rounding is relative, signs are kept), except that fl(u·T)·c is within u of u·T·c, which D₀ covers (2u·t₀_hi);
 * the caller then makes sure itself that the exact total is at least `SMALL_TOTAL`.
 */
export function boundedScan(a: ArrayLike<number>, n: number, u: number, approxTotal: number, alpha: number, slack: number): number {
  if (!boundedTotalLarge(n, approxTotal, alpha, slack)) return -1;
  const eps = U;
  const totalLo = boundsOut[0]!;
  const totalHi = boundsOut[1]!;
  const start = u * approxTotal;
  const startLo = u * totalLo;
  const startHi = u * totalHi;
  // The exact t₀ is fl(u·T); in the scale of a (weights known up to a positive factor, below) it is within u of
  // u·T, hence the 2u·t₀_hi.
  const d0 = (Math.max(startHi - start, start - startLo) + 2 * eps * startHi) * (1 + 4 * eps);
  const fixed = d0 + 2 * alpha * start + slack;
  const perStep = eps * (startHi + start);
  let t = start;
  for (let j = 0; j < n; j++) {
    const x = a[j]!;
    const next = t - x;
    if (next < 0) {
      // No exact crossing before j (values before step j at least B(j − 1)), and one at j.
      if (j > 0 && !(t >= 1.01 * (j * perStep + fixed))) return -1;
      const bound = 1.01 * ((j + 1) * perStep + fixed + alpha * x);
      return -next * (1 - 2 * eps) > bound ? j : -1;
    }
    t = next;
  }
  return -1;
}

/** The relative half-width of bounds [lo, hi] around a plain sum (max(hi/plain − 1, 1 − lo/plain)). */
export function relativeHalfWidth(lo: number, hi: number, plain: number): number {
  return Math.max(hi / plain - 1, 1 - lo / plain);
}

/**
 * The weights of a residual known up to its normaliser S (RRS's P₂, RRSw's P₃; docs/theory.md §11.7, "bounded
 * residual draws"): approximate weights a in `claim` (length n, plain total `total`) with |S·w − a| ≤ 4u·a + b,
 * Σb ≤ `slackV`, for the exact weights w. A lower bound on S (its compensated sum within 3u of Σ S·w, within
 * 2.01u·Σa + slackV of Σa, within γ of `total`) must be positive: then the generic program draws from this law,
 * whose total is about 1 (a plain scan), and its first draw is decided by `boundedScan` (slack 1.01·slackV plus
 * n·2⁻¹⁰⁷⁴ for the division by S). The exact weights come from `exact`, made on first need. Null when S may be 0.
 */
export function weightsUpToNormaliser(claim: ScratchClaim, n: number, total: number, slackV: number, exact: () => FusedWeights): FusedWeights | null {
  const lower = (total * (1 - 1.01 * n * U) * (1 - 2.01 * U) - slackV) * (1 - 8 * U);
  if (!(lower > 0) || !(total < Infinity)) return null;
  const alpha = 4 * U;
  const slack = 1.01 * slackV + n * 2 ** -1074;
  let form: FusedWeights | null = null;
  const exactForm = () => (form ??= exact());
  return {
    total: () => exactForm().total(),
    scan: (t) => exactForm().scan(t),
    weights: () => exactForm().weights(),
    approx: {
      large: () => scratchStillHolds(claim) && boundedTotalLarge(n, total, alpha, slack),
      scan: (u) => (scratchStillHolds(claim) ? boundedScan(claim.buffer, n, u, total, alpha, slack) : -1),
    },
  };
}

/**
 * A residual with the generic `residualLaw` fallback: the residual itself when its mass is positive, otherwise
 * (a probability-zero path in exact arithmetic, §8 item 3) the target law, made on first use.
 */
export class ResidualDraw {
  private readonly residual: LazyFloatLaw;
  private readonly target: () => LazyFloatLaw;
  private fallback: LazyFloatLaw | null = null;

  constructor(residual: FusedWeights, target: () => LazyFloatLaw) {
    this.residual = new LazyFloatLaw(residual);
    this.target = target;
  }

  draw(chooser: Chooser<number>): number {
    if (this.residual.surelyPositive() || this.residual.total() > 0) return this.residual.draw(chooser);
    return (this.fallback ??= this.target()).draw(chooser);
  }
}

/** The target law p itself, as a lazily drawn law (the zero-mass fallback of every residual). */
export function targetLaw(p: ArrayLike<number>): LazyFloatLaw {
  return new LazyFloatLaw({
    total: () => plainTotal(p, p.length),
    scan: (target) => scanWeights(p, p.length, target),
    weights: () => p,
  });
}

/**
 * The accept test of `ratioTest` (§2 conventions, §11.3 rule 5) on floats: a non-positive denominator never
 * divides (accept iff the numerator is positive, no uniform consumed); otherwise `chooser.bernoulli(num / den)`.
 */
export function ratioTestFloat(chooser: Chooser<number>, num: number, den: number): boolean {
  if (!(den > 0)) return num > 0;
  return chooser.bernoulli(num / den);
}

/** [lo, hi] of the last {@link massBounds}. */
export const boundsOut = new Float64Array(2);

/** Whether the chooser's `bernoulli(x)` is `rng() < x` (a SamplingChooser that does not override it). */
function plainSampling(chooser: Chooser<number>): chooser is SamplingChooser {
  return chooser instanceof SamplingChooser && chooser.bernoulli === SamplingChooser.prototype.bernoulli;
}

/**
 * Bounds [lo, hi] on a mass of n non-negative terms that the generic program sums compensated (within about 3u
 * of the true sum) or pairwise (RRSw's segment tree, within ⌈log₂ n⌉u), from the plain left-to-right sum
 * `plain` of the same terms (within (n − 1)u/(1 − (n − 1)u) of the true sum): the relative half-width
 * (2n + 8)u covers both with a factor 2 to spare, the roundings of lo and hi included. Null when the bound is of no use (plain ≤ 2⁻¹⁰⁰⁰, where products could round in the
 * subnormal range, or n·u ≥ 10⁻³); then the exact mass decides. The bounds go to `boundsOut` ([lo, hi], read
 * right after the call).
 */
export function massBounds(plain: number, n: number): boolean {
  const out = boundsOut;
  const e = (2 * n + 8) * U;
  if (!(plain > 2 ** -1000) || !(e < 1e-3) || plain === Infinity) return false;
  out[0] = plain * (1 - e);
  out[1] = plain * (1 + e);
  return true;
}

/** The uniform drawn by the last {@link boundedRatioTest} that could not decide (read right after the call). */
const pendingUniform = new Float64Array(1);

/**
 * The first half of `ratioTestFloat(chooser, num, den)` when num and den are known to lie in [numLo, numHi] and
 * [denLo, denHi] before they are computed: each is a correctly rounded, monotone function of a mass that is
 * summed (a full pass) only if needed. A sampling chooser's test is u < fl(num/den), and
 * fl(numLo/denHi) ≤ fl(num/den) ≤ fl(numHi/denLo) (correct rounding is monotone; num ≥ 0, den > 0), so the
 * uniform decides from the bounds unless it falls between them; den ≥ denLo > 0 means one uniform is drawn, as
 * the generic test draws it. Returns 1 (accept) or 0 (reject) when decided; −1 when the uniform was drawn but
 * falls between the bounds; −2 when nothing was drawn (another chooser, or bounds that do not settle the sign
 * of den). For −1 and −2 the caller finishes with {@link finishRatioTest} and the exact num and den. Same
 * uniform, same verdict as `ratioTestFloat` (tested with uniforms equal to the exact probability and its
 * predecessor, src/verifiers/floatFastPaths.test.ts). No closure: the exact values are computed by the caller
 * only when needed.
 */
export function boundedRatioTest(chooser: Chooser<number>, numLo: number, numHi: number, denLo: number, denHi: number): number {
  if (!(denLo > 0) || !(numLo >= 0) || !plainSampling(chooser)) return -2;
  const u = chooser.rng();
  if (u < numLo / denHi) return 1;
  if (!(u < numHi / denLo)) return 0;
  pendingUniform[0] = u;
  return -1;
}

/** Completes an undecided {@link boundedRatioTest} (state −1 or −2) with the exact numerator and denominator. */
export function finishRatioTest(state: number, chooser: Chooser<number>, num: number, den: number): boolean {
  if (state === -1) return pendingUniform[0]! < num / den;
  return ratioTestFloat(chooser, num, den);
}
