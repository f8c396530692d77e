/**
 * Verifier benchmarks (not a test; timings on a shared machine are provisional: re-run on an idle one).
 *
 * 1. Monte Carlo throughput: verifier trials per second (draws + verification) at n = 1,000, k = 2, one core.
 * 2. Per-call cost of each verifier at n = 32,000 and n = 128,256 (k = 2; sd: k = 1): prepare + verify one
 *    draft tuple with `floatField` (the fused float fast path, docs/theory.md §11.7), as in a tree or an
 *    end-to-end decoder where p and q change at every node, as a multiple of one pass that sums p and q,
 *    measured interleaved in the same run (CPU time, median of the per-round ratios), after one second of calls
 *    (steady state: V8's later optimisations change a call's cost, K-SEQ's threefold); the pass and the calls read
 *    p and q as values (`asValues` in ./_internals/timing.ts: a pass over arrays V8 knows as constants runs twice
 *    as fast, which no verifier's pass does):
 *    - `perCall`: tuples drawn from the method's own draft scheme, uniforms from a seeded generator (the mix of
 *      acceptances and rejections a decoder sees);
 *    - `perCallFirstAccepted`: the same tuples restricted to those whose first accept test succeeds, with the
 *      uniform 0 (the cheapest path: the first draft, or for SpecHub the first pair test, is accepted);
 *    - the generic Field program (`prepareGeneric`, the certified reference) and the validated public call
 *      (`verifyDrafts`, which checks and renormalises p and q exactly first) in the table only.
 *    Targets (issue 15): sd, rrs, rrsw, spechub, greedy, greedy-q ≤ 3× (≤ 2× first accepted); kseq ≤ 8×.
 * 3. Peer (optional): the same SpecHub step as the SpecHub authors' PyTorch op sequence (softmax, residual
 *    clamps, multinomial; bench/peer/spechubTorch.py) on one CPU thread, through `python3` when `torch`
 *    imports (skipped with the reason otherwise); spechub's per-call time as a multiple of it.
 *
 * Run: npm run bench [-- --json] [-- --quick]
 * `--json` prints one object on stdout:
 *   {"perCall":{"32000":{"<id>":ratio},"128256":{…}},"monteCarlo":{"<id>":trialsPerSecond},
 *    "perCallFirstAccepted":{"32000":{…},"128256":{…}},"baselineMicroseconds":{"32000":µs,"128256":µs},
 *    "peer":{"available":bool,"reason"?:string,"32000"?:{…},"128256"?:{…}},"load":"uptime line"}
 * (`perCall` and `monteCarlo` are the contract of issue 15; the other keys are documented extras.)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Chooser, SamplingChooser } from '../src/core/chooser.ts';
import { floatField } from '../src/core/field.ts';
import { softmax } from '../src/core/softmax.ts';
import { CORE_METHOD_IDS, getMethod } from '../src/methods.ts';
import { monteCarlo } from '../src/montecarlo/monteCarlo.ts';
import { createRng } from '../src/random/createRng.ts';
import { verifyDrafts } from '../src/sampling/verifyDrafts.ts';
import type { Verifier } from '../src/verifiers/verifier.ts';
import { asValues, cpuSecondsPerCall, medianRatio, summingPassCall, warmUp } from './_internals/timing.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const say = (line = '') => (json ? process.stderr.write(`${line}\n`) : console.log(line));
const SIZES = [32_000, 128_256] as const;

/** A realistic pair: Zipf-like target logits, draft = target logits + Gaussian noise, temperature 1. */
function syntheticPair(n: number, seed: number) {
  const rng = createRng(`bench-${seed}`);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
  const p = softmax(logits);
  const q = softmax(logits.map((x) => x + 0.9 * gauss()));
  return { p, q, logits };
}

let sink = 0;
/** A timed call: prepare + verify one of the tuples (in turn) with a fresh prepared verifier, as a decoder's node does. */
function makeCall(verifier: Verifier, p: ArrayLike<number>, q: ArrayLike<number>, k: number, tuples: readonly (readonly number[])[], chooser: Chooser<number>): () => void {
  const laws = asValues(p, q); // read as values, as a decoder passes them (timing.ts)
  let j = 0;
  return () => {
    sink += verifier.prepare(floatField, laws[0], laws[1], k).verify(tuples[j++ % tuples.length]!, chooser).token;
  };
}
const result: {
  perCall: Record<string, Record<string, number>>;
  monteCarlo: Record<string, number>;
  perCallFirstAccepted: Record<string, Record<string, number>>;
  baselineMicroseconds: Record<string, number>;
  peer: Record<string, unknown>;
  load: string;
} = { perCall: {}, monteCarlo: {}, perCallFirstAccepted: {}, baselineMicroseconds: {}, peer: {}, load: '' };

