/**
 * A static file server for the built playground (Node `http`, no framework): GET and HEAD only, files under the
 * served folder only (paths are decoded, resolved and checked against the folder's real path, so `..`, encoded
 * dots, absolute paths and symbolic links cannot leave it), `/` is index.html, no caching, no directory listings.
 * Binds to 127.0.0.1 by default. A port already in use is a `SpechubError` with a clear message. The server can listen before the folder is
 * built (requests are 404 until it exists), so a busy port is reported before any build work.
 * Node-only; not part of the core entry point.
 *
 * @example
 * ```ts
 * const server = await serveSite({ root: 'site/dist', port: 0 });
 * console.log(server.url); // http://127.0.0.1:40123/
 * await server.close();
 * ```
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { SpechubError } from '../../core/errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface SiteServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The folder to serve (it may be built after the server starts listening; until then every request is 404). */
  root: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${status} ${text}\n`);
}

/** The file a request path maps to, or null when it is outside the root or not a regular file. */
export function resolveRequestPath(root: string, rawUrl: string): string | null {
  let pathname: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return null; // nothing built yet
  }
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const candidate = resolve(realRoot, '.' + pathname);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + sep)) return null;
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  if (!real.startsWith(realRoot + sep)) return null;
  try {
    if (!statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

function handle(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  const file = resolveRequestPath(root, req.url ?? '/');
  if (file === null) {
    send(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

export async function serveSite(options: ServeOptions): Promise<SiteServer> {
  const host = options.host ?? '127.0.0.1';
  const root = resolve(options.root);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new SpechubError('INVALID_ARGUMENT', `--port must be an integer in [0, 65535], got ${options.port}`);
  }
  const server = createServer((req, res) => handle(root, req, res));
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') fail(new SpechubError('INVALID_ARGUMENT', `port ${options.port} is already in use on ${host}; pick another with --port`));
      else if (e.code === 'EACCES') fail(new SpechubError('INVALID_ARGUMENT', `no permission to listen on port ${options.port}; pick a port above 1023 with --port`));
      else fail(new SpechubError('INVALID_ARGUMENT', `cannot listen on ${host}:${options.port}: ${e.message}`));
    });
    server.listen(options.port, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
