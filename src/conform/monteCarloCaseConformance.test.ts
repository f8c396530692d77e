// Monte Carlo mode for one case: own drafts drawn from the wrong scheme are caught by the drafts' law test; an
// impossible token is named; batches and the window deliver exactly `trials` tuples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { iidDraws } from '../draws/iidDraws.ts';
import { withoutReplacementDraws } from '../draws/withoutReplacementDraws.ts';
import { rrs } from '../verifiers/rrs.ts';
import { E4 } from '../../property-tests/helpers.ts';
import { inProcessEndpoint } from './inProcessEndpoint.ts';
import { monteCarloCaseConformance } from './monteCarloCaseConformance.ts';

const pf = Float64Array.from(E4.p, (x) => x.toNumber());
const qf = Float64Array.from(E4.q, (x) => x.toNumber());

test('own drafts: without-replacement tuples claimed as i.i.d. are rejected by the drafts\' law test', async () => {
  const honest = await monteCarloCaseConformance(inProcessEndpoint(rrs, { scheme: iidDraws }), 'external', pf, qf, 2, {
    caseName: 'E4', trials: 20_000, levelPerTest: 0.001, seed: 1, claimedScheme: iidDraws, exactQ: E4.q,
  });
  assert.ok(honest.draftLaw !== null && !('skipped' in honest.draftLaw));
  assert.is(honest.draftLaw.tuples, 16);
  assert.not.ok(honest.draftLaw.rejected, `p-value ${honest.draftLaw.pValue}`);
  const lying = await monteCarloCaseConformance(inProcessEndpoint(rrs, { scheme: withoutReplacementDraws }), 'external', pf, qf, 2, {
    caseName: 'E4', trials: 20_000, levelPerTest: 0.001, seed: 1, claimedScheme: iidDraws, exactQ: E4.q,
  });
  assert.ok(lying.draftLaw !== null && !('skipped' in lying.draftLaw) && lying.draftLaw.rejected);
});

test('batches: exactly `trials` tuples whatever the batch size and window; same seed, same counts', async () => {
  const run = (batchSize: number, window: number) =>
    monteCarloCaseConformance(inProcessEndpoint(rrs, { seed: 5 }), iidDraws, pf, qf, 2, { caseName: 'E4', trials: 10_007, levelPerTest: 0.001, seed: 9, batchSize, window });
  const a = await run(1000, 2);
  const b = await run(333, 1);
  assert.is(a.tokenCounts.reduce((s, x) => s + x, 0), 10_007);
  assert.is(b.tokenCounts.reduce((s, x) => s + x, 0), 10_007);
  const c = await run(1000, 2);
  assert.equal(Array.from(a.tokenCounts), Array.from(c.tokenCounts));
  assert.ok(a.power.detectableTv > 0.02 && a.power.detectableTv < 0.1, `power ${a.power.detectableTv}`);
});

test.run();
