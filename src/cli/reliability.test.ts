// Issue 9 reproductions in the CLI (hangs and memory, files, determinism, CLI edges): each gives a correct
// result or a clear refusal (one line, exit 2), fast.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { TEMPORARY_FILE_SUFFIX } from '../core/writeFileAtomic.ts';
import { printJson } from './command.ts';
import { progressBar, progressMode } from './progressBar.ts';
import { E4_ARGS, runCaptured } from './_testing/runCaptured.ts';

const run = runCaptured;

const dir = mkdtempSync(join(tmpdir(), 'spechub-reliability-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const chains = file('chains.json', JSON.stringify({ target: [['1/2', '1/2'], ['1/3', '2/3']], draft: [['3/4', '1/4'], ['1/2', '1/2']] }));
const E4 = E4_ARGS;

async function refused(argv: string[], pattern: RegExp, maxSeconds = 20) {
  const r = await run(...argv);
  assert.is(r.code, 2, `${argv.join(' ')}: exit ${r.code} ${r.stdout.slice(0, 200)}`);
  assert.is(r.stdout, '', argv.join(' '));
  assert.is(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, /^spechub \S+: error: /);
  assert.not.match(r.stderr, /internal error/);
  assert.match(r.stderr, pattern);
  assert.ok(r.seconds < maxSeconds, `${argv.join(' ')} took ${r.seconds.toFixed(1)} s`);
  return r;
}

test('tree specs are size-checked before building: 2^100000000000, 1^999999999999 refused at once; 2^-3 is a bad tree', async () => {
  for (const command of [['simulate', '--chains', chains, '--method', 'rrs'], ['sweep', '--family', 'zipf', '--n', '10', '--steps', '0'], ['e2e']]) {
    const treeFlag = command[0] === 'sweep' ? '--trees' : '--tree';
    await refused([...command, treeFlag, '2^100000000000'], /2\^100000000000 has more than 65536 nodes/, 2);
    await refused([...command, treeFlag, '1^999999999999'], /1\^999999999999 has more than 65536 nodes/, 2);
    await refused([...command, treeFlag, '2^-3'], /bad tree '2\^-3'/, 2);
    await refused([...command, treeFlag, 'chain:-4'], /bad tree 'chain:-4'/, 2);
  }
});

test('simulate --tree chain:65535: the exact rational route refuses naming the routes that work; --float and --steps work', async () => {
  await refused(['simulate', '--chains', chains, '--tree', 'chain:65535', '--method', 'sd'], /depth 65535 .*simulate --float.*simulate --steps/);
  const float = await run('simulate', '--chains', chains, '--tree', 'chain:65535', '--method', 'sd', '--float', '--json');
  assert.is(float.code, 0, float.stderr);
  const out = JSON.parse(float.stdout);
  assert.is(out.exact, null, 'a float64 result is not labelled exact');
  // Independent value: sd on a deep chain of this 2-state chain tends to E[accepted run] + 1 = 4.5 (exact route at depth 512).
  const shallow = JSON.parse((await run('simulate', '--chains', chains, '--tree', 'chain:512', '--method', 'sd', '--json')).stdout);
  assert.ok(Math.abs(out.tokensPerStep - shallow.tokensPerStep) < 1e-9, `${out.tokensPerStep} vs ${shallow.tokensPerStep}`);
  const mc = await run('simulate', '--chains', chains, '--tree', 'chain:65535', '--method', 'sd', '--steps', '2000', '--seed', 'x', '--json');
  assert.is(mc.code, 0, mc.stderr);
  const ci = JSON.parse(mc.stdout).ci95 as [number, number];
  assert.ok(ci[0] - 0.2 < 4.5 && 4.5 < ci[1] + 0.2, String(ci));
  // Float64 size guard: a large vocabulary on a deep tree names Monte Carlo.
  const big = 200;
  const row = Array.from({ length: big }, () => 1 / big);
  const wide = file('wide.json', JSON.stringify({ target: Array.from({ length: big }, () => row), draft: Array.from({ length: big }, () => row) }));
  await refused(['simulate', '--chains', wide, '--tree', 'chain:65535', '--method', 'sd'], /above the limit .*Monte Carlo \(simulate --steps N/);
});

test('repeated flags are an error; negative values reach the range check; seeds are strings', async () => {
  await refused(['acceptance', ...E4, '--k', '2', '--k', '3'], /--k is given more than once/);
  await refused(['check', '--method', 'rrs', ...E4, '--k', '2', '--seed', '1', '--seed', '2'], /--seed is given more than once/);
  await refused(['e2e', '--temperature', '-1'], /--temperature must be a number in \[0\.001, 100\], got '-1'/);
  await refused(['e2e', '--top-p', '-0.5'], /--top-p must be a number/);
  await refused(['sweep', '--family', 'zipf', '--temperatures', '-1'], /--temperatures: '-1' is not a number in/);
  await refused(['check', '--method', 'rrs', ...E4, '--k', '-2'], /--k must be an integer in \[1, 64\], got '-2'/);
  const a = await run('check', '--method', 'rrs', ...E4, '--k', '2', '--trials', '2000', '--seed', '-7', '--json');
  const b = await run('check', '--method', 'rrs', ...E4, '--k', '2', '--trials', '2000', '--seed', '-7', '--json');
  assert.is(a.stdout, b.stdout);
  assert.is(JSON.parse(a.stdout).seed, '-7');
  const word = JSON.parse((await run('check', '--method', 'rrs', ...E4, '--k', '2', '--trials', '2000', '--seed', 'my seed', '--json')).stdout);
  assert.is(word.seed, 'my seed');
  await refused(['check', '--method', 'rrs', ...E4, '--k', '2', '--seed', ''], /--seed must be a non-empty string/);
});

test('JSON files with a byte-order mark are read (chains, tree files, figure data)', async () => {
  const bomChains = file('bom-chains.json', '\ufeff' + readFileSync(chains, 'utf8'));
  const bomTree = file('bom-tree.json', '\ufeff{"parents": [-1, 0, 0, 1]}');
  const plain = JSON.parse((await run('simulate', '--chains', chains, '--tree', '{"parents": [-1, 0, 0, 1]}', '--method', 'rrs', '--json')).stdout);
  const bom = await run('simulate', '--chains', bomChains, '--tree', bomTree, '--method', 'rrs', '--json');
  assert.is(bom.code, 0, bom.stderr);
  assert.is(JSON.parse(bom.stdout).exact, plain.exact);
  const data = readFileSync(join('plots', 'data', 'acceptance-vs-k.json'), 'utf8');
  const out = join(dir, 'bom-plot');
  const r = await run('plot', 'acceptance-vs-k', '--data', file('bom-data.json', '\ufeff' + data), '--out', out);
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, 'acceptance-vs-k.svg')));
});

