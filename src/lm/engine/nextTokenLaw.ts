/**
 * The next-token law a decoder samples from: softmax(logits / temperature) in float64, then top-p (nucleus)
 * filtering. Spec §8 item 9: the same temperature and top-p are applied to the target and to the draft before
 * drafting and verification, so the verifiers see exactly the laws that are sampled.
 *
 * @example
 * ```ts
 * const logits = Float32Array.of(2, 1, 0, -1);
 * const p = nextTokenLaw(logits, { temperature: 0.6, topP: 1 }); // softmax(logits / 0.6)
 * p.length; // 4
 * nextTokenLaw(logits, { temperature: 1, topP: 0.5 })[0]; // 1 (top-p keeps the smallest head of mass ≥ 0.5)
 * ```
 */
import { softmax, topPFilter } from '../../core/softmax.ts';

/** Temperature and top-p, applied to both models. */
export interface SamplingSettings {
  /** Softmax temperature, > 0 (default 1). */
  temperature: number;
  /** Nucleus mass in (0, 1] (default 1 = no filtering). */
  topP: number;
}

/** Temperature 1, no nucleus filtering. */
export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 1, topP: 1 };

/** softmax(logits / temperature) in float64, then top-p filtering when topP < 1. */
export function nextTokenLaw(logits: ArrayLike<number>, settings: SamplingSettings = DEFAULT_SAMPLING): Float64Array {
  const p = softmax(logits, settings.temperature);
  return settings.topP < 1 ? topPFilter(p, settings.topP) : p;
}
