#!/usr/bin/env node
// `npm run test:consumer`: spechub as a user gets it. Packs the project (`npm pack`, which builds dist/),
// installs the tarball into a fresh temporary project, and there checks, one test each:
//  1. a plain .mjs imports `spechub` and prints SpecHub's exact acceptance of vector E1 (5/6);
//  2. `spechub/optimum` computes an optimum through every route (GLPK LPs, max-flow, dual);
//  3. a TypeScript file with a stock `"module": "NodeNext"` tsconfig type-checks against the published types;
//  4. `npx spechub --help` and `npx spechub acceptance …` run;
//  5. the README's library example, extracted from README.md, runs unchanged and prints what its comments say;
//  6. `require('spechub')` works (Node ≥ 20.19 loads ESM from CommonJS);
//  7. importing `spechub` alone loads neither tfjs, glpk.js, vega nor resvg (module resolution is traced);
//  8. the core entry bundles for the browser with esbuild (no Node built-ins, none of the heavy packages);
//  9. every per-area entry point (`spechub/tree`, `/synthetic`, `/lm`, `/plots`) imports;
// 10. `npx spechub e2e` finds the shipped models and tokenizer inside the installed package;
// 11. the tarball holds no tests, benches or notebooks and stays under 15 MB;
// 12. `npx spechub playground` serves the prebuilt page from the installed package.
// 13. `npx spechub conform` certifies the shipped Python example verifier and rejects the duplicate-skipping one.
// 14. the README's trace path: `npx spechub record` (shipped models) and the shipped Python writer each write a
//     trace; `npx spechub replay --json --out` replays both (the JSON contract's keys); `npx spechub plot replay`
//     draws the figure.
// Ends with the line `N passed, N failed`; fails loudly on any error. .ci/run calls it after `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const work = mkdtempSync(join(tmpdir(), 'spechub-consumer-'));
let passed = 0;
let failed = 0;

function check(name, fn) {
  try {
    fn();
    passed++;
    process.stdout.write(`  ✓ ${name}\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`  ✘ ${name}\n${String(e?.stack ?? e).split('\n').map((l) => `      ${l}`).join('\n')}\n`);
  }
}
async function checkAsync(name, fn) {
  try {
    await fn();
    passed++;
    process.stdout.write(`  ✓ ${name}\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`  ✘ ${name}\n${String(e?.stack ?? e).split('\n').map((l) => `      ${l}`).join('\n')}\n`);
  }
}
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

