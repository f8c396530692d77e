// Protocol faults from the program side (small Node programs written to a temporary folder): a crash, a garbage
// line, a timeout, a wrong id, a nondeterministic replay, an out-of-range token and a token of probability zero
// each end with a clear failure naming the request, never a hang, and the program is gone afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rational } from '../core/rational.ts';
import type { ConformanceSuite } from './conformanceSuite.ts';
import { runConformance } from './runConformance.ts';
import { startVerifierProcess, type VerifierProcess } from './startVerifierProcess.ts';
import { ProtocolError } from './verifierEndpoint.ts';

const folder = mkdtempSync(join(tmpdir(), 'spechub-faults-'));

/** A Node program that greets correctly, answers `bye`, and handles everything else with `body`. */
function program(name: string, body: string): string {
  const file = join(folder, `${name}.cjs`);
  writeFileSync(
    file,
    `const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let state = {};
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.op === 'hello') return out({ op: 'hello', name: '${name}' });
  if (m.op === 'bye') process.exit(0);
  ${body}
});
`,
  );
  return `"${process.execPath}" "${file}"`;
}

const suite: ConformanceSuite = {
  name: 'faults',
  version: 1,
  trials: 1000,
  cases: [{ name: 'E1', family: 'test', description: '', p: [Rational.of(1, 6), Rational.of(1, 3), Rational.of(1, 2)], q: [Rational.of(1, 2), Rational.of(1, 3), Rational.of(1, 6)] }],
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function expectFault(command: string, mode: 'monte-carlo' | 'exact', pattern: RegExp, timeoutSeconds = 20): Promise<void> {
  const started = performance.now();
  let endpoint: VerifierProcess | null = null;
  try {
    endpoint = await startVerifierProcess(command, { stderr: 'collect', timeoutSeconds });
    await runConformance(endpoint, { draws: 'iid', k: 2, mode, suite, shrink: false });
    assert.unreachable('the fault was not reported');
  } catch (e) {
    assert.ok(e instanceof ProtocolError, `a ProtocolError, got ${e}`);
    assert.match((e as Error).message, pattern);
  } finally {
    await endpoint?.close();
  }
  assert.ok(performance.now() - started < 15_000 + timeoutSeconds * 1000, 'no hang');
  for (let i = 0; i < 50 && endpoint !== null && alive(endpoint.pid); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(endpoint === null || !alive(endpoint.pid), 'the program was ended');
}

const REQUEST = /request \d+ \((verify|verify_exact), case E1, k = 2\)/;

test('crash: exit code and stderr tail, naming the request', async () => {
  await expectFault(program('crash', `process.stderr.write('boom: out of memory\\n'); process.exit(3);`), 'monte-carlo', /the program exited with code 3 while spechub waited for the reply to request 1 \(verify, case E1, k = 2\).*boom: out of memory/);
});

test('garbage line', async () => {
  await expectFault(program('garbage', `process.stdout.write('debug: got ' + m.op + '\\n');`), 'monte-carlo', /request 1 \(verify, case E1, k = 2\): the reply is not JSON: "debug: got verify"/);
});

test('timeout', async () => {
  await expectFault(program('silent', `/* never answers */`), 'monte-carlo', /request 1 \(verify, case E1, k = 2\): no reply within 1 s \(timeout\)/, 1);
});

test('wrong id', async () => {
  await expectFault(program('wrong-id', `out({ id: m.id + 100, tokens: m.drafts.map((d) => d[0]), accepted: m.drafts.map(() => 0) });`), 'monte-carlo', /request 1 \(verify, case E1, k = 2\): the reply has id 101, expected 1/);
});

test('out-of-range token', async () => {
  await expectFault(program('range', `out({ id: m.id, tokens: m.drafts.map(() => 3), accepted: m.drafts.map(() => null) });`), 'monte-carlo', /request 1 \(verify, case E1, k = 2\): tokens\[0\] = 3 is outside the vocabulary 0\.\.2/);
});

test('nondeterministic replay in exact mode', async () => {
  const body = `
  if (m.op === 'verify_exact') { state = m; return out({ id: m.id, choice: 'bernoulli', probability: '1/' + (2 + Math.floor(Math.random() * 1e6)) }); }
  if ('value' in m) return out({ id: state.id, token: state.drafts[0], accepted: 0 });`;
  await expectFault(program('nondeterministic', body), 'exact', new RegExp(`${REQUEST.source}: nondeterministic replay: choice 1 was bernoulli\\(1/\\d+\\) when first recorded but bernoulli\\(1/\\d+\\) on replay`));
});

test('a token of probability zero rejects the case and names the request (Monte Carlo and exact)', async () => {
  const zeroSuite: ConformanceSuite = { ...suite, cases: [{ ...suite.cases[0]!, name: 'zero', p: [Rational.ZERO, Rational.of(1, 2), Rational.of(1, 2)] }] };
  const always0 = program('zero', `
  if (m.op === 'verify') return out({ id: m.id, tokens: m.drafts.map(() => 0), accepted: m.drafts.map((d) => (d.indexOf(0) >= 0 ? d.indexOf(0) : null)) });
  if (m.op === 'verify_exact') return out({ id: m.id, token: 0, accepted: m.drafts.indexOf(0) >= 0 ? m.drafts.indexOf(0) : null });`);
  const endpoint = await startVerifierProcess(always0, { stderr: 'collect', timeoutSeconds: 20 });
  try {
    const report = await runConformance(endpoint, { draws: 'iid', k: 2, mode: 'both', suite: zeroSuite, shrink: false });
    const c = report.cases[0]!;
    assert.ok(c.rejected && report.rejected);
    assert.match(c.failures[0]!, /output law: impossible token: request 1: tuple 0 \(drafts \[\d, \d\]\) returned token 0, which has p = 0/);
    assert.match(c.failures[1]!, /exact output law differs from p: TV = 1 .*request \d+ \(drafts \[0, 0\]\) returned token 0, which has p = 0/);
  } finally {
    await endpoint.close();
  }
});

test('a program that cannot start, and one that refuses the protocol version', async () => {
  await startVerifierProcess('definitely-not-a-command-spechub', { stderr: 'collect', timeoutSeconds: 20 }).then(
    () => assert.unreachable(),
    (e) => assert.match(String(e), /exited with code 127 \(command not found\?\)/),
  );
  const file = join(folder, 'refuse.cjs');
  writeFileSync(file, `require('readline').createInterface({ input: process.stdin }).on('line', () => process.stdout.write('{"op":"hello","error":"only version 2"}\\n'));`);
  await startVerifierProcess(`"${process.execPath}" "${file}"`, { stderr: 'collect', timeoutSeconds: 20 }).then(
    () => assert.unreachable(),
    (e) => assert.match(String(e), /the hello request: the program refused spechub-verifier\/1: only version 2/),
  );
});

test.after(() => rmSync(folder, { recursive: true, force: true }));

test.run();
