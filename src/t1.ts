import { cellTask, runCells } from '/work/wt/i15s/src/experiments/runCells.ts';
const task = cellTask('file:///work/wt/i15s/src/experiments/x.ts', './_testing/cellFixtures', 'slowSquare');
const cells = Array.from({ length: 6 }, (_, i) => ({ x: i, waitMs: 60 - 10 * i }));
let t = performance.now();
const order: number[] = [];
const r = await runCells(task, cells, { workers: 2, onResult: (i) => order.push(i), progress: (d, tot, l) => console.log('p', d.toFixed(2), tot, l) });
console.log(r, order, performance.now() - t);
t = performance.now();
console.log(await runCells(task, cells, { workers: 1, shard: { index: 2, count: 3 }, prepared: () => ({ offset: 100 }) }), performance.now() - t);
try { await runCells(cellTask('file:///work/wt/i15s/src/experiments/x.ts', './_testing/cellFixtures', 'failOnNegative'), [1, 2, -3, 4], { workers: 2 }); } catch (e) { console.log('err', (e as any).constructor.name, (e as any).code, (e as Error).message); }
