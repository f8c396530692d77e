/**
 * The worker-thread entry of the cell pool ({@link ../runCells.ts}): piscina loads this file in every worker
 * and calls its default export once per cell. The message names the module that holds the cell function (a
 * file URL, resolved by the caller relative to its own `import.meta.url`: `.ts` under tsx, `.js` under dist/)
 * and the export to call. Modules are imported once per worker and kept, so module-level caches survive from
 * one cell to the next.
 *
 * Errors do not cross threads with their class, so they travel as data (`name`, `code`, `message`, `stack`) and
 * the main thread rebuilds a `SpechubError` with the same code.
 *
 * Under tsx (tests, `node --import tsx`), Node 20 does not apply the ESM loader hooks of `--import tsx` inside
 * worker threads, so `.ts` modules are imported through tsx's own `tsImport`; under dist/ tsx is never loaded.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';

/** What the main thread posts for one cell. */
export interface CellMessage {
  module: string;
  name: string;
  cell: unknown;
  prepared: unknown;
  /** Receives progress fractions in [0, 1] (closed when the cell ends). */
  port: MessagePort | null;
}

/** What comes back: the cell's value or its error as data. */
export type CellReply = { ok: true; value: unknown } | { ok: false; error: { name: string; code: string | null; message: string; stack: string | null } };

const modules = new Map<string, Promise<Record<string, unknown>>>();

function load(url: string): Promise<Record<string, unknown>> {
  let m = modules.get(url);
  if (m === undefined) {
    m = /\.ts$/.test(new URL(url).pathname)
      ? Promise.resolve().then(() => createRequire(import.meta.url)(fileURLToPath(url)) as Record<string, unknown>)
      : (import(url) as Promise<Record<string, unknown>>);
    modules.set(url, m);
  }
  return m;
}

export default async function runCellInWorker(message: CellMessage): Promise<CellReply> {
  const port = message.port;
  try {
    const module = await load(message.module);
    const fn = module[message.name];
    if (typeof fn !== 'function') throw new Error(`cell module ${message.module} has no function '${message.name}'`);
    let last = -1;
    const progress = (fraction: number) => {
      if (port === null || !(fraction - last >= 0.01 || (fraction >= 1 && last < 1))) return;
      last = fraction;
      port.postMessage(fraction);
    };
    const value = await (fn as (cell: unknown, context: unknown) => unknown)(message.cell, { prepared: message.prepared, progress });
    return { ok: true, value };
  } catch (e) {
    const error = e as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
    return {
      ok: false,
      error: {
        name: typeof error?.name === 'string' ? error.name : 'Error',
        code: typeof error?.code === 'string' ? error.code : null,
        message: typeof error?.message === 'string' ? error.message : String(e),
        stack: typeof error?.stack === 'string' ? error.stack : null,
      },
    };
  } finally {
    port?.close();
  }
}
