/**
 * The replay of a trace file as a grid of cells (docs/traces.md, docs/scaling.md), for `spechub replay
 * --workers N` and `--shard i/N`: cell c holds positions [c·256, (c + 1)·256) (the last one fewer), a fixed
 * chunking that depends on nothing but the trace. A cell opens the trace itself and returns each position's
 * record (every statistic's [lo, hi], hub mass, context id, skipped methods; see {@link replayTrace}); the
 * records are folded in position order into the report — cluster sums, the seeded bootstrap, the quantiles —
 * exactly as a sequential replay does, so the report is byte-identical for any number of workers and any
 * sharding. A partial result records the trace by size, positions, vocabulary and settings (not its path, which
 * may differ between machines).
 *
 * @example
 * ```ts
 * import { runGrid } from './runGrid.ts';
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'probs', draft: 'probs' });
 * writer.write({ target: [0.5, 0.25, 0.25], draft: [0.25, 0.25, 0.5] });
 * writer.write({ target: [0.2, 0.3, 0.5], draft: [0.5, 0.3, 0.2] });
 * writer.close();
 * const report = await runGrid(replayGrid('trace.safetensors', {}, { k: 2, seed: 5 }), { workers: 1 }); // = replayTrace's report
 * report.positions; // 2
 * report.methods.spechub!.mean; // 0.95000… (19/20; the trace stores float32)
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { stringifyJson } from '../core/stringifyJson.ts';
import { openTrace } from '../traces/openTrace.ts';
import { createReplayAccumulator, type ReplayPositionRecord, replayPositionRecord } from './_internals/replayAccumulator.ts';
import { replayMethods, type ReplayOptions, type ReplayReport } from './replayTrace.ts';
import { type CellContext, cellTask } from './cellTask.ts';
import type { CellGrid, GridKind } from './runGrid.ts';

/** Positions per cell. */
export const REPLAY_CHUNK_POSITIONS = 256;

/** What identifies the trace in a partial result. */
interface TraceIdentity {
  bytes: number;
  positions: number;
  vocab: number;
  settings: unknown;
}

interface ReplayGridRecord {
  trace: TraceIdentity;
  k: number;
  methods: string[];
  seed: string;
  resamples: number;
  maxUnits: number;
  /** Positions replayed (the first ones of the trace). */
  positions: number;
  chunk: number;
}

export interface ReplayCell {
  path: string;
  requested: { temperature?: number; topP?: number };
  trace: TraceIdentity;
  k: number;
  methods: string[];
  start: number;
  end: number;
}

/**
 * A chunk's records in compact JSON: the distinct statistic-key lists and skipped lists once, then one row per
 * position: [key list, skipped list (−1: none), 1 if every lo = hi (one value per statistic follows) else 0
 * (lo, hi pairs follow), 1 if exact else 0, hub mass, context id or null, values…].
 */
export interface ReplayChunk {
  keys: string[][];
  skipped: Array<Array<[string, string]>>;
  rows: Array<Array<number | null>>;
}

/** How replay chunks become the report and its JSON (`spechub replay --json`, `spechub merge`). */
export const REPLAY_KIND: GridKind<ReplayChunk, ReplayReport> = {
  name: 'replay',
  finish(grid, chunks) {
    const g = grid as ReplayGridRecord;
    const accumulator = createReplayAccumulator({ vocab: g.trace.vocab, k: g.k, requested: g.methods, seed: g.seed, resamples: g.resamples, maxUnits: g.maxUnits });
    for (const chunk of chunks) for (const record of decodeReplayChunk(chunk)) accumulator.add(record);
    return accumulator.finish();
  },
  text: (report) => stringifyJson(report, { what: 'replay JSON' }) + '\n',
};

export interface ReplayGridOptions extends Pick<ReplayOptions, 'k' | 'methods' | 'seed' | 'resamples' | 'maxUnits'> {
  /** Replay only the first positions. */
  maxPositions?: number;
}

/** Opens the trace to read its layout, and lays out the cells. */
export function replayGrid(path: string, requested: { temperature?: number; topP?: number }, options: ReplayGridOptions): CellGrid<ReplayCell, ReplayChunk, ReplayReport> {
  const methods = replayMethods(options.k, options.methods);
  const trace = openTrace(path, requested);
  let identity: TraceIdentity;
  try {
    identity = { bytes: trace.size, positions: trace.layout.positions, vocab: trace.layout.vocab, settings: trace.settings };
  } finally {
    trace.close();
  }
  const positions = Math.min(identity.positions, options.maxPositions ?? Infinity);
  const cells: ReplayCell[] = [];
  for (let start = 0; start < positions; start += REPLAY_CHUNK_POSITIONS) {
    cells.push({ path, requested, trace: identity, k: options.k, methods, start, end: Math.min(positions, start + REPLAY_CHUNK_POSITIONS) });
  }
  const grid: ReplayGridRecord = {
    trace: identity,
    k: options.k,
    methods,
    seed: String(options.seed ?? 0),
    resamples: options.resamples ?? 1000,
    maxUnits: options.maxUnits ?? 10_000,
    positions,
    chunk: REPLAY_CHUNK_POSITIONS,
  };
  return { kind: REPLAY_KIND, grid, cells, task: cellTask(import.meta.url, './replayGrid', 'replayChunkCell'), label: (cell) => `positions ${cell.start}–${cell.end - 1}` };
}

