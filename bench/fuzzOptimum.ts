/**
 * Long run of the optimum fuzz (issue 9, fuzz item (c); not a test). Generates near-degenerate float instances
 * (property-tests/arbitraries/optimumLaws.ts: masses 1e-300, subnormals, 1 − 1e-16, one-hots, ties, disjoint
 * supports, sums off by up to 1e-9; n up to --max-n, k 1–4, draws iid/wor/hub/greedy/greedy-q) and checks each
 * with property-tests/optimumFuzzCheck.ts: every optimum route of `spechub optimum --via all` agrees with the
 * exact rational α* of the renormalised inputs (tolerances stated there) or refuses with a typed error; the
 * OTM / Khisti verifiers' float output law is p and never puts mass on a token with p = 0.
 *
 * Instances come in batches of 1,000, batch b drawn by fast-check from an integer seed made from deriveSeed(seed, 'batch', b), so a run
 * is reproducible and a failing batch can be replayed alone (`--first-batch b --instances 1000`).
 *
 * Run: node --import tsx bench/fuzzOptimum.ts --instances 100000 --seed 1 [--max-n 8] [--max-k 4] [--first-batch 0]
 *      [--max-variables 400000] [--max-sets 200000] [--no-output-law] [--slow-seconds 10] [--json]
 * (instances slower than --slow-seconds are printed on stderr; the slowest is in the summary)
 * (lower --max-variables / --max-sets with a large --max-n: bigger LPs and flows are then refused as TOO_LARGE,
 * which the check accepts, instead of taking seconds each.)
 * Prints a summary line `instances N, failures F, instances with a refusal R, seconds S` (and each failure);
 * on stderr, one progress line per batch (cumulative counts), so a run stopped early still reports its result.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { createRng, deriveSeed } from '../src/random/createRng.ts';
import { optimumInstance } from '../property-tests/arbitraries/optimumLaws.ts';
import { checkOptimumInstance } from '../property-tests/optimumFuzzCheck.ts';

const BATCH = 1000;

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'max-n': { type: 'string', default: '8' },
    'max-k': { type: 'string', default: '4' },
    'first-batch': { type: 'string', default: '0' },
    'max-variables': { type: 'string', default: '400000' },
    'max-sets': { type: 'string', default: '200000' },
    'no-output-law': { type: 'boolean', default: false },
    'slow-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const instances = Number(values.instances);
const maxN = Number(values['max-n']);
const maxK = Number(values['max-k']);
const firstBatch = Number(values['first-batch']);
const maxVariables = Number(values['max-variables']);
const maxSets = Number(values['max-sets']);
for (const [name, v, min] of [['instances', instances, 1], ['max-n', maxN, 2], ['max-k', maxK, 1], ['first-batch', firstBatch, 0], ['max-variables', maxVariables, 1], ['max-sets', maxSets, 1]] as const) {
  if (!Number.isInteger(v) || v < min) {
    process.stderr.write(`fuzzOptimum: --${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
}

const started = performance.now();
let done = 0;
let failed = 0;
let refused = 0;
const failures: string[] = [];
const refusalCodes = new Map<string, number>();
let slowest = { seconds: 0, instance: '' };
for (let batch = firstBatch; done < instances; batch++) {
  const count = Math.min(BATCH, instances - done);
  const seed = Math.floor(createRng(deriveSeed(values.seed!, 'batch', batch))() * 2 ** 31);
  const xs = fc.sample(optimumInstance(2, maxN, maxK), { numRuns: count, seed });
  for (const x of xs) {
    const instanceStarted = performance.now();
    const r = await checkOptimumInstance(x, { outputLaw: !values['no-output-law'], maxVariables, maxSets });
    const instanceSeconds = (performance.now() - instanceStarted) / 1000;
    if (instanceSeconds > slowest.seconds) slowest = { seconds: instanceSeconds, instance: `batch ${batch}: draws ${x.draws}, n = ${x.p.length}, k = ${x.k}` };
    if (instanceSeconds > Number(values['slow-seconds'])) process.stderr.write(`slow (${instanceSeconds.toFixed(1)} s) batch ${batch}: ${JSON.stringify(x)}\n`);
    if (r.refusals.length > 0) refused++;
    for (const why of r.refusals) {
      const code = why.split(':')[0]!;
      refusalCodes.set(code, (refusalCodes.get(code) ?? 0) + 1);
      if (process.env.FUZZ_VERBOSE) process.stdout.write(`refusal batch ${batch}: ${why}\n`);
    }
    if (r.failures.length > 0) {
      failed++;
      if (failures.length < 50) failures.push(`batch ${batch}: ${r.failures.join(' | ')}`);
      process.stdout.write(`FAIL batch ${batch}: ${r.failures[0]}\n`);
    }
  }
  done += xs.length;
  // One line per batch, so that a run stopped early still reports what it checked.
  process.stderr.write(`batch ${batch}: ${done.toLocaleString('en-US')} / ${instances.toLocaleString('en-US')} instances, ${failed} failures, ${refused} with a refusal, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
const seconds = (performance.now() - started) / 1000;
const summary = { instances: done, failures: failed, instancesWithRefusal: refused, refusalsByRoute: Object.fromEntries(refusalCodes), seed: values.seed, maxN, maxK, firstBatch, maxVariables, maxSets, seconds, slowest };
if (values.json) process.stdout.write(JSON.stringify({ ...summary, failureSamples: failures }) + '\n');
else process.stdout.write(`instances ${done}, failures ${failed}, instances with a refusal ${refused}, seconds ${seconds.toFixed(1)}\n`);
process.exitCode = failed === 0 ? 0 : 1;
