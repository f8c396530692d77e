/**
 * `spechub playground [--port 8080]`: builds the browser playground when site/dist is missing or older than its
 * sources, serves it on localhost and prints the URL; Ctrl+C stops it. See docs/playground.md.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['playground', '--help'], io); // 0
 * out.join('').startsWith('spechub playground'); // true: the usage and options
 * ```
 */
import { join } from 'node:path';
import { buildSite, PACKAGE_ROOT, siteIsStale } from '../playground/buildSite.ts';
import { serveSite } from '../playground/serveSite.ts';
import { type Command, integerOption } from '../command.ts';

export const playgroundCommand: Command = {
  name: 'playground',
  summary: 'serve the interactive browser playground on localhost',
  usage: `spechub playground [--port 8080] [--build]

  --port    port on 127.0.0.1 (default 8080; 0 picks a free one)
  --build   rebuild site/dist even when it is up to date

Builds site/ into site/dist/ with esbuild when the build is missing or stale, then serves it
(GET/HEAD, files under site/dist only) until Ctrl+C. A port in use is an error (exit 2).`,
  options: { port: { type: 'string' }, build: { type: 'boolean' } },
  async run(values, io) {
    const port = integerOption(values, 'port', 8080, 0, 65535);
    // Listen first, so that a busy port fails at once (exit 2), before any build work.
    const server = await serveSite({ root: join(PACKAGE_ROOT, 'site', 'dist'), port });
    try {
      if (values.build || siteIsStale()) {
        io.stderr('spechub playground: building site/dist …\n');
        const built = await buildSite();
        io.stderr(`spechub playground: built ${built.files.length} files (${(built.bytes / 1024).toFixed(0)} KiB from ${built.inputs} sources) in ${built.seconds.toFixed(1)} s\n`);
      }
    } catch (e) {
      await server.close();
      throw e;
    }
    io.stdout(`spechub playground: ${server.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
