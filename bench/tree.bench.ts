/**
 * Tree benchmarks (not a test; timings vary 20–30 % between runs on a shared machine). Every figure is also
 * printed as a ratio to a baseline measured in the same run, so runs on different machines compare.
 *
 * 1. Exact expected tokens per step (§5.3 recursion with per-position profiles) for a synthetic Markov
 *    chain with n = 1,000 on the full binary tree of depth 5 (`2^6`, 62 drafts), float64: seconds, and the
 *    ratio to one pass over the n × n target matrix (baseline A). Split: profiles (n closed forms) vs the
 *    bottom-up recursion with profiles cached.
 * 2. The same in exact rationals for n = 12.
 * 3. Monte Carlo tree steps per second (tree `2^5`, depth 4), n = 1,000 (rows cached after warm-up) and a lazily
 *    generated n = 50,000 chain (rows made on first use); the time of one step as a multiple of one pass over
 *    one row of n = 1,000 entries (baseline B), and at n = 50,000 of generating one row pair.
 * 4. tfjs: a batch of 64 synthetic pairs over n = 32,000 with TV and KL (backend printed), against the float64
 *    reference generator for the same pairs (baseline C).
 *
 * Run: npm run bench:tree      (or: node --import tsx bench/tree.bench.ts)
 */
import { floatField, rationalField } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { generatePairBatch } from '../src/synthetic/generatePairBatch.ts';
import { type PairConfig, syntheticPair } from '../src/synthetic/syntheticPair.ts';
import { syntheticMarkovChain } from '../src/synthetic/syntheticMarkovChain.ts';
import { expectedTokensPerStep, type ProfileCache } from '../src/tree/expectedTokensPerStep.ts';
import { markovChainFromRows } from '../src/tree/markovChain.ts';
import { simulateTreeWalk } from '../src/tree/simulateTreeWalk.ts';
import { fullTree } from '../src/tree/tokenTree.ts';
import { secondsPerCall } from './_internals/timing.ts';


const once = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};

const fmt = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(1)} ms` : `${(s * 1e6).toFixed(1)} µs`);
const METHODS = ['rrs', 'rrsw', 'spechub', 'greedy', 'kseq'];
const config = (n: number): PairConfig => ({ vocabularySize: n, family: { kind: 'zipf', exponent: 1.1 }, temperature: 1, draft: { logitNoise: 1.3 } });

// ---------------------------------------------------------------------------------------------------------
const n = 1000;
const chain = syntheticMarkovChain(config(n), 'bench');
const generation = once(() => {
  for (let x = 0; x < n; x++) chain.target(x);
});
let sink = 0;
const baselineA = secondsPerCall(() => {
  let s = 0;
  for (let x = 0; x < n; x++) {
    const row = chain.target(x);
    for (let y = 0; y < n; y++) s += row[y]!;
  }
  sink += s;
});
const tree = fullTree(2, 6);
console.log(`## Exact tokens per step, n = ${n}, tree 2^6 (depth ${tree.depth}, ${tree.draftTokens} drafts), float64\n`);
console.log(`baseline A: one pass over the n × n target matrix = ${fmt(baselineA)} (generating the 2 × n rows once: ${fmt(generation)})\n`);
console.log('| method | total (fresh profiles) | × baseline A | profiles | recursion (cached profiles) | × baseline A | tokens/step from token 0 |');
console.log('|---|---|---|---|---|---|---|');
for (const id of METHODS) {
  let value = 0;
  const cache: ProfileCache<number> = new Map();
  const total = once(() => {
    value = expectedTokensPerStep(chain, tree, id, { profileCache: cache }).value;
  });
  const recursion = secondsPerCall(() => {
    expectedTokensPerStep(chain, tree, id, { profileCache: cache });
  });
  console.log(`| ${id} | ${fmt(total)} | ${(total / baselineA).toFixed(0)}× | ${fmt(total - recursion)} | ${fmt(recursion)} | ${(recursion / baselineA).toFixed(1)}× | ${value.toFixed(6)} |`);
}

