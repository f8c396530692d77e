/**
 * Seeded synthetic target/draft pairs (p, q) over a vocabulary of n tokens, in float64 on the JavaScript side:
 * the reference generator behind the synthetic Markov chains, the contextual language and the tensor batches
 * (`generatePairBatch` builds the same pairs as tfjs tensors).
 *
 * Target logits ℓ_p come from a **family**:
 * - `zipf` (exponent s): ℓ_p(π(r)) = −s·log(1 + r) for a random permutation π (rank r → token), so
 *   p ∝ (1 + r)^{−s/T}: LLM-like long tails; optional `support` keeps only the top ranks (sparse rows) and
 *   `jitter` σ_t adds σ_t·N(0, 1) to every logit;
 * - `dirichlet` (concentration c): ℓ_p = log G, G_y ~ Gamma(c) i.i.d., i.e. p ~ Dirichlet(c) at T = 1
 *   (small c: a few dominant tokens); optional `support` keeps a random subset.
 *
 * The draft is derived from the target with controlled divergence:
 * - `logitNoise` σ: ℓ_q = ℓ_p + σ·ε, ε ~ N(0, 1) per token;
 * - `temperatureRatio` r: the draft is sampled at temperature T·r (r < 1: an over-confident draft);
 * - `uniformMix` u and `otherModelMix` o: q = (1 − u − o)·softmax(ℓ_q/(T r)) + u/n + o·softmax(ℓ_o/T), with ℓ_o an
 *   independent row of the same family ("another model").
 *
 * Temperature T and top-p are applied to both laws (§8 item 9): p = topP(softmax(ℓ_p/T)),
 * q = topP(draft mixture). Row `index` with seed `seed` is always the same pair (independent streams per role
 * and per index, derived with `deriveSeed`), so rows can be generated lazily and in any order.
 *
 * @example
 * ```ts
 * const { p, q } = syntheticPair({ vocabularySize: 1000, family: { kind: 'zipf', exponent: 1.1 },
 *   temperature: 0.6, draft: { logitNoise: 1.5 } }, 'seed', 0);
 * overlap(floatField, p, q); // single-draft acceptance of this pair
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { softmax, topPFilter } from '../core/softmax.ts';
import { pairLogits } from './_internals/pairLogits.ts';

export type LogitFamily =
  /** `jitter` σ_t adds σ_t·N(0, 1) to every target logit (ranks reorder a little; default 0). */
  | { kind: 'zipf'; exponent: number; support?: number; jitter?: number }
  | { kind: 'dirichlet'; concentration: number; support?: number };

export interface DraftDivergence {
  /** σ of the Gaussian noise added to the target logits (default 0). */
  logitNoise?: number;
  /** Draft temperature / target temperature (default 1). */
  temperatureRatio?: number;
  /** Weight of the uniform law in the draft mixture (default 0). */
  uniformMix?: number;
  /** Weight of an independent model of the same family in the draft mixture (default 0). */
  otherModelMix?: number;
}

export interface PairConfig {
  vocabularySize: number;
  family: LogitFamily;
  /** Sampling temperature of both models (default 1). */
  temperature?: number;
  /** Nucleus mass kept in both laws (default 1: no filtering). */
  topP?: number;
  draft?: DraftDivergence;
}

/** Largest vocabulary the generators accept. */
export const MAX_SYNTHETIC_VOCABULARY = 1_000_000;

