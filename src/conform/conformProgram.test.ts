// Every built-in verifier, served over the protocol by `spechub serve-verifier` in its own process, passes both
// modes of the standard suite (46 cases) at its natural k; the harness and the server are tested against each
// other through a real pipe.
//
// CI-time reductions (stated): 1,500 Monte Carlo trials per case instead of 100,000, and exact mode limited to
// cases with at most 600 draft tuples, tuples × n ≤ 10^6 and 5,000 replays (the default limits are 4,096,
// 4·10^6 and 200,000). The n = 32,000 sparse case runs in exact mode through the pipe in the Python example test
// (default limits). Cases an optimal-transport verifier declines because its set law is too large (TOO_LARGE:
// n = 1,000 and beyond) are accepted, and only those.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { getMethod } from '../methods.ts';
import { conformProgram } from './conformProgram.ts';

const bin = fileURLToPath(new URL('../../bin/spechub.js', import.meta.url));
const serve = (id: string) => `"${process.execPath}" "${bin}" serve-verifier --method ${id}`;

const METHODS: Array<[string, number]> = [
  ['sd', 1], ['rrs', 2], ['rrsw', 2], ['kseq', 2], ['spechub', 2], ['greedy', 2], ['greedy-q', 2], ['otm', 2], ['otm-wor', 2], ['khisti', 2],
];

for (const [id, k] of METHODS) {
  test(`${id} served over the protocol passes the standard suite in both modes (k = ${k})`, async () => {
    const method = getMethod(id);
    const report = await conformProgram(serve(id), {
      draws: method.scheme.id,
      k: [k],
      method: id,
      mode: 'both',
      suite: 'standard',
      trials: 1500,
      exactLimits: { maxTuples: 600, maxVectorEntries: 1_000_000, maxRuns: 5000 },
      process: { stderr: 'collect', timeoutSeconds: 120 },
    });
    const failures = report.cases.filter((c) => c.rejected).map((c) => `${c.name}: ${c.failures.join('; ')}`);
    assert.is(report.rejected, false, failures.join('\n'));
    assert.match(report.program, new RegExp(`serve-verifier --method ${id}`));
    for (const c of report.cases) {
      if (c.declined !== null) {
        assert.ok(['otm', 'otm-wor', 'khisti'].includes(id), `${id} declined ${c.name}: ${c.declined}`);
        assert.match(c.declined, /entries \(limit|TOO_LARGE|sets/, `${id} declined ${c.name} for another reason: ${c.declined}`);
        continue;
      }
      assert.ok(c.outputLaw !== null && c.trials === 1500 && c.acceptance !== null, `${id} ${c.name}: Monte Carlo ran`);
      assert.ok(c.powerTv !== null && c.powerTv > 0 && c.powerTv <= 1, `${id} ${c.name}: power stated`);
      if (c.exact !== null) {
        assert.is(c.exact.law, 'equal');
        assert.is(c.exact.tv, '0');
        assert.ok(c.exact.acceptanceEqual === true, `${id} ${c.name}: exact acceptance ${c.exact.acceptance} vs ${c.exact.expectedAcceptance}`);
      }
    }
    const exactRuns = report.cases.filter((c) => c.exact !== null).length;
    const monteCarloRuns = report.cases.filter((c) => c.outputLaw !== null).length;
    assert.ok(exactRuns >= 30, `${id}: exact mode ran on ${exactRuns} cases only`);
    assert.is(monteCarloRuns + report.declined, report.cases.length, `${id}: Monte Carlo ran on every case not declined`);
    assert.ok(report.declined <= 8, `${id}: ${report.declined} cases declined`);
    assert.is(report.cases.length + report.skipped.length, 46);
  });
}

test.run();