/** Replays the positions of one cell (a cell function: runs in a worker). */
export function replayChunkCell(cell: ReplayCell, context: CellContext): ReplayChunk {
  const trace = openTrace(cell.path, cell.requested);
  try {
    if (trace.size !== cell.trace.bytes || trace.layout.positions !== cell.trace.positions) {
      throw new SpechubError('INVALID_ARGUMENT', `${cell.path}: the trace changed during the replay (size or positions differ)`);
    }
    const records: ReplayPositionRecord[] = [];
    for (const position of trace.positions({ start: cell.start, end: cell.end, reuseBuffers: true })) {
      records.push(replayPositionRecord(position, cell.trace.vocab, cell.k, cell.methods));
      if (records.length % 32 === 0) context.progress(records.length / (cell.end - cell.start));
    }
    return encodeReplayChunk(records);
  } finally {
    trace.close();
  }
}

/** Encodes records compactly (see {@link ReplayChunk}). */
export function encodeReplayChunk(records: readonly ReplayPositionRecord[]): ReplayChunk {
  const keys: string[][] = [];
  const keyIndex = new Map<string, number>();
  const skipped: Array<Array<[string, string]>> = [];
  const skippedIndex = new Map<string, number>();
  const rows = records.map((r) => {
    const keyList = r.stats.map(([key]) => key);
    const keyText = JSON.stringify(keyList);
    let kIndex = keyIndex.get(keyText);
    if (kIndex === undefined) keyIndex.set(keyText, (kIndex = keys.push(keyList) - 1));
    let sIndex = -1;
    if (r.skipped.length > 0) {
      const text = JSON.stringify(r.skipped);
      const known = skippedIndex.get(text);
      sIndex = known ?? skipped.push(r.skipped.map(([id, why]) => [id, why] as [string, string])) - 1;
      if (known === undefined) skippedIndex.set(text, sIndex);
    }
    const points = r.stats.every(([, lo, hi]) => lo === hi);
    const row: Array<number | null> = [kIndex, sIndex, points ? 1 : 0, r.exact ? 1 : 0, r.hubMass, r.contextId];
    for (const [, lo, hi] of r.stats) {
      row.push(lo);
      if (!points) row.push(hi);
    }
    return row;
  });
  return { keys, skipped, rows };
}

/** Decodes {@link encodeReplayChunk}'s output; throws `PARSE_ERROR` on a malformed chunk (an edited file). */
export function decodeReplayChunk(chunk: ReplayChunk): ReplayPositionRecord[] {
  const bad = (why: string) => new SpechubError('PARSE_ERROR', `replay partial result: a malformed chunk (${why})`);
  if (chunk === null || typeof chunk !== 'object' || !Array.isArray(chunk.keys) || !Array.isArray(chunk.skipped) || !Array.isArray(chunk.rows)) throw bad('needs keys, skipped, rows');
  return chunk.rows.map((row) => {
    if (!Array.isArray(row) || row.length < 6) throw bad('a row is too short');
    const [kIndex, sIndex, points, exact, hubMass, contextId] = row;
    const keyList = chunk.keys[kIndex as number];
    const skippedList = sIndex === -1 ? [] : chunk.skipped[sIndex as number];
    if (!Array.isArray(keyList) || !Array.isArray(skippedList) || typeof hubMass !== 'number' || (contextId !== null && typeof contextId !== 'number')) throw bad('a row refers to nothing');
    const width = points === 1 ? 1 : 2;
    if (row.length !== 6 + width * keyList.length) throw bad('a row has the wrong number of values');
    const stats: Array<[string, number, number]> = keyList.map((key, j) => {
      const lo = row[6 + width * j];
      const hi = row[6 + width * j + width - 1];
      if (typeof lo !== 'number' || typeof hi !== 'number') throw bad('a value is not a number');
      return [key, lo, hi];
    });
    return { exact: exact === 1, hubMass, contextId, skipped: skippedList.map(([id, why]) => [id, why] as [string, string]), stats };
  });
}