test('plot --data refuses non-finite numbers: 1e999 (Infinity), "NaN" strings, strings in a numeric column', async () => {
  const data = JSON.parse(readFileSync(join('plots', 'data', 'acceptance-vs-k.json'), 'utf8'));
  const variant = (name: string, edit: (d: any) => string) => file(name, edit(structuredClone(data)));
  await refused(['plot', 'acceptance-vs-k', '--data', variant('inf.json', (d) => JSON.stringify(d).replace(/"acceptance":[-0-9.e]+/, '"acceptance":1e999')), '--out', dir], /rows\[0\]\.acceptance is not (a )?finite/);
  await refused(['plot', 'acceptance-vs-k', '--data', variant('nan.json', (d) => ((d.rows[0].acceptance = 'NaN'), JSON.stringify(d))), '--out', dir], /'NaN', not a finite number/);
  await refused(['plot', 'acceptance-vs-k', '--data', variant('str.json', (d) => ((d.rows[1].acceptance = '0.5'), JSON.stringify(d))), '--out', dir], /the column holds numbers/);
  await refused(['plot', 'acceptance-vs-k', '--data', variant('param.json', (d) => JSON.stringify({ ...d, parameters: { x: 1 } }).replace('"x":1', '"x":-1e999')), '--out', dir], /\$\.parameters\.x is not finite/);
  await refused(['plot', 'acceptance-vs-k', '--data', variant('nanliteral.json', (d) => JSON.stringify(d).replace(/"acceptance":[-0-9.e]+/, '"acceptance":NaN')), '--out', dir], /not valid JSON/);
});

test('the JSON writer refuses non-finite numbers with a typed error instead of printing null', () => {
  let out = '';
  assert.throws(() => printJson({ stdout: (t) => void (out += t), stderr: () => {} }, { rows: [{ exact: 1 }, { exact: Number.NaN }] }), (e: unknown) => e instanceof SpechubError && e.code === 'NOT_FINITE' && /\$\.rows\[1\]\.exact/.test(e.message));
  assert.is(out, '');
});