/** Checks a configuration; throws `INVALID_ARGUMENT` naming the first bad field. */
export function validatePairConfig(config: PairConfig): void {
  const bad = (message: string): never => {
    throw new SpechubError('INVALID_ARGUMENT', message);
  };
  const n = config.vocabularySize;
  if (!Number.isInteger(n) || n < 2 || n > MAX_SYNTHETIC_VOCABULARY) bad(`vocabularySize must be an integer in [2, ${MAX_SYNTHETIC_VOCABULARY}], got ${n}`);
  const f = config.family;
  if (f === undefined || f === null) bad('family is required');
  if (f.kind === 'zipf') {
    if (!(f.exponent > 0 && Number.isFinite(f.exponent))) bad(`zipf exponent must be a positive number, got ${f.exponent}`);
    if (!((f.jitter ?? 0) >= 0 && Number.isFinite(f.jitter ?? 0))) bad(`zipf jitter must be ≥ 0, got ${f.jitter}`);
  } else if (f.kind === 'dirichlet') {
    if (!(f.concentration > 0 && Number.isFinite(f.concentration))) bad(`dirichlet concentration must be a positive number, got ${f.concentration}`);
  } else bad(`unknown logit family '${(f as { kind: string }).kind}' (zipf, dirichlet)`);
  if (f.support !== undefined && !(Number.isInteger(f.support) && f.support >= 1 && f.support <= n)) bad(`support must be an integer in [1, ${n}], got ${f.support}`);
  const T = config.temperature ?? 1;
  if (!(T > 0 && Number.isFinite(T))) bad(`temperature must be a positive number, got ${T}`);
  const topP = config.topP ?? 1;
  if (!(topP > 0 && topP <= 1)) bad(`topP must lie in (0, 1], got ${topP}`);
  const d = config.draft ?? {};
  if (!((d.logitNoise ?? 0) >= 0 && Number.isFinite(d.logitNoise ?? 0))) bad(`logitNoise must be ≥ 0, got ${d.logitNoise}`);
  if (!((d.temperatureRatio ?? 1) > 0 && Number.isFinite(d.temperatureRatio ?? 1))) bad(`temperatureRatio must be positive, got ${d.temperatureRatio}`);
  const u = d.uniformMix ?? 0;
  const o = d.otherModelMix ?? 0;
  if (!(u >= 0 && u <= 1) || !(o >= 0 && o <= 1) || u + o > 1) bad(`uniformMix and otherModelMix must lie in [0, 1] with sum ≤ 1, got ${u} and ${o}`);
}

/** The pair number `index` of the configuration (validated). */
export function syntheticPair(config: PairConfig, seed: string | number, index: number): { p: Float64Array; q: Float64Array } {
  validatePairConfig(config);
  if (!Number.isInteger(index) || index < 0) throw new SpechubError('INVALID_ARGUMENT', `index must be an integer ≥ 0, got ${index}`);
  return pairFromLogits(config, pairLogits(config, seed, index));
}

/**
 * The logits behind pair number `index` (validated), before temperature, mixtures and top-p: for sweeps that
 * apply their own temperatures (softmax(target/T), softmax(draft/(T·temperatureRatio))).
 */
export function syntheticLogits(config: PairConfig, seed: string | number, index: number): { target: Float64Array; draft: Float64Array } {
  validatePairConfig(config);
  if (!Number.isInteger(index) || index < 0) throw new SpechubError('INVALID_ARGUMENT', `index must be an integer ≥ 0, got ${index}`);
  const { target, draft } = pairLogits(config, seed, index);
  return { target, draft };
}

/** Temperature, draft mixture and top-p applied to generated logits (float64). */
export function pairFromLogits(config: PairConfig, logits: { target: Float64Array; draft: Float64Array; other: Float64Array | null }): { p: Float64Array; q: Float64Array } {
  const n = config.vocabularySize;
  const T = config.temperature ?? 1;
  const topP = config.topP ?? 1;
  const d = config.draft ?? {};
  const u = d.uniformMix ?? 0;
  const o = d.otherModelMix ?? 0;
  const p = topPFilter(softmax(logits.target, T), topP);
  const model = softmax(logits.draft, T * (d.temperatureRatio ?? 1));
  if (u > 0 || o > 0) {
    const other = logits.other !== null ? softmax(logits.other, T) : null;
    for (let y = 0; y < n; y++) model[y] = (1 - u - o) * model[y]! + u / n + (other !== null ? o * other[y]! : 0);
  }
  return { p, q: topPFilter(model, topP) };
}