const uptime = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`;
result.load = uptime();
say(`Verifier benchmarks (${result.load}; CPU time, medians of interleaved rounds; provisional on a shared machine)\n`);

// 1. Monte Carlo throughput.
say('## Monte Carlo throughput, n = 1,000, k = 2 (one core)\n');
say('| method | trials/s | acceptance (MC) |');
say('|---|---|---|');
{
  const { p, q } = syntheticPair(1000, 1);
  const trials = quick ? 200_000 : 2_000_000;
  for (const id of CORE_METHOD_IDS) {
    if (id === 'sd') continue;
    monteCarlo(id, p, q, 2, { trials: trials / 10, seed: 0 }); // warm-up
    const cpu0 = process.cpuUsage();
    const r = monteCarlo(id, p, q, 2, { trials, seed: 1 });
    const cpu = process.cpuUsage(cpu0);
    const perSecond = r.trials / ((cpu.user + cpu.system) / 1e6);
    result.monteCarlo[id] = Math.round(perSecond);
    say(`| ${id} | ${(perSecond / 1e6).toFixed(2)}M | ${r.acceptance.estimate.toFixed(4)} |`);
  }
}

// 2. Per-call cost.
for (const n of SIZES) {
  const { p, q } = syntheticPair(n, n);
  // One pass summing p and q, the arrays read as values like the verifiers' (`asValues`, timing.ts).
  const baseline = summingPassCall(p, q);
  const key = String(n);
  result.perCall[key] = {};
  result.perCallFirstAccepted[key] = {};
  const rows: string[] = [];
  let baselineSeconds = 0;
  for (const id of CORE_METHOD_IDS) {
    const k = id === 'sd' ? 1 : 2;
    const { verifier, scheme } = getMethod(id);
    const rng = createRng(`calls-${n}-${id}`);
    const chooser = new SamplingChooser(rng);
    const draws = scheme.prepare(floatField, q, k);
    const pool = Array.from({ length: 64 }, () => draws.draw(chooser));
    // First-accepted tuples: the first accept test succeeds with u = 0 (one uniform used, a draft accepted).
    let zeros = 0;
    const zero = new SamplingChooser(() => {
      zeros++;
      return 0;
    });
    const accepted = pool.filter((drafts) => {
      zeros = 0;
      const v = verifier.prepare(floatField, p, q, k).verify(drafts, zero);
      return v.acceptedIndex !== null && zeros === 1;
    });
    const call = makeCall(verifier, p, q, k, pool, chooser);
    // Steady state: one second of calls first (V8's later optimisations change the cost, in both directions).
    warmUp(call, quick ? 0.2 : 1);
    warmUp(baseline, quick ? 0.05 : 0.2);
    const mixed = medianRatio(call, baseline, { rounds: quick ? 5 : 11 });
    baselineSeconds = mixed.baselineSeconds;
    const callFirst = makeCall(verifier, p, q, k, accepted, zero);
    if (accepted.length > 0) warmUp(callFirst, quick ? 0.1 : 0.5);
    const first = accepted.length === 0 ? null : medianRatio(callFirst, baseline, { rounds: quick ? 5 : 11 });
    let j = 0;
    const generic = cpuSecondsPerCall(() => {
      sink += verifier.prepareGeneric!(floatField, p, q, k).verify(pool[j++ & 63]!, chooser).token;
    }, quick ? 0.01 : 0.02, quick ? 3 : 5);
    const validated = cpuSecondsPerCall(() => {
      sink += verifyDrafts(id, p, q, pool[j++ & 63]!, rng).token;
    }, quick ? 0.01 : 0.02, quick ? 3 : 5);
    result.perCall[key]![id] = round(mixed.ratio);
    if (first !== null) result.perCallFirstAccepted[key]![id] = round(first.ratio);
    const us = (s: number) => (s * 1e6).toFixed(1);
    rows.push(
      `| ${id} | ${us(mixed.seconds)} | **${mixed.ratio.toFixed(2)}** | ${first === null ? '–' : first.ratio.toFixed(2)} | ${us(generic)} | ${(generic / mixed.baselineSeconds).toFixed(1)} | ${us(validated)} | ${(validated / mixed.baselineSeconds).toFixed(1)} |`,
    );
  }
  result.baselineMicroseconds[key] = round(baselineSeconds * 1e6);
  say(`\n## Per-call cost, n = ${n.toLocaleString('en')}, k = 2 (sd: k = 1); baseline: one pass summing p and q = ${(baselineSeconds * 1e6).toFixed(1)} µs\n`);
  say('| method | fast path (µs) | × baseline | × baseline, first accepted | generic program (µs) | × baseline | validated verifyDrafts (µs) | × baseline |');
  say('|---|---|---|---|---|---|---|---|');
  for (const row of rows) say(row);
}

