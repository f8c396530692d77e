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
import { plainTotal, scanWeights } from '../floatKernels.ts';

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

  /** One draw, consuming the chooser exactly as `chooser.categorical` of the generic law would. */
  draw(chooser: Chooser<number>): number {
    if (this.law === null) {
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
    if (this.residual.total() > 0) return this.residual.draw(chooser);
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
  const e = (2 * n + 8) * (Number.EPSILON / 2);
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
