/**
 * Sequence-level verification benchmarks (not a test; timings on a shared machine vary, so every figure is also
 * a ratio to a baseline measured in the same run).
 *
 * 1. Monte Carlo steps per second of traversal verification vs the token-level walk with the same drafts
 *    (RRS, RRSw, SpecHub) on a synthetic Markov chain with n = 1,000, trees 2^3 and 2^5: the TV/walk time ratio.
 *    TV tests nodes from the leaves up and updates a residual of n entries per rejection, the walk at most one
 *    node per level.
 * 2. The tree-level optimum LP-A for 2^3 with i.i.d. siblings, n = 4, 5, 6 (random exact chains): the exact route
 *    (rational cutting-plane simplex + max-flow), GLPK cutting planes (float64) and GLPK on the flow form, as
 *    ratios to the exact route; plus the path-set law alone.
 *
 * Run: node --import tsx bench/sequence.bench.ts
 */
import { randomExactChain } from '../src/experiments/figures/treeVerifierGap.ts';
import { lpACuttingPlanesGlpk } from '../src/sequence/lpACuttingPlanesGlpk.ts';
import { lpAFlowLinearProgram } from '../src/sequence/lpAFlowLinearProgram.ts';
import { lpAOptimum } from '../src/sequence/lpAOptimum.ts';
import { pathSetLaw } from '../src/sequence/pathSetLaw.ts';
import { getSequenceVerifier } from '../src/sequence/sequenceVerifiers.ts';
import { syntheticMarkovChain } from '../src/synthetic/syntheticMarkovChain.ts';
import { simulateTreeWalk } from '../src/tree/simulateTreeWalk.ts';
import { fullTree } from '../src/tree/tokenTree.ts';

const fmt = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(1)} ms` : `${(s * 1e6).toFixed(1)} µs`);

const chain = syntheticMarkovChain({ vocabularySize: 1000, family: { kind: 'zipf', exponent: 1.1 }, temperature: 1, draft: { logitNoise: 1.3 } }, 'bench-sequence');
process.stdout.write('1. Monte Carlo step time, n = 1,000 (2,000 steps after a 200-step warm-up)\n');
for (const shape of [3, 5]) {
  const tree = fullTree(2, shape);
  for (const [walk, tv] of [['rrs', 'traversal'], ['rrsw', 'traversal-wor'], ['spechub', 'traversal-hub']] as const) {
    const time = (method: Parameters<typeof simulateTreeWalk>[2]) => {
      simulateTreeWalk(chain, tree, method, { steps: 200, seed: 'warm', start: 0 });
      const r = simulateTreeWalk(chain, tree, method, { steps: 2000, seed: 'bench', start: 0 });
      return r.seconds / r.steps;
    };
    const a = time(walk);
    const b = time(getSequenceVerifier(tv));
    process.stdout.write(`   2^${shape} ${walk.padEnd(8)} ${fmt(a)}/step   ${tv.padEnd(14)} ${fmt(b)}/step   TV/walk ${(b / a).toFixed(2)}×\n`);
  }
}

process.stdout.write('2. LP-A, 2^3 with i.i.d. siblings (random exact chains, start 0)\n');
for (const n of [4, 5, 6]) {
  const exact = randomExactChain(n, `bench-${n}`);
  let t0 = performance.now();
  const law = pathSetLaw(exact, fullTree(2, 3), 'iid', 0);
  const lawSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const e = lpAOptimum(exact, law, 0);
  const exactSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const c = await lpACuttingPlanesGlpk(exact, law, 0);
  const cutSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const f = await lpAFlowLinearProgram(exact, law, 0);
  const flowSeconds = (performance.now() - t0) / 1000;
  const agree = Math.max(Math.abs(c.value - e.value.toNumber()), Math.abs(f.value - e.value.toNumber()));
  process.stdout.write(
    `   n = ${n}: ${law.paths.length} paths, ${law.sets.length} path sets (law ${fmt(lawSeconds)}); exact ${fmt(exactSeconds)} (${e.cuts.length} cuts), ` +
      `GLPK cuts ${fmt(cutSeconds)} (${(cutSeconds / exactSeconds).toFixed(2)}×), GLPK flow form ${fmt(flowSeconds)} (${(flowSeconds / exactSeconds).toFixed(2)}×); max |Δ| ${agree.toExponential(1)}\n`,
  );
}
