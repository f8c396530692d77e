/**
 * Reads a tree description (spec §5.2 naming): `2^4` (full binary tree of depth 3), `3^3`, `chain:5`
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

/** True when the text names a shape (`k^D`, `chain:L`) rather than holding JSON or naming a file. */
export function isNamedTreeShape(text: string): boolean {
  return /^\s*(\d+\s*\^\s*\d+|chain\s*:\s*\d+)\s*$/i.test(text);
}

export function parseTreeSpec(text: string): TokenTree {
  const s = text.trim();
  const full = /^(\d+)\s*\^\s*(\d+)$/.exec(s);
  if (full) return fullTree(Number(full[1]), Number(full[2]));
  const chain = /^chain\s*:\s*(\d+)$/i.exec(s);
  if (chain) return chainTree(Number(chain[1]));
  let data: unknown;
  try {
    data = JSON.parse(s);
  } catch {
    throw new ParseError(`tree '${s.length > 40 ? s.slice(0, 40) + '…' : s}' is neither k^D, chain:L nor valid JSON`);
  }
  try {
    if (Array.isArray(data)) return treeFromParents(data);
    if (data !== null && typeof data === 'object') {
      const o = data as Record<string, unknown>;
      if (Array.isArray(o.parents)) return treeFromParents(o.parents);
      if (Array.isArray(o.paths)) return treeFromPaths(o.paths);
    }
  } catch (e) {
    if (e instanceof SpechubError) throw new ParseError(`tree: ${e.message}`);
    throw e;
  }
  throw new ParseError('tree JSON must be a parent list [-1, 0, …], {"parents": [...]} or {"paths": [[0], …]}');
}
