/**
 * Node reader of trace files (format version 1, docs/traces.md): reads and checks the header, then streams
 * positions in chunks of rows (2 MiB by default) with positioned reads into one buffer per tensor, reused from
 * chunk to chunk (a fresh buffer costs a page fault per 4 KiB), so a multi-GB trace never has to fit in memory. Each position is decoded and checked by {@link decodeTraceRow}; errors name the file, the tensor
 * and the row.
 *
 * @example
 * ```ts
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'logits', draft: 'logits' });
 * writer.write({ target: [2, 1, 0], draft: [1, 1, 0] }); // logits: laws are softmax(logits / T)
 * writer.write({ target: [0, 0, 1], draft: [0, 1, 1] });
 * writer.close();
 * const trace = openTrace('trace.safetensors', { temperature: 0.7 });
 * let positions = 0;
 * for (const position of trace.positions()) positions++; // position.target, position.draft: the two laws
 * positions; // 2
 * trace.close();
 * ```
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { denseWorkspace } from './_internals/ratioBuckets.ts';
import { SpechubError } from '../core/errors.ts';
import { decodeTraceRow, type TracePosition, type TraceRowBytes, type TraceSettings, traceSettings } from './decodeTraceRow.ts';
import { parseSafetensorsHeader, safetensorsHeaderLength } from './parseSafetensorsHeader.ts';
import { parseTraceLayout, type TraceLayout, type TraceTensor } from './parseTraceLayout.ts';

export interface TraceReader {
  path: string;
  /** File size in bytes. */
  size: number;
  layout: TraceLayout;
  settings: TraceSettings;
  /**
   * Positions [start, end) in file order, decoded and checked, read chunk by chunk (into one buffer per tensor,
   * reused from chunk to chunk). With `reuseBuffers`, dense laws are decoded into two arrays reused from position
   * to position (no 2 × V float64 allocation per position): a position's `probs` are valid only until the next
   * one is read. For streaming consumers such as the replay; collect positions without it.
   */
  positions(options?: { start?: number; end?: number; chunkBytes?: number; reuseBuffers?: boolean }): Generator<TracePosition>;
  close(): void;
}

function readExactly(fd: number, length: number, position: number, path: string, into?: Buffer): Buffer {
  const buffer = into !== undefined && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) throw new SpechubError('PARSE_ERROR', `${path}: unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return buffer;
}

/** Opens a trace; `requested` picks the temperature and top-p (see `traceSettings`). */
export function openTrace(path: string, requested: { temperature?: number; topP?: number } = {}): TraceReader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new SpechubError('INVALID_ARGUMENT', `cannot open trace ${path}: ${(e as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    let layout: TraceLayout;
    try {
      const n = safetensorsHeaderLength(readExactly(fd, Math.min(8, size), 0, path), size);
      layout = parseTraceLayout(parseSafetensorsHeader(readExactly(fd, n, 8, path), size));
    } catch (e) {
      if (e instanceof SpechubError) throw new SpechubError(e.code, `${path}: ${e.message}`);
      throw e;
    }
    const settings = traceSettings(layout, requested);
    const tensors: Array<{ key: string; tensor: TraceTensor }> = [];
    for (const [key, side] of [['target', layout.target], ['draft', layout.draft]] as const) {
      if (side.form === 'topk') tensors.push({ key: `${key}.ids`, tensor: side.ids }, { key: `${key}.probs`, tensor: side.probs });
      else tensors.push({ key, tensor: side.values });
    }
    if (layout.contextId) tensors.push({ key: 'contextId', tensor: layout.contextId });
    if (layout.position) tensors.push({ key: 'position', tensor: layout.position });
    const rowBytes = tensors.reduce((s, t) => s + t.tensor.rowBytes, 0);
    let closed = false;
    return {
      path,
      size,
      layout,
      settings,
      *positions(options = {}) {
        const start = options.start ?? 0;
        const end = Math.min(options.end ?? layout.positions, layout.positions);
        const rowsPerChunk = Math.max(1, Math.floor((options.chunkBytes ?? 2 * 2 ** 20) / rowBytes));
        // One read buffer per tensor for the whole stream (rows are decoded into fresh or reused float64 arrays,
        // never referenced by a yielded position).
        const readBuffers = new Map<string, Buffer>();
        const bufferFor = (key: string, length: number): Buffer => {
          let b = readBuffers.get(key);
          if (b === undefined || b.length < length) readBuffers.set(key, (b = Buffer.allocUnsafe(length)));
          return b;
        };
        // Reused arrays: in the first-pass kernel's memory when it is in use (the replay's first pass then reads
        // them in place: `denseWorkspace`), else plain ones.
        const reuse = options.reuseBuffers === true ? (denseWorkspace(layout.vocab) ?? { target: new Float64Array(layout.vocab), draft: new Float64Array(layout.vocab) }) : undefined;
        for (let r0 = start; r0 < end; r0 += rowsPerChunk) {
          if (closed) throw new SpechubError('INVALID_ARGUMENT', `${path}: the trace was closed`);
          const r1 = Math.min(end, r0 + rowsPerChunk);
          const chunks = new Map<string, { data: Buffer; rowBytes: number }>();
          for (const { key, tensor } of tensors) {
            const length = (r1 - r0) * tensor.rowBytes;
            chunks.set(key, { data: readExactly(fd, length, layout.dataStart + tensor.begin + r0 * tensor.rowBytes, path, bufferFor(key, Math.min(rowsPerChunk, end - start) * tensor.rowBytes)), rowBytes: tensor.rowBytes });
          }
          const rowOf = (key: string, i: number): Uint8Array => {
            const c = chunks.get(key)!;
            return new Uint8Array(c.data.buffer, c.data.byteOffset + i * c.rowBytes, c.rowBytes);
          };
          for (let r = r0; r < r1; r++) {
            const i = r - r0;
            const bytes: TraceRowBytes = {
              target: layout.target.form === 'topk' ? { ids: rowOf('target.ids', i), probs: rowOf('target.probs', i) } : rowOf('target', i),
              draft: layout.draft.form === 'topk' ? { ids: rowOf('draft.ids', i), probs: rowOf('draft.probs', i) } : rowOf('draft', i),
              ...(layout.contextId ? { contextId: rowOf('contextId', i) } : {}),
              ...(layout.position ? { position: rowOf('position', i) } : {}),
            };
            try {
              yield decodeTraceRow(layout, settings, r, bytes, reuse);
            } catch (e) {
              if (e instanceof SpechubError) throw new SpechubError(e.code, `${path}: ${e.message}`);
              throw e;
            }
          }
        }
      },
      close() {
        if (!closed) closeSync(fd);
        closed = true;
      },
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
