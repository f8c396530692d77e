/**
 * Vector files at n = 128,256 end to end (not a test; timings on a shared machine are provisional):
 * `spechub acceptance --target-file p.npy --draft-file q.npy --k 2` and `spechub optimum ... --via dual`
 * (targets: < 2 s each, < 1 GB memory), from float32 .npy files and from a float64 JSON array. Each run is a
 * fresh process (like a user's shell): wall time of the whole process, the time inside the command (after
 * loading the modules), the process's CPU time (user + system: less sensitive to a loaded machine than wall
 * time; on an idle machine wall ≈ CPU), and the peak resident memory (maxRSS). Median of 3 runs (by wall).
 *
 * Run: node --import tsx bench/vectorFiles.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { softmax } from '../src/core/softmax.ts';
import { createRng } from '../src/random/createRng.ts';
import { encodeNpy } from '../src/traces/parseNpy.ts';

const n = 128_256;
const here = resolve(fileURLToPath(import.meta.url), '..');
const dir = mkdtempSync(join(tmpdir(), 'spechub-vector-bench-'));
const rng = createRng('vector-bench');
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const logits = Array.from({ length: n }, (_, i) => -1.1 * Math.log(i + 1) + 0.5 * gauss());
const p = softmax(logits);
const q = softmax(logits.map((x) => x + 0.9 * gauss()));
writeFileSync(join(dir, 'p.npy'), encodeNpy(p, 'F32'));
writeFileSync(join(dir, 'q.npy'), encodeNpy(q, 'F32'));
writeFileSync(join(dir, 'p.json'), JSON.stringify(Array.from(p)));

function measure(args: string[]) {
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [join(here, '_internals/measuredCli.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const wall = (performance.now() - t0) / 1000;
    const last = child.stderr.trim().split('\n').pop()!;
    const m = JSON.parse(last) as { code: number; loadSeconds: number; commandSeconds: number; cpuSeconds: number; commandCpuSeconds: number; maxRssBytes: number };
    if (m.code !== 0) throw new Error(`spechub ${args.join(' ')} failed: ${child.stderr}`);
    runs.push({ wall, ...m });
  }
  runs.sort((a, b) => a.wall - b.wall);
  return runs[1]!;
}

console.log(`Vector files, n = ${n} (provisional timings: shared machine; median of 3 fresh processes)\n`);
console.log(`${'command'.padEnd(62)} ${'wall s'.padStart(7)} ${'load s'.padStart(7)} ${'command s'.padStart(10)} ${'CPU s'.padStart(6)} ${'cmd CPU s'.padStart(9)} ${'max RSS'.padStart(9)}`);
for (const [label, args] of [
  ['acceptance, .npy F32, k = 2', ['acceptance', '--target-file', join(dir, 'p.npy'), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--json']],
  ['optimum --via dual, iid, .npy F32, k = 2', ['optimum', '--target-file', join(dir, 'p.npy'), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--via', 'dual', '--json']],
  ['optimum --via dual, wor, JSON target + .npy draft, k = 2', ['optimum', '--target-file', join(dir, 'p.json'), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--draws', 'wor', '--via', 'dual', '--json']],
  ['acceptance, JSON target + .npy draft, k = 2', ['acceptance', '--target-file', join(dir, 'p.json'), '--draft-file', join(dir, 'q.npy'), '--k', '2', '--json']],
] as const) {
  const m = measure([...args]);
  console.log(`${label.padEnd(62)} ${m.wall.toFixed(2).padStart(7)} ${m.loadSeconds.toFixed(2).padStart(7)} ${m.commandSeconds.toFixed(2).padStart(10)} ${m.cpuSeconds.toFixed(2).padStart(6)} ${m.commandCpuSeconds.toFixed(2).padStart(9)} ${`${(m.maxRssBytes / 2 ** 20).toFixed(0)} MB`.padStart(9)}`);
}
rmSync(dir, { recursive: true, force: true });