// 3. Peer: the SpecHub authors' PyTorch op sequence.
{
  const peer = runPeer();
  result.peer = peer;
  say('\n## Peer: the same SpecHub step as a PyTorch op sequence (one CPU thread)\n');
  if (!peer.available) say(`skipped: ${peer.reason}`);
  else {
    say('| n | PyTorch step from logits (µs) | spechub step from p, q (µs) | ÷ PyTorch | spechub from logits, softmax included (µs) | ÷ PyTorch |');
    say('|---|---|---|---|---|---|');
    for (const n of SIZES) {
      const row = peer[String(n)] as Record<string, number>;
      say(`| ${n.toLocaleString('en')} | ${row.torchMicroseconds!.toFixed(1)} | ${row.spechubMicroseconds!.toFixed(1)} | ${row.multiple!.toFixed(3)} | ${row.spechubFromLogitsMicroseconds!.toFixed(1)} | ${row.multipleFromLogits!.toFixed(3)} |`);
    }
    say(`\n(${peer.torch})`);
  }
}

if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
if (sink === 0.123456) say(String(sink));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Times bench/peer/spechubTorch.py (one SpecHub step, PyTorch ops, one thread) against spechub's fast path on
 * the same logits. Python candidates: $SPECHUB_PYTHON, python3, /usr/bin/python3 (the first that imports torch).
 */
function runPeer(): Record<string, unknown> {
  const script = fileURLToPath(new URL('./peer/spechubTorch.py', import.meta.url));
  const candidates = [process.env.SPECHUB_PYTHON, 'python3', '/usr/bin/python3'].filter((x): x is string => !!x);
  let python: string | null = null;
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) {
      python = candidate;
      break;
    }
    reasons.push(`${candidate}: ${probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`)}`);
  }
  if (python === null) return { available: false, reason: `torch does not import (${reasons.join('; ')})` };
  const out: Record<string, unknown> = { available: true, python };
  for (const n of SIZES) {
    const { logits } = syntheticPair(n, n);
    const rng = createRng(`peer-${n}`);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const draftLogits = logits.map((x) => x + 0.9 * gauss());
    const input = JSON.stringify({ target: logits, draft: draftLogits, repeats: quick ? 30 : 200, seed: 1 });
    const run = spawnSync(python, [script], { input, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
    if (run.status !== 0) return { available: false, reason: `the peer script failed: ${run.stderr.trim().split('\n').pop()}` };
    const peer = JSON.parse(run.stdout) as { seconds: number; torch: string; threads: number };
    out.torch = `torch ${peer.torch}, ${peer.threads} thread(s), ${python}`;
    // spechub: the same step from the same logits (softmax of both, hub pair drawn, verified).
    const p = softmax(logits);
    const q = softmax(draftLogits);
    const chooser = new SamplingChooser(createRng(`peer-calls-${n}`));
    const draws = getMethod('spechub').scheme.prepare(floatField, q, 2);
    const pool = Array.from({ length: 64 }, () => draws.draw(chooser));
    let j = 0;
    const ours = cpuSecondsPerCall(() => {
      sink += getMethod('spechub').verifier.prepare(floatField, p, q, 2).verify(pool[j++ & 63]!, chooser).token;
    });
    // From logits, as the PyTorch step: both softmaxes included.
    const fromLogits = cpuSecondsPerCall(() => {
      const pp = softmax(logits);
      const qq = softmax(draftLogits);
      sink += getMethod('spechub').verifier.prepare(floatField, pp, qq, 2).verify(pool[j++ & 63]!, chooser).token;
    });
    out[String(n)] = {
      torchMicroseconds: peer.seconds * 1e6,
      spechubMicroseconds: ours * 1e6,
      multiple: round(ours / peer.seconds),
      spechubFromLogitsMicroseconds: fromLogits * 1e6,
      multipleFromLogits: round(fromLogits / peer.seconds),
    };
  }
  return out;
}
