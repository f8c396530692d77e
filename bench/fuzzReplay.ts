/**
 * Replay fuzz (issue 13; docs/theory.md §10, §11.7–11.8): randomised checks of the replay's per-position values,
 * longer than the tests run them. Not a test; prints a summary and exits 1 when a check fails (each failure is
 * printed with its laws, so it can be turned into a regression test).
 *
 * Three kinds of instance, in turn:
 * 1. **Fused vs closed forms.** A dense pair of size 2 … 20,000 drawn from Zipf-like, tied, dust (1e-300), subnormal,
 *    one-hot, near-one-hot, coarse and float32-stored shapes (the draft often a perturbation of the target);
 *    `replayPosition`'s value of every method (k = 2, or `--k`) against the method's own float closed form, to
 *    1e-12 relative (K-SEQ 1e-9) plus 64·2⁻¹⁰⁷⁴.
 * 2. **Spiked drafts vs exact values.** n = 3 … 6, a draft spiked at one token (mass 1) whose other masses are 0,
 *    a few subnormal ulps or 1e-300-scale; `replayPosition` and each closed form against the exact rational value
 *    of the renormalised laws, to 1e-11 (K-SEQ 1e-9). This regime found three faults (CHANGELOG 0.2.0 "Fixed").
 * 3. **Top-K intervals.** A dense pair of size 4 … 200 (the shapes above and drafts spiked at 1 beside masses of
 *    1e-18), both sides truncated to a random top-K with the tail summed from the unstored entries, k = 1 … 3: every
 *    `topKAcceptanceBounds` interval must contain the dense value (1e-12 slack).
 *
 * Run: node --import tsx bench/fuzzReplay.ts [--instances 3000] [--seed 1] [--k 2]
 */
import { parseArgs } from 'node:util';
import { exactAcceptance } from '../src/analysis/acceptanceRate.ts';
import { floatField } from '../src/core/field.ts';
import { exactlyRenormalised } from '../src/core/renormalise.ts';
import { getMethod } from '../src/methods.ts';
import { createRng } from '../src/random/createRng.ts';
import { replayPosition } from '../src/traces/replayPosition.ts';
import { topKAcceptanceBounds } from '../src/traces/topKAcceptanceBounds.ts';
import { truncateToTopK } from '../src/traces/_testing/topKTruncation.ts';
import { nodeMethod } from '../src/tree/nodeMethod.ts';

const { values } = parseArgs({ options: { instances: { type: 'string', default: '3000' }, seed: { type: 'string', default: '1' }, k: { type: 'string', default: '2' } } });
const instances = Number(values.instances);
const k = Number(values.k);
if (!Number.isInteger(instances) || instances < 1 || !Number.isInteger(k) || k < 1 || k > 3) {
  console.error('--instances must be a positive integer and --k one of 1, 2, 3');
  process.exit(2);
}
const rng = createRng(`fuzz-replay-${values.seed}`);
const METHODS = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor'];
const SHAPES = ['zipf', 'ties', 'dust', 'subnormal', 'oneHot', 'nearOneHot', 'coarse', 'float32'] as const;

let failures = 0;
const counts = { fused: 0, exact: 0, intervals: 0 };
function fail(what: string, detail: object): void {
  failures++;
  if (failures <= 20) console.error(`FAIL ${what} ${JSON.stringify(detail)}`);
}

function normalised(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  if (!(s > 0)) {
    v[0] = 1;
    s = 1;
  }
  return v.map((x) => x / s);
}

/** A dense law of one shape; `base` (the target) makes the float32 shape a perturbation of it. */
function law(n: number, shape: (typeof SHAPES)[number], base?: Float64Array): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (shape === 'zipf') v[i] = Math.exp(-1.1 * Math.log(i + 1) + 2 * (rng() - 0.5));
    else if (shape === 'ties') v[i] = r < 0.1 ? 0 : Math.floor(rng() * 4) + 1;
    else if (shape === 'dust') v[i] = r < 0.2 ? 1e-300 : r < 0.3 ? 0 : rng();
    else if (shape === 'subnormal') v[i] = r < 0.3 ? 5e-324 : r < 0.4 ? 1e-310 : r < 0.5 ? 0 : rng();
    else if (shape === 'nearOneHot') v[i] = r < 0.5 ? 1e-17 : 0;
    else if (shape === 'coarse') v[i] = Math.floor(rng() * 3);
    else if (shape === 'float32') v[i] = base ? base[i]! * Math.exp(rng() - 0.5) : Math.exp(-8 * rng());
  }
  if (shape === 'oneHot') v[Math.floor(rng() * n)] = 1;
  if (shape === 'nearOneHot') {
    v[Math.floor(rng() * n)] = 1 - 1e-16;
    return v;
  }
  if (shape === 'float32') {
    // As a trace stores it: float32 values, times the reciprocal of their float64 sum (docs/traces.md).
    const f = Float32Array.from(normalised(v));
    let t = 0;
    for (const x of f) t += x;
    const scale = 1 / t;
    return Float64Array.from(f, (x) => x * scale);
  }
  return normalised(v);
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));
const supports = (id: string, kk: number) => getMethod(id).verifier.supportsK(kk);

