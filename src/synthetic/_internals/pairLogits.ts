import { createRng, deriveSeed } from '../../random/createRng.ts';
import type { Rng } from '../../core/rng.ts';
import type { LogitFamily, PairConfig } from '../syntheticPair.ts';
import { logGammaVariate, permutation, standardNormal } from './randomVariates.ts';

/** Target logits of one row of a family (−∞ outside a sparse support). */
export function familyLogits(family: LogitFamily, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  if (family.kind === 'zipf') {
    const order = permutation(n, rng);
    const keep = family.support ?? n;
    for (let r = 0; r < n; r++) out[order[r]!] = r < keep ? -family.exponent * Math.log(1 + r) : -Infinity;
    const jitter = family.jitter ?? 0;
    if (jitter > 0) for (let y = 0; y < n; y++) if (out[y]! > -Infinity) out[y] = out[y]! + jitter * standardNormal(rng);
    return out;
  }
  for (let y = 0; y < n; y++) out[y] = logGammaVariate(rng, family.concentration);
  if (family.support !== undefined && family.support < n) {
    const order = permutation(n, rng);
    for (let r = family.support; r < n; r++) out[order[r]!] = -Infinity;
  }
  return out;
}

/**
 * The logits behind pair `index`: target, noisy draft (same −∞ pattern as the target) and, when the draft mixes
 * in another model, that model's logits. Independent streams per role keep rows reproducible one by one.
 */
export function pairLogits(config: PairConfig, seed: string | number, index: number | string): { target: Float64Array; draft: Float64Array; other: Float64Array | null } {
  const n = config.vocabularySize;
  const target = familyLogits(config.family, n, createRng(deriveSeed(seed, 'target', index)));
  const sigma = config.draft?.logitNoise ?? 0;
  const draft = Float64Array.from(target);
  if (sigma > 0) {
    const noise = createRng(deriveSeed(seed, 'noise', index));
    for (let y = 0; y < n; y++) draft[y] = draft[y]! + sigma * standardNormal(noise);
  }
  const other = (config.draft?.otherModelMix ?? 0) > 0 ? familyLogits(config.family, n, createRng(deriveSeed(seed, 'other', index))) : null;
  return { target, draft, other };
}
