#!/usr/bin/env node
// spechub command-line entry point: runs the compiled JavaScript in dist/ with plain node (no TypeScript loader).
// dist/ is built by `npm run build`, which npm runs itself on `npm ci`/`npm install` in a clone (prepare) and
// before packing (prepack).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('spechub: dist/ is missing; run `npm run build` in the spechub folder first\n');
  process.exit(2);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
