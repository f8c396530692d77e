#!/usr/bin/env node
// `npm test`: type-check (the library, and the browser playground in site/), then every *.test.ts under src/,
// property-tests/, proofs/, bench/, scripts/ and site/ with uvu (through tsx); ends with the line
// `N passed, N failed`. Needs no root and installs nothing: the notebooks, the consumer project and the browser
// run in their own suites (`npm run test:notebooks`, `test:consumer`, `test:browser`), which .ci/run calls after this.
// Usage: npm test [-- <substring filter on test file paths>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const filter = process.argv[2] ?? '';
const roots = ['src', 'property-tests', 'proofs', 'bench', 'scripts', 'site'];

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

let passed = 0;
let failed = 0;

// 1. Type-check (one test).
if (filter === '') {
  process.stdout.write('• type-check (tsc --noEmit)\n');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
  if (tsc.status === 0) passed++;
  else {
    failed++;
    process.stdout.write('  type-check FAILED\n');
  }
  // The playground's page code: DOM types, no Node types (site/tsconfig.json).
  process.stdout.write('• type-check site/ (tsc --noEmit -p site)\n');
  const site = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(root, 'site')], { stdio: 'inherit', cwd: root });
  if (site.status === 0) passed++;
  else {
    failed++;
    process.stdout.write('  site type-check FAILED\n');
  }
}

// 1b. The build (one test): dist/ from the current sources, so the tests that run bin/spechub.js (plain node on
//     dist/, as users run it) exercise this checkout's code. Also when a filter is given.
process.stdout.write('• build (npm run build: src/ → dist/)\n');
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status === 0) passed++;
else {
  failed++;
  process.stdout.write('  build FAILED\n');
}

// 2. uvu suites, in one process.
const files = roots
  .flatMap((r) => { try { return walk(join(root, r), []); } catch { return []; } })
  .filter((f) => relative(root, f).includes(filter))
  .sort();
if (files.length > 0) {
  const entry = join(root, 'scripts/uvu-entry.mjs');
  // The tests get a temporary folder of their own (TMPDIR), which must be empty again when they end: a test that
  // leaves files behind fails the run (one failure listing them).
  const scratch = mkdtempSync(join(tmpdir(), 'spechub-tests-'));
  const child = spawnSync(process.execPath, ['--import', 'tsx', entry, ...files], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TMPDIR: scratch },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  process.stdout.write(child.stdout);
  process.stderr.write(child.stderr);
  const total = Number(/Total:\s+(\d+)/.exec(child.stdout)?.[1] ?? NaN);
  const ok = Number(/Passed:\s+(\d+)/.exec(child.stdout)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(child.stdout)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    failed++;
    process.stdout.write(`  the test process ended without a summary (exit ${child.status}, signal ${child.signal})\n`);
  } else {
    passed += ok;
    // uvu's Total counts the tests that ran (passed + failed); skipped tests are reported apart.
    failed += Math.max(0, total - ok);
    if (child.status !== 0 && total - ok <= 0) {
      failed++;
      process.stdout.write(`  FAILED: every test passed but the test process ended with exit ${child.status}, signal ${child.signal}\n`);
    }
    if (skipped > 0) process.stdout.write(`  (${skipped} test(s) skipped by test.skip)\n`);
  }
  // tsx's compile cache (tsx-<uid>) is the test runner's own, not a test's.
  const left = readdirSync(scratch).filter((name) => !/^tsx-\d+$/.test(name));
  if (left.length === 0) passed++;
  else {
    failed++;
    process.stdout.write(`  FAILED: the tests left ${left.length} file(s) in their temporary folder: ${left.slice(0, 10).join(', ')}\n`);
  }
  rmSync(scratch, { recursive: true, force: true });
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
