/**
 * Trains a byte-level BPE tokenizer ({@link ByteLevelBpe}) on a text: counts the pre-tokenised pieces, then
 * repeatedly merges the most frequent adjacent pair (ties: lowest left id, then lowest right id) until the
 * vocabulary reaches `vocabSize` or no pair occurs `minPairCount` times.
 *
 * Speed: pair counts are kept incrementally (a count per pair, the set of pieces containing it, and a lazy
 * max-heap), so a merge touches only the pieces that contain the merged pair; the training split of the
 * Brown corpus (≈ 6M characters, ≈ 50k distinct pieces) trains to 4,096 ids in a few seconds.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const trainingText = 'the jury said the jury was the jury';
 * const tok = trainByteLevelBpe(trainingText, { vocabSize: 260 });
 * tok.decode(tok.encode('the jury')); // 'the jury'
 * writeFileSync('tokenizer.json', JSON.stringify(tok.toJSON()));
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { ByteLevelBpe } from './byteLevelBpe.ts';
import { pairKey, pretokenize } from './_internals/pretokenize.ts';

export interface TrainByteLevelBpeOptions {
  /** Final vocabulary size: 256 bytes + merges (default 4096). */
  vocabSize?: number;
  /** Stop when the most frequent pair occurs fewer times (default 2). */
  minPairCount?: number;
}

export function trainByteLevelBpe(text: string, options: TrainByteLevelBpeOptions = {}): ByteLevelBpe {
  const vocabSize = options.vocabSize ?? 4096;
  const minPairCount = options.minPairCount ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize < 256 || vocabSize > 65536) {
    throw new SpechubError('INVALID_ARGUMENT', `vocabSize must be an integer in [256, 65536], got ${vocabSize}`);
  }
  // 1. Distinct pieces and their frequencies.
  const frequency = new Map<string, number>();
  for (const piece of pretokenize(text)) frequency.set(piece, (frequency.get(piece) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words: number[][] = [];
  const counts: number[] = [];
  for (const [piece, count] of frequency) {
    words.push(Array.from(encoder.encode(piece)));
    counts.push(count);
  }
  // 2. Pair counts and where each pair occurs.
  const pairCount = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const heap = new PairHeap();
  const addPairs = (w: number, sign: 1 | -1, touched: Set<number>) => {
    const s = words[w]!;
    const c = counts[w]! * sign;
    for (let i = 0; i + 1 < s.length; i++) {
      const key = pairKey(s[i]!, s[i + 1]!);
      pairCount.set(key, (pairCount.get(key) ?? 0) + c);
      touched.add(key);
      if (sign > 0) {
        let set = where.get(key);
        if (set === undefined) where.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial);
  for (const key of initial) heap.push(pairCount.get(key)!, key);
  // 3. Merges.
  const merges: Array<[number, number]> = [];
  while (256 + merges.length < vocabSize) {
    let best: { count: number; key: number } | null = null;
    while (heap.size > 0) {
      const top = heap.pop();
      if (pairCount.get(top.key) === top.count) {
        best = top;
        break;
      }
    }
    if (best === null || best.count < minPairCount) break;
    const a = Math.floor(best.key / 65536);
    const b = best.key % 65536;
    const id = 256 + merges.length;
    merges.push([a, b]);
    const touched = new Set<number>();
    for (const w of where.get(best.key) ?? []) {
      const s = words[w]!;
      let present = false;
      for (let i = 0; i + 1 < s.length; i++) if (s[i] === a && s[i + 1] === b) present = true;
      if (!present) continue;
      addPairs(w, -1, touched);
      const next: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(s[i]!);
      }
      words[w] = next;
      addPairs(w, 1, touched);
    }
    where.delete(best.key);
    pairCount.delete(best.key);
    for (const key of touched) {
      const c = pairCount.get(key);
      if (c === undefined) continue;
      if (c <= 0) pairCount.delete(key);
      else heap.push(c, key);
    }
  }
  return new ByteLevelBpe(merges);
}

/** Max-heap of (count, key); ties: smaller key (lower left id, then lower right id) first. */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];
  get size(): number {
    return this.counts.length;
  }
  private before(i: number, j: number): boolean {
    const ci = this.counts[i]!;
    const cj = this.counts[j]!;
    return ci > cj || (ci === cj && this.keys[i]! < this.keys[j]!);
  }
  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j]!, this.counts[i]!];
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
  }
  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { count: number; key: number } {
    const top = { count: this.counts[0]!, key: this.keys[0]! };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.counts.length && this.before(l, m)) m = l;
        if (r < this.counts.length && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
