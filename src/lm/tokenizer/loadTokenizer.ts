/**
 * Reading and writing the tokenizer JSON file, and training it on the Brown training split when it is missing.
 *
 * @example
 * ```ts
 * const tokenizer = loadTokenizer('models/tokenizer.json');
 * ```
 */
import { existsSync } from 'node:fs';
import { SpechubError } from '../../core/errors.ts';
import { readJsonFileBounded } from '../../core/readFileBounded.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { documentText, readBrownCorpus } from '../data/brownCorpus.ts';
import { splitBrownCorpus } from '../data/brownSplit.ts';
import { ByteLevelBpe } from './byteLevelBpe.ts';
import { trainByteLevelBpe } from './trainByteLevelBpe.ts';

/** Loads a tokenizer file; `PARSE_ERROR` when missing or malformed. */
export function loadTokenizer(path: string): ByteLevelBpe {
  if (!existsSync(path)) throw new SpechubError('PARSE_ERROR', `tokenizer file ${path} not found`);
  return ByteLevelBpe.fromJSON(readJsonFileBounded(path, { what: 'tokenizer file' }));
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
  writeFileAtomic(path, stringifyJson(tokenizer.toJSON(), { what: 'tokenizer' }) + '\n');
  return tokenizer;
}
