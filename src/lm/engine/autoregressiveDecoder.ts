/**
 * The baseline: plain autoregressive sampling from the target with a KV cache, one target pass per token,
 * with the same next-token law as the speculative decoder (`nextTokenLaw`: temperature, then top-p).
 * Lean like the speculative step: each pass computes the last row's logits only, its attention context becomes
 * the cache (no concatenation after the pass), and the law is written into one reused buffer.
 *
 * @example
 * ```ts
 * const run = autoregressiveGenerate(target, promptIds, 64, { temperature: 1, topP: 1 }, new SamplingChooser(createRng(1)));
 * ```
 */
import { Categorical } from '../../core/categorical.ts';
import type { Chooser } from '../../core/chooser.ts';
import { SpechubError } from '../../core/errors.ts';
import { floatField } from '../../core/field.ts';
import type { GptModel } from '../model.ts';
import { nextTokenLaw, type SamplingSettings } from './nextTokenLaw.ts';
import { LawScratch, nextTokenLawInto } from './nextTokenLawInto.ts';

/** Generated tokens and the wall time of the generation. */
export interface AutoregressiveGeneration {
  tokens: number[];
  seconds: number;
}

/** Samples `maxNewTokens` tokens from the target after `prompt`, one cached target pass per token. */
export function autoregressiveGenerate(target: GptModel, prompt: readonly number[], maxNewTokens: number, sampling: SamplingSettings, chooser: Chooser<number>): AutoregressiveGeneration {
  if (prompt.length === 0) throw new SpechubError('EMPTY', 'the prompt must hold at least one token');
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new SpechubError('INVALID_ARGUMENT', `maxNewTokens must be a positive integer, got ${maxNewTokens}`);
  if (prompt.length + maxNewTokens - 1 > target.config.contextLength) {
    throw new SpechubError('INVALID_ARGUMENT', `prompt of ${prompt.length} tokens plus ${maxNewTokens} new tokens exceeds the context of ${target.config.contextLength}`);
  }
  nextTokenLaw([0], sampling); // validates temperature and top-p
  const vocab = target.config.vocabSize;
  const law = new Float64Array(vocab);
  const scratch = new LawScratch();
  const started = performance.now();
  let cache = target.emptyCache();
  let pending = [...prompt];
  const tokens: number[] = [];
  try {
    while (tokens.length < maxNewTokens) {
      // One pass: the new tokens' logits (last row only) and the cache extended by them (attention's own context).
      const scored = target.scoreTree(cache, pending, pending.map((_, i) => i - 1), { keepContext: true, logitsFrom: pending.length - 1 });
      target.disposeCache(cache);
      cache = scored.context!;
      const p = nextTokenLawInto(scored.logits, 0, vocab, sampling, law, scratch);
      const y = chooser.categorical(Categorical.create(floatField, p));
      tokens.push(y);
      pending = [y];
    }
  } finally {
    target.disposeCache(cache);
  }
  return { tokens, seconds: (performance.now() - started) / 1000 };
}
