/**
 * A "contextual" synthetic language whose next-token law depends on the last m tokens (m = 1..3) through a
 * hashed logit table, like a hashed back-off n-gram model with LLM-like long tails:
 *
 *   ℓ_p(y | t_{−m..−1}) = w_0·G(y) + Σ_{i=1..m} w_i·E[h(i, t_{−i..−1}) mod B](y)
 *
 * G is a global row of the logit family (unigram-like), E a table of B rows of the same family (generated lazily
 * from the seed, bucket by bucket), h a 32-bit hash of the length-i suffix. With the Zipf family every row is a
 * long tail over its own random ranking, and their weighted sum mixes a shared head with context-specific
 * tokens. The draft law is derived from ℓ_p exactly as for `syntheticPair` (logit noise seeded by the context,
 * temperature ratio, uniform / other-model mixture), and temperature and top-p apply to both.
 *
 * The state is the context itself, encoded as the integer Σ_i t_{−i}·n^{i−1} (so the state count is n^m ≤ 2^53);
 * laws are cached per state by the tree walk. There is no exact tokens-per-step for this family (it is not
 * first-order); simulate it with `simulateTreeWalk`.
 *
 * @example
 * ```ts
 * const lang = contextualLanguage({ vocabularySize: 500, contextLength: 2, buckets: 16,
 *   family: { kind: 'zipf', exponent: 1.1 }, temperature: 1, draft: { logitNoise: 1 } }, 'seed');
 * simulateTreeWalk(lang, fullTree(2, 3), 'spechub', { steps: 200, seed: 1, start: (rng) => Math.floor(rng() * lang.stateCount) });
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { createRng, deriveSeed } from '../random/createRng.ts';
import type { Language } from '../tree/language.ts';
import { familyLogits } from './_internals/pairLogits.ts';
import { hashIntegers, standardNormal } from './_internals/randomVariates.ts';
import { type PairConfig, pairFromLogits, validatePairConfig } from './syntheticPair.ts';

export interface ContextualConfig extends PairConfig {
  /** Number of previous tokens the law depends on (1..3). */
  contextLength: number;
  /** Rows of the hashed logit table (default 4096). */
  buckets?: number;
  /** Weights [w_0, w_1, …, w_m] of the global row and of the suffix rows (default [0.5, 0.5, …, 1]). */
  weights?: number[];
}

export function contextualLanguage(config: ContextualConfig, seed: string | number, options: { cacheEntries?: number } = {}): Language<number> {
  validatePairConfig(config);
  const n = config.vocabularySize;
  const m = config.contextLength;
  if (!Number.isInteger(m) || m < 1 || m > 3) throw new SpechubError('INVALID_ARGUMENT', `contextLength must be 1, 2 or 3, got ${m}`);
  const stateCount = n ** m;
  if (stateCount > Number.MAX_SAFE_INTEGER) throw new SpechubError('TOO_LARGE', `n^m = ${n}^${m} states do not fit in a safe integer`);
  if (config.family.support !== undefined) throw new SpechubError('INVALID_ARGUMENT', 'the contextual family sums rows of logits; sparse rows (support) are not supported');
  const buckets = config.buckets ?? 4096;
  if (!Number.isInteger(buckets) || buckets < 1) throw new SpechubError('INVALID_ARGUMENT', `buckets must be a positive integer, got ${buckets}`);
  const weights = config.weights ?? [0.5, ...Array.from({ length: m }, (_, i) => (i + 1 === m ? 1 : 0.5))];
  if (weights.length !== m + 1 || !weights.every((w) => Number.isFinite(w) && w >= 0)) {
    throw new SpechubError('INVALID_ARGUMENT', `weights must be m + 1 = ${m + 1} non-negative numbers`);
  }
  const limit = Math.max(16, options.cacheEntries ?? Math.floor(1e7 / n));
  const global = familyLogits(config.family, n, createRng(deriveSeed(seed, 'global')));
  const table = new Map<number, Float64Array>();
  const row = (bucket: number): Float64Array => {
    let r = table.get(bucket);
    if (r === undefined) {
      r = familyLogits(config.family, n, createRng(deriveSeed(seed, 'bucket', bucket)));
      if (table.size >= limit) table.delete(table.keys().next().value!);
      table.set(bucket, r);
    }
    return r;
  };
  const laws = new Map<number, { p: Float64Array; q: Float64Array }>();
  const lawsAt = (state: number) => {
    let law = laws.get(state);
    if (law !== undefined) return law;
    if (!(Number.isInteger(state) && state >= 0 && state < stateCount)) throw new SpechubError('INVALID_ARGUMENT', `state ${state} is not in 0..${stateCount - 1}`);
    const target = new Float64Array(n);
    if (weights[0]! > 0) for (let y = 0; y < n; y++) target[y] = weights[0]! * global[y]!;
    for (let i = 1, span = n; i <= m; i++, span *= n) {
      const w = weights[i]!;
      if (w === 0) continue;
      const suffix = state % span; // the last i tokens
      const r = row(hashIntegers(i, suffix) % buckets);
      for (let y = 0; y < n; y++) target[y] = target[y]! + w * r[y]!;
    }
    const sigma = config.draft?.logitNoise ?? 0;
    const draft = Float64Array.from(target);
    if (sigma > 0) {
      const noise = createRng(deriveSeed(seed, 'noise', state));
      for (let y = 0; y < n; y++) draft[y] = draft[y]! + sigma * standardNormal(noise);
    }
    const other = (config.draft?.otherModelMix ?? 0) > 0 ? familyLogits(config.family, n, createRng(deriveSeed(seed, 'other', state))) : null;
    law = pairFromLogits(config, { target, draft, other });
    if (laws.size >= limit) laws.delete(laws.keys().next().value!);
    laws.set(state, law);
    return law;
  };
  const span = n ** (m - 1);
  return {
    field: floatField,
    vocabularySize: n,
    stateCount,
    next: (state, token) => (state % span) * n + token,
    lawKey: (state) => state,
    target: (state) => lawsAt(state).p,
    draft: (state) => lawsAt(state).q,
  };
}
