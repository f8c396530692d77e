/**
 * Verifier benchmarks (not a test; timings vary 20–30 % between runs on a shared machine).
 *
 * 1. Monte Carlo throughput: verifier trials per second (draws + verification) at n = 1,000, k = 2, one core.
 *    Target: ≥ 1M trials/s for RRS and SpecHub.
 * 2. Per-call cost of each verifier at n = 32,000 and n = 128,256 (k = 2): prepare + verify one fresh draft tuple,
 *    as in a tree or an end-to-end decoder where p and q change at every node, reported as a multiple of one
 *    pass that sums p and q, measured in the same run. The validated public call (`verifyDrafts`) is also shown.
 *
 * Run: npm run bench            (or: node --import tsx bench/verifiers.bench.ts)
 */
import { SamplingChooser } from '../src/core/chooser.ts';
import { floatField } from '../src/core/field.ts';
import { softmax } from '../src/core/softmax.ts';
import { CORE_METHOD_IDS, getMethod } from '../src/methods.ts';
import { monteCarlo } from '../src/montecarlo/monteCarlo.ts';
import { createRng } from '../src/random/createRng.ts';
import { verifyDrafts } from '../src/sampling/verifyDrafts.ts';
import { secondsPerCall } from './_internals/timing.ts';

/** A realistic pair: Zipf-like target logits, draft = target logits + Gaussian noise, temperature 1. */
function syntheticPair(n: number, seed: number) {
  const rng = createRng(`bench-${seed}`);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
  const p = softmax(logits);
  const q = softmax(logits.map((x) => x + 0.9 * gauss()));
  return { p, q };
}


console.log('## Monte Carlo throughput, n = 1,000, k = 2 (one core)\n');
console.log('| method | trials/s | acceptance (MC) |');
console.log('|---|---|---|');
{
  const { p, q } = syntheticPair(1000, 1);
  for (const id of CORE_METHOD_IDS) {
    if (id === 'sd') continue;
    monteCarlo(id, p, q, 2, { trials: 200_000, seed: 0 }); // warm-up
    const r = monteCarlo(id, p, q, 2, { trials: 2_000_000, seed: 1 });
    console.log(`| ${id} | ${(r.trials / r.seconds / 1e6).toFixed(2)}M | ${r.acceptance.estimate.toFixed(4)} |`);
  }
}

for (const n of [32_000, 128_256]) {
  const { p, q } = syntheticPair(n, n);
  let sink = 0;
  const baseline = secondsPerCall(() => {
    let s = 0;
    for (let i = 0; i < n; i++) s += p[i]! + q[i]!;
    sink += s;
  });
  console.log(`\n## Per-call cost, n = ${n.toLocaleString('en')}, k = 2 (baseline: one pass summing p and q = ${(baseline * 1e6).toFixed(1)} µs)\n`);
  console.log('| method | prepare + verify (µs) | × baseline | validated verifyDrafts (µs) | × baseline |');
  console.log('|---|---|---|---|---|');
  const rng = createRng(`calls-${n}`);
  const chooser = new SamplingChooser(rng);
  for (const id of CORE_METHOD_IDS) {
    const k = id === 'sd' ? 1 : 2;
    const { verifier, scheme } = getMethod(id);
    // A pool of draft tuples drawn beforehand, so that only verification is timed.
    const draws = scheme.prepare(floatField, q, k);
    const pool = Array.from({ length: 64 }, () => draws.draw(chooser));
    let j = 0;
    const raw = secondsPerCall(() => {
      const v = verifier.prepare(floatField, p, q, k).verify(pool[j++ & 63]!, chooser);
      sink += v.token;
    });
    const validated = secondsPerCall(() => {
      sink += verifyDrafts(id, p, q, pool[j++ & 63]!, rng).token;
    });
    console.log(`| ${id} | ${(raw * 1e6).toFixed(1)} | ${(raw / baseline).toFixed(1)} | ${(validated * 1e6).toFixed(1)} | ${(validated / baseline).toFixed(1)} |`);
  }
  if (sink === 0.123456) console.log(sink);
}
