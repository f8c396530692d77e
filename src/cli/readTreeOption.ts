/**
 * The `--tree` option of `simulate`, `sweep` and `e2e`: a shape (`2^4`, `3^3`, `chain:5`; malformed ones such as
 * `2^-3` are refused as a bad tree), inline JSON (`[-1, 0, 0]`, `{"parents": …}`, `{"paths": …}`), or the path
 * of a JSON file holding one (read with the bounded reader: a byte-order mark is dropped; devices, pipes and
 * folders are refused). Shapes are size-checked before anything is built.
 *
 * @example
 * ```ts
 * readTreeOption('2^4').draftTokens;        // 14
 * readTreeOption('[-1, 0, 0, 1]').draftTokens; // 3 (a parent list, inline or in a .json file)
 * ```
 */
import { readTextFileBounded } from '../core/readFileBounded.ts';
import { isNamedTreeShape, parseTreeSpec } from '../tree/parseTreeSpec.ts';
import type { TokenTree } from '../tree/tokenTree.ts';

/** Largest tree file read (a parent list of 65,536 nodes takes well under 1 MiB). */
const MAX_TREE_FILE_BYTES = 16 * 1024 * 1024;

export function readTreeOption(text: string): TokenTree {
  if (isNamedTreeShape(text) || /^\s*[[{]/.test(text)) return parseTreeSpec(text);
  return parseTreeSpec(readTextFileBounded(text, { what: 'tree file', maxBytes: MAX_TREE_FILE_BYTES }));
}
