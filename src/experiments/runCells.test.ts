// The cell pool: results in cell order for any number of workers, shards, prepared data, progress, errors that
// keep their code across threads, interruption, and module state kept within a worker.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { cellTask, createCellPool, runCells } from './runCells.ts';

const fixture = (name: string) => cellTask(import.meta.url, './_testing/cellFixtures', name);
// Earlier cells wait longer, so with two workers they finish out of order.
const cells = Array.from({ length: 6 }, (_, i) => ({ x: i + 1, waitMs: 5 * (6 - i) }));
type Cell = (typeof cells)[number];
type Square = { x: number; y: number; thread: number; calls: number };

test('cellTask resolves the module beside the caller, with the caller\'s extension (.ts under tsx, .js under dist)', () => {
  assert.is(cellTask('file:///a/b/src/x/y.ts', './z', 'f').module, 'file:///a/b/src/x/z.ts');
  assert.is(cellTask('file:///a/b/dist/x/y.js', '../w/z', 'f').module, 'file:///a/b/dist/w/z.js');
});

test('two workers and this thread give the same results, in cell order, with onResult called in order', async () => {
  const order: number[] = [];
  let last = { done: -1, total: -1, label: '' };
  const threads = await runCells<Cell, Square>(fixture('slowSquare'), cells, {
    workers: 2,
    onResult: (i) => order.push(i),
    progress: (done, total, label) => {
      assert.ok(done >= 0 && done <= total, `${done}/${total}`);
      last = { done, total, label };
    },
  });
  assert.equal(order, [0, 1, 2, 3, 4, 5]);
  assert.equal(last, { done: 6, total: 6, label: 'done' });
  const here = await runCells<Cell, Square>(fixture('slowSquare'), cells, { workers: 1 });
  const strip = (r: Array<{ x: number; y: number }>) => r.map(({ x, y }) => ({ x, y }));
  assert.equal(strip(threads.results), cells.map((c) => ({ x: c.x, y: c.x * c.x })));
  assert.equal(strip(here.results), strip(threads.results));
  assert.equal(threads.indices, [0, 1, 2, 3, 4, 5]);
  const used = new Set(threads.results.map((r) => r.thread));
  assert.ok(used.size === 2 && !used.has(0), `cells ran on two worker threads, not the main thread (${[...used]})`);
  assert.ok(here.results.every((r) => r.thread === 0), 'workers: 1 runs in this thread');
  // Module state persists within a worker: some worker ran several cells and counted them.
  assert.ok(Math.max(...threads.results.map((r) => r.calls)) >= 2);
});

test('a shard runs only its cells (index mod N = i − 1), each with its prepared data', async () => {
  const r = await runCells<Cell, Square>(fixture('slowSquare'), cells, { workers: 2, shard: { index: 2, count: 4 }, prepared: (i) => ({ offset: 100 * i }) });
  assert.equal(r.indices, [1, 5]);
  assert.equal(r.results.map((x) => x.y), [2 * 2 + 100, 6 * 6 + 500]);
  const empty = await runCells(fixture('slowSquare'), cells.slice(0, 2), { workers: 2, shard: { index: 3, count: 3 } });
  assert.equal(empty, { indices: [], results: [] });
});

test('an error in a worker keeps its code and message; the run stops; a pool refuses bad sizes', async () => {
  for (const workers of [1, 2]) {
    try {
      await runCells(fixture('failOnNegative'), [1, 2, -3, 4, 5], { workers });
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, SpechubError, String(e));
      assert.is((e as SpechubError).code, 'TOO_LARGE');
      assert.is((e as Error).message, 'cell -3 is negative');
    }
  }
  try {
    await runCells(fixture('noSuchFunction'), [1, 2], { workers: 2 });
    assert.unreachable('should throw');
  } catch (e) {
    assert.match((e as Error).message, /has no function 'noSuchFunction'/);
  }
  for (const bad of [0, 1.5, 5000]) assert.throws(() => createCellPool(bad), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
});

test('an AbortSignal stops workers in the middle of a synchronous loop and rejects with INTERRUPTED', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const started = performance.now();
  try {
    await runCells(fixture('spinForever'), [1, 2, 3], { workers: 2, signal: controller.signal });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, SpechubError);
    assert.is((e as SpechubError).code, 'INTERRUPTED');
  }
  assert.ok(performance.now() - started < 30_000);
  assert.is(process.listenerCount('SIGINT'), 0, 'the pool removed its signal handlers');
});

test('one pool runs two phases; after destroy it refuses work', async () => {
  const pool = createCellPool(2);
  const a = await pool.run<number, number>(fixture('failOnNegative'), [1, 2, 3]);
  const b = await pool.run<number, number>(fixture('failOnNegative'), [4, 5]);
  assert.equal([a.results, b.results], [[1, 2, 3], [4, 5]]);
  await pool.destroy();
  await pool.run(fixture('failOnNegative'), [1, 2]).then(
    () => assert.unreachable('should throw'),
    (e: unknown) => assert.is((e as SpechubError).code, 'INTERRUPTED'),
  );
});

test.run();
