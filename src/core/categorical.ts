/**
 * A discrete law given by non-negative weights (not necessarily normalised), shared by the exact enumerator
 * (which reads `weights` and `total`) and the float sampler (which draws by linear scan on first use and
 * builds a Vose alias table, O(1) per draw, from the second draw on). A law made with `{ draws: 'few' }` is
 * drawn by a scan every time and never builds the table: the choice for a law drawn a handful of times, as a
 * decoder's tree node is (the table costs about ten scans to build). The draws differ, not their law: a given
 * uniform can pick another token than with the table.
 *
 * @example
 * ```ts
 * const c = Categorical.create(floatField, [1, 3]);
 * c.probability(1); // 0.75
 * ```
 */
import { SpechubError } from './errors.ts';
import type { Field } from './field.ts';

/** Work buffers of {@link Categorical}'s alias build. */
const aliasWork = { scaled: new Float64Array(0), small: new Int32Array(0), large: new Int32Array(0) };

/** How a {@link Categorical} will be drawn from: `many` (default) builds an alias table on the second draw, `few` always scans. */
export interface CategoricalOptions {
  draws?: 'many' | 'few';
}

export class Categorical<T> {
  readonly field: Field<T>;
  readonly weights: ArrayLike<T>;
  readonly total: T;
  private supportCache: Int32Array | null = null;
  private drawsSoFar = 0;
  private aliasProbability: Float64Array | null = null;
  private aliasIndex: Int32Array | null = null;
  /** Whether every float draw is a scan (`{ draws: 'few' }`): no alias table is ever built. */
  readonly scansOnly: boolean;

  private constructor(field: Field<T>, weights: ArrayLike<T>, total: T, scansOnly: boolean) {
    this.field = field;
    this.weights = weights;
    this.total = total;
    this.scansOnly = scansOnly;
  }

  /** Indices with positive weight, ascending (computed on first use). */
  get support(): Int32Array {
    if (this.supportCache === null) {
      const F = this.field;
      const w = this.weights;
      if (F.name === 'float64') {
        // One pass into a full-size buffer, then the filled prefix (no generic Field call per entry).
        const x = w as ArrayLike<number>;
        const all = new Int32Array(x.length);
        let count = 0;
        for (let i = 0; i < x.length; i++) if (x[i]! > 0) all[count++] = i;
        this.supportCache = count === x.length ? all : all.slice(0, count);
      } else {
        let count = 0;
        for (let i = 0; i < w.length; i++) if (F.isPositive(w[i]!)) count++;
        const support = new Int32Array(count);
        let j = 0;
        for (let i = 0; i < w.length; i++) if (F.isPositive(w[i]!)) support[j++] = i;
        this.supportCache = support;
      }
    }
    return this.supportCache;
  }

  /** Throws `ZERO_DRAFT_MASS` when every weight is zero; callers that can recover use {@link tryCreate}. */
  static create<T>(F: Field<T>, weights: ArrayLike<T>, options: CategoricalOptions = {}): Categorical<T> {
    const c = Categorical.tryCreate(F, weights, options);
    if (c === null) throw new SpechubError('ZERO_DRAFT_MASS', 'categorical law with zero total mass');
    return c;
  }

  /** Like {@link create} but returns null for zero total mass. */
  static tryCreate<T>(F: Field<T>, weights: ArrayLike<T>, options: CategoricalOptions = {}): Categorical<T> | null {
    const draws = options.draws ?? 'many';
    if (draws !== 'many' && draws !== 'few') throw new SpechubError('INVALID_ARGUMENT', `draws must be 'many' or 'few', got ${String(draws)}`);
    // Σ of the positive weights (Field.sumPositive): a NaN weight or an infinite total is refused, never
    // sampled from (docs/theory.md §11.3).
    const total = F.sumPositive(weights);
    return F.isPositive(total) ? new Categorical(F, weights, total, draws === 'few') : null;
  }

  /** weights[i] / total. */
  probability(i: number): T {
    const w = this.weights[i]!;
    return this.field.isPositive(w) ? this.field.div(w, this.total) : this.field.zero;
  }

  /** Float draw from a uniform u ∈ [0, 1) (float field only). */
  sampleWith(u: number): number {
    if (this.aliasProbability === null) {
      if (this.drawsSoFar++ === 0 || this.scansOnly) return this.scan(u);
      this.buildAlias();
    }
    const s = this.support;
    const n = s.length;
    if (n === 1) return s[0]!;
    const x = u * n;
    const slot = Math.min(n - 1, Math.floor(x));
    const chosen = x - slot < this.aliasProbability![slot]! ? slot : this.aliasIndex![slot]!;
    return s[chosen]!;
  }

  /**
   * Records one draw made outside this object from the same weights (a fused inverse-CDF scan of a float fast
   * path, src/verifiers/_internals/lazyFloatLaw.ts), so that the next {@link sampleWith} behaves as if that
   * draw had been made here: the first draw scans, every later one uses the alias table.
   */
  noteDrawn(): void {
    this.drawsSoFar++;
  }

