// `spechub conform` and `spechub serve-verifier` from the command line: exit codes 0/1/2, the JSON contract
// (field names exactly as issue 12 fixes them), ready-to-run reproductions that reproduce, usage errors.
// CI-time reduction (stated): 2,000 trials per case on the quick suite.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../main.ts';
import { parseKList } from './conform.ts';

const bin = fileURLToPath(new URL('../../../bin/spechub.js', import.meta.url));
const serve = (id: string) => `"${process.execPath}" "${bin}" serve-verifier --method ${id}`;
const skipDuplicates = `python3 "${fileURLToPath(new URL('../../../examples/verifiers/rrs_skip_duplicates.py', import.meta.url))}"`;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

test('--k lists and ranges', () => {
  assert.equal(parseKList('2'), [2]);
  assert.equal(parseKList('1-4'), [1, 2, 3, 4]);
  assert.equal(parseKList('4,1, 2'), [1, 2, 4]);
  assert.throws(() => parseKList('0-2'));
  assert.throws(() => parseKList('two'));
});

test('exit 0 and the JSON contract', async () => {
  const r = await cli('conform', '--exec', serve('rrs'), '--draws', 'iid', '--k', '2', '--method', 'rrs', '--suite', 'quick', '--trials', '2000', '--json');
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  for (const key of ['protocol', 'mode', 'suite', 'cases', 'rejected']) assert.ok(key in report, key);
  assert.is(report.protocol, 'spechub-verifier/1');
  assert.is(report.mode, 'both');
  assert.is(report.suite, 'quick');
  assert.is(report.rejected, false);
  assert.match(report.correction, /^Bonferroni: level 0.001 split over 26 tests \(13 cases × 2\)/);
  assert.is(report.cases.length, 13);
  for (const c of report.cases) {
    for (const key of ['name', 'n', 'k', 'trials', 'outputLaw', 'acceptance', 'exact', 'powerTv', 'rejected']) assert.ok(key in c, `case field ${key}`);
    for (const key of ['statistic', 'pValue', 'rejected']) assert.ok(key in c.outputLaw, `outputLaw.${key}`);
    for (const key of ['estimate', 'ci95', 'exact']) assert.ok(key in c.acceptance, `acceptance.${key}`);
    for (const key of ['law', 'tv']) assert.ok(key in c.exact, `exact.${key}`);
    assert.ok(c.exact.law === 'equal' && c.exact.tv === '0' && typeof c.powerTv === 'number' && c.trials === 2000);
    assert.is(c.acceptance.ci95.length, 2);
  }
});

test('exit 1 with a shrunk counterexample whose reproduction reproduces', async () => {
  const r = await cli('conform', '--exec', skipDuplicates, '--draws', 'iid', '--k', '2', '--method', 'rrs', '--mode', 'exact', '--target', '1/10,1/5,3/10,2/5', '--draft', '2/5,3/10,1/5,1/10');
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /REJECTED custom .*exact: law ≠ p \(TV 3\/112\)/);
  const command = /reproduce: (spechub conform .*)/.exec(r.stdout)?.[1];
  const onDrafts = /reproduce on these drafts: (spechub conform .*)/.exec(r.stdout)?.[1];
  assert.ok(command !== undefined && onDrafts !== undefined, r.stdout);
  for (const line of [command!, onDrafts!]) {
    const rerun = spawnSync('bash', ['-c', line.replace(/^spechub /, `"${process.execPath}" "${bin}" `)], { encoding: 'utf8' });
    assert.is(rerun.status, 1, `${line}\n${rerun.stdout}\n${rerun.stderr}`);
    assert.match(rerun.stdout, /REJECTED custom/);
  }
  // The single-tuple diagnosis: RRS with duplicated draft 0 must apply the residual update twice.
  const one = await cli('conform', '--exec', skipDuplicates, '--draws', 'iid', '--method', 'rrs', '--mode', 'exact', '--target', '1/10,1/5,3/10,2/5', '--draft', '2/5,3/10,1/5,1/10', '--drafts', '0,0', '--json');
  assert.is(one.code, 1);
  const report = JSON.parse(one.stdout);
  assert.is(report.cases[0].k, 2);
  assert.is(report.cases[0].exact.law, 'differs');
  const fine = await cli('conform', '--exec', skipDuplicates, '--draws', 'iid', '--method', 'rrs', '--mode', 'exact', '--target', '1/10,1/5,3/10,2/5', '--draft', '2/5,3/10,1/5,1/10', '--drafts', '0,1', '--json');
  assert.is(fine.code, 0, 'without duplicates the skipping RRS is RRS');
});

test('exit 2: usage errors and protocol errors, one line each', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--exec', serve('rrs'), '--draws', 'sometimes'], /--draws must be iid, wor, hub/],
    [['--exec', serve('rrs'), '--draws', 'external', '--mode', 'exact'], /exact mode needs drafts that spechub enumerates/],
    [['--exec', serve('rrs'), '--draws', 'iid', '--method', 'spechub'], /method 'spechub' is exact for hub drafts, not iid drafts/],
    [['--exec', serve('rrs'), '--draws', 'iid', '--k', '0'], /--k values must lie in 1..64/],
    [['--exec', serve('rrs'), '--draws', 'iid', '--suite', 'huge'], /--suite must be one of quick, standard, full/],
    [['--draws', 'iid'], /missing required option --exec/],
    [['--exec', `"${process.execPath}" -e "process.exit(4)"`, '--draws', 'iid', '--suite', 'quick'], /exited with code 4 while spechub waited for the reply to the hello request/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await cli('conform', ...argv);
    assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('serve-verifier answers over real pipes (hello, verify, bye) and exits 0', () => {
  const input = [
    '{"op":"hello","protocol":"spechub-verifier/1"}',
    '{"op":"verify","id":1,"p":[0.1,0.2,0.3,0.4],"q":[0.4,0.3,0.2,0.1],"k":2,"drafts":[[3,2],[0,0]]}',
    '{"op":"bye"}',
  ].join('\n');
  const r = spawnSync(process.execPath, [bin, 'serve-verifier', '--method', 'rrs'], { input, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.is(lines.length, 2);
  assert.is(lines[0].op, 'hello');
  assert.equal([lines[1].id, lines[1].tokens[0], lines[1].accepted[0]], [1, 3, 0]);
});

test.run();
