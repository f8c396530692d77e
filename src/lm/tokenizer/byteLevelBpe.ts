/**
 * A byte-level BPE tokenizer (GPT-2 style): text → UTF-8 bytes (ids 0–255) → greedy merges by rank inside
 * each pre-tokenised piece (src/lm/tokenizer/_internals/pretokenize.ts); id 256 + r is the r-th merge.
 * Because every byte has an id, any well-formed string encodes, and `decode(encode(s)) === s` exactly.
 * Saved as JSON (`tokenizer.json`, format `spechub-byte-bpe`, version 1) beside the models; a file that is
 * malformed (unknown format, merges referring to later ids, wrong vocabulary size) is refused with a
 * `SpechubError` (`PARSE_ERROR`).
 *
 * Train one with {@link trainByteLevelBpe} (./trainByteLevelBpe.ts).
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(trainByteLevelBpe('The jury said . The jury said .', { vocabSize: 260 }).toJSON());
 * const tok = ByteLevelBpe.fromJSON(JSON.parse(saved)); // e.g. from readFileSync('models/tokenizer.json', 'utf8')
 * const ids = tok.encode('The jury said .');
 * tok.decode(ids); // 'The jury said .'
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { pairKey, pretokenize } from './_internals/pretokenize.ts';

export interface ByteLevelBpeJson {
  format: 'spechub-byte-bpe';
  version: 1;
  vocabSize: number;
  pretokenizer: 'gpt2-regex';
  /** merges[r] = [left, right]: the pair merged into id 256 + r. */
  merges: Array<[number, number]>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export class ByteLevelBpe {
  readonly merges: ReadonlyArray<readonly [number, number]>;
  readonly vocabSize: number;
  /** pairKey(left, right) → merge rank. */
  private readonly rank = new Map<number, number>();
  /** id → bytes. */
  private readonly bytesOf: Uint8Array[] = [];
  private readonly cache = new Map<string, number[]>();

  constructor(merges: ReadonlyArray<readonly [number, number]>) {
    this.merges = merges.map(([a, b]) => [a, b] as const);
    this.vocabSize = 256 + merges.length;
    for (let b = 0; b < 256; b++) this.bytesOf.push(Uint8Array.of(b));
    merges.forEach(([a, b], r) => {
      const id = 256 + r;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= id || b >= id) {
        throw new SpechubError('PARSE_ERROR', `tokenizer merge ${r} = [${a}, ${b}] refers to an id not defined before ${id}`);
      }
      const key = pairKey(a, b);
      if (this.rank.has(key)) throw new SpechubError('PARSE_ERROR', `tokenizer merge ${r} = [${a}, ${b}] is a duplicate`);
      this.rank.set(key, r);
      const left = this.bytesOf[a]!;
      const right = this.bytesOf[b]!;
      const bytes = new Uint8Array(left.length + right.length);
      bytes.set(left, 0);
      bytes.set(right, left.length);
      this.bytesOf.push(bytes);
    });
  }

  /** Reads the JSON form, refusing malformed files. */
  static fromJSON(json: unknown): ByteLevelBpe {
    const j = json as Partial<ByteLevelBpeJson> | null;
    if (j === null || typeof j !== 'object' || j.format !== 'spechub-byte-bpe' || j.version !== 1) {
      throw new SpechubError('PARSE_ERROR', 'not a spechub byte-level BPE tokenizer (expected format "spechub-byte-bpe", version 1)');
    }
    if (j.pretokenizer !== 'gpt2-regex') throw new SpechubError('PARSE_ERROR', `unknown pretokenizer '${String(j.pretokenizer)}'`);
    if (!Array.isArray(j.merges) || !j.merges.every((m) => Array.isArray(m) && m.length === 2)) {
      throw new SpechubError('PARSE_ERROR', 'tokenizer merges must be an array of [left, right] pairs');
    }
    const tokenizer = new ByteLevelBpe(j.merges as Array<[number, number]>);
    if (j.vocabSize !== tokenizer.vocabSize) {
      throw new SpechubError('PARSE_ERROR', `tokenizer says vocabSize ${String(j.vocabSize)} but has ${tokenizer.vocabSize} ids (256 bytes + ${j.merges.length} merges)`);
    }
    return tokenizer;
  }

  toJSON(): ByteLevelBpeJson {
    return { format: 'spechub-byte-bpe', version: 1, vocabSize: this.vocabSize, pretokenizer: 'gpt2-regex', merges: this.merges.map(([a, b]) => [a, b]) };
  }

  /** Token ids of `text`; throws `INVALID_ARGUMENT` for a string with lone surrogates (not encodable in UTF-8). */
  encode(text: string): number[] {
    if (!isWellFormed(text)) throw new SpechubError('INVALID_ARGUMENT', 'text contains a lone UTF-16 surrogate and cannot be encoded as UTF-8');
    const out: number[] = [];
    for (const piece of pretokenize(text)) {
      let ids = this.cache.get(piece);
      if (ids === undefined) {
        ids = this.encodePiece(piece);
        if (this.cache.size < 200_000) this.cache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** The text of a token sequence (bytes that do not form valid UTF-8, e.g. a cut character, become U+FFFD). */
  decode(ids: readonly number[]): string {
    return decoder.decode(this.bytes(ids));
  }

  /** The raw bytes of a token sequence. */
  bytes(ids: readonly number[]): Uint8Array {
    let length = 0;
    for (const id of ids) length += this.tokenBytes(id).length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const id of ids) {
      const b = this.tokenBytes(id);
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  /** The bytes of one token id (throws `INVALID_ARGUMENT` for an id outside the vocabulary). */
  tokenBytes(id: number): Uint8Array {
    const b = this.bytesOf[id];
    if (b === undefined) throw new SpechubError('INVALID_ARGUMENT', `token id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    return b;
  }

  /** A readable form of one token (its text, or its bytes in hex when they are not valid UTF-8 on their own). */
  tokenText(id: number): string {
    const b = this.tokenBytes(id);
    const text = decoder.decode(b);
    return text.includes('\uFFFD') ? `<${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ')}>` : text;
  }

  private encodePiece(piece: string): number[] {
    const symbols = Array.from(encoder.encode(piece));
    while (symbols.length > 1) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = this.rank.get(pairKey(symbols[i]!, symbols[i + 1]!));
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      const merged = 256 + bestRank;
      const [a, b] = this.merges[bestRank]!;
      // Merge every occurrence of this pair, left to right.
      const next: number[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(symbols[i]!);
      }
      symbols.length = 0;
      symbols.push(...next);
    }
    return symbols;
  }
}

function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
