// The CLI's output formats are a contract; malformed input gives one line on stderr and exit code 2.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { E4_ARGS, runCaptured } from './_testing/runCaptured.ts';

const run = runCaptured;

const E4 = E4_ARGS;

test('acceptance --json: the contract fields, exact fractions, only applicable methods', async () => {
  const r = await run('acceptance', ...E4, '--k', '2', '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.n, 4);
  assert.is(out.k, 2);
  assert.equal(out.methods.rrs, { acceptance: 0.72, exact: '18/25' });
  assert.equal(out.methods.rrsw.exact, '107/140');
  assert.equal(out.methods.kseq.exact, '3/4');
  assert.equal(out.methods.spechub.exact, '23/30');
  assert.equal(out.methods.greedy.exact, '23/30');
  assert.equal(out.methods['greedy-q'].exact, '3/5');
  assert.is(out.methods.sd, undefined, 'sd is k = 1 only');
  for (const row of Object.values(out.methods) as Array<{ acceptance: number }>) assert.is(typeof row.acceptance, 'number');
});

test('acceptance: k = 1 lists sd; K-SEQ with an irrational ρ* has exact null; float input has exact null', async () => {
  const one = JSON.parse((await run('acceptance', ...E4, '--k', '1', '--json')).stdout);
  assert.equal(one.methods.sd, { acceptance: 0.6, exact: '3/5' });
  assert.is(one.methods.spechub, undefined);
  const e6 = JSON.parse((await run('acceptance', '--target', '1/2,1/4,1/8,1/8', '--draft', '0.25,0.25,0.25,0.25', '--k', '2', '--json')).stdout);
  assert.is(e6.methods.kseq.exact, null);
  assert.ok(Math.abs(e6.methods.kseq.acceptance - 0.847597050801) < 1e-11);
  assert.is(e6.methods.spechub.exact, '1');
  // Sums to 1 only within 1e-9: analysed in float64, no exact fractions.
  const float = JSON.parse((await run('acceptance', '--target', '0.3333333333,0.3333333333,0.3333333333', '--draft', '0.5,0.25,0.25', '--k', '2', '--json')).stdout);
  assert.is(float.methods.rrs.exact, null);
  assert.ok(Math.abs(float.methods.spechub.acceptance - 1) < 1e-9);
});

test('acceptance: without-replacement methods are skipped with a reason when k exceeds the draft support', async () => {
  const out = JSON.parse((await run('acceptance', '--target', '1/2,1/2,0', '--draft', '1/2,1/2,0', '--k', '3', '--json')).stdout);
  assert.ok(out.methods.rrs !== undefined);
  assert.is(out.methods.rrsw, undefined);
  assert.match(out.skipped.rrsw, /need 3 tokens/);
});

test('check --json: same seed, same numbers; exit code mirrors the verdict', async () => {
  const args = ['check', '--method', 'spechub', ...E4, '--k', '2', '--trials', '20000', '--seed', '5', '--json'];
  const a = await run(...args);
  const b = await run(...args);
  assert.is(a.stdout, b.stdout);
  const out = JSON.parse(a.stdout);
  for (const key of ['method', 'n', 'k', 'trials', 'seed', 'outputLaw', 'acceptance', 'rejected']) assert.ok(key in out, key);
  for (const key of ['estimate', 'target', 'statistic', 'degreesOfFreedom', 'pValue', 'rejected']) assert.ok(key in out.outputLaw, key);
  assert.is(a.code, out.rejected ? 1 : 0);
  assert.ok(Math.abs(out.acceptance.exact - 23 / 30) < 1e-15);
  // At a deliberately loose level some seeds must reject, and then the exit code is 1.
  let rejections = 0;
  for (let seed = 0; seed < 20; seed++) {
    const r = await run('check', '--method', 'rrs', ...E4, '--k', '2', '--trials', '2000', '--seed', String(seed), '--significance', '0.5', '--json');
    const verdict = JSON.parse(r.stdout).rejected;
    assert.is(r.code, verdict ? 1 : 0);
    if (verdict) rejections++;
  }
  assert.ok(rejections > 0, 'a level-0.5 check rejects some seeds');
});

test('malformed input: one line on stderr, exit code 2, no stack trace', async () => {
  const cases: string[][] = [
    ['acceptance', '--target', '1/2,1/2', '--draft', '1/3,1/3,1/3', '--k', '2'],
    ['acceptance', '--target', '1/2,x', '--draft', '1/2,1/2', '--k', '2'],
    ['acceptance', '--target', '0.5,0.6', '--draft', '0.5,0.5', '--k', '2'],
    ['acceptance', '--target', '1/2,1/2', '--draft', '0,0', '--k', '2'],
    ['acceptance', '--target', '1/2,1/2', '--draft', '1/2,1/2', '--k', 'two'],
    ['acceptance', '--target', '1/2,1/2', '--draft', '1/2,1/2'],
    ['acceptance', '--target', '1/2,1/2', '--draft', '1/2,1/2', '--k', '2', '--bogus'],
    ['check', '--method', 'nope', '--target', '1/2,1/2', '--draft', '1/2,1/2', '--k', '2'],
    ['check', '--method', 'spechub', '--target', '1/2,1/2', '--draft', '1/2,1/2', '--k', '3'],
    ['check', '--method', 'rrsw', '--target', '1/2,1/2', '--draft', '1,0', '--k', '2'],
    ['check', '--method', 'rrs', '--target', '1/2,1/2', '--draft', '1/2,1/2', '--k', '2', '--trials', '-5'],
    ['nonsense'],
  ];
  for (const argv of cases) {
    const r = await run(...argv);
    assert.is(r.code, 2, `${argv.join(' ')} → exit ${r.code}`);
    assert.is(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('the installed bin runs: --help lists the commands; errors exit 2 in a real process', () => {
  const help = spawnSync(process.execPath, ['bin/spechub.js', '--help'], { encoding: 'utf8' });
  assert.is(help.status, 0);
  assert.match(help.stdout, /acceptance/);
  assert.match(help.stdout, /check/);
  const bad = spawnSync(process.execPath, ['bin/spechub.js', 'acceptance', '--target', '1,1', '--draft', '1,0', '--k', '1'], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.is(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /target sums to 2/);
});

test.run();
