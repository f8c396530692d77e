/**
 * Replay benchmarks (not a test; timings on a shared machine are provisional — re-run on an idle one).
 *
 * 1. Dense trace, V = 32,000, k = 2, the whole method set (rrs, rrsw, kseq, spechub, greedy, greedy-q, otm,
 *    otm-wor, khisti + both optima): positions per second through the file reader and `replayTrace`
 *    (target ≥ 1,000 positions/s on one core; a warm-up pass, then five measured ones, the median reported with
 *    the slowest and fastest, wall and CPU time), with a
 *    profile: the decode cost per position, the fused replay path (`replayPosition`) on one pair, and each
 *    method's own closed form timed alone (their sum is what a position cost before the fused path).
 * 2. The 128,256-vocabulary synthetic trace of 200 positions (F16 on disk, ≈ 103 MB): wall time, positions/s
 *    and peak resident memory of the streaming replay.
 * 3. Top-K traces (K = 256) at V = 128,256: positions per second of the interval computation.
 * 4. The same V = 32,000 laws stored as F64, F16 and BF16 probabilities and as F32 logits (softmax per row at
 *    replay), and the 128,256 trace as BF16: positions per second per storage form.
 *
 * Run: node --import tsx bench/replay.bench.ts [--quick]
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floatField } from '../src/core/field.ts';
import { softmax } from '../src/core/softmax.ts';
import { replayTrace } from '../src/experiments/replayTrace.ts';
import { getMethod, methodIds } from '../src/methods.ts';
import { nodeMethod } from '../src/tree/nodeMethod.ts';
import { createRng } from '../src/random/createRng.ts';
import { createTraceWriter } from '../src/traces/createTraceWriter.ts';
import { openTrace } from '../src/traces/openTrace.ts';
import { replayPosition } from '../src/traces/replayPosition.ts';
import { asValues, cpuSecondsPerCall, medianRatio, summingPassCall } from './_internals/timing.ts';

const quick = process.argv.includes('--quick');

/** Zipf-like target logits, draft = target logits + Gaussian noise (as bench/optimum.bench.ts). */
function pairLogits(n: number, rng: () => number): { target: number[]; draft: number[] } {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
  return { target: logits, draft: logits.map((x) => x + 0.9 * gauss()) };
}

/** The laws of `pairLogits` (softmax at temperature 1). */
function pair(n: number, rng: () => number): { p: Float64Array; q: Float64Array } {
  const { target, draft } = pairLogits(n, rng);
  return { p: softmax(target), q: softmax(draft) };
}

function topK(v: Float64Array, K: number) {
  const ids = Array.from(v.keys()).sort((a, b) => v[b]! - v[a]! || a - b).slice(0, K);
  return { ids, probs: ids.map((i) => v[i]!) };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

function writeTrace(path: string, V: number, P: number, form: 'probs' | 'logits' | { topK: number }, dtype: 'F64' | 'F32' | 'F16' | 'BF16') {
  const rng = createRng(`replay-bench-${V}`);
  const w = createTraceWriter(path, { positions: P, vocab: V, target: form, draft: form, dtype, contextIds: true });
  for (let i = 0; i < P; i++) {
    if (form === 'logits') {
      // The logits of `pair`'s laws (the replay's temperature 1).
      w.write({ ...pairLogits(V, rng), contextId: i >> 3 });
      continue;
    }
    const { p, q } = pair(V, rng);
    if (form === 'probs') w.write({ target: p, draft: q, contextId: i >> 3 });
    else w.write({ target: topK(p, form.topK), draft: topK(q, form.topK), contextId: i >> 3 });
  }
  w.close();
}

/**
 * Replays the file through the streaming reader (`reuseBuffers`, as `spechub replay`'s cells do): three warm-up passes
 * (JIT, page cache), then `runs` measured ones (5; 2 with --quick), each timed on the wall clock and on process CPU
 * time (the CPU time does not count waiting for a core on a loaded machine). Reports the median run (positions/s)
 * with the slowest and fastest, and the first pass's rate (what a trace of that length replayed once in a fresh
 * process gets): one run of 300 positions lasts a third of a second, and a shared machine's speed drifts by more than
 * 10 % between such runs. Three warm-up passes because V8 keeps optimising for about a thousand positions: at
 * V = 32,000 the decoding loop is compiled whole only in the second pass (before, on-stack replacement only), and in
 * one process six rounds of five runs went 954, 1,006, 1,016, 1,047, 1,060, 1,089 positions/s (2026-11-30).
 */
function replayFile(path: string, label: string, P: number) {
  const once = () => {
    const trace = openTrace(path);
    const report = replayTrace(trace.positions({ reuseBuffers: true }), trace.layout.vocab, { k: 2, seed: 1, resamples: 1000 });
    trace.close();
    return report;
  };
  const w0 = performance.now();
  once();
  const cold = (performance.now() - w0) / 1000;
  once();
  once();
  const runs = quick ? 2 : 5;
  const walls: number[] = [];
  const cpus: number[] = [];
  let report: ReturnType<typeof once> | null = null;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const started = performance.now();
    report = once();
    walls.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(c0);
    cpus.push((used.user + used.system) / 1e6);
  }
  const rates = walls.map((s) => P / s).sort((a, b) => a - b);
  const perCpu = cpus.map((s) => P / s).sort((a, b) => a - b);
  const median = (v: number[]) => (v.length % 2 === 1 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2);
  console.log(
    `${label}: ${P} positions, median of ${runs} runs ${median(rates).toFixed(1)} positions/s wall (slowest ${rates[0]!.toFixed(1)}, fastest ${rates[rates.length - 1]!.toFixed(1)}), ${median(perCpu).toFixed(1)} per CPU-second (bootstrap included; first pass ${(P / cold).toFixed(1)} positions/s); spechub ${report!.methods.spechub?.mean.toFixed(4)}, rrs ${report!.methods.rrs?.mean.toFixed(4)}${report!.methods.rrs?.bounds ? ` bounds [${report!.methods.rrs.bounds.map((x) => x.toFixed(4)).join(', ')}]` : ''}`,
  );
  return median(walls);
}

