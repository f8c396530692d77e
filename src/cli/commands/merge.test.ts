// Sharded = unsharded, byte for byte: `sweep … --shard i/N --json` parts merged by `spechub merge … --json` equal
// `sweep … --json` (and the same for replay), for any number of workers; merge's refusals exit 2 with one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runSweep, SWEEP_DEFAULTS } from '../../experiments/runSweep.ts';
import { replayTrace } from '../../experiments/replayTrace.ts';
import { createRng } from '../../random/createRng.ts';
import { createTraceWriter } from '../../traces/createTraceWriter.ts';
import { openTrace } from '../../traces/openTrace.ts';
import { parseTreeSpec } from '../../tree/parseTreeSpec.ts';
import { runCli } from '../main.ts';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'spechub-merge-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// 2 settings × (one exact cell per method: 2; rows: 2^2: 2 methods + LP-A iid, hub; chain:2: 2 methods + LP-A iid) = 18 cells
// (n ≤ 16 adds the 1 + LP-A rows), 14 rows.
const SWEEP = ['sweep', '--family', 'zipf', '--n', '8', '--temperatures', '1', '--noise', '1,2', '--trees', '2^2,chain:2', '--methods', 'rrs,spechub',
  '--steps', '300', '--seed', 'm', '--no-timing', '--no-progress'];

test('sweep: shards 1/2 and 2/2 merged = the unsharded run (2 workers) = the in-thread run, byte for byte', async () => {
  const whole = await run(...SWEEP, '--workers', '2', '--json');
  assert.is(whole.code, 0, whole.stderr);
  const inThread = await run(...SWEEP, '--workers', '1', '--json');
  assert.is(inThread.stdout, whole.stdout, '--workers 1 and --workers 2 agree');
  const a = await run(...SWEEP, '--shard', '1/2', '--json', '--workers', '1');
  const b = await run(...SWEEP, '--shard', '2/2', '--json', '--workers', '2');
  assert.is(a.code + b.code, 0, a.stderr + b.stderr);
  const partA = JSON.parse(a.stdout);
  assert.is(partA.format, 'spechub-partial-result');
  assert.is(partA.kind, 'sweep');
  assert.equal(partA.shard, { index: 1, count: 2 });
  assert.is(partA.cells, 18);
  assert.equal(partA.indices, [0, 2, 4, 6, 8, 10, 12, 14, 16]);
  const merged = await run('merge', file('a.json', a.stdout), file('b.json', b.stdout), '--json');
  assert.is(merged.code, 0, merged.stderr);
  assert.is(merged.stdout, whole.stdout);
  // Order of the parts on the command line does not matter; --out writes the same bytes.
  const out = join(dir, 'merged.json');
  const again = await run('merge', join(dir, 'b.json'), join(dir, 'a.json'), '--out', out);
  assert.is(again.code, 0, again.stderr);
  assert.is(readFileSync(out, 'utf8'), whole.stdout);
  // The library's in-thread runSweep computes the same rows (independent of the CLI and the pool).
  const rows = runSweep({ ...SWEEP_DEFAULTS, vocabularySize: 8, temperatures: [1], divergences: { kind: 'noise', values: [1, 2] }, trees: ['2^2', 'chain:2'].map((name) => ({ name, tree: parseTreeSpec(name) })), methods: ['rrs', 'spechub'], steps: 300, seed: 'm' });
  assert.equal(JSON.parse(whole.stdout).rows, rows.map(({ seconds: _s, ...r }) => r));
  assert.is(rows.length, 14);
  assert.is(rows.filter((r) => r.method.startsWith('lp-a:')).length, 6);
});

test('sweep: three shards of a grid with fewer cells per shard, merged in any order', async () => {
  const small = ['sweep', '--family', 'dirichlet', '--n', '30', '--temperatures', '0.8', '--noise', '1', '--trees', '2^2,2^3', '--methods', 'rrs,rrsw', '--steps', '200', '--seed', 'x', '--no-timing', '--no-progress'];
  const whole = await run(...small, '--workers', '2');
  const parts = [];
  for (const i of [3, 1, 2]) parts.push(file(`s${i}.json`, (await run(...small, '--shard', `${i}/3`, '--workers', '1')).stdout));
  const merged = await run('merge', ...parts);
  assert.is(merged.code, 0, merged.stderr);
  assert.is(merged.stdout, whole.stdout);
});

