// spechub conform --workers N: the Monte Carlo parts computed on worker threads, one program process per case
// run, give the same report for N = 1 and N = 2 (timings apart), and each case's figures equal those of the
// sequential harness (conformProgram, no worker code) run on that case alone against a fresh process; wrong and
// declining programs are still caught through the workers.
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conformProgram } from '../conform/conformProgram.ts';
import { conformanceSuite, type ConformanceSuite } from '../conform/conformanceSuite.ts';
import type { ConformanceReport } from '../conform/runConformance.ts';
import { conformProgramOnWorkers } from './conformProgramOnWorkers.ts';

const bin = fileURLToPath(new URL('../../bin/spechub.js', import.meta.url));
const serve = (id: string) => `"${process.execPath}" "${bin}" serve-verifier --method ${id}`;
const quick = conformanceSuite('quick');
// A custom suite (sent to the workers as strings) of three cases of different sizes.
const suite: ConformanceSuite = { name: 'three', version: 1, trials: 3000, cases: quick.cases.slice(0, 3) };
const untimed = (r: ConformanceReport) => ({ ...r, cases: r.cases.map((c) => ({ ...c, seconds: 0 })) });

test('N = 1 and N = 2 give the same report; each case = the sequential harness on that case alone', async () => {
  const options = { draws: 'iid' as const, k: [1, 2], method: 'rrs', mode: 'monte-carlo' as const, suite, seed: 'w' };
  const one = await conformProgramOnWorkers(serve('rrs'), { ...options, workers: 1 });
  const two = await conformProgramOnWorkers(serve('rrs'), { ...options, workers: 2 });
  assert.is(one.cases.length, 6);
  assert.equal(untimed(two), untimed(one));
  assert.is(one.rejected, false);
  for (const c of one.cases) {
    const single = quick.cases.find((x) => x.name === c.name)!;
    const alone = await conformProgram(serve('rrs'), { ...options, k: [c.k], suite: { ...suite, cases: [single] } });
    const reference = alone.cases[0]!;
    assert.is(c.trials, 3000);
    assert.is(c.outputLaw!.statistic, reference.outputLaw!.statistic, `${c.name} k=${c.k} G`);
    assert.is(c.outputLaw!.pValue, reference.outputLaw!.pValue, `${c.name} k=${c.k} p-value`);
    assert.equal(c.acceptance!.estimate, reference.acceptance!.estimate, `${c.name} k=${c.k} acceptance`);
  }
});

test('through the workers: a wrong program is rejected, declined cases are counted; a program that fails at start is a PROTOCOL_ERROR', async () => {
  // Teeth: K-SEQ is a correct verifier for i.i.d. drafts but its acceptance differs from RRS's exact value
  // (0.75 vs 0.72 on E1 and E4 at k = 2: z ≈ 7 at 10,000 trials, against the Bonferroni bound z ≈ 3.8).
  const wrong = await conformProgramOnWorkers(serve('kseq'), { draws: 'iid', k: [2], method: 'rrs', mode: 'monte-carlo', suite, trials: 10_000, seed: 'w', workers: 2 });
  assert.is(wrong.rejected, true);
  assert.ok(wrong.cases.some((c) => c.failures.some((f) => f.startsWith('acceptance:'))), JSON.stringify(wrong.cases.map((c) => c.failures)));
  const declined = await conformProgramOnWorkers(serve('sd'), { draws: 'iid', k: [2], method: 'rrs', mode: 'monte-carlo', suite, seed: 'w', workers: 2 });
  assert.is(declined.declined, 3);
  assert.ok(declined.cases.every((c) => c.declined !== null && c.outputLaw === null));
  let error: unknown = null;
  try {
    await conformProgramOnWorkers('exit 3', { draws: 'iid', k: [2], method: 'rrs', mode: 'monte-carlo', suite, workers: 2, process: { stderr: 'collect' } });
  } catch (e) {
    error = e;
  }
  assert.is((error as { code?: string } | null)?.code, 'PROTOCOL_ERROR', String(error));
});

test.run();
