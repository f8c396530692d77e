// The Monte Carlo check splits its level between its two tests (Bonferroni): each runs at half of it.
// Kills the mutant "the G-test runs at the full level instead of the Bonferroni half" (issue 10 item 10).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSampler } from './checkSampler.ts';

const p = [0.1, 0.2, 0.3, 0.4];
const q = [0.4, 0.3, 0.2, 0.1];

test('the output-law G-test rejects exactly when its p-value is below half the level, and such cases occur', () => {
  const significance = 0.4;
  let between = 0;
  let rejections = 0;
  const runs = 200;
  for (let seed = 0; seed < runs; seed++) {
    const r = checkSampler('rrs', p, q, 2, { trials: 2000, seed: `half-${seed}`, significance });
    assert.is(r.outputLaw.significance, significance / 2);
    assert.is(r.outputLaw.rejected, r.outputLaw.pValue < significance / 2, `seed ${seed}: p = ${r.outputLaw.pValue}`);
    assert.is(r.acceptance.rejected, r.acceptance.pValue < significance / 2);
    assert.is(r.rejected, r.outputLaw.rejected || r.acceptance.rejected);
    if (r.outputLaw.pValue >= significance / 2 && r.outputLaw.pValue < significance) between++;
    if (r.outputLaw.rejected) rejections++;
  }
  // With an exact sampler the p-value is about uniform: some runs fall in [level/2, level), where a G-test at
  // the full level would reject; and the rejection rate is near level/2 = 0.2, not 0.4 (Binomial(200, 0.2):
  // mean 40, sd 5.7; at 0.4: mean 80, sd 6.9; threshold 60 is 3.5 sd from the first and 2.9 sd from the second).
  assert.ok(between >= 10, `${between} runs with p in [level/2, level)`);
  assert.ok(rejections < 60, `${rejections} rejections in ${runs} runs at level ${significance}`);
});

test.run();
