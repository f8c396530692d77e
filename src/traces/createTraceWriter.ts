/**
 * Node writer of trace files (format version 1, docs/traces.md): writes the header first (the number of
 * positions is known up front), then one position at a time with positioned writes, into a temporary file
 * that is renamed over the destination on `close()` (atomic; `abort()` removes it). Memory use is one row.
 *
 * Metadata gets `format: spechub-trace/1`, and `vocab_size` when a side is top-K.
 *
 * @example
 * ```ts
 * const w = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'probs', draft: { topK: 2 } });
 * w.write({ target: [0.5, 0.25, 0.25], draft: { ids: [0, 2], probs: [0.6, 0.3] } });
 * w.write({ target: [0.2, 0.3, 0.5], draft: { ids: [1, 0], probs: [0.7, 0.2] } });
 * w.close();
 * ```
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { SpechubError } from '../core/errors.ts';
import { encodeSafetensorsHeader, type TensorSpec } from './encodeSafetensorsHeader.ts';
import { TRACE_FORMAT } from './parseTraceLayout.ts';
import { encodeValues, type FloatDtype, type IntegerDtype } from './tensorDtypes.ts';

export type TraceSideSpec = 'probs' | 'logits' | { topK: number };

export interface TraceSpec {
  positions: number;
  vocab: number;
  target: TraceSideSpec;
  draft: TraceSideSpec;
  /** Float type of probabilities and logits (default F32). */
  dtype?: FloatDtype;
  /** Integer type of ids, context ids and positions (default I32). */
  idDtype?: IntegerDtype;
  contextIds?: boolean;
  positionIds?: boolean;
  metadata?: Record<string, string>;
}

export type TraceRowValues = ArrayLike<number> | { ids: ArrayLike<number>; probs: ArrayLike<number> };

export interface TraceRow {
  target: TraceRowValues;
  draft: TraceRowValues;
  contextId?: number;
  position?: number;
}

export interface TraceWriter {
  /** Writes the next position. */
  write(row: TraceRow): void;
  /** Checks that every position was written, then moves the file into place. */
  close(): void;
  /** Removes the temporary file. */
  abort(): void;
}

export function createTraceWriter(path: string, spec: TraceSpec): TraceWriter {
  const { positions, vocab } = spec;
  if (!Number.isSafeInteger(positions) || positions < 1) throw new SpechubError('INVALID_ARGUMENT', `a trace needs at least one position, got ${positions}`);
  if (!Number.isSafeInteger(vocab) || vocab < 1) throw new SpechubError('INVALID_ARGUMENT', `vocabulary size must be a positive integer, got ${vocab}`);
  const dtype = spec.dtype ?? 'F32';
  const idDtype = spec.idDtype ?? 'I32';
  const tensors: TensorSpec[] = [];
  const sides: Array<['target' | 'draft', TraceSideSpec]> = [['target', spec.target], ['draft', spec.draft]];
  for (const [name, side] of sides) {
    if (side === 'probs') tensors.push({ name, dtype, shape: [positions, vocab] });
    else if (side === 'logits') tensors.push({ name: `${name}_logits`, dtype, shape: [positions, vocab] });
    else {
      if (!Number.isSafeInteger(side.topK) || side.topK < 1 || side.topK > vocab) throw new SpechubError('INVALID_ARGUMENT', `top-K needs 1 ≤ K ≤ ${vocab}, got ${side.topK}`);
      tensors.push({ name: `${name}_ids`, dtype: idDtype, shape: [positions, side.topK] }, { name: `${name}_probs`, dtype, shape: [positions, side.topK] });
    }
  }
  if (spec.contextIds) tensors.push({ name: 'context_id', dtype: idDtype, shape: [positions] });
  if (spec.positionIds) tensors.push({ name: 'position', dtype: idDtype, shape: [positions] });
  const metadata: Record<string, string> = { format: TRACE_FORMAT, ...(spec.metadata ?? {}) };
  if (sides.some(([, s]) => typeof s === 'object')) metadata.vocab_size = String(vocab);
  const header = encodeSafetensorsHeader(tensors, metadata);
  const temporary = `${path}.partial-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
  const fd = openSync(temporary, 'w');
  let written = 0;
  let done = false;
  try {
    writeSync(fd, header.bytes, 0, header.bytes.length, 0);
  } catch (e) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw e;
  }
  const put = (name: string, row: number, values: ArrayLike<number>, expected: number, type: FloatDtype | IntegerDtype) => {
    if (values.length !== expected) throw new SpechubError('LENGTH_MISMATCH', `tensor '${name}' row ${row}: expected ${expected} values, got ${values.length}`);
    const bytes = encodeValues(values, type);
    const place = header.layout.get(name)!;
    writeSync(fd, bytes, 0, bytes.length, header.dataStart + place.begin + row * bytes.length);
  };
  return {
    write(row) {
      if (done) throw new SpechubError('INVALID_ARGUMENT', 'the trace writer is closed');
      if (written >= positions) throw new SpechubError('INVALID_ARGUMENT', `the trace was declared with ${positions} positions; one more was written`);
      const r = written;
      for (const [name, side] of sides) {
        const values = row[name];
        if (side === 'probs' || side === 'logits') {
          if (!('length' in values)) throw new SpechubError('INVALID_ARGUMENT', `${name} row ${r}: expected a dense vector`);
          put(side === 'probs' ? name : `${name}_logits`, r, values, vocab, dtype);
        } else {
          if (!('ids' in values)) throw new SpechubError('INVALID_ARGUMENT', `${name} row ${r}: expected {ids, probs}`);
          put(`${name}_ids`, r, values.ids, side.topK, idDtype);
          put(`${name}_probs`, r, values.probs, side.topK, dtype);
        }
      }
      if (spec.contextIds) {
        if (row.contextId === undefined) throw new SpechubError('INVALID_ARGUMENT', `row ${r}: contextId is required (the trace was declared with context ids)`);
        put('context_id', r, [row.contextId], 1, idDtype);
      }
      if (spec.positionIds) {
        if (row.position === undefined) throw new SpechubError('INVALID_ARGUMENT', `row ${r}: position is required (the trace was declared with positions)`);
        put('position', r, [row.position], 1, idDtype);
      }
      written++;
    },
    close() {
      if (done) return;
      if (written !== positions) {
        this.abort();
        throw new SpechubError('INVALID_ARGUMENT', `the trace was declared with ${positions} positions but ${written} were written`);
      }
      fsyncSync(fd);
      closeSync(fd);
      done = true;
      renameSync(temporary, path);
    },
    abort() {
      if (done) return;
      done = true;
      closeSync(fd);
      rmSync(temporary, { force: true });
    },
  };
}
