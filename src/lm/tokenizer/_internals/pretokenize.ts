/**
 * GPT-2's pre-tokenisation: splits text into pieces that BPE merges never cross (contractions, an optional
 * leading space plus letters, digits or other symbols, runs of whitespace). The pieces concatenate back to the
 * input exactly: every character belongs to exactly one alternative.
 */
export const PRETOKENIZE_PATTERN = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** The pre-tokenised pieces of `text`, in order. */
export function pretokenize(text: string): string[] {
  return text.match(PRETOKENIZE_PATTERN) ?? [];
}

/** Minimum-heap ordering key for BPE pair selection: higher count first, then lower left id, then lower right id. */
export function pairKey(left: number, right: number): number {
  return left * 65536 + right;
}
