// Ctrl-C with worker threads: the real command line (bin/spechub.js over dist/, built by npm test) stops a
// sweep running on two workers at once, with the supervisor's message and exit code, and leaves no process
// behind; a library caller's pool is destroyed by SIGINT and the process ends as it would without the pool.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

function spawnProcess(command: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, command, { detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderrNow: () => stderr, stdoutNow: () => stdout };
}

async function waitFor(what: () => boolean, seconds = 120) {
  for (let i = 0; i < seconds * 10 && !what(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(what(), 'timed out waiting');
}

/** True while some process of the group still exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const LONG_SWEEP = ['bin/spechub.js', 'sweep', '--family', 'zipf', '--n', '30', '--temperatures', '1', '--noise', '1', '--trees', '2^3,2^4', '--methods', 'rrs',
  '--steps', '90000000', '--workers', '2', '--no-timing', '--json'];

for (const [how, signal, code] of [['SIGINT to the process group (a terminal\'s Ctrl-C)', 'SIGINT', 130], ['SIGTERM to the supervisor only', 'SIGTERM', 143]] as const) {
  test(`a sweep on two worker threads: ${how} stops it at once, exit ${code}, no process left`, async () => {
    const { child, done, stderrNow } = spawnProcess(LONG_SWEEP);
    // The grid has 3 cells (the exact values of rrs, then trees 2^3 and 2^4): both workers are busy with long
    // Monte Carlo cells once a progress line names a tree cell. The group is killed if that never comes.
    try {
      await waitFor(() => /\d+\/3 zipf T=1 σ=[\d.]+ 2\^/.test(stderrNow()));
    } catch (e) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`${(e as Error).message}; stderr: ${stderrNow().slice(-300)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    const sent = performance.now();
    if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
    else child.kill('SIGTERM');
    const r = await done;
    assert.ok(performance.now() - sent < 10_000, `stopped at once (${performance.now() - sent} ms)`);
    assert.is(r.code, code, r.stderr);
    assert.match(r.stderr, signal === 'SIGINT' ? /spechub sweep: interrupted \(Ctrl-C\)/ : /spechub sweep: stopped by SIGTERM/);
    await waitFor(() => !groupAlive(child.pid!), 10);
  });
}

test('a library caller: SIGINT destroys the pool; with no handler of its own the process ends by the signal, with one it goes on', async () => {
  const script = (ownHandler: boolean) => `
    import { cellTask, runCells } from './src/experiments/runCells.ts';
    ${ownHandler ? "process.on('SIGINT', () => console.log('own handler'));" : ''}
    const task = cellTask(new URL('./src/experiments/x.ts', 'file://' + process.cwd() + '/').href, './_testing/cellFixtures', 'spinForever');
    setTimeout(() => console.log('running'), 100);
    try { await runCells(task, [1, 2, 3], { workers: 2 }); } catch (e) { console.log('rejected', e.code); }
    console.log('listeners', process.listenerCount('SIGINT'));`;
  for (const ownHandler of [false, true]) {
    const { child, done, stdoutNow } = spawnProcess(['--import', 'tsx', '--input-type=module', '-e', script(ownHandler)]);
    await waitFor(() => stdoutNow().includes('running'));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const r = await done;
    if (ownHandler) {
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stdout, /own handler\nrejected INTERRUPTED\nlisteners 1/);
    } else {
      assert.is(r.signal, 'SIGINT', `${r.code} ${r.stderr}`);
      assert.not.match(r.stdout, /rejected/);
    }
    await waitFor(() => !groupAlive(child.pid!), 10);
  }
});

test.run();
