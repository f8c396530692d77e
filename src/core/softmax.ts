/**
 * Turning logits into next-token laws: softmax with temperature, top-k and top-p (nucleus) filtering.
 * Spec §8 item 9: temperature and top-p are applied to both target and draft before verification.
 *
 * @example
 * ```ts
 * const p = softmax([2, 1, 0], 0.6);
 * const nucleus = topPFilter(p, 0.9);
 * ```
 */
import { SpechubError } from './errors.ts';
import { expOfNonPositive } from './expOfNonPositive.ts';

/** softmax(logits / temperature), computed stably in float64. Temperature must be positive. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new SpechubError('INVALID_ARGUMENT', `temperature must be a positive number, got ${temperature}`);
  }
  const n = logits.length;
  if (n === 0) throw new SpechubError('EMPTY', 'softmax of an empty vector');
  return softmaxInto(logits, temperature, new Float64Array(n));
}

/**
 * {@link softmax} written into `out` (length ≥ that of `logits`; `out` may be `logits` itself: each entry is read
 * before it is written), the same doubles; returns `out`. Temperature 1 skips the division by it (x / 1 = x).
 * The caller checks the temperature and that `logits` is not empty.
 */
export function softmaxInto(logits: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  const n = logits.length;
  // The maximum without a finiteness test per entry (half the loop's time). A NaN never raises it, so: a +∞ logit
  // makes it +∞ and every logit −∞ (or NaN) leaves it −∞, both checked here before anything is written; with a
  // finite maximum only NaN logits can be wrong, and they make their exponentials and the total NaN (found below,
  // also when `out` is `logits`: a finite or −∞ logit has a finite exponential).
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = logits[i]!;
    if (x > max) max = x;
  }
  if (max === Infinity || max === -Infinity) {
    for (let i = 0; i < n; i++) {
      const x = logits[i]!;
      if (Number.isNaN(x) || x === Infinity) throw new SpechubError('NOT_FINITE', `logit ${i} is ${x}`);
    }
    throw new SpechubError('ZERO_DRAFT_MASS', 'every logit is −∞');
  }
  let total = 0;
  if (temperature === 1) {
    for (let i = 0; i < n; i++) {
      const e = expOfNonPositive(logits[i]! - max);
      out[i] = e;
      total += e;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const e = expOfNonPositive((logits[i]! - max) / temperature);
      out[i] = e;
      total += e;
    }
  }
  if (total !== total) {
    for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) throw new SpechubError('NOT_FINITE', `logit ${i} is NaN`);
  }
  for (let i = 0; i < n; i++) out[i]! /= total;
  return out;
}

/** Keeps the k most probable entries (ties by lowest index) and renormalises. */
export function topKFilter(probs: ArrayLike<number>, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new SpechubError('INVALID_K', `top-k needs an integer k ≥ 1, got ${k}`);
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const out = new Float64Array(probs.length);
  let total = 0;
  for (const i of order.slice(0, k)) {
    out[i] = probs[i]!;
    total += probs[i]!;
  }
  if (total <= 0) throw new SpechubError('ZERO_DRAFT_MASS', 'top-k kept no mass');
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/**
 * Nucleus filtering: keeps the smallest set of most probable entries whose mass reaches `topP` (ties by lowest
 * index), renormalised. `topP = 1` returns a copy.
 */
export function topPFilter(probs: ArrayLike<number>, topP: number): Float64Array {
  if (!(topP > 0 && topP <= 1)) throw new SpechubError('INVALID_ARGUMENT', `top-p must lie in (0, 1], got ${topP}`);
  if (topP === 1) return Float64Array.from(probs);
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const out = new Float64Array(probs.length);
  let total = 0;
  for (const i of order) {
    if (total >= topP) break;
    out[i] = probs[i]!;
    total += probs[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}