  /**
   * Inverse-CDF draw by a linear scan (cheapest for a law drawn from only once). When the total mass is below
   * 2⁻⁹⁰⁰ the scan runs on the weights scaled by 2¹⁰⁰⁰ (exact: a power of two), so that u·Σw is not rounded
   * to the subnormal grid (docs/theory.md §11.9).
   */
  scan(u: number): number {
    const w = this.weights as ArrayLike<number>;
    const total = this.total as unknown as number;
    if (total < SMALL_TOTAL) return scanScaled(w, u * (total * SMALL_TOTAL_SCALE));
    let target = u * total;
    let last = -1;
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      if (x > 0) {
        last = i;
        target -= x;
        if (target < 0) return i;
      }
    }
    return last;
  }

  // Vose's method with typed-array stacks: the same table, slot for slot, as with JavaScript arrays (the same
  // pushes and pops in the same order), so a given uniform picks the same token; no per-push allocation.
  private buildAlias(): void {
    const support = this.support;
    const n = support.length;
    const w = this.weights as ArrayLike<number>;
    const total = this.total as unknown as number;
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    // The work lists and scaled weights are temporaries: module-level buffers, grown on demand (the build is
    // synchronous, so no two builds share them at once).
    if (aliasWork.scaled.length < n) {
      const size = Math.max(n, 2 * aliasWork.scaled.length);
      aliasWork.scaled = new Float64Array(size);
      aliasWork.small = new Int32Array(size);
      aliasWork.large = new Int32Array(size);
    }
    const scaled = aliasWork.scaled;
    const small = aliasWork.small;
    const large = aliasWork.large;
    let smallCount = 0;
    let largeCount = 0;
    for (let j = 0; j < n; j++) {
      const x = (w[support[j]!]! / total) * n; // w/total ≤ 1 first: n/total overflows for a subnormal total
      scaled[j] = x;
      if (x < 1) small[smallCount++] = j;
      else large[largeCount++] = j;
    }
    // Vose's pairing loop pops s and l, and pushes l back (onto small when l's mass drops below 1, else onto large);
    // either push is popped again by the very next round (the stacks are LIFO and each round pops both), so l and
    // its mass stay in registers here instead of going through memory: the same pairs in the same order, the same
    // values, and the same stacks when the loop ends (the last push is made).
    if (smallCount > 0 && largeCount > 0) {
      let s = small[--smallCount]!;
      let xs = scaled[s]!;
      let l = large[--largeCount]!;
      let xl = scaled[l]!;
      for (;;) {
        prob[s] = xs;
        alias[s] = l;
        xl = xl + xs - 1;
        scaled[l] = xl;
        if (xl < 1) {
          // l goes onto small and is the next round's s; the next l comes from the large stack.
          if (largeCount === 0) {
            small[smallCount++] = l;
            break;
          }
          s = l;
          xs = xl;
          l = large[--largeCount]!;
          xl = scaled[l]!;
        } else {
          // l goes back onto large and is the next round's l; the next s comes from the small stack.
          if (smallCount === 0) {
            large[largeCount++] = l;
            break;
          }
          s = small[--smallCount]!;
          xs = scaled[s]!;
        }
      }
    }
    for (let i = 0; i < largeCount; i++) {
      const l = large[i]!;
      prob[l] = 1;
      alias[l] = l;
    }
    for (let i = 0; i < smallCount; i++) {
      const s = small[i]!;
      prob[s] = 1;
      alias[s] = s;
    }
    this.aliasProbability = prob;
    this.aliasIndex = alias;
  }
}

/**
 * Below this total mass a float scan runs on weights scaled by {@link SMALL_TOTAL_SCALE}: u·Σw would otherwise
 * fall in (or near) the subnormal range and round to its grid of 2⁻¹⁰⁷⁴, distorting the drawn law
 * (docs/theory.md §11.9). The float fast paths use the same rule (src/verifiers/_internals/lazyFloatLaw.ts).
 */
export const SMALL_TOTAL = 2 ** -900;
/** 2¹⁰⁰⁰: scaling by it is exact, and a scaled total below 2⁻⁹⁰⁰·2¹⁰⁰⁰ = 2¹⁰⁰ cannot overflow. */
export const SMALL_TOTAL_SCALE = 2 ** 1000;

/** The scan of `Categorical.scan` over the positive weights times {@link SMALL_TOTAL_SCALE}, from a scaled target. */
function scanScaled(w: ArrayLike<number>, target: number): number {
  let last = -1;
  for (let i = 0; i < w.length; i++) {
    const x = w[i]!;
    if (x > 0) {
      last = i;
      target -= x * SMALL_TOTAL_SCALE;
      if (target < 0) return i;
    }
  }
  return last;
}