const dir = tmpdir();
console.log('Replay benchmarks (provisional timings: shared machine)\n');

// 1. V = 32,000 dense.
{
  const V = 32_000;
  const P = quick ? 20 : 300;
  const path = join(dir, `spechub-bench-32k-${process.pid}.safetensors`);
  writeTrace(path, V, P, 'probs', 'F32');
  replayFile(path, `1. dense V = ${V}, k = 2, all methods`, P);
  // Profile on one pair: decode + each closed form alone.
  const trace = openTrace(path);
  // Streaming read + decode + checks per position (the reader as replay uses it: reused buffers), CPU time.
  const decode = cpuSecondsPerCall(() => {
    for (const position of trace.positions({ reuseBuffers: true })) if (position.row < 0) throw new Error('unreachable');
  }) / P;
  const first = trace.positions({ end: 1 }).next().value!;
  trace.close();
  rmSync(path, { force: true });
  const p = (first.target as { probs: Float64Array }).probs;
  const q = (first.draft as { probs: Float64Array }).probs;
  console.log(`   profile at V = ${V} (CPU ms per position): read + decode + checks ${(decode * 1e3).toFixed(2)}`);
  const ids = methodIds().filter((m) => getMethod(m).verifier.supportsK(2));
  const fused = cpuSecondsPerCall(() => replayPosition({ kind: 'dense', probs: p }, { kind: 'dense', probs: q }, V, 2, ids));
  // The same cost in load-independent units: summing passes Σ (p + q) over V, interleaved in the same run.
  // Both read p and q as values (`asValues`, bench/_internals/timing.ts), as the replay's cells do.
  const laws = asValues(p, q);
  const passes = medianRatio(() => replayPosition({ kind: 'dense', probs: laws[0] }, { kind: 'dense', probs: laws[1] }, V, 2, ids), summingPassCall(p, q), { rounds: quick ? 5 : 11 });
  console.log(`     every method, fused replay path (replayPosition): ${(fused * 1e3).toFixed(2)} = ${passes.ratio.toFixed(1)} summing passes over V (one pass ${(passes.baselineSeconds * 1e6).toFixed(1)} µs here); each method's own closed form alone:`);
  let sum = decode;
  for (const id of methodIds().filter((m) => getMethod(m).verifier.supportsK(2) && m !== 'khisti')) {
    const t = cpuSecondsPerCall(() => {
      const node = nodeMethod(floatField, getMethod(id), q, 2);
      node.method.verifier.acceptance(floatField, p, q, node.k);
    });
    sum += t;
    console.log(`     ${id.padEnd(9)} ${(t * 1e3).toFixed(2)}`);
  }
  console.log(`   sum of the separate closed forms ${(sum * 1e3).toFixed(1)} ms (${(1 / sum).toFixed(0)} positions/s); fused path + decode ${((fused + decode) * 1e3).toFixed(2)} ms → ${(1 / (fused + decode)).toFixed(0)} positions/s (target 1,000)`);
}

// 2. V = 128,256 dense, 200 positions, streamed from disk.
{
  const V = 128_256;
  const P = quick ? 20 : 200;
  const path = join(dir, `spechub-bench-128k-${process.pid}.safetensors`);
  writeTrace(path, V, P, 'probs', 'F16');
  peakRss = process.memoryUsage().rss;
  const seconds = replayFile(path, `2. dense V = ${V} (F16 file), k = 2, all methods`, P);
  console.log(`   peak resident memory during the replay: ${mb(peakRss)}`);
  // The same work rate as the V = 32,000 target (1,000 positions/s × 32,000 token pairs): 249.5 positions/s here.
  console.log(`   ${((P * V) / seconds / 1e6).toFixed(1)} M token pairs per second (the 1,000 positions/s target at V = 32,000 is 32.0 M; at V = ${V} that rate is ${((1000 * 32_000) / V).toFixed(1)} positions/s)`);
  rmSync(path, { force: true });
  writeTrace(path, V, P, 'probs', 'BF16');
  replayFile(path, `   the same laws stored as BF16`, P);
  rmSync(path, { force: true });
}

// 3. Top-K at V = 128,256.
{
  const V = 128_256;
  const P = quick ? 50 : 200;
  const path = join(dir, `spechub-bench-topk-${process.pid}.safetensors`);
  writeTrace(path, V, P, { topK: 256 }, 'F32');
  replayFile(path, `3. top-256 V = ${V}, k = 2, all methods (intervals)`, P);
  rmSync(path, { force: true });
}

// 4. The other storage forms of the V = 32,000 trace: F64, F16 and BF16 probabilities, F32 logits (softmax per row).
{
  const V = 32_000;
  const P = quick ? 20 : 300;
  for (const [form, dtype] of [['probs', 'F64'], ['probs', 'F16'], ['probs', 'BF16'], ['logits', 'F32']] as const) {
    const path = join(dir, `spechub-bench-32k-${dtype}-${form}-${process.pid}.safetensors`);
    writeTrace(path, V, P, form, dtype);
    replayFile(path, `4. dense V = ${V}, ${form === 'logits' ? 'logits' : 'probabilities'} stored as ${dtype}`, P);
    rmSync(path, { force: true });
  }
}
clearInterval(sampler);