test('output paths are checked before any work: main --out "", sweep --out dir/, files in the way, folders, devices', async () => {
  await refused(['main', '--out', ''], /--out folder path must not be empty/, 2);
  await refused(['sweep', '--family', 'zipf', '--out', `${dir}/`], /names a folder, but it is the prefix of two files/, 2);
  await refused(['sweep', '--family', 'zipf', '--out', ''], /names a folder/, 2);
  const blocker = file('blocker', 'x');
  await refused(['sweep', '--family', 'zipf', '--out', join(blocker, 'sweep')], /ENOTDIR/, 2);
  await refused(['main', '--out', blocker], /exists and is not a folder \(ENOTDIR\)/, 2);
  mkdirSync(join(dir, 'a-folder'), { recursive: true });
  await refused(['sweep', '--family', 'zipf', '--markdown', join(dir, 'a-folder')], /is a folder, not a file \(EISDIR\)/, 2);
  await refused(['sweep', '--family', 'zipf', '--markdown', '/dev/null'], /not a regular file/, 2);
  await refused(['plot', '2', '--quick', '--out', blocker], /not a folder/, 2);
  await refused(['train', '--model', 'draft', '--out', join(blocker, 'x')], /ENOTDIR/, 2);
  await refused(['train', '--model', 'draft', '--curve', join(dir, 'a-folder')], /EISDIR/, 2);
  assert.not.ok(existsSync(join(blocker + '.csv')));
});

test('/proc-like and device inputs do not hang: pipes, /dev/zero, /dev/stdin, folders are refused at once', async () => {
  const fifo = join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  await refused(['simulate', '--chains', fifo, '--tree', '2^2', '--method', 'rrs'], /chains file .* not a regular file/, 2);
  await refused(['simulate', '--chains', '/dev/zero', '--tree', '2^2', '--method', 'rrs'], /not a regular file/, 2);
  await refused(['simulate', '--chains', chains, '--tree', fifo, '--method', 'rrs'], /tree file .* not a regular file/, 2);
  await refused(['simulate', '--chains', dir, '--tree', '2^2', '--method', 'rrs'], /it is a folder/, 2);
  await refused(['plot', '2', '--data', '/dev/zero'], /not a regular file/, 2);
  await refused(['e2e', '--tokenizer', '/dev/zero', '--method', 'rrs'], /not a regular file/);
  // /proc files report size 0 but hold text: read with the size bound, then refused as not JSON.
  await refused(['simulate', '--chains', '/proc/self/status', '--tree', '2^2', '--method', 'rrs'], /not valid JSON/, 2);
});

test('train refuses up front: --context 4096 (memory), the shipped models/ folder without --replace-shipped', async () => {
  await refused(['train', '--model', 'target', '--context', '4096', '--out', join(dir, 'never')], /needs about [\d.]+ GiB of tensors, above the 2\.0 GiB budget.*shorter --context/, 5);
  await refused(['train', '--model', 'draft', '--out', 'models/draft'], /shipped models folder.*--replace-shipped/, 5);
  await refused(['train', '--model', 'draft', '--out', './models/../models/draft/'], /shipped models folder/, 5);
  assert.not.ok(existsSync(join(dir, 'never')));
});

test('same seed, byte-identical JSON: acceptance, check, optimum --no-timing, simulate, sweep --no-timing', async () => {
  const twice = async (...argv: string[]) => {
    const a = await run(...argv);
    const b = await run(...argv);
    assert.is(a.code, 0, `${argv.join(' ')}: ${a.stderr}`);
    assert.is(a.stdout, b.stdout, argv.join(' '));
    return a.stdout;
  };
  await twice('acceptance', ...E4, '--k', '2', '--json');
  await twice('check', '--method', 'spechub', ...E4, '--k', '2', '--trials', '5000', '--seed', 's', '--json');
  const optimum = await twice('optimum', ...E4, '--k', '2', '--via', 'all', '--no-timing', '--json');
  assert.not.ok('seconds' in JSON.parse(optimum));
  assert.ok('seconds' in JSON.parse((await run('optimum', ...E4, '--k', '2', '--json')).stdout), 'timings stay by default (the contract)');
  await twice('simulate', '--chains', chains, '--tree', '2^3', '--method', 'rrs', '--json');
  await twice('simulate', '--chains', chains, '--tree', '2^3', '--method', 'rrs', '--steps', '3000', '--seed', 'q', '--json');
  const sweep = ['sweep', '--family', 'zipf', '--n', '20', '--temperatures', '1', '--noise', '1', '--trees', '2^2', '--methods', 'rrs,spechub', '--steps', '500', '--no-timing', '--no-progress'];
  const rows = JSON.parse(await twice(...sweep, '--json')).rows as Array<Record<string, unknown>>;
  assert.ok(rows.every((r) => !('seconds' in r)));
  const p1 = join(dir, 'det1', 'sweep');
  const p2 = join(dir, 'det2', 'sweep');
  assert.is((await run(...sweep, '--out', p1)).code, 0);
  assert.is((await run(...sweep, '--out', p2)).code, 0);
  for (const ext of ['.csv', '.json']) assert.is(readFileSync(p1 + ext, 'utf8'), readFileSync(p2 + ext, 'utf8'), ext);
  assert.not.match(readFileSync(p1 + '.csv', 'utf8').split('\n')[0]!, /seconds/);
});

