/**
 * Prompts for the end-to-end measurements: the first `length` tokens of paragraphs of the **test** split (never
 * seen in training), chosen without replacement by a seeded generator among paragraphs long enough.
 *
 * @example
 * ```ts
 * const prompts = testPrompts(tokenizer, 20, 32, 17); // 20 arrays of 32 token ids
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { createRng } from '../../random/createRng.ts';
import type { ByteLevelBpe } from '../tokenizer/byteLevelBpe.ts';
import { readBrownCorpus } from './brownCorpus.ts';
import { splitBrownCorpus } from './brownSplit.ts';

export function testPrompts(tokenizer: ByteLevelBpe, count: number, length: number, seed: number | string, corpusDirectory?: string): number[][] {
  if (!Number.isInteger(count) || count < 1) throw new SpechubError('INVALID_ARGUMENT', `prompt count must be a positive integer, got ${count}`);
  if (!Number.isInteger(length) || length < 1) throw new SpechubError('INVALID_ARGUMENT', `prompt length must be a positive integer, got ${length}`);
  const candidates: number[][] = [];
  for (const doc of splitBrownCorpus(readBrownCorpus(corpusDirectory)).test) {
    for (const paragraph of doc.paragraphs) {
      const ids = tokenizer.encode(paragraph.join(' '));
      if (ids.length >= length) candidates.push(ids.slice(0, length));
    }
  }
  if (candidates.length < count) throw new SpechubError('INVALID_ARGUMENT', `only ${candidates.length} test paragraphs have ${length} tokens; ask for fewer prompts`);
  const rng = createRng(`${seed}/prompts`);
  // Partial Fisher–Yates: the first `count` entries are a uniform sample without replacement.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  return candidates.slice(0, count);
}
