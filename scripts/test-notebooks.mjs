#!/usr/bin/env node
// `npm run test:notebooks`: executes every notebook top to bottom with Deno's kernel (outputs not written
// back; scripts/run-notebooks.sh --check), one test per notebook; ends with the line `N passed, N failed`.
// On a machine without Debian's Jupyter, run-notebooks.sh installs it with apt-get (root or sudo needed);
// .ci/run calls this after `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const notebooks = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
process.stdout.write(`• notebooks (${notebooks.length}, Deno kernel, scripts/run-notebooks.sh --check)\n`);
const run = spawnSync('bash', [join(root, 'scripts/run-notebooks.sh'), '--check'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const passed = notebooks.filter((nb) => new RegExp(`notebooks/${nb.replace(/[.]/g, '[.]')}: \\d+ cells`).test(run.stdout)).length;
let failed = notebooks.length - passed;
if (run.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