test('progress: frames only on a terminal; redirected stderr gets plain lines; --no-progress gets nothing', async () => {
  assert.is(progressMode({}, true), 'frames');
  assert.is(progressMode({}, false), 'lines');
  assert.is(progressMode({ 'no-progress': true }, true), 'off');
  let frames = '';
  const bar = progressBar({ stdout: () => {}, stderr: (t) => void (frames += t) }, 'frames');
  for (let i = 0; i <= 4; i++) bar(i, 4, 'cells');
  assert.match(frames, /\r\[#{24}\] 4\/4 cells/);
  let lines = '';
  const plain = progressBar({ stdout: () => {}, stderr: (t) => void (lines += t) }, 'lines');
  for (let i = 0; i <= 1000; i++) plain(i, 1000, 'steps');
  assert.not.match(lines, /\r/);
  assert.ok(lines.split('\n').length <= 12, `${lines.split('\n').length} lines for 1000 updates`);
  // The sweep under a test runner (stderr not a terminal): plain lines, no carriage returns.
  const r = await run('sweep', '--family', 'zipf', '--n', '20', '--temperatures', '1', '--noise', '1', '--trees', '2^2,2^3', '--methods', 'rrs', '--steps', '300', '--markdown', join(dir, 'p.md'));
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /\r/);
  assert.match(r.stderr, /^\[#+\.*\] 3\/3 done$/m); // the exact cell of rrs, then its rows at 2^2 and 2^3
  const quiet = await run('sweep', '--family', 'zipf', '--n', '20', '--temperatures', '1', '--noise', '1', '--trees', '2^2', '--methods', 'rrs', '--steps', '300', '--no-progress', '--markdown', join(dir, 'q.md'));
  assert.is(quiet.stderr, '');
});

// The real command line: the supervisor in bin/spechub.js.
function spawnCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/spechub.js', ...args], { detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done, stderrNow: () => stderr };
}

test('Ctrl-C (SIGINT to the process group) stops a long run at once, with a message, exit 130, no partial file', async () => {
  const out = join(dir, 'interrupted', 'sweep');
  const { child, done, stderrNow } = spawnCli(['sweep', '--family', 'zipf', '--n', '30', '--temperatures', '1', '--noise', '1', '--trees', '2^4', '--methods', 'rrs', '--steps', '90000000', '--out', out]);
  // Wait until the Monte Carlo loop runs (a progress line), then interrupt like a terminal does.
  for (let i = 0; i < 600 && !/\d+\/1 zipf/.test(stderrNow()); i++) await new Promise((r) => setTimeout(r, 100));
  const sent = performance.now();
  process.kill(-child.pid!, 'SIGINT');
  const r = await done;
  assert.ok(performance.now() - sent < 5000, 'stopped at once');
  assert.is(r.code, 130, r.stderr);
  assert.match(r.stderr, /spechub sweep: interrupted \(Ctrl-C\) after [\d.]+ s; .*none is partial/);
  assert.not.ok(existsSync(join(dir, 'interrupted')) && readdirSync(join(dir, 'interrupted')).length > 0, 'no file written');
});

test('a crash in the middle of an atomic write (kill -9 before the rename) leaves no partial or temporary file', async () => {
  const out = join(dir, 'crashed');
  const { done } = spawnCli(['sweep', '--family', 'zipf', '--n', '10', '--temperatures', '1', '--noise', '1', '--trees', '2^2', '--methods', 'rrs', '--steps', '100', '--out', join(out, 'sweep')], { SPECHUB_FAULT: 'write-before-rename#2' });
  const r = await done;
  assert.is(r.code, 137, r.stderr);
  assert.match(r.stderr, /killed \(SIGKILL.*removed 1 unfinished temporary file/);
  const left = readdirSync(out);
  assert.equal(left, ['sweep.csv'], 'the first file is complete; the second was never renamed into place and its temporary file is gone');
  assert.ok(left.every((f) => !f.endsWith(TEMPORARY_FILE_SUFFIX)));
  assert.match(readFileSync(join(out, 'sweep.csv'), 'utf8'), /^family,n,temperature/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