try {
  process.stdout.write(`• consumer project in ${work}\n`);
  // Pack (npm runs the build through prepare) and install the tarball into a fresh project.
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).replace(/^[^[]*/, ''))[0];
  const tarball = join(work, packed.filename);
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app });
  const node = (file, extra = []) => run(process.execPath, [...extra, file], { cwd: app });

  check('1. a plain .mjs imports spechub: SpecHub on E1 is exactly 5/6', () => {
    writeFileSync(join(app, 'e1.mjs'), `import { rationalField, parseVector, getMethod } from 'spechub';
const p = parseVector('1/6,1/3,1/2', rationalField);
const q = parseVector('1/2,1/3,1/6', rationalField);
console.log(getMethod('spechub').verifier.acceptance(rationalField, p, q, 2).value.toString());
`);
    equal(node('e1.mjs').trim(), '5/6', 'E1 acceptance');
  });

  check('2. spechub/optimum: all four routes agree on E4 (w/o replacement, k = 2: 701/840)', () => {
    writeFileSync(join(app, 'optimum.mjs'), `import { optimalAcceptance } from 'spechub/optimum';
import { rationalField, parseVector } from 'spechub';
const p = parseVector('1/10,1/5,3/10,2/5', rationalField);
const q = parseVector('2/5,3/10,1/5,1/10', rationalField);
const r = await optimalAcceptance(p, q, 2, 'wor', { via: 'all' });
console.log(r.exact, Object.values(r.via).every((v) => Math.abs(v - 701 / 840) < 1e-9));
`);
    equal(node('optimum.mjs').trim(), '701/840 true', 'optimum');
  });

  check('3. TypeScript (stock NodeNext tsconfig) type-checks against the published types', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true },
      include: ['typed.ts'],
    }, null, 2));
    writeFileSync(join(app, 'typed.ts'), `import { type Field, type Verifier, rationalField, floatField, getMethod, acceptanceRate, Rational } from 'spechub';
import { subsetDual, type SubsetDualResult } from 'spechub/optimum';
import { parseTreeSpec, type TokenTree } from 'spechub/tree';
const F: Field<Rational> = rationalField;
const v: Verifier = getMethod('rrs').verifier;
const a: number = acceptanceRate('rrs', [0.5, 0.5], [0.25, 0.75], 2);
const d: SubsetDualResult<number> = subsetDual(floatField, 'iid', [0.5, 0.5], [0.25, 0.75], 2);
const t: TokenTree = parseTreeSpec('2^3');
// @ts-expect-error: acceptanceRate takes a method id string, not a number
acceptanceRate(3, [0.5, 0.5], [0.25, 0.75], 2);
export { F, v, a, d, t };
`);
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app });
  });

  check('4. npx spechub --help and npx spechub acceptance run', () => {
    const help = run('npx', ['--no-install', 'spechub', '--help'], { cwd: app });
    if (!/acceptance/.test(help)) throw new Error(`--help lists no commands:\n${help}`);
    const out = JSON.parse(run('npx', ['--no-install', 'spechub', 'acceptance', '--target', '1/6,1/3,1/2', '--draft', '1/2,1/3,1/6', '--k', '2', '--json'], { cwd: app }));
    equal(out.methods.spechub.exact, '5/6', 'acceptance --json spechub');
  });

  check('5. the README library example runs unchanged', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(readme)?.[1];
    if (block === undefined) throw new Error('README.md has no ```ts block');
    writeFileSync(join(app, 'readme.mjs'), block);
    const expected = [...block.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1].trim());
    const printed = node('readme.mjs').trimEnd().split('\n').map((l) => l.trim());
    equal(JSON.stringify(printed), JSON.stringify(expected), 'README example output');
  });

  check('6. require(\'spechub\') works from CommonJS', () => {
    writeFileSync(join(app, 'cjs.cjs'), `const { acceptanceRate } = require('spechub');
console.log(acceptanceRate('spechub', [1 / 6, 1 / 3, 1 / 2], [1 / 2, 1 / 3, 1 / 6], 2).toFixed(6));
`);
    equal(node('cjs.cjs').trim(), '0.833333', 'require');
  });

  check('7. importing spechub alone loads neither tfjs, glpk.js, vega nor resvg', () => {
    writeFileSync(join(app, 'trace-hooks.mjs'), `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  writeSync(2, 'RESOLVED ' + r.url + '\\n');
  return r;
}
`);
    writeFileSync(join(app, 'trace.mjs'), `import { register } from 'node:module';
register('./trace-hooks.mjs', import.meta.url);
`);
    writeFileSync(join(app, 'core-only.mjs'), `import { acceptanceRate } from 'spechub';
console.log(acceptanceRate('rrs', [0.5, 0.5], [0.25, 0.75], 2));
`);
    const r = spawnSync(process.execPath, ['--import', './trace.mjs', 'core-only.mjs'], { cwd: app, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const urls = r.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice(9));
    if (!urls.some((u) => u.includes('/node_modules/spechub/dist/'))) throw new Error('the trace saw no spechub module');
    const heavy = urls.filter((u) => /@tensorflow|glpk|\/vega|resvg/.test(u));
    if (heavy.length > 0) throw new Error(`heavy modules loaded: ${heavy.join(', ')}`);
  });

  check('8. the core entry bundles for the browser (esbuild, no Node built-ins, no heavy packages)', () => {
    writeFileSync(join(app, 'browser.mjs'), `import { acceptanceRate } from 'spechub';
document.body.textContent = String(acceptanceRate('spechub', [1 / 6, 1 / 3, 1 / 2], [1 / 2, 1 / 3, 1 / 6], 2));
`);
    const esbuild = join(root, 'node_modules/.bin/esbuild');
    run(esbuild, ['browser.mjs', '--bundle', '--platform=browser', '--format=esm', '--metafile=meta.json', '--outfile=bundle.js', '--log-level=error'], { cwd: app });
    const inputs = Object.keys(JSON.parse(readFileSync(join(app, 'meta.json'), 'utf8')).inputs);
    const bad = inputs.filter((i) => /^node:|@tensorflow|glpk|vega|resvg/.test(i));
    if (bad.length > 0) throw new Error(`bundle pulls in ${bad.join(', ')}`);
  });

  check('9. every per-area entry point imports', () => {
    writeFileSync(join(app, 'areas.mjs'), `const names = [];
for (const entry of ['spechub/optimum', 'spechub/tree', 'spechub/synthetic', 'spechub/lm', 'spechub/plots', 'spechub/traces']) {
  const m = await import(entry);
  names.push(entry + ':' + (Object.keys(m).length > 0));
}
const { parseTreeSpec } = await import('spechub/tree');
console.log(names.join(' '), parseTreeSpec('2^3').draftTokens);
`);
    equal(node('areas.mjs').trim(), 'spechub/optimum:true spechub/tree:true spechub/synthetic:true spechub/lm:true spechub/plots:true spechub/traces:true 6', 'entry points');
  });

  check('10. npx spechub e2e runs on the shipped models from the installed package', () => {
    const out = JSON.parse(run('npx', ['--no-install', 'spechub', 'e2e', '--tree', '2^2', '--method', 'spechub', '--prompts', '1', '--max-new-tokens', '4', '--seed', '1', '--json', '--no-progress'], { cwd: app }));
    if (!(out.methods.spechub.tokensPerStep >= 1)) throw new Error(JSON.stringify(out));
  });

  await checkAsync('12. npx spechub playground serves the prebuilt page from the installed package', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    // Its own process group (detached), so that the whole tree (npx → shell → supervisor → command) is stopped at
    // the end: npx does not forward SIGTERM, and a server left running would keep this suite's output open.
    const child = spawn('npx', ['--no-install', 'spechub', 'playground', '--port', String(port)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      let html = '';
      for (let attempt = 0; attempt < 100 && html === ''; attempt++) {
        await new Promise((r) => setTimeout(r, 200));
        try {
          const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
          if (response.ok) html = await response.text();
        } catch {}
      }
      if (!/<html/i.test(html)) throw new Error(`no page served on port ${port}; the command printed:\n${output}`);
      if (/building site/.test(output)) throw new Error('the installed package rebuilt the page instead of serving the prebuilt one');
    } finally {
      await stopProcessGroup(child);
    }
  });

  check('13. npx spechub conform certifies the shipped Python example and rejects the duplicate-skipping one', () => {
    // The examples and the Python client ship in the package (examples/verifiers, clients/python).
    const example = (name) => `python3 ${join(app, 'node_modules/spechub/examples/verifiers', name)}`;
    const conform = (name, mode) => {
      const r = spawnSync('npx', ['--no-install', 'spechub', 'conform', '--exec', example(name), '--draws', 'iid', '--k', '2', '--method', 'rrs', '--mode', mode, '--suite', 'quick', '--seed', '1', '--json'], { cwd: app, encoding: 'utf8' });
      return { status: r.status, report: r.stdout.trim() === '' ? null : JSON.parse(r.stdout), stderr: r.stderr };
    };
    const good = conform('rrs.py', 'both');
    if (good.status !== 0 || good.report?.rejected !== false) throw new Error(`rrs.py: exit ${good.status}: ${good.stderr}`);
    const bad = conform('rrs_skip_duplicates.py', 'exact');
    if (bad.status !== 1 || bad.report?.rejected !== true) throw new Error(`rrs_skip_duplicates.py: exit ${bad.status}: ${bad.stderr}`);
  });

  check('14. the trace path from the installed package: record (and the Python writer) → replay → plot', () => {
    const npx = (args) => run('npx', ['--no-install', 'spechub', ...args], { cwd: app });
    npx(['record', '--out', 'recorded.safetensors', '--prompts', '2', '--tokens', '6', '--seed', '3']);
    const writer = join(app, 'node_modules/spechub/clients/python');
    run('python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(writer)}); import spechub_trace as t; t.write_trace("python.safetensors", target=[[0.5, 0.25, 0.25], [0.1, 0.6, 0.3]], draft=[[0.25, 0.25, 0.5], [0.3, 0.3, 0.4]])`], { cwd: app });
    for (const name of ['recorded', 'python']) {
      npx(['replay', '--trace', `${name}.safetensors`, '--k', '2', '--json', '--out', `${name}.json`, '--no-progress']);
      const report = JSON.parse(readFileSync(join(app, `${name}.json`), 'utf8'));
      const keys = ['positions', 'vocab', 'k', 'methods', 'differences', 'optimum', 'hubMass'];
      for (const key of keys) if (!(key in report)) throw new Error(`${name}: the report has no '${key}'`);
      const spechub = report.methods.spechub;
      if (!(spechub.mean > 0 && spechub.mean <= 1 && spechub.ci95.length === 2 && 'spechub-rrs' in report.differences && 'iid' in report.optimum)) throw new Error(`${name}: ${JSON.stringify(report).slice(0, 400)}`);
      if (name === 'python') equal(report.positions, 2, 'python trace positions');
    }
    npx(['plot', 'replay', '--data', 'recorded.json', '--out', 'figures', '--format', 'svg']);
    if (!/<svg/.test(readFileSync(join(app, 'figures/replay.svg'), 'utf8'))) throw new Error('no replay figure');
  });

  check('11. the tarball: no tests, benches or notebooks; under 15 MB', () => {
    const files = packed.files.map((f) => f.path);
    const stray = files.filter((f) => /\.test\.(ts|js)$|^bench\/|^notebooks\/|^property-tests\/|^proofs\/|^src\//.test(f));
    if (stray.length > 0) throw new Error(`packed: ${stray.slice(0, 10).join(', ')}`);
    if (packed.size > 15 * 1024 * 1024) throw new Error(`tarball ${packed.size} bytes`);
    process.stdout.write(`    tarball ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files\n`);
  });
} catch (e) {
  failed++;
  process.stdout.write(`  ✘ set-up failed: ${e?.stack ?? e}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
// Exit explicitly: nothing this suite started may keep it alive.
process.exit(failed === 0 ? 0 : 1);

/** SIGTERM to a detached child's process group; SIGKILL after 5 s if any of it is still running. */
async function stopProcessGroup(child) {
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
}
