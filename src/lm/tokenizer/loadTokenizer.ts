/**
 * Reading and writing the tokenizer JSON file, and training it on the Brown training split when it is missing.
 *
 * @example
 * ```ts
 * const tokenizer = loadTokenizer('models/tokenizer.json');
 * ```
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SpechubError } from '../../core/errors.ts';
import { documentText, readBrownCorpus } from '../data/brownCorpus.ts';
import { splitBrownCorpus } from '../data/brownSplit.ts';
import { ByteLevelBpe } from './byteLevelBpe.ts';
import { trainByteLevelBpe } from './trainByteLevelBpe.ts';

/** Loads a tokenizer file; `PARSE_ERROR` when missing or malformed. */
export function loadTokenizer(path: string): ByteLevelBpe {
  if (!existsSync(path)) throw new SpechubError('PARSE_ERROR', `tokenizer file ${path} not found`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SpechubError('PARSE_ERROR', `${path} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return ByteLevelBpe.fromJSON(json);
}

/** Loads `path`, or trains a tokenizer of `vocabSize` on the Brown training split and writes it there. */
export function loadOrTrainTokenizer(path: string, vocabSize: number, log: (line: string) => void = () => {}): ByteLevelBpe {
  if (existsSync(path)) {
    const tokenizer = loadTokenizer(path);
    if (tokenizer.vocabSize !== vocabSize) {
      throw new SpechubError('LENGTH_MISMATCH', `${path} has ${tokenizer.vocabSize} tokens, not ${vocabSize}; remove it to retrain`);
    }
    return tokenizer;
  }
  const text = splitBrownCorpus(readBrownCorpus()).train.map(documentText).join('\n');
  const started = performance.now();
  const tokenizer = trainByteLevelBpe(text, { vocabSize });
  log(`trained a byte-level BPE tokenizer of ${tokenizer.vocabSize} ids in ${((performance.now() - started) / 1000).toFixed(1)} s → ${path}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(tokenizer.toJSON()) + '\n');
  return tokenizer;
}
