/**
 * Long float fuzz run (issue 9; docs/theory.md §11.6): the checks of property-tests/floatFuzz.test.ts on many
 * more instances. Not a test; prints progress on stderr and a summary on stdout.
 *
 * Each instance is a near-degenerate pair (p, q) with n ≤ 50 and k ∈ {1, …, 4}
 * (property-tests/arbitraries/degenerateLaws.ts). For every method applicable at k:
 * - closed form: float vs the exact rational value of the exactly renormalised inputs (floatChecks.ts
 *   tolerances), every instance;
 * - sampler: on one instance in `--sampler-every` (default 25), N = `--trials` float verifications per method,
 *   G-test of the output law and exact binomial test of the acceptance; family-wise level 1e-3 over all the sampler checks
 *   of the run, Bonferroni (per-check level 1e-3 / expected number of sampler checks). Any token of target
 *   probability 0 is a failure.
 * Instance i is reproducible: batch ⌊i / 1000⌋ is `fc.sample(..., { seed: hash(seed, batch), numRuns: 1000 })`.
 *
 * Run: npm run fuzz:long -- --instances 100000 --seed 1 [--sampler-every 25] [--trials 20000] [--max-n 50]
 * Re-check one instance (for example a failure of an earlier run, with the same --seed and --instances so that
 * the per-check level is the same): --instance B/I runs instance I of batch B, its sampler checks included.
 * Ctrl-C (or SIGTERM) stops it after the current instance and prints the summary of the instances done so far;
 * each failure is also printed on stderr as soon as it is found.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { degeneratePair } from '../property-tests/arbitraries/degenerateLaws.ts';
import { closedFormCheck, KSEQ_TOLERANCE, methodsFor, samplerCheck, TOLERANCE } from '../property-tests/floatChecks.ts';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'sampler-every': { type: 'string', default: '25' },
    trials: { type: 'string', default: '20000' },
    'max-n': { type: 'string', default: '50' },
    'family-level': { type: 'string', default: '0.001' },
    instance: { type: 'string' },
  },
});
const instances = Number(values.instances);
const samplerEvery = Number(values['sampler-every']);
const trials = Number(values.trials);
const maxN = Number(values['max-n']);
const familyLevel = Number(values['family-level']);
for (const [name, x] of Object.entries({ instances, samplerEvery, trials, maxN })) {
  if (!Number.isInteger(x) || x < 1) throw new Error(`--${name} must be a positive integer`);
}
const seed = values.seed!;
const BATCH = 1000;
const expectedSamplerChecks = Math.max(1, Math.ceil(instances / samplerEvery) * 6);
const level = familyLevel / expectedSamplerChecks;

/** A 31-bit seed for fast-check from (seed, batch). */
function batchSeed(batch: number): number {
  let h = 2166136261;
  for (const c of `${seed}/${batch}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 1;
}

const closed: Record<string, number> = {};
const sampler: Record<string, number> = {};
const failures: string[] = [];
// Relative errors are reported over normal results (exact α ≥ 2^−1022); in the subnormal range the absolute
// floor of the tolerance applies (one step of the 2^−1074 grid is a large relative error there).
let worstRelative = 0; // instances whose renormalised inputs are within 2^−53 (no subnormal input rounding)
let worstRelativeKseq = 0;
let worstShare = 0; // max error / allowed error (τ·α + σ), over all compared closed forms
const started = performance.now();
let done = 0;
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { stopRequested = true; });
const fail = (text: string): void => {
  failures.push(text);
  process.stderr.write(`FAILURE ${text}\n`);
};
const only = values.instance === undefined ? null : /^(\d+)\/(\d+)$/.exec(values.instance);
if (values.instance !== undefined && (only === null || Number(only[2]) >= BATCH)) throw new Error(`--instance must be B/I with I < ${BATCH}`);
batches: for (let batch = only === null ? 0 : Number(only[1]); done < instances; batch++) {
  const size = Math.min(BATCH, instances - done);
  const sample = fc.sample(fc.tuple(degeneratePair({ maxN }), fc.integer({ min: 1, max: 4 })), { seed: batchSeed(batch), numRuns: only === null ? size : BATCH });
  for (const [index, [{ p, q }, k]] of sample.entries()) {
    if (only !== null && index !== Number(only[2])) continue;
    const id = `batch ${batch} index ${index} (n = ${p.length}, k = ${k})`;
    for (const method of methodsFor(k)) {
      try {
        const r = closedFormCheck(method, p, q, k);
        closed[r.status] = (closed[r.status] ?? 0) + 1;
        if (r.status === 'failed') fail(`closed form ${method} ${id}: ${r.detail}\n  p = ${JSON.stringify(p)}\n  q = ${JSON.stringify(q)}`);
        if (r.status === 'ok') {
          const tolerance = method === 'kseq' ? KSEQ_TOLERANCE : TOLERANCE;
          const error = Math.abs(r.float! - r.exact!);
          worstShare = Math.max(worstShare, error / (r.allowed! * r.exact! + tolerance.absolute));
          if (r.exact! >= 2 ** -1022) {
            if (method === 'kseq') worstRelativeKseq = Math.max(worstRelativeKseq, r.relativeError!);
            else if (r.allowed === tolerance.relative) worstRelative = Math.max(worstRelative, r.relativeError!);
          }
        }
      } catch (e) {
        closed.failed = (closed.failed ?? 0) + 1;
        fail(`closed form ${method} ${id} threw ${(e as Error).message}\n  p = ${JSON.stringify(p)}\n  q = ${JSON.stringify(q)}`);
      }
    }
    if (only !== null || (batch * BATCH + index) % samplerEvery === 0) {
      for (const method of methodsFor(k)) {
        if (method === 'rrsw' && k >= 3 && p.length > 20) continue; // float prefix sums O(n^k): cost guard
        try {
          const r = samplerCheck(method, p, q, k, { trials, seed: `${seed}/${batch}/${index}/${method}`, significance: level });
          sampler[r.status] = (sampler[r.status] ?? 0) + 1;
          if (r.status === 'failed') fail(`sampler ${method} ${id}: ${r.detail}\n  p = ${JSON.stringify(p)}\n  q = ${JSON.stringify(q)}`);
        } catch (e) {
          sampler.failed = (sampler.failed ?? 0) + 1;
          fail(`sampler ${method} ${id} threw ${(e as Error).message}`);
        }
      }
    }
    if (only !== null) {
      done = 1;
      break batches;
    }
    if ((done + index + 1) % 100 === 0 || done + index + 1 === instances) {
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage().user / 1e6;
      process.stderr.write(`${done + index + 1}/${instances} instances, ${failures.length} failures, ${seconds.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU\n`);
      await new Promise((resolve) => setImmediate(resolve)); // lets a Ctrl-C be seen
      if (stopRequested) {
        done += index + 1;
        break batches;
      }
    }
  }
  done += size;
}

const seconds = (performance.now() - started) / 1000;
console.log(`float fuzz, seed ${seed}: ${only !== null ? `instance ${values.instance} (levels as in a run of ${instances})` : `${done} instances${done < instances ? ` (stopped; ${instances} asked)` : ''}`} (n ≤ ${maxN}, k = 1..4), ${failures.length} failures, ${seconds.toFixed(0)} s wall, ${(process.cpuUsage().user / 1e6).toFixed(0)} s CPU`);
console.log(`closed forms: ${JSON.stringify(closed)}; worst relative error on normal results ${worstRelative.toExponential(2)} without subnormal input rounding (K-SEQ ${worstRelativeKseq.toExponential(2)}); worst error / tolerance ${worstShare.toExponential(2)}`);
console.log(`samplers (${trials} trials each, per-check level ${level.toExponential(2)}, family-wise ${familyLevel}): ${JSON.stringify(sampler)}`);
for (const f of failures.slice(0, 20)) console.log(`FAILURE ${f}`);
process.exitCode = failures.length === 0 ? 0 : 1;
