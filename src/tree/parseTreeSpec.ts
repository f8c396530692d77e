/**
 * Reads a tree description (§5.2 naming): `2^4` (full binary tree of depth 3), `3^3`, `chain:5`
 * (5 drafts in a chain), or JSON text: a parent list `[-1, 0, 0, 1]`, `{"parents": [...]}`, or EAGLE-style
 * `{"paths": [[0], [1], [0, 0]]}`. Reading a file is the caller's business (the CLI passes the file's text).
 *
 * @example
 * ```ts
 * parseTreeSpec('2^3').draftTokens;          // 6
 * parseTreeSpec('chain:5').depth;            // 5
 * parseTreeSpec('{"parents": [-1, 0, 0, 1]}').children[0]; // [1, 2]
 * ```
 */
import { ParseError, SpechubError } from '../core/errors.ts';
import { chainTree, fullTree, type TokenTree, treeFromParents, treeFromPaths } from './tokenTree.ts';

/**
 * True when the text is meant as a shape (`k^D`, `chain:L`, including malformed ones such as `2^-3` or
 * `chain:x`, which {@link parseTreeSpec} then refuses as a bad tree) rather than JSON or a file name.
 */
export function isNamedTreeShape(text: string): boolean {
  return /^\s*[-+\w.]*\s*\^\s*[-+\w.]*\s*$/.test(text) || /^\s*chain\s*:/i.test(text);
}

/** Parses a tree description (see the module comment); malformed text gives a `PARSE_ERROR` "bad tree …". */
export function parseTreeSpec(text: string): TokenTree {
  const s = text.trim();
  const shown = s.length > 40 ? s.slice(0, 40) + '…' : s;
  if (isNamedTreeShape(s)) {
    const full = /^(\d+)\s*\^\s*(\d+)$/.exec(s);
    const chain = /^chain\s*:\s*(\d+)$/i.exec(s);
    if (full) {
      const k = Number(full[1]);
      const D = Number(full[2]);
      if (!(k >= 1 && k <= 64) || !(D >= 1)) throw new ParseError(`bad tree '${shown}': in k^D, k must be an integer in [1, 64] and D an integer ≥ 1`);
      return fullTree(k, D);
    }
    if (chain) return chainTree(Number(chain[1]));
    throw new ParseError(`bad tree '${shown}': expected k^D (integers k in [1, 64], D ≥ 1, e.g. 2^4) or chain:L (an integer L ≥ 0)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(s);
  } catch {
    throw new ParseError(`bad tree '${shown}': neither k^D, chain:L nor valid JSON`);
  }
  try {
    if (Array.isArray(data)) return treeFromParents(data);
    if (data !== null && typeof data === 'object') {
      const o = data as Record<string, unknown>;
      if (Array.isArray(o.parents)) return treeFromParents(o.parents);
      if (Array.isArray(o.paths)) return treeFromPaths(o.paths);
    }
  } catch (e) {
    if (e instanceof SpechubError && e.code === 'TOO_LARGE') throw e;
    if (e instanceof SpechubError) throw new ParseError(`tree: ${e.message}`);
    throw e;
  }
  throw new ParseError('bad tree: tree JSON must be a parent list [-1, 0, …], {"parents": [...]} or {"paths": [[0], …]}');
}
