import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../../src/random/createRng.ts';
import { normalQuantileTwoSided } from '../../../src/montecarlo/proportionInterval.ts';
import { expectedTokensPerStep } from '../../../src/tree/expectedTokensPerStep.ts';
import { fullTree } from '../../../src/tree/tokenTree.ts';
import { animatedStep, exactChain, floatChain } from './treeLanguage.ts';

test('the animated walk emits drafted tokens along its path, and its mean matches the exact tokens per step', () => {
  // Level: each of the 10 (method, depth) cases is a two-sided z-test at 1e-4 (Bonferroni: family level 1e-3).
  // Power: a walk that always emitted one token fewer would shift the mean by ≥ 1 ≫ 4 standard errors (~0.02).
  const chain = floatChain();
  const z = normalQuantileTwoSided(1 - 1e-4);
  for (const method of ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy']) {
    for (const depth of [2, 4]) {
      const rng = createRng(`tree/${method}/${depth}`);
      const steps = 3000;
      let sum = 0;
      let sumSq = 0;
      for (let t = 0; t < steps; t++) {
        const s = animatedStep(chain, depth, method, 0, rng);
        // Every accepted node's token is the emitted token at that depth.
        s.path.slice(1).forEach((v, i) => assert.is(s.tokens[v], s.emitted[i], `${method}: path token`));
        // path = root + accepted nodes; emitted = accepted tokens + one residual or bonus token.
        assert.is(s.emitted.length, s.path.length, `${method}: one token beyond the accepted drafts`);
        sum += s.emitted.length;
        sumSq += s.emitted.length ** 2;
      }
      const mean = sum / steps;
      const sd = Math.sqrt((sumSq - steps * mean * mean) / (steps - 1));
      const exact = expectedTokensPerStep(exactChain(), fullTree(2, depth), method, { start: 0 }).value.toNumber();
      assert.ok(Math.abs(mean - exact) <= (z * sd) / Math.sqrt(steps), `${method} 2^${depth}: simulated ${mean}, exact ${exact}`);
    }
  }
});

test.run();
