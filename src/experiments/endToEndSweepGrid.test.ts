// The end-to-end sweep as a grid (bench:e2e --workers N / --shard i/N): on tiny random checkpoints written to disk,
// the grid run in this thread, on two worker threads, and as two shards merged by mergePartialResults gives the
// same reports as the sequential endToEndSweep on the in-memory models (the reference), timing fields apart.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { saveCheckpoint } from '../lm/checkpoint.ts';
import type { EndToEndReport } from '../lm/engine/measureEndToEnd.ts';
import { randomModel, testBackend, TINY_DRAFT, TINY_TARGET } from '../lm/_testing/tinyModels.ts';
import { scratchFolder } from '../traces/_testing/traceFiles.ts';
import { endToEndSweep } from './endToEndSweep.ts';
import { END_TO_END_SWEEP_KIND, endToEndSweepGrid, type EndToEndSweepOutput } from './endToEndSweepGrid.ts';
import { mergePartialResults } from './mergePartialResults.ts';
import { runGrid, runGridShard } from './runGrid.ts';

const tf = await testBackend();
const scratch = scratchFolder('spechub-e2e-grid-');

/** The report without its wall-clock fields (tokens per second, speed-ups, seconds). */
function untimed(report: EndToEndReport): unknown {
  return {
    ...report,
    autoregressive: { tokens: report.autoregressive.tokens },
    methods: Object.fromEntries(Object.entries(report.methods).map(([id, m]) => [id, { ...m, tokensPerSecond: 0, speedupVsAutoregressive: 0 }])),
  };
}

test('grid in this thread, on 2 workers and as 2 merged shards = the sequential sweep (tokens per step, acceptance per depth, intervals)', async () => {
  const target = randomModel(tf, TINY_TARGET, 11);
  const draft = randomModel(tf, TINY_DRAFT, 12);
  const targetModel = join(scratch.dir, 'target');
  const draftModel = join(scratch.dir, 'draft');
  await saveCheckpoint(targetModel, target);
  await saveCheckpoint(draftModel, draft);
  const prompts = [[1, 2, 3], [4, 0], [5, 5, 1]];
  const trees = ['2^2', 'chain:2'];
  const temperatures = [1, 0.7];
  const options = { trees, temperatures, methods: ['rrs', 'spechub'], maxNewTokens: 6, seed: '17' };
  const reference = endToEndSweep({ target, draft }, prompts, options).map(untimed);
  target.dispose();
  draft.dispose();
  assert.is(reference.length, 4);
  const grid = () => endToEndSweepGrid({ ...options, prompts, targetModel, draftModel, backend: 'wasm', meta: { models: 'tiny' } });
  assert.equal(grid().cells.map((c) => `${c.temperature} ${c.tree}`), ['1 2^2', '1 chain:2', '0.7 2^2', '0.7 chain:2'], 'cells in (temperature, tree) order');

  // Everything equal, byte for byte, except the float32 overlap estimate, which may differ in its last bits
  // (seen once: 2e-8 relative, in the full suite, where this process's tfjs state is shared with other test files;
  // never alone). docs/scaling.md says so.
  const withoutOverlap = (runs: unknown[]) => runs.map((r) => ({ ...(r as object), singleDraftOverlap: 0 }));
  const sameAsReference = (runs: EndToEndReport[], label: string) => {
    assert.equal(withoutOverlap(runs.map(untimed)), withoutOverlap(reference), label);
    runs.forEach((r, i) => {
      const ref = (reference[i] as EndToEndReport).singleDraftOverlap;
      assert.ok(Math.abs(r.singleDraftOverlap - ref) <= 1e-6 * ref, `${label}: overlap ${r.singleDraftOverlap} vs ${ref}`);
    });
  };
  const inThread = await runGrid(grid(), { workers: 1 });
  assert.equal(inThread.meta, { models: 'tiny' });
  sameAsReference(inThread.runs, 'in this thread');
  const twoWorkers = await runGrid(grid(), { workers: 2 });
  sameAsReference(twoWorkers.runs, 'on 2 workers');

  const a = await runGridShard(grid(), { index: 1, count: 2 }, { workers: 1 });
  const b = await runGridShard(grid(), { index: 2, count: 2 }, { workers: 2 });
  assert.equal(a.indices, [0, 2]);
  const merged = mergePartialResults([
    { path: 'b.json', content: JSON.parse(JSON.stringify(b)) },
    { path: 'a.json', content: JSON.parse(JSON.stringify(a)) },
  ]);
  assert.is(merged.kind, 'e2e-sweep');
  const output = merged.output as EndToEndSweepOutput;
  sameAsReference(output.runs, 'merged shards');
  assert.is(merged.text, END_TO_END_SWEEP_KIND.text(output));
});

test('shards of different seeds refuse to merge', async () => {
  const base = { trees: ['chain:1'], temperatures: [1], methods: ['rrs'], maxNewTokens: 2, prompts: [[1]], targetModel: 'unused', draftModel: 'unused', meta: {} };
  const partOf = (seed: string, index: number) => ({
    format: 'spechub-partial-result', version: 1, spechub: '0', kind: 'e2e-sweep', grid: endToEndSweepGrid({ ...base, seed }).grid, cells: 1,
    shard: { index, count: 2 }, indices: index === 1 ? [0] : [], results: index === 1 ? [{}] : [],
  });
  assert.throws(() => mergePartialResults([{ path: 'a', content: partOf('1', 1) }, { path: 'b', content: partOf('2', 2) }]), /grid\.seed/);
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));

test.run();
