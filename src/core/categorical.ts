/**
 * A discrete law given by non-negative weights (not necessarily normalised), shared by the exact enumerator
 * (which reads `weights` and `total`) and the float sampler (which draws by linear scan on first use and
 * builds a Vose alias table, O(1) per draw, from the second draw on).
 *
 * @example
 * ```ts
 * const c = Categorical.create(floatField, [1, 3]);
 * c.probability(1); // 0.75
 * ```
 */
import { SpechubError } from './errors.ts';
import type { Field } from './field.ts';

export class Categorical<T> {
  readonly field: Field<T>;
  readonly weights: ArrayLike<T>;
  readonly total: T;
  /** Indices with positive weight, ascending. */
  readonly support: Int32Array;
  private drawsSoFar = 0;
  private aliasProbability: Float64Array | null = null;
  private aliasIndex: Int32Array | null = null;

  private constructor(field: Field<T>, weights: ArrayLike<T>, total: T, support: Int32Array) {
    this.field = field;
    this.weights = weights;
    this.total = total;
    this.support = support;
  }

  /** Throws `ZERO_DRAFT_MASS` when every weight is zero; callers that can recover use {@link tryCreate}. */
  static create<T>(F: Field<T>, weights: ArrayLike<T>): Categorical<T> {
    const c = Categorical.tryCreate(F, weights);
    if (c === null) throw new SpechubError('ZERO_DRAFT_MASS', 'categorical law with zero total mass');
    return c;
  }

  /** Like {@link create} but returns null for zero total mass. */
  static tryCreate<T>(F: Field<T>, weights: ArrayLike<T>): Categorical<T> | null {
    let total = F.zero;
    let count = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (F.isPositive(w)) {
        total = F.add(total, w);
        count++;
      }
    }
    if (count === 0) return null;
    const support = new Int32Array(count);
    let j = 0;
    for (let i = 0; i < weights.length; i++) if (F.isPositive(weights[i]!)) support[j++] = i;
    return new Categorical(F, weights, total, support);
  }

  /** weights[i] / total. */
  probability(i: number): T {
    const w = this.weights[i]!;
    return this.field.isPositive(w) ? this.field.div(w, this.total) : this.field.zero;
  }

  /** Float draw from a uniform u ∈ [0, 1) (float field only). */
  sampleWith(u: number): number {
    const n = this.support.length;
    if (n === 1) return this.support[0]!;
    if (this.aliasProbability === null) {
      if (this.drawsSoFar++ === 0) return this.scan(u);
      this.buildAlias();
    }
    const x = u * n;
    const slot = Math.min(n - 1, Math.floor(x));
    const chosen = x - slot < this.aliasProbability![slot]! ? slot : this.aliasIndex![slot]!;
    return this.support[chosen]!;
  }

  /** Inverse-CDF draw by a linear scan (cheapest for a law drawn from only once). */
  scan(u: number): number {
    const w = this.weights as ArrayLike<number>;
    let target = u * (this.total as unknown as number);
    const s = this.support;
    for (let j = 0; j < s.length; j++) {
      target -= w[s[j]!]!;
      if (target < 0) return s[j]!;
    }
    return s[s.length - 1]!;
  }

  private buildAlias(): void {
    const n = this.support.length;
    const w = this.weights as ArrayLike<number>;
    const total = this.total as unknown as number;
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let j = 0; j < n; j++) {
      scaled[j] = (w[this.support[j]!]! * n) / total;
      (scaled[j]! < 1 ? small : large).push(j);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      prob[s] = scaled[s]!;
      alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const l of large) {
      prob[l] = 1;
      alias[l] = l;
    }
    for (const s of small) {
      prob[s] = 1;
      alias[s] = s;
    }
    this.aliasProbability = prob;
    this.aliasIndex = alias;
  }
}
