import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { SpechubError } from '../../core/errors.ts';
import { ByteLevelBpe } from './byteLevelBpe.ts';
import { trainByteLevelBpe } from './trainByteLevelBpe.ts';
import { pretokenize } from './_internals/pretokenize.ts';

const SAMPLE = [
  "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced `` no evidence '' that any irregularities took place .",
  'The jury further said in term-end presentments that the City Executive Committee , which had over-all charge of the election , deserves the praise .',
  'It recommended that Fulton legislators act `` to have these laws studied and revised to the end of modernizing and improving them \'\' .',
].join('\n');
const tokenizer = trainByteLevelBpe(SAMPLE.repeat(3), { vocabSize: 400 });

/** Reference trainer: recount every pair of every piece before each merge (slow, obviously right). */
function naiveMerges(text: string, vocabSize: number): Array<[number, number]> {
  const encoder = new TextEncoder();
  let words = pretokenize(text).map((w) => Array.from(encoder.encode(w)));
  const merges: Array<[number, number]> = [];
  while (256 + merges.length < vocabSize) {
    const counts = new Map<string, number>();
    for (const w of words) for (let i = 0; i + 1 < w.length; i++) counts.set(`${w[i]},${w[i + 1]}`, (counts.get(`${w[i]},${w[i + 1]}`) ?? 0) + 1);
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [key, c] of counts) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      if (c > bestCount || (c === bestCount && best !== null && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = c;
      }
    }
    if (best === null || bestCount < 2) break;
    const id = 256 + merges.length;
    merges.push(best);
    words = words.map((w) => {
      const out: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === best![0] && w[i + 1] === best![1]) {
          out.push(id);
          i++;
        } else out.push(w[i]!);
      }
      return out;
    });
  }
  return merges;
}

test('the incremental trainer makes exactly the merges of the naive recount-everything trainer', () => {
  const text = SAMPLE + '\nabababab aaaa bbbb abab abba baab\n';
  assert.equal(trainByteLevelBpe(text, { vocabSize: 330 }).merges.map((m) => [...m]), naiveMerges(text, 330));
});

test('round trip decode(encode(s)) = s on corpus text and unusual text; merges shorten common text', () => {
  for (const s of [
    SAMPLE,
    '',
    ' ',
    '\n\n\t  \r\n',
    'naïve café — “quotes” ‘single’ … ½ ° €',
    '日本語のテキスト 中文 한국어',
    'emoji 👩‍👩‍👧 🏳️‍🌈 and flags 🇫🇷',
    'combining e\u0301 and zero\u200Bwidth and NUL \u0000 and \uFFFD',
    "it's they're we'll I'd don't 'quoted' '''",
    '1234567890 3.14159 -42 1/2/cd',
  ]) {
    assert.is(tokenizer.decode(tokenizer.encode(s)), s, JSON.stringify(s));
  }
  assert.ok(tokenizer.encode(SAMPLE).length < new TextEncoder().encode(SAMPLE).length / 2);
});

test('property: round trip on arbitrary well-formed strings', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => tokenizer.decode(tokenizer.encode(s)) === s), { numRuns: 300 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
    // binary units can produce lone surrogates: those are refused, everything else round-trips
    try {
      return tokenizer.decode(tokenizer.encode(s)) === s;
    } catch (e) {
      return e instanceof SpechubError && /surrogate/.test((e as Error).message);
    }
  }), { numRuns: 300 });
});

test('JSON round trip; malformed tokenizer files and bad inputs are refused with a SpechubError', () => {
  const again = ByteLevelBpe.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
  assert.equal(again.encode(SAMPLE), tokenizer.encode(SAMPLE));
  assert.is(again.vocabSize, 400);
  const bad = (json: unknown, pattern: RegExp) => assert.throws(() => ByteLevelBpe.fromJSON(json), (e: unknown) => e instanceof SpechubError && pattern.test((e as Error).message));
  const good = tokenizer.toJSON();
  bad(null, /not a spechub/);
  bad({ ...good, format: 'other' }, /not a spechub/);
  bad({ ...good, vocabSize: 401 }, /vocabSize 401/);
  bad({ ...good, merges: [[256, 1]] }, /not defined before/);
  bad({ ...good, merges: [[1, 2], [1, 2]] , vocabSize: 258 }, /duplicate/);
  bad({ ...good, merges: 'x' }, /array/);
  assert.throws(() => tokenizer.encode('lone \uD800 surrogate'), (e: unknown) => e instanceof SpechubError && /surrogate/.test((e as Error).message));
  assert.throws(() => tokenizer.decode([400]), (e: unknown) => e instanceof SpechubError && /outside the vocabulary/.test((e as Error).message));
  assert.throws(() => trainByteLevelBpe('abc', { vocabSize: 100 }), (e: unknown) => e instanceof SpechubError);
  assert.is(trainByteLevelBpe('abc', { vocabSize: 300 }).vocabSize, 256, 'stops when no pair occurs twice');
});

test.run();