function fusedVsClosedForms(): void {
  const n = [2, 3, 5, 17, 64, 300, 1000, 5000, 20000][Math.floor(rng() * 9)]!;
  const p = law(n, SHAPES[Math.floor(rng() * SHAPES.length)]!);
  const q = law(n, SHAPES[Math.floor(rng() * SHAPES.length)]!, p);
  if (q.filter((x) => x > 0).length < k) return;
  const ids = METHODS.filter((id) => supports(id, k) && !(k === 3 && n > 300 && (id === 'rrsw' || id === 'otm-wor')));
  const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, n, k, ids);
  for (const id of ids) {
    const value = r.values.get(id);
    if (value === undefined) continue;
    const node = nodeMethod(floatField, getMethod(id), q, k);
    let own: number;
    try {
      own = clamp(node.method.verifier.acceptance(floatField, p, q, node.k).value);
    } catch {
      continue; // too costly for the general closed form (typed refusal)
    }
    const tolerance = id === 'kseq' ? 1e-9 : 1e-12;
    if (!(Math.abs(value[0] - own) <= tolerance * own + 64 * Number.MIN_VALUE)) fail('fused', { id, k, n, fused: value[0], closedForm: own, ...(n <= 20 ? { p: Array.from(p), q: Array.from(q) } : {}) });
    counts.fused++;
  }
}

function spikedVsExact(): void {
  const n = 3 + Math.floor(rng() * 4);
  const p = Float64Array.from({ length: n }, () => (rng() < 0.2 ? 0 : rng() < 0.1 ? Math.floor(rng() * 4) * Number.MIN_VALUE : rng()));
  let s = 0;
  for (const x of p) s += x;
  if (!(s > 0)) return;
  for (let i = 0; i < n; i++) p[i]! /= s;
  const q = Float64Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng() < 0.5 ? Math.floor(rng() * 5) * Number.MIN_VALUE : rng() * 1e-300));
  q[Math.floor(rng() * n)] = 1;
  if (q.filter((x) => x > 0).length < k) return;
  const ids = METHODS.filter((id) => supports(id, k));
  const r = replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, n, k, ids);
  for (const id of ids) {
    let exact: number;
    try {
      exact = exactAcceptance(id, exactlyRenormalised(p), exactlyRenormalised(q), k).value.toNumber();
    } catch {
      continue; // the exact route refuses (too costly in rationals)
    }
    const tolerance = id === 'kseq' ? 1e-9 : 1e-11;
    const ok = (x: number) => Math.abs(x - exact) <= tolerance * exact + 1e-300;
    const value = r.values.get(id);
    if (value !== undefined && !ok(value[0])) fail('spiked replay', { id, k, replay: value[0], exact, p: Array.from(p), q: Array.from(q) });
    const node = nodeMethod(floatField, getMethod(id), q, k);
    const own = clamp(node.method.verifier.acceptance(floatField, p, q, node.k).value);
    if (!ok(own)) fail('spiked closed form', { id, k, closedForm: own, exact, p: Array.from(p), q: Array.from(q) });
    counts.exact++;
  }
}

function topKIntervals(): void {
  const n = [4, 8, 20, 60, 200][Math.floor(rng() * 5)]!;
  const spikedDraft = () => {
    const v = Float64Array.from({ length: n }, () => (rng() < 0.3 ? 0 : 1e-18 * rng()));
    v[Math.floor(rng() * n)] = 1;
    return normalised(v);
  };
  const p = law(n, SHAPES[Math.floor(rng() * SHAPES.length)]!);
  const q = rng() < 0.3 ? spikedDraft() : law(n, SHAPES[Math.floor(rng() * SHAPES.length)]!, p);
  const kk = 1 + Math.floor(rng() * 3);
  const tp = truncateToTopK(p, 1 + Math.floor(rng() * n));
  const tq = truncateToTopK(q, 1 + Math.floor(rng() * n));
  for (const id of ['sd', ...METHODS, 'khisti']) {
    if (!supports(id, kk)) continue;
    const node = nodeMethod(floatField, getMethod(id), q, kk);
    if ((node.method.id === 'rrsw' || node.method.id === 'otm-wor') && node.k >= 3) continue;
    const dense = clamp(node.method.verifier.acceptance(floatField, p, q, node.k).value);
    let bounds: [number, number] | null;
    try {
      bounds = topKAcceptanceBounds(id, tp, tq, n, kk);
    } catch (e) {
      fail('top-K interval threw', { id, k: kk, n, error: String(e), p: Array.from(p), q: Array.from(q), tp, tq });
      continue;
    }
    if (bounds === null) continue;
    if (!(bounds[0] <= dense + 1e-12 && dense <= bounds[1] + 1e-12)) fail('top-K interval', { id, k: kk, n, dense, bounds, p: Array.from(p), q: Array.from(q), tp, tq });
    counts.intervals++;
  }
}

const started = performance.now();
for (let i = 0; i < instances; i++) {
  const kind = i % 3;
  if (kind === 0) fusedVsClosedForms();
  else if (kind === 1) spikedVsExact();
  else topKIntervals();
  if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1}/${instances} instances, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
console.log(`replay fuzz, seed ${values.seed}, k = ${k}: ${instances} instances, ${failures} failures; ${counts.fused} fused values against closed forms, ${counts.exact} spiked-draft values against exact ones, ${counts.intervals} top-K intervals checked (${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failures === 0 ? 0 : 1);