// ---------------------------------------------------------------------------------------------------------
{
  const m = 12;
  const rows = (offset: number) =>
    Array.from({ length: m }, (_, x) => {
      const w = Array.from({ length: m }, (_, y) => 1 + ((x * 7 + y * 13 + offset) % 11));
      const total = w.reduce((a, b) => a + b, 0);
      return w.map((v) => Rational.of(v, total));
    });
  const exact = markovChainFromRows(rationalField, rows(0), rows(5));
  const floatRows = (r: Rational[][]) => r.map((row) => Float64Array.from(row, (v) => v.toNumber()));
  const float = markovChainFromRows(floatField, floatRows(rows(0)), floatRows(rows(5)));
  console.log(`\n## Exact rationals, n = ${m}, tree 2^6\n`);
  console.log('| method | rationals | float64 | ratio | value |');
  console.log('|---|---|---|---|---|');
  for (const id of ['rrs', 'rrsw', 'spechub']) {
    let value = '';
    const tr = once(() => {
      value = expectedTokensPerStep(exact, tree, id).value.toString();
    });
    const tf = secondsPerCall(() => {
      expectedTokensPerStep(float, tree, id);
    });
    console.log(`| ${id} | ${fmt(tr)} | ${fmt(tf)} | ${(tr / tf).toFixed(0)}× | ${value.length > 40 ? value.slice(0, 37) + '…' : value} |`);
  }
}

// ---------------------------------------------------------------------------------------------------------
const baselineB = secondsPerCall(() => {
  const row = chain.target(7);
  let s = 0;
  for (let y = 0; y < n; y++) s += row[y]!;
  sink += s;
});
const mcTree = fullTree(2, 5);
console.log(`\n## Monte Carlo tree steps per second, tree 2^5 (depth ${mcTree.depth}), start token drawn uniformly\n`);
console.log(`baseline B: one pass over one row of n = ${n} entries = ${fmt(baselineB)}\n`);
console.log('| n | method | steps/s | time per step | × baseline | tokens/step [95% CI] |');
console.log('|---|---|---|---|---|---|');
const uniformStart = (size: number) => (rng: () => number) => Math.floor(rng() * size);
for (const id of METHODS) {
  simulateTreeWalk(chain, mcTree, id, { steps: 5_000, seed: 'warm', start: uniformStart(n) }); // prepares every row
  const r = simulateTreeWalk(chain, mcTree, id, { steps: 50_000, seed: 'bench', start: uniformStart(n) });
  const perStep = 1 / r.stepsPerSecond;
  console.log(`| ${n} | ${id} | ${r.stepsPerSecond.toFixed(0)} | ${fmt(perStep)} | ${(perStep / baselineB).toFixed(1)}× | ${r.tokensPerStep.toFixed(3)} [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}] |`);
}
{
  const big = 50_000;
  const lazy = syntheticMarkovChain(config(big), 'bench-big');
  const rowTime = secondsPerCall(() => {
    syntheticMarkovChain(config(big), 'bench-row').target(3);
  }, 0.5);
  for (const id of ['rrs', 'spechub']) {
    const r = simulateTreeWalk(lazy, mcTree, id, { steps: 300, seed: 'bench', start: uniformStart(big) });
    const perStep = 1 / r.stepsPerSecond;
    console.log(`| ${big} | ${id} | ${r.stepsPerSecond.toFixed(0)} | ${fmt(perStep)} | ${(perStep / rowTime).toFixed(1)}× generating one row pair (${fmt(rowTime)}) | ${r.tokensPerStep.toFixed(3)} [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}] |`);
  }
}

// ---------------------------------------------------------------------------------------------------------
{
  const report: string[] = [];
  const batchConfig = config(32_000);
  await generatePairBatch(batchConfig, { batch: 4, seed: 'warm', backend: { report: (l) => report.push(l) } });
  const t0 = performance.now();
  const b = await generatePairBatch(batchConfig, { batch: 64, seed: 'bench', backend: { report: () => {} } });
  const seconds = (performance.now() - t0) / 1000;
  b.target.dispose();
  b.draft.dispose();
  const reference = once(() => {
    for (let i = 0; i < 64; i++) syntheticPair(batchConfig, 'bench', i);
  });
  const meanTv = b.tv.reduce((s, x) => s + x, 0) / b.tv.length;
  console.log(`\n## tfjs batch: 64 pairs × n = 32,000 with TV and KL\n`);
  console.log(`${report[0]?.replace('spechub: ', '') ?? ''}`);
  console.log(`tensor batch ${fmt(seconds)}; baseline C, the float64 reference generator for the same 64 pairs (no TV/KL): ${fmt(reference)}; ratio ${(seconds / reference).toFixed(2)}×; mean TV ${meanTv.toFixed(3)}`);
}
if (sink === 42) console.log('');
