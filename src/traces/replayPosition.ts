/**
 * The acceptance of every method at one position of a trace (§3.1 closed forms, §4 optima): exact
 * (float64) when both laws are fully known, an interval from `topKAcceptanceBounds` (docs/theory.md §10)
 * when a side is top-K with mass left unstored. Also the draft's hub mass q(a) = max_y q(y) (§4.5 H3–H4),
 * which the stored data always determines.
 *
 * Each method runs with the number of drafts the draft law allows (`nodeMethod`, as in trees and end-to-end
 * decoding): fewer drafts when the draft support is smaller than the scheme needs, single-draft SD for
 * SpecHub when the hub has all the mass. `khisti` is the i.i.d. optimum by the canonical decomposition
 * (§2.7), computed once with `otm`.
 *
 * @example
 * ```ts
 * const p = [0.1, 0.2, 0.3, 0.4], q = [0.4, 0.3, 0.2, 0.1];
 * const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, p.length, 2, ['rrs', 'spechub']);
 * r.values.get('spechub'); // [α, α]
 * r.optimum.iid;           // [α*, α*]
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { getMethod } from '../methods.ts';
import { nodeMethod } from '../tree/nodeMethod.ts';
import type { TraceLaw } from './decodeTraceRow.ts';
import { denseAcceptances } from './_internals/denseAcceptances.ts';
import { FIRST, firstOut } from './_internals/ratioBuckets.ts';
import { sparseOfDense } from './_internals/partialPair.ts';
import { type SparseLaw, topKAcceptanceBounds } from './topKAcceptanceBounds.ts';

export interface PositionAcceptance {
  /** [lo, hi] per method id (lo = hi when exact); a method missing here was not computable (see `skipped`). */
  values: Map<string, [number, number]>;
  /** Optimal acceptance for i.i.d. and without-replacement drafts; null when not available. */
  optimum: { iid: [number, number] | null; wor: [number, number] | null };
  /** max_y q(y). */
  hubMass: number;
  /** Whether both laws were fully known (every interval is a point). */
  exact: boolean;
  /** Methods that could not be computed at this position, with the reason. */
  skipped: Map<string, string>;
}

function isFullyKnown(law: TraceLaw): boolean {
  return law.kind === 'dense' || law.tail === 0;
}

/** A fully known law as a dense vector over `ids` (the union of stored ids, ascending). */
function compact(law: TraceLaw, ids: Int32Array): Float64Array {
  const out = new Float64Array(ids.length);
  if (law.kind === 'dense') {
    for (let i = 0; i < ids.length; i++) out[i] = law.probs[ids[i]!]!;
    return out;
  }
  const where = new Map<number, number>();
  ids.forEach((id, i) => where.set(id, i));
  for (let j = 0; j < law.ids.length; j++) out[where.get(law.ids[j]!)!] = law.probs[j]!;
  return out;
}

function sparse(law: TraceLaw): SparseLaw {
  return law.kind === 'dense' ? sparseOfDense(law.probs) : law;
}

function hubMassOf(law: TraceLaw): number {
  let m = 0;
  for (let i = 0; i < law.probs.length; i++) if (law.probs[i]! > m) m = law.probs[i]!;
  return m;
}

/** Exact float64 acceptance of one method on dense p, q (validated by the reader). */
function exactValue(id: string, p: Float64Array, q: Float64Array, k: number): number {
  const node = nodeMethod(floatField, getMethod(id), q, k);
  // A probability: float64 closed forms can land one ulp past 1 (src/traces/floatPaths.test.ts, skipped tests).
  return Math.min(1, Math.max(0, node.method.verifier.acceptance(floatField, p, q, node.k).value));
}

const SKIPPABLE = new Set(['TOO_LARGE', 'UNSUPPORTED_K', 'K_TOO_LARGE']);

export function replayPosition(target: TraceLaw, draft: TraceLaw, vocab: number, k: number, methods: readonly string[]): PositionAcceptance {
  const values = new Map<string, [number, number]>();
  const skipped = new Map<string, string>();
  const exact = isFullyKnown(target) && isFullyKnown(draft);
  let p: Float64Array | null = null;
  let q: Float64Array | null = null;
  if (exact) {
    if (target.kind === 'dense' && draft.kind === 'dense') {
      p = target.probs;
      q = draft.probs;
    } else {
      const union = new Set<number>();
      for (const law of [target, draft]) {
        if (law.kind === 'dense') law.probs.forEach((x, i) => x > 0 && union.add(i));
        else law.ids.forEach((id, j) => law.probs[j]! > 0 && union.add(id));
      }
      const ids = Int32Array.from(union).sort();
      p = compact(target, ids);
      q = compact(draft, ids);
    }
  }
  const sp = exact ? null : sparse(target);
  const sq = exact ? null : sparse(draft);
  // Fully known laws: the closed forms that share passes (one order, fused sums), computed together once.
  const fused = exact ? denseAcceptances(p!, q!, k, [...methods, 'otm', 'otm-wor']) : null;
  // max q: from the fused first pass when it ran on the draft's own vector (both laws dense: its argmax), else one
  // scan of the stored entries.
  const hubMass = exact && target.kind === 'dense' && draft.kind === 'dense' ? draft.probs[firstOut[FIRST.hub]!]! : hubMassOf(draft);
  const evaluate = (id: string): [number, number] | null => {
    if (!getMethod(id).verifier.supportsK(k)) {
      skipped.set(id, `not defined for k = ${k}`);
      return null;
    }
    try {
      if (exact) {
        const v = fused!.get(id) ?? exactValue(id, p!, q!, k);
        return [v, v];
      }
      const b = topKAcceptanceBounds(id, sp!, sq!, vocab, k);
      if (b === null) skipped.set(id, `no proven top-K bound for ${id} with k = ${k} (docs/theory.md §10)`);
      return b;
    } catch (e) {
      if (e instanceof SpechubError && SKIPPABLE.has(e.code)) {
        skipped.set(id, e.message);
        return null;
      }
      throw e;
    }
  };
  const cache = new Map<string, [number, number] | null>();
  const get = (id: string) => {
    const key = id === 'khisti' ? 'otm' : id;
    if (!cache.has(key)) cache.set(key, evaluate(key));
    const v = cache.get(key)!;
    if (v === null && id === 'khisti' && skipped.has('otm')) skipped.set('khisti', skipped.get('otm')!);
    return v;
  };
  for (const id of methods) {
    const v = get(id);
    if (v !== null) values.set(id, v);
  }
  const optimum = { iid: get('otm'), wor: get('otm-wor') };
  for (const id of ['otm', 'otm-wor']) if (!methods.includes(id)) skipped.delete(id);
  return { values, optimum, hubMass, exact, skipped };
}
