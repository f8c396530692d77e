#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (ESM JavaScript, .d.ts, source maps) with tsconfig.build.json.
// Compiles into a fresh temporary folder beside dist/ and swaps it in, so an interrupted build never leaves a
// half-written dist/. npm runs this itself on `npm ci`/`npm install` in a clone (prepare) and before `npm pack`
// (prepack, through prepare).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
let tsc;
try {
  tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  process.stderr.write('build: typescript is not installed (a development dependency); run npm ci in the spechub folder\n');
  process.exit(2);
}
const staging = mkdtempSync(join(root, '.dist-'));
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write('build: tsc failed\n');
  process.exit(1);
}
const dist = join(root, 'dist');
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
process.stderr.write('build: dist/ written\n');
