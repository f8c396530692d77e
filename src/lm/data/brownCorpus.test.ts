import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../../core/errors.ts';
import { documentText, parseBrownFile, readBrownCorpus } from './brownCorpus.ts';
import { brownSplitOf, splitBrownCorpus, splitSummary } from './brownSplit.ts';

test('parsing: tags cut at the last slash, paragraphs = blocks of non-blank lines, sentences = lines', () => {
  const raw = '\n\n\tThe/at jury/nn said/vbd 1/2/cd ./.\nIt/pps ended/vbd ./.\n\n\n\tNew/jj paragraph/nn ./.\n';
  const d = parseBrownFile('cx01', raw);
  assert.equal(d.paragraphs, [['The jury said 1/2 .', 'It ended .'], ['New paragraph .']]);
  assert.is(d.words, 11);
  assert.is(documentText(d), 'The jury said 1/2 . It ended .\nNew paragraph .\n');
  assert.throws(() => parseBrownFile('cx02', 'word-without-tag'), (e: unknown) => e instanceof SpechubError && e.code === 'PARSE_ERROR');
});

test('the corpus: 500 files, ≈ 1.16M words, no tag left; the split is by file, disjoint and as documented', () => {
  const docs = readBrownCorpus();
  assert.is(docs.length, 500);
  const words = docs.reduce((s, d) => s + d.words, 0);
  assert.is(words, 1_161_192);
  assert.ok(!/\/(at|nn|vbd|in)\b/.test(documentText(docs[0]!)));
  assert.equal(splitSummary(docs), {
    train: { files: 407, words: 945_561 },
    validation: { files: 52, words: 120_857 },
    test: { files: 41, words: 94_774 },
  });
  const parts = splitBrownCorpus(docs);
  const ids = [...parts.train, ...parts.validation, ...parts.test].map((d) => d.id);
  assert.is(new Set(ids).size, 500);
  assert.is(brownSplitOf('ca10'), 'test');
  assert.is(brownSplitOf('cr05'), 'validation');
  assert.is(brownSplitOf('cj01'), 'train');
  assert.throws(() => brownSplitOf('README'), (e: unknown) => e instanceof SpechubError);
});

test.run();
