/**
 * The fixed train / validation / test split of the Brown corpus **by file**, stratified by genre.
 *
 * Rule: file number i of a genre (the two digits of the id, `ca01` → 1) goes to
 * - **test** when i ≡ 0 (mod 10), i.e. the 10th, 20th, … file of the genre,
 * - **validation** when i ≡ 5 (mod 10),
 * - **train** otherwise.
 * (ids are numbered within each genre, so i is the number in the id). Result: train 407 files / 945,561 words,
 * validation 52 / 120,857, test 41 / 94,774 (every genre has validation files; science fiction `cm` (6 files)
 * and humor `cr` (9 files) have no test file; {@link splitSummary}
 * recomputes the counts). The rule uses no randomness, so the split is the same everywhere.
 *
 * @example
 * ```ts
 * brownSplitOf('ca10'); // 'test'
 * const { train, validation, test } = splitBrownCorpus(readBrownCorpus());
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import type { BrownDocument } from './brownCorpus.ts';

export type BrownSplit = 'train' | 'validation' | 'test';

/** The split a file id belongs to (see the module comment for the rule). */
export function brownSplitOf(id: string): BrownSplit {
  const m = /^c([a-r])(\d\d)$/.exec(id);
  if (m === null) throw new SpechubError('INVALID_ARGUMENT', `'${id}' is not a Brown file id (ca01 … cr09)`);
  const index = Number(m[2]);
  if (index % 10 === 0) return 'test';
  if (index % 10 === 5) return 'validation';
  return 'train';
}

/** Splits documents by {@link brownSplitOf}, keeping their order. */
export function splitBrownCorpus(documents: readonly BrownDocument[]): Record<BrownSplit, BrownDocument[]> {
  const out: Record<BrownSplit, BrownDocument[]> = { train: [], validation: [], test: [] };
  for (const d of documents) out[brownSplitOf(d.id)].push(d);
  return out;
}

/** Files and words per split. */
export function splitSummary(documents: readonly BrownDocument[]): Record<BrownSplit, { files: number; words: number }> {
  const parts = splitBrownCorpus(documents);
  const summary = (ds: BrownDocument[]) => ({ files: ds.length, words: ds.reduce((s, d) => s + d.words, 0) });
  return { train: summary(parts.train), validation: summary(parts.validation), test: summary(parts.test) };
}
