// The Python client and examples under python3 (standard library only), through the real protocol:
// - examples/verifiers/rrs.py (correct RRS) passes both modes of the quick suite, including the n = 32,000
//   sparse case in exact mode at the default limits, and the own-drafts mode with its drafts' law tested;
// - rrs_skip_duplicates.py (§8 item 1) is rejected in Monte Carlo mode, on the cases where duplicates bias it;
// - spechub_shortcut.py (§8 item 2) is rejected in exact mode, with the exact TV of the shortcut.
// CI-time reductions (stated): 4,000 Monte Carlo trials per case for the correct RRS (the suite's default is
// 20,000, used as is for the duplicate-skipping teeth); the shortcut's exact run skips cases with more than 600
// draft tuples (hub999-zipf1000) and shrinks with at most 40 replays of the program per failing case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { conformProgram } from './conformProgram.ts';

const example = (file: string) => `python3 "${fileURLToPath(new URL(`../../examples/verifiers/${file}`, import.meta.url))}"`;
const quiet = { stderr: 'collect' as const, timeoutSeconds: 120 };

test('python3 with the standard library is available', () => {
  const r = spawnSync('python3', ['-c', 'import sys, json, fractions, random; print(sys.version_info[0])'], { encoding: 'utf8' });
  assert.is(r.status, 0, `python3 is needed for the Python client: ${r.error ?? r.stderr}`);
  assert.is(r.stdout.trim(), '3');
});

test('rrs.py passes both modes of the quick suite (k = 2) and the own-drafts mode (k = 3)', async () => {
  const report = await conformProgram(example('rrs.py'), { draws: 'iid', k: [2], method: 'rrs', suite: 'quick', trials: 4000, process: quiet });
  assert.is(report.rejected, false, report.cases.filter((c) => c.rejected).map((c) => `${c.name}: ${c.failures.join('; ')}`).join('\n'));
  assert.match(report.program, /RRS in Python/);
  assert.is(report.cases.length, 13);
  for (const c of report.cases) assert.ok(c.exact !== null && c.exact.law === 'equal' && c.exact.acceptanceEqual === true, `${c.name}: exact mode ran and passed`);
  const sparse = report.cases.find((c) => c.name === 'zipf-n32000-sparse8')!;
  assert.is(sparse.n, 32000);
  assert.is(sparse.exact!.tuples, 64);
  const own = await conformProgram(example('rrs.py'), { draws: 'external', k: [3], method: 'rrs', mode: 'monte-carlo', suite: 'quick', trials: 4000, process: quiet });
  assert.is(own.rejected, false, own.cases.filter((c) => c.rejected).map((c) => `${c.name}: ${c.failures.join('; ')}`).join('\n'));
  assert.ok(own.cases.filter((c) => c.draftLaw !== null).length >= 10, 'the drafts\' law was tested');
  assert.is(own.tests, own.cases.length * 3);
});

test('rrs_skip_duplicates.py is rejected in Monte Carlo mode', async () => {
  const report = await conformProgram(example('rrs_skip_duplicates.py'), { draws: 'iid', k: [2], method: 'rrs', mode: 'monte-carlo', suite: 'quick', process: quiet });
  assert.ok(report.rejected);
  const rejected = report.cases.filter((c) => c.outputLaw?.rejected).map((c) => c.name);
  for (const name of ['E4', 'dup-heavy3', 'zeros-both']) assert.ok(rejected.includes(name), `${name} rejected by the output-law test (rejected: ${rejected.join(', ')})`);
  // No duplicates, no bias: cases whose draft law has one token or disjoint supports pass.
  for (const name of ['onehot-draft', 'disjoint-halves']) assert.not.ok(rejected.includes(name), `${name} should pass`);
});

test('spechub_shortcut.py is rejected in exact mode, with TV = 1 − p(a) on the 0.999 cases', async () => {
  const report = await conformProgram(example('spechub_shortcut.py'), { draws: 'hub', k: [2], method: 'spechub', mode: 'exact', suite: 'standard', process: quiet, exactLimits: { maxTuples: 600 }, shrink: { maxEvaluations: 40 } });
  assert.ok(report.rejected);
  const byName = new Map(report.cases.map((c) => [c.name, c]));
  assert.is(byName.get('hub999-first')!.exact!.tv, '1/2000');
  assert.is(byName.get('hub999-middle')!.exact!.tv, '3/4000');
  assert.is(byName.get('hub999-tie')!.exact!.tv, '1/10000');
  assert.is(byName.get('hub-one')!.rejected, false, 'p(a) = 1: the shortcut is harmless');
  assert.is(byName.get('E4')!.rejected, false);
  const counterexample = byName.get('hub999-first')!.exact!.counterexample!;
  assert.ok(counterexample.p.length <= 3 && counterexample.command !== null);
  assert.match(counterexample.command!, /^spechub conform --exec 'python3 ".*spechub_shortcut\.py"' --draws hub --k 2 --mode exact --method spechub --target \S+ --draft \S+$/);
});

test.run();
