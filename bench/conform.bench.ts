/**
 * Conformance harness throughput (not a test; timings vary 20–30 % between runs on a shared machine): Monte Carlo
 * trials per second through the pipe, for the example programs and the built-in server, on E4 (n = 4, k = 2)
 * and on a Zipf law over n = 1,000, each also as a ratio to the in-process harness on the same case (baseline:
 * the same verifier called directly, no pipe, no JSON). Then exact-mode replays per second (each replay is a
 * `verify_exact` request and its choice round trips).
 *
 * Run: npm run bench:conform      (or: node --import tsx bench/conform.bench.ts [--quick])
 */
import { fileURLToPath } from 'node:url';
import { conformProgram } from '../src/conform/conformProgram.ts';
import { type ConformanceSuite, conformanceSuite } from '../src/conform/conformanceSuite.ts';
import { conformVerifier } from '../src/conform/conformVerifier.ts';
import { rrs } from '../src/verifiers/rrs.ts';

const quick = process.argv.includes('--quick');
const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PROGRAMS: Array<[string, string, number]> = [
  ['Node example (examples/verifiers/rrs-node.mjs)', `"${process.execPath}" "${path('../examples/verifiers/rrs-node.mjs')}"`, quick ? 200_000 : 2_000_000],
  ['spechub serve-verifier --method rrs', `"${process.execPath}" "${path('../bin/spechub.js')}" serve-verifier --method rrs`, quick ? 200_000 : 2_000_000],
  ['Python example (examples/verifiers/rrs.py)', `python3 "${path('../examples/verifiers/rrs.py')}"`, quick ? 100_000 : 500_000],
];

const standard = conformanceSuite('standard');
const single = (name: string): ConformanceSuite => ({ ...standard, cases: standard.cases.filter((c) => c.name === name) });
const CASES = ['E4', 'zipf-n1000'];

const rate = (trials: number, seconds: number) => Math.round(trials / seconds);
const fmt = (x: number) => x.toLocaleString('en-US');

console.log('## Monte Carlo trials per second through the pipe (RRS, k = 2, batches of 8,192 tuples, 2 requests in flight)\n');
const baseline = new Map<string, number>();
for (const name of CASES) {
  const trials = quick ? 200_000 : 2_000_000;
  const report = await conformVerifier(rrs, { k: 2, mode: 'monte-carlo', suite: single(name), trials, method: 'rrs' });
  baseline.set(name, rate(trials, report.cases[0]!.seconds));
}
console.log(`baseline: the in-process harness (conformVerifier, no pipe): ${CASES.map((c) => `${c} ${fmt(baseline.get(c)!)} trials/s`).join(', ')}\n`);
console.log('| program | case | trials | trials/s | × baseline |');
console.log('|---|---|---|---|---|');
for (const [label, command, trials] of PROGRAMS) {
  for (const name of CASES) {
    const report = await conformProgram(command, { draws: 'iid', k: 2, mode: 'monte-carlo', suite: single(name), trials, method: 'rrs', process: { stderr: 'collect' } });
    const c = report.cases[0]!;
    if (c.rejected) console.log(`(rejected: ${c.failures.join('; ')})`);
    const r = rate(trials, c.seconds);
    console.log(`| ${label} | ${name} (n = ${c.n}) | ${fmt(trials)} | ${fmt(r)} | ${(r / baseline.get(name)!).toFixed(3)} |`);
  }
}

console.log('\n## Exact mode: replays per second (RRS, dirichlet-n10 at k = 3: 1,000 draft tuples)\n');
console.log('| program | replays | seconds | replays/s |');
console.log('|---|---|---|---|');
const exactCase = single('dirichlet-n10');
{
  const t0 = performance.now();
  const report = await conformVerifier(rrs, { k: 3, mode: 'exact', suite: exactCase, method: 'rrs' });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`| in process (baseline) | ${fmt(report.cases[0]!.exact!.runs)} | ${seconds.toFixed(2)} | ${fmt(rate(report.cases[0]!.exact!.runs, seconds))} |`);
}
for (const [label, command] of PROGRAMS.slice(1)) {
  const report = await conformProgram(command, { draws: 'iid', k: 3, mode: 'exact', suite: exactCase, method: 'rrs', process: { stderr: 'collect' } });
  const c = report.cases[0]!;
  console.log(`| ${label} | ${fmt(c.exact!.runs)} | ${c.seconds.toFixed(2)} | ${fmt(rate(c.exact!.runs, c.seconds))} |`);
}
