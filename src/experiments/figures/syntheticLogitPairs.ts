/**
 * The synthetic family of (target, draft) logit pairs behind the figures: the project's Zipf family
 * (`syntheticLogits` of src/synthetic) with jittered target logits, and a draft that sees a damped, noisy copy
 * of them — the long-tailed, mostly-agreeing shape of a small draft model against a large target.
 * Temperature is applied later (softmax(logits / T)), to both, as §8 item 9 says.
 *
 *   target(π(r)) = −s · log(1 + r) + σ_t · ε,      draft = γ · (target + (σ_d/γ) · η) = γ·target + σ_d·η,
 *
 * with π a random ranking and ε, η i.i.d. N(0, 1) (the draft's damping γ is a temperature ratio 1/γ).
 *
 * @example
 * ```ts
 * const pairs = syntheticLogitPairs({ n: 300, contexts: 24, seed: 17 });
 * const p = softmax(pairs[0].target, 0.7), q = softmax(pairs[0].draft, 0.7);
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { type PairConfig, syntheticLogits } from '../../synthetic/syntheticPair.ts';

export interface SyntheticFamilyOptions {
  /** Vocabulary size. */
  n: number;
  /** Number of contexts (independent pairs). */
  contexts: number;
  seed: string | number;
  /** Zipf exponent s (default 1.1). */
  zipfExponent?: number;
  /** Target logit noise σ_t (default 0.5). */
  targetNoise?: number;
  /** Draft damping γ (default 0.85: the draft is less confident). */
  draftDamping?: number;
  /** Draft logit noise σ_d (default 0.9). */
  draftNoise?: number;
}

export interface LogitPair {
  target: Float64Array;
  draft: Float64Array;
}

/** The defaults used by the canonical figures. */
export const SYNTHETIC_DEFAULTS = { zipfExponent: 1.1, targetNoise: 0.5, draftDamping: 0.85, draftNoise: 0.9 } as const;

export function syntheticLogitPairs(options: SyntheticFamilyOptions): LogitPair[] {
  const { n, contexts } = options;
  if (!Number.isInteger(n) || n < 2) throw new SpechubError('INVALID_ARGUMENT', `n must be an integer ≥ 2, got ${n}`);
  if (!Number.isInteger(contexts) || contexts < 1) throw new SpechubError('INVALID_ARGUMENT', `contexts must be a positive integer, got ${contexts}`);
  const s = options.zipfExponent ?? SYNTHETIC_DEFAULTS.zipfExponent;
  const sigmaT = options.targetNoise ?? SYNTHETIC_DEFAULTS.targetNoise;
  const gamma = options.draftDamping ?? SYNTHETIC_DEFAULTS.draftDamping;
  const sigmaD = options.draftNoise ?? SYNTHETIC_DEFAULTS.draftNoise;
  for (const [name, x] of [['zipfExponent', s], ['targetNoise', sigmaT], ['draftDamping', gamma], ['draftNoise', sigmaD]] as const) {
    if (!Number.isFinite(x) || x < 0) throw new SpechubError('INVALID_ARGUMENT', `${name} must be a finite number ≥ 0, got ${x}`);
  }
  if (s <= 0 || gamma <= 0) throw new SpechubError('INVALID_ARGUMENT', 'zipfExponent and draftDamping must be positive');
  const config: PairConfig = { vocabularySize: n, family: { kind: 'zipf', exponent: s, jitter: sigmaT }, draft: { logitNoise: sigmaD / gamma } };
  const pairs: LogitPair[] = [];
  for (let c = 0; c < contexts; c++) {
    const { target, draft } = syntheticLogits(config, options.seed, c);
    for (let y = 0; y < n; y++) draft[y] = gamma * draft[y]!;
    pairs.push({ target, draft });
  }
  return pairs;
}
