#!/usr/bin/env node
// spechub command-line entry point: runs the compiled JavaScript in dist/ with plain node (no TypeScript loader).
// dist/ is built by `npm run build`, which npm runs itself on `npm ci`/`npm install` in a clone (prepare) and
// before packing (prepack).
//
// The command runs in a child process under this small supervisor, so that Ctrl-C stops it at once, even in
// the middle of a long synchronous computation (a Monte Carlo loop, a wasm training step), and stops it
// cleanly: the supervisor removes the temporary files the child was writing (announced on a journal pipe by
// writeFileAtomic; finished outputs are renamed into place whole, so none is ever partial), prints one line
// and exits with 130 (SIGINT) or 143 (SIGTERM). SPECHUB_NO_SUPERVISOR=1 runs the command in this process.
import { spawn } from 'node:child_process';
import { existsSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

async function runHere() {
  const main = new URL('../dist/cli/main.js', import.meta.url);
  if (!existsSync(main)) {
    process.stderr.write('spechub: dist/ is missing; run `npm run build` in the spechub folder first\n');
    process.exitCode = 2;
    return;
  }
  const { runCli } = await import(main.href);
  process.exitCode = await runCli(process.argv.slice(2));
}

function supervise() {
  const args = process.argv.slice(2);
  const command = args[0] ?? 'spechub';
  const started = Date.now();
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, SPECHUB_CLI_CHILD: '1', SPECHUB_TEMP_JOURNAL_FD: '3' },
  });
  const pending = new Set();
  let buffered = '';
  child.stdio[3].setEncoding('utf8');
  child.stdio[3].on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      if (line.startsWith('+')) pending.add(line.slice(1));
      else if (line.startsWith('-')) pending.delete(line.slice(1));
    }
  });
  let received = null;
  const forward = (signal) => () => {
    // From a terminal the child got the signal too (same process group); from `kill` it did not.
    received ??= signal;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGHUP'));
  child.on('error', (e) => {
    process.stderr.write(`spechub: cannot start the command process: ${e.message}\n`);
    process.exitCode = 2;
  });
  child.on('close', (code, signal) => {
    let removed = 0;
    for (const path of pending) {
      try {
        unlinkSync(path);
        removed++;
      } catch {
        /* already gone */
      }
    }
    const stop = signal ?? received;
    if (stop === null || (code !== null && received === null)) {
      process.exitCode = code ?? 1;
      return;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const how = stop === 'SIGINT' ? 'interrupted (Ctrl-C)' : stop === 'SIGKILL' ? 'killed (SIGKILL: out of memory, or kill -9)' : `stopped by ${stop}`;
    const files = removed > 0 ? `removed ${removed} unfinished temporary file${removed === 1 ? '' : 's'}; ` : '';
    const newline = process.stderr.isTTY ? '\n' : '';
    process.stderr.write(`${newline}spechub ${command}: ${how} after ${seconds} s; ${files}files already written are complete, none is partial\n`);
    const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    process.exitCode = 128 + (numbers[stop] ?? 1);
  });
}

if (process.env.SPECHUB_CLI_CHILD === '1' || process.env.SPECHUB_NO_SUPERVISOR === '1') await runHere();
else supervise();
