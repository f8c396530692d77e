/** Cell functions for the cell-pool tests (loaded by worker threads by URL). */
import { threadId } from 'node:worker_threads';
import { SpechubError } from '../../core/errors.ts';
import type { CellContext } from '../runCells.ts';

let calls = 0;

/** Squares the cell after a busy wait that is longer for earlier cells (so cells finish out of order). */
export function slowSquare(cell: { x: number; waitMs: number }, context: CellContext<{ offset: number } | undefined>): { x: number; y: number; thread: number; calls: number } {
  const until = performance.now() + cell.waitMs;
  let spins = 0;
  while (performance.now() < until) {
    spins++;
    if (spins % 1000 === 0) context.progress(1 - (until - performance.now()) / Math.max(1, cell.waitMs));
  }
  calls++;
  return { x: cell.x, y: cell.x * cell.x + (context.prepared?.offset ?? 0), thread: threadId, calls };
}

/** Throws a SpechubError for negative cells. */
export function failOnNegative(cell: number): number {
  if (cell < 0) throw new SpechubError('TOO_LARGE', `cell ${cell} is negative`);
  return cell;
}

/** Never returns (for interruption tests). */
export function spinForever(): number {
  for (;;) {
    /* busy */
  }
}
