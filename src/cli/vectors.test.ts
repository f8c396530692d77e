// --target-file / --draft-file for acceptance, check, optimum: same numbers as the text options.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeNpy } from '../traces/parseNpy.ts';
import { runCaptured } from './_testing/runCaptured.ts';

const dir = mkdtempSync(join(tmpdir(), 'spechub-cli-vectors-'));
const run = runCaptured;

const E4 = { p: ['1/10', '1/5', '3/10', '2/5'], q: ['2/5', '3/10', '1/5', '1/10'] };
writeFileSync(join(dir, 'p.json'), JSON.stringify(E4.p));
writeFileSync(join(dir, 'q.txt'), E4.q.join('\n') + '\n');
writeFileSync(join(dir, 'p.npy'), encodeNpy([0.1, 0.2, 0.3, 0.4], 'F64'));
writeFileSync(join(dir, 'q.npy'), encodeNpy([0.4, 0.3, 0.2, 0.1], 'F64'));

test('acceptance: text files give the exact fractions of the text options', async () => {
  const files = JSON.parse((await run('acceptance', '--target-file', join(dir, 'p.json'), '--draft-file', join(dir, 'q.txt'), '--k', '2', '--json')).stdout);
  const text = JSON.parse((await run('acceptance', '--target', E4.p.join(','), '--draft', E4.q.join(','), '--k', '2', '--json')).stdout);
  assert.equal(files, text);
  assert.is(files.methods.rrsw.exact, '107/140');
});

test('acceptance: .npy floats are analysed in float64 (exact null), mixed text and file', async () => {
  const out = JSON.parse((await run('acceptance', '--target', E4.p.join(','), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--json')).stdout);
  assert.is(out.methods.rrs.exact, null);
  assert.ok(Math.abs(out.methods.rrs.acceptance - 0.72) < 1e-12);
});

test('optimum and check read files too', async () => {
  const opt = JSON.parse((await run('optimum', '--target-file', join(dir, 'p.json'), '--draft-file', join(dir, 'q.txt'), '--k', '2', '--draws', 'wor', '--json')).stdout);
  assert.is(opt.exact, '701/840');
  const check = await run('check', '--method', 'spechub', '--target-file', join(dir, 'p.npy'), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--trials', '2000', '--seed', '1', '--json');
  assert.is(JSON.parse(check.stdout).n, 4, check.stderr);
});

test('errors: both forms given, missing vector, length mismatch, two stdin readers: exit 2 with one line', async () => {
  for (const argv of [
    ['acceptance', '--target', '1/2,1/2', '--target-file', join(dir, 'p.json'), '--draft', '1/2,1/2', '--k', '1'],
    ['acceptance', '--draft', '1/2,1/2', '--k', '1'],
    ['acceptance', '--target-file', join(dir, 'p.json'), '--draft', '1/2,1/2', '--k', '1'],
    ['acceptance', '--target-file', '-', '--draft-file', '-', '--k', '1'],
    ['optimum', '--target-file', join(dir, 'missing.npy'), '--draft', '1/2,1/2', '--k', '1'],
  ]) {
    const r = await run(...argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
