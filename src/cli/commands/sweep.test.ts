// `spechub sweep`: grid rows, CSV/JSON/markdown outputs, progress bar, contextual family, one-line errors.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SweepRow } from '../../experiments/runSweep.ts';
import { runCaptured } from '../_testing/runCaptured.ts';

const run = runCaptured;

const dir = mkdtempSync(join(tmpdir(), 'spechub-sweep-'));

test('a Markov grid: every cell has an exact value and a Monte Carlo interval; files and progress bar', async () => {
  const out = join(dir, 'grid');
  const md = join(dir, 'grid.md');
  const r = await run('sweep', '--family', 'zipf', '--n', '40', '--exponent', '1.5', '--temperatures', '0.6,1', '--trees', '2^2,2^3',
    '--methods', 'rrs,rrsw,spechub', '--target-overlap', '0.5', '--calibrate-at', '1', '--steps', '3000', '--seed', 's', '--out', out, '--markdown', md);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /\[#+\.*\] \d+\/18 zipf T=/); // 2 settings × (3 exact cells + 2 trees × 3 methods)
  assert.match(r.stderr, /18\/18 done/);
  const { rows, options } = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { rows: SweepRow[]; options: { trees: string[] } };
  assert.equal(options.trees, ['2^2', '2^3']);
  assert.is(rows.length, 2 * 2 * 3);
  const sigmas = new Set(rows.map((x) => x.logitNoise));
  assert.is(sigmas.size, 1, 'calibrated once (at T = 1) and reused');
  let outside = 0;
  for (const row of rows) {
    assert.is(row.skipped, null);
    assert.ok(row.hubMass > 0 && row.hubMass <= 1 && row.overlap > 0 && row.overlap <= 1);
    assert.ok(row.exact !== null && row.exact >= 1 && row.exact <= row.depth + 1);
    assert.ok(row.ci95 !== null);
    if (!(row.ci95[0] <= row.exact && row.exact <= row.ci95[1])) outside++;
  }
  assert.ok(outside <= 3, `${outside} of 12 exact values outside their 95 % intervals`);
  const csv = readFileSync(`${out}.csv`, 'utf8').trim().split('\n');
  assert.is(csv.length, 13);
  assert.match(csv[0]!, /^family,n,temperature,divergence,logit_noise,overlap,hub_mass,tree,draft_tokens,depth,method,exact,monte_carlo,ci_low,ci_high/);
  const table = readFileSync(md, 'utf8');
  assert.match(table, /mean hub mass q\(a\) = 0\.\d{3}/);
  assert.match(table, /\| tree \| rrs \| rrsw \| spechub \| SpecHub − RRS \| SpecHub − RRSw \|/);
  assert.match(table, /\| 2\^3 \| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \|/);
});

test('sequence-level methods and the LP-A columns (small Markov chain): exact, Monte Carlo, bounds hold, markdown columns', async () => {
  const out = join(dir, 'sequence');
  const md = join(dir, 'sequence.md');
  const r = await run('sweep', '--family', 'zipf', '--n', '4', '--temperatures', '1', '--trees', 'chain:2,2^3', '--methods', 'sd,block,rrs,traversal,spechub,traversal-hub',
    '--noise', '1.5', '--steps', '4000', '--seed', 'q', '--out', out, '--markdown', md);
  assert.is(r.code, 0, r.stderr);
  const { rows } = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { rows: SweepRow[] };
  const cell = (tree: string, method: string) => rows.find((x) => x.tree === tree && x.method === method)!;
  assert.ok(cell('chain:2', 'block').exact! >= cell('chain:2', 'sd').exact! - 1e-12);
  assert.ok(Math.abs(cell('chain:2', 'block').exact! - cell('chain:2', 'lp-a:iid').exact!) < 1e-9, 'BV = LP-A on chains');
  for (const m of ['rrs', 'traversal']) assert.ok(cell('2^3', m).exact! <= cell('2^3', 'lp-a:iid').exact! + 1e-9, m);
  for (const m of ['spechub', 'traversal-hub']) assert.ok(cell('2^3', m).exact! <= cell('2^3', 'lp-a:hub').exact! + 1e-9, m);
  assert.is(cell('chain:2', 'spechub').skipped, null); // one child per node: SD
  assert.ok(cell('2^3', 'block').skipped !== null && /UNSUPPORTED_K/.test(cell('2^3', 'block').skipped!));
  const seqRow = cell('2^3', 'traversal');
  assert.ok(seqRow.ci95![0] - 0.05 < seqRow.exact! && seqRow.exact! < seqRow.ci95![1] + 0.05);
  const table = readFileSync(md, 'utf8');
  assert.match(table, /\| tree \| sd \| block \| rrs \| traversal \| spechub \| traversal-hub \| SpecHub − RRS \| 1 \+ LP-A \(iid\) \| 1 \+ LP-A \(hub\) \|/);
  const off = await run('sweep', '--family', 'zipf', '--n', '4', '--temperatures', '1', '--trees', '2^2', '--methods', 'traversal', '--noise', '1', '--steps', '0', '--lp-a', 'off', '--json');
  assert.ok((JSON.parse(off.stdout).rows as SweepRow[]).every((x) => !x.method.startsWith('lp-a')));
});

test('fixed noise values, contextual family (Monte Carlo only), methods a tree cannot run are skipped', async () => {
  const r = await run('sweep', '--family', 'contextual', '--n', '30', '--context-length', '2', '--buckets', '16', '--temperatures', '1',
    '--trees', '2^3,3^2', '--methods', 'spechub,rrs', '--noise', '1', '--steps', '300', '--json');
  assert.is(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout).rows as SweepRow[];
  assert.is(rows.length, 4);
  const ternaryHub = rows.find((x) => x.tree === '3^2' && x.method === 'spechub')!;
  assert.match(ternaryHub.skipped!, /UNSUPPORTED_K/);
  for (const row of rows.filter((x) => x !== ternaryHub)) {
    assert.is(row.exact, null);
    assert.ok(row.monteCarlo! >= 1 && row.ci95 !== null);
  }
  assert.ok(existsSync(dir));
});

test('bad options: one line on stderr, exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--family', 'cauchy'], /--family must be zipf, dirichlet or contextual/],
    [['--family', 'zipf', '--noise', '1', '--target-overlap', '0.5'], /choose one of --noise and --target-overlap/],
    [['--family', 'zipf', '--methods', 'rrs,nope'], /unknown method 'nope'/],
    [['--family', 'zipf', '--temperatures', '0.6,hot'], /--temperatures: 'hot'/],
    [['--family', 'zipf', '--trees', '2^x'], /tree/],
    [['--family', 'zipf', '--concentration', '0.1'], /--concentration does not apply/],
    [['--family', 'contextual', '--start', 'stationary'], /--start stationary needs a Markov-chain family/],
    [['--family', 'zipf', '--uniform-mix', '0.7', '--other-mix', '0.7'], /must not exceed 1/],
  ];
  for (const [argv, message] of cases) {
    const r = await run('sweep', '--n', '10', '--trees', '2^2', '--steps', '0', ...argv);
    assert.is(r.code, 2, `${argv.join(' ')}: exit ${r.code}`);
    assert.match(r.stderr, /spechub sweep: error: /);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').filter((l) => /error/.test(l)).length, 1, r.stderr);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
