/**
 * `spechub/traces`: real models' distributions in (theory §10). Vector files (JSON, text, `.npy`,
 * `file.safetensors#name`), trace files (safetensors, format version 1, docs/traces.md) read as a stream of
 * positions, top-K truncation with provable acceptance intervals, and the replay of every verifier over a trace.
 * The parsers work on bytes and bundle for the browser; {@link openTrace}, {@link createTraceWriter} and
 * {@link readVectorFile} read and write files (Node).
 *
 * @example
 * ```ts
 * import { parseVectorBytes } from 'spechub/traces';
 * parseVectorBytes(new TextEncoder().encode('[0.25, 0.75]'), { name: 'draft', extension: '.json' }).values.length; // 2
 * ```
 */
export { parseSafetensorsHeader, safetensorsHeaderLength } from './parseSafetensorsHeader.ts';
export { encodeSafetensorsHeader } from './encodeSafetensorsHeader.ts';
export { parseNpy } from './parseNpy.ts';
export { type ParsedVector, parseVectorBytes, vectorTolerance } from './parseVectorBytes.ts';
export { type TraceLayout, TRACE_FORMAT, parseTraceLayout } from './parseTraceLayout.ts';
export { type TraceLaw, type TracePosition, decodeTraceRow, traceSettings } from './decodeTraceRow.ts';
export { type SparseLaw, topKAcceptanceBounds, topKOptimumBounds } from './topKAcceptanceBounds.ts';
export { type PositionAcceptance, replayPosition } from './replayPosition.ts';
export { type TraceReader, openTrace } from './openTrace.ts';
export { type TraceRow, type TraceSpec, type TraceWriter, createTraceWriter } from './createTraceWriter.ts';
export { readVectorFile } from './readVectorFile.ts';
export { type ReplayOptions, type ReplayReport, replayTrace } from '../experiments/replayTrace.ts';
export { clusterBootstrap } from '../experiments/clusterBootstrap.ts';
