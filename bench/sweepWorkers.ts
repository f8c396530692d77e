/**
 * Worker-pool speed-up on a sweep (issue 15, docs/scaling.md): the same `spechub sweep` of 40 rows (2
 * temperatures × trees 2^2…2^5 × 5 methods, n = 1000, 10,000 Monte Carlo steps per row, exact values on: the
 * command's defaults otherwise) run through the real command line (bin/spechub.js over dist/) with `--workers 1`
 * and with `--workers W` (default 2), alternating which goes first, several repetitions. Prints each run's wall
 * time, the median of each side, the median of the per-repetition ratios (speed-up = time with 1 worker / time
 * with W), the load average before and after, and checks that every run printed the same JSON (byte-identical
 * rows; `--no-timing`). Wall time includes everything a user waits for: process start, the pool's threads and
 * their module loading, the per-setting preparation.
 *
 * The machine's own ceiling is measured in the same run: W independent `--workers 1` processes of the same
 * sweep started together (no pool, nothing shared). If the W cores were independent they would finish in the
 * time of one; ceiling = W · (time of one alone) / (time of W together). A virtual machine whose cores are
 * hyperthreads of one physical core, or that is throttled, shows a ceiling well below W, and no pool can beat it:
 * the pool's efficiency is speed-up / ceiling.
 *
 * Usage: npm run bench:workers [-- --repetitions 5] [-- --workers 2] [-- --steps 10000] [-- --n 1000] [-- --json]
 * (the npm script builds dist/ first). Target: ≥ 1.7× with 2 workers on an idle 2-core machine. The development
 * machine is shared by several agents: figures taken there are provisional (the load average is printed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    repetitions: { type: 'string', default: '5' },
    workers: { type: 'string', default: '2' },
    steps: { type: 'string', default: '10000' },
    n: { type: 'string', default: '1000' },
    json: { type: 'boolean' },
  },
});
const repetitions = Number(values.repetitions);
const workers = Number(values.workers);
if (!(Number.isInteger(repetitions) && repetitions >= 1 && Number.isInteger(workers) && workers >= 2)) throw new Error('--repetitions ≥ 1 and --workers ≥ 2 (integers)');
const bin = fileURLToPath(new URL('../bin/spechub.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) throw new Error('dist/ is missing: run npm run build (npm run bench:workers does)');

const TREES = ['2^2', '2^3', '2^4', '2^5'];
const METHODS = ['rrs', 'rrsw', 'spechub', 'greedy', 'kseq'];
const TEMPERATURES = [0.6, 1.0];
const args = ['sweep', '--family', 'zipf', '--n', values.n!, '--temperatures', TEMPERATURES.join(','), '--trees', TREES.join(','), '--methods', METHODS.join(','),
  '--steps', values.steps!, '--seed', 'bench-workers', '--no-timing', '--no-progress', '--json'];
const cells = TEMPERATURES.length * TREES.length * METHODS.length;

function timed(w: number): { seconds: number; text: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args, '--workers', String(w)], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`spechub sweep --workers ${w} failed (exit ${r.status}): ${r.stderr}`);
  return { seconds, text: r.stdout };
}

/** W independent `--workers 1` runs started together; the wall time until the last one ends. */
async function together(w: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: w }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`independent run failed (exit ${code}): ${stderr}`))));
    })),
  );
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const loadBefore = loadavg();
const one: number[] = [];
const many: number[] = [];
const ratios: number[] = [];
const ceilings: number[] = [];
let reference: string | null = null;
const say = (text: string) => {
  if (!values.json) process.stdout.write(text);
};
say(`spechub sweep, ${cells} rows (n = ${values.n}, ${values.steps} Monte Carlo steps per row, exact values on), --workers 1 vs --workers ${workers}; ${cpus().length} cores; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}\n`);
for (let r = 0; r < repetitions; r++) {
  // Alternate which side runs first, so that a change of load hits both alike.
  const order = r % 2 === 0 ? [1, workers] : [workers, 1];
  const times = new Map<number, number>();
  for (const w of order) {
    const { seconds, text } = timed(w);
    reference ??= text;
    if (text !== reference) throw new Error(`--workers ${w} printed different JSON from the first run: the determinism guarantee is broken`);
    times.set(w, seconds);
  }
  one.push(times.get(1)!);
  many.push(times.get(workers)!);
  ratios.push(times.get(1)! / times.get(workers)!);
  const independent = await together(workers);
  ceilings.push((workers * times.get(1)!) / independent);
  say(
    `  repetition ${r + 1}: 1 worker ${times.get(1)!.toFixed(2)} s, ${workers} workers ${times.get(workers)!.toFixed(2)} s, speed-up ${ratios[r]!.toFixed(2)}×; ` +
      `${workers} independent 1-worker runs together ${independent.toFixed(2)} s, machine ceiling ${ceilings[r]!.toFixed(2)}×  (load ${loadavg()[0]!.toFixed(2)})\n`,
  );
}
const loadAfter = loadavg();
const rows = (JSON.parse(reference!) as { rows: unknown[] }).rows.length;
const summary = {
  rows,
  workers,
  repetitions,
  secondsOneWorker: median(one),
  secondsWorkers: median(many),
  speedup: median(ratios),
  machineCeiling: median(ceilings),
  poolEfficiency: median(ratios) / median(ceilings),
  identicalOutput: true,
  cores: cpus().length,
  loadAverageBefore: loadBefore[0]!,
  loadAverageAfter: loadAfter[0]!,
};
if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
else {
  say(
    `median: 1 worker ${summary.secondsOneWorker.toFixed(2)} s, ${workers} workers ${summary.secondsWorkers.toFixed(2)} s; median speed-up ${summary.speedup.toFixed(2)}× ` +
      `(machine ceiling ${summary.machineCeiling.toFixed(2)}×, pool efficiency ${(100 * summary.poolEfficiency).toFixed(0)} %) ` +
      `(target ≥ 1.7× with 2 workers on an idle machine); output identical; load average after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}\n`,
  );
}