// A dense trace with context ids (bootstrap over contexts) over 600 positions: 3 chunks of 256.
const trace = join(dir, 'trace.safetensors');
{
  const rng = createRng('merge-trace');
  const V = 12;
  const law = (s: number) => {
    const v = Array.from({ length: V }, (_, i) => Math.pow(i + 1, -s) * Math.exp(2 * rng()));
    const t = v.reduce((x, y) => x + y, 0);
    return v.map((x) => x / t);
  };
  const w = createTraceWriter(trace, { positions: 600, vocab: V, target: 'probs', draft: { topK: 4 }, contextIds: true, dtype: 'F64' });
  for (let i = 0; i < 600; i++) {
    const q = law(1.2);
    const ids = q.map((_, j) => j).sort((x, y) => q[y]! - q[x]! || x - y).slice(0, 4);
    w.write({ target: law(1 + (i % 5) * 0.2), draft: { ids, probs: ids.map((j) => q[j]!) }, contextId: Math.floor(i / 7) });
  }
  w.close();
}
const REPLAY = ['replay', '--trace', trace, '--k', '2', '--methods', 'rrs,rrsw,spechub,greedy', '--resamples', '150', '--seed', '3', '--no-progress'];

test('replay: shards merged = the unsharded run (2 workers) = replayTrace in this thread, byte for byte', async () => {
  const whole = await run(...REPLAY, '--json', '--workers', '2');
  assert.is(whole.code, 0, whole.stderr);
  const t = openTrace(trace);
  const reference = replayTrace(t.positions(), t.layout.vocab, { k: 2, methods: ['rrs', 'rrsw', 'spechub', 'greedy'], seed: '3', resamples: 150 });
  t.close();
  assert.is(whole.stdout, JSON.stringify(reference) + '\n');
  assert.ok(reference.positions === 600 && reference.exactPositions === 0 && reference.bootstrap.unit === 'context');
  const a = await run(...REPLAY, '--shard', '1/2', '--workers', '2');
  const b = await run(...REPLAY, '--shard', '2/2', '--workers', '1');
  assert.equal(JSON.parse(a.stdout).indices, [0, 2]);
  const merged = await run('merge', file('ra.json', a.stdout), file('rb.json', b.stdout), '--json');
  assert.is(merged.code, 0, merged.stderr);
  assert.is(merged.stdout, whole.stdout);
  // --max-positions is part of the grid: a part of another grid is refused.
  const c = await run(...REPLAY, '--shard', '2/2', '--max-positions', '300');
  const mixed = await run('merge', join(dir, 'ra.json'), file('rc.json', c.stdout));
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, /come from different grids or options: grid\.positions is 600 vs 300/);
});

test('merge refuses, with exit 2 and one line: a missing shard, a duplicate, other options, another N, another kind, a non-part, a truncated part', async () => {
  const a = file('m1.json', (await run(...SWEEP, '--shard', '1/3', '--workers', '1')).stdout);
  const b = file('m2.json', (await run(...SWEEP, '--shard', '2/3', '--workers', '1')).stdout);
  const c = file('m3.json', (await run(...SWEEP, '--shard', '3/3', '--workers', '1')).stdout);
  const otherSeed = file('m2-seed.json', (await run(...SWEEP.map((x) => (x === 'm' ? 'other' : x)), '--shard', '2/3', '--workers', '1')).stdout);
  const otherN = file('m2-of-2.json', (await run(...SWEEP, '--shard', '2/2', '--workers', '1')).stdout);
  const replayPart = file('r2.json', (await run(...REPLAY, '--shard', '2/3', '--workers', '1')).stdout);
  const whole = file('whole.json', (await run(...SWEEP, '--json', '--workers', '1')).stdout);
  const part = JSON.parse(readFileSync(b, 'utf8'));
  part.results.pop();
  const truncated = file('m2-truncated.json', JSON.stringify(part));
  const cases: Array<[string[], RegExp]> = [
    [[a, c], /shard 2\/3 is missing: merge needs all 3 parts/],
    [[a, b, b, c], /shard 2\/3 is given twice/],
    [[a, otherSeed, c], /different grids or options: grid\.options\.seed is "m" vs "other"/],
    [[a, otherN, c], /is shard 1\/3 but .* is shard 2\/2: all parts must come from the same N/],
    [[a, replayPart], /is a sweep partial result but .* is a replay partial result/],
    [[whole], /not a partial result/],
    [[a, truncated, c], /its cells are not those of shard 2\/3 of a 18-cell grid/],
    [[join(dir, 'nothing.json')], /cannot read partial result/],
    [[], /give the partial results of every shard/],
  ];
  for (const [parts, message] of cases) {
    const r = await run('merge', ...parts);
    assert.is(r.code, 2, `${parts.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.is(r.stdout, '');
  }
  for (const args of [['--shard', '3/2'], ['--shard', '1/2', '--out', join(dir, 'x')], ['--workers', '0']]) {
    const r = await run(...SWEEP, ...args);
    assert.is(r.code, 2, args.join(' '));
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
