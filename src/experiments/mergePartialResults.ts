/**
 * `spechub merge`: combines the partial results of the shards of one grid (`--shard i/N`, docs/scaling.md) into
 * the output of the unsharded run, byte for byte. Checks first, with a one-line `ParseError` naming the files:
 * every part is a partial result, of the same kind, spechub version, grid (options and seed) and number of
 * shards; every shard 1..N is there exactly once; each part holds exactly its shard's cells. Then the results
 * are put back in cell order and finished by the grid kind's own `finish` and `text` (the code the unsharded run
 * uses).
 *
 * @example
 * ```ts
 * import { runGridShard } from './runGrid.ts';
 * import { sweepGrid } from './sweepGrid.ts';
 * import { SWEEP_DEFAULTS } from './runSweep.ts';
 * const grid = sweepGrid({ ...SWEEP_DEFAULTS, vocabularySize: 20, temperatures: [1], trees: [{ name: '2^2', tree: parseTreeSpec('2^2') }], methods: ['rrs'], steps: 100, seed: 'doc' }, { timing: false });
 * const a = await runGridShard(grid, { index: 1, count: 2 }, { workers: 1 }); // what --shard 1/2 --json prints
 * const b = await runGridShard(grid, { index: 2, count: 2 }, { workers: 1 });
 * const { kind, output } = mergePartialResults([{ path: 'a.json', content: a }, { path: 'b.json', content: b }]);
 * kind; // 'sweep'
 * (output as { rows: { method: string }[] }).rows[0]!.method; // 'rrs'
 * mergePartialResults([{ path: 'a.json', content: a }]); // throws PARSE_ERROR: shard 2/2 is missing
 * ```
 */
import { ParseError } from '../core/errors.ts';
import { formatShard, shardCells } from './parseShard.ts';
import { type GridKind, PARTIAL_FORMAT, type PartialResult } from './runGrid.ts';
import { GRID_KINDS } from './gridKinds.ts';

/** A parsed partial-result file. */
export interface PartialFile {
  path: string;
  content: unknown;
}

/** The merged output: the grid kind's name, the output value and its text (what the unsharded run prints). */
export interface MergedResult {
  kind: string;
  output: unknown;
  text: string;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The path of the first difference between two JSON values (`grid.options.seed`), or null if they are equal. */
function firstDifference(a: unknown, b: unknown, path: string): { path: string; a: unknown; b: unknown } | null {
  if (a === b) return null;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return { path, a, b };
}

function checkPart(file: PartialFile): PartialResult {
  const c = file.content as Partial<PartialResult> | null;
  if (c === null || typeof c !== 'object' || Array.isArray(c) || c.format !== PARTIAL_FORMAT) {
    throw new ParseError(`${file.path}: not a partial result (write one with a grid command's --shard i/N, e.g. spechub sweep … --shard 1/4 --json > part-1.json)`);
  }
  if (c.version !== 1) throw new ParseError(`${file.path}: partial-result version ${describe(c.version)} is not supported (this spechub reads version 1)`);
  const shard = c.shard as { index?: unknown; count?: unknown } | undefined;
  if (
    typeof c.kind !== 'string' || typeof c.spechub !== 'string' || !Number.isSafeInteger(c.cells) || (c.cells as number) < 0 ||
    shard === undefined || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || (shard.index as number) < 1 || (shard.index as number) > (shard.count as number) ||
    !Array.isArray(c.indices) || !Array.isArray(c.results)
  ) {
    throw new ParseError(`${file.path}: a malformed partial result (needs kind, spechub, grid, cells, shard {index, count}, indices, results)`);
  }
  const expected = shardCells(c.cells as number, c.shard as { index: number; count: number });
  if (c.indices.length !== expected.length || c.indices.some((x, i) => x !== expected[i]) || c.results.length !== expected.length) {
    throw new ParseError(`${file.path}: its cells are not those of shard ${formatShard(c.shard as { index: number; count: number })} of a ${c.cells}-cell grid (the file is truncated or was edited)`);
  }
  return c as PartialResult;
}

/** Checks the parts and merges them into the unsharded output. */
export function mergePartialResults(files: readonly PartialFile[]): MergedResult {
  if (files.length === 0) throw new ParseError('merge: give the partial results of every shard (e.g. spechub merge part-*.json)');
  const parts = files.map(checkPart);
  const first = parts[0]!;
  const firstPath = files[0]!.path;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    const path = files[i]!.path;
    if (p.kind !== first.kind) throw new ParseError(`${firstPath} is a ${first.kind} partial result but ${path} is a ${p.kind} partial result`);
    if (p.spechub !== first.spechub) throw new ParseError(`${firstPath} and ${path} were computed by different spechub versions (${first.spechub}, ${p.spechub})`);
    const d = firstDifference(first.grid, p.grid, 'grid');
    if (d !== null) throw new ParseError(`${firstPath} and ${path} come from different grids or options: ${d.path} is ${describe(d.a)} vs ${describe(d.b)}`);
    if (p.cells !== first.cells) throw new ParseError(`${firstPath} and ${path} have different numbers of cells (${first.cells}, ${p.cells})`);
    if (p.shard.count !== first.shard.count) throw new ParseError(`${firstPath} is shard ${formatShard(first.shard)} but ${path} is shard ${formatShard(p.shard)}: all parts must come from the same N`);
  }
  const count = first.shard.count;
  const byShard = new Map<number, number>();
  parts.forEach((p, i) => {
    const other = byShard.get(p.shard.index);
    if (other !== undefined) throw new ParseError(`shard ${formatShard(p.shard)} is given twice (${files[other]!.path}, ${files[i]!.path})`);
    byShard.set(p.shard.index, i);
  });
  const missing: string[] = [];
  for (let s = 1; s <= count; s++) if (!byShard.has(s)) missing.push(`${s}/${count}`);
  if (missing.length > 0) {
    throw new ParseError(`${missing.length === 1 ? `shard ${missing[0]} is` : `shards ${missing.length > 6 ? `${missing.slice(0, 6).join(', ')}, …` : missing.join(', ')} (${missing.length}) are`} missing: merge needs all ${count} parts`);
  }
  const kind = GRID_KINDS[first.kind] as GridKind | undefined;
  if (kind === undefined) throw new ParseError(`${firstPath}: unknown grid kind '${first.kind}' (known: ${Object.keys(GRID_KINDS).join(', ')})`);
  const results = new Array<unknown>(first.cells);
  for (const p of parts) p.indices.forEach((c, i) => (results[c] = p.results[i]));
  const output = kind.finish(first.grid, results);
  return { kind: first.kind, output, text: kind.text(output) };
}
