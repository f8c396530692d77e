// The program side of the protocol, driven line by line in process: replies to every op, exact choices asked
// and answered, and bad requests answered with {"id", "error"} without ending the session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getMethod } from '../methods.ts';
import { serveVerifierProtocol } from './serveVerifierProtocol.ts';

/** Runs the server on scripted input; `answer` supplies replies to exact choice requests. */
function session(method: string, input: string[], answer?: (request: Record<string, unknown>) => unknown) {
  const lines = [...input];
  const output: Array<Record<string, unknown>> = [];
  const code = serveVerifierProtocol(getMethod(method), {
    readLine: () => lines.shift() ?? null,
    writeLine: (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      output.push(message);
      if ('choice' in message && answer !== undefined) lines.unshift(JSON.stringify({ id: message.id, value: answer(message) }));
    },
  });
  return { code, output };
}

const E4 = { p: [0.1, 0.2, 0.3, 0.4], q: [0.4, 0.3, 0.2, 0.1] };
const E4exact = { p: ['1/10', '1/5', '3/10', '2/5'], q: ['2/5', '3/10', '1/5', '1/10'] };

test('hello, verify, draft_and_verify, bye', () => {
  const { code, output } = session('rrs', [
    '{"op":"hello","protocol":"spechub-verifier/1"}',
    JSON.stringify({ op: 'verify', id: 1, ...E4, k: 2, drafts: [[0, 0], [3, 2], [1, 2]] }),
    JSON.stringify({ op: 'draft_and_verify', id: 2, ...E4, k: 2, count: 5 }),
    '{"op":"bye"}',
    JSON.stringify({ op: 'verify', id: 3, ...E4, k: 2, drafts: [[0, 0]] }),
  ]);
  assert.is(code, 0);
  assert.is(output.length, 3, 'nothing after bye');
  assert.match(String(output[0]!.name), /serve-verifier --method rrs/);
  const v = output[1] as { id: number; tokens: number[]; accepted: Array<number | null> };
  assert.is(v.id, 1);
  assert.is(v.tokens.length, 3);
  // RRS on (3, 2): token 3 has P_1(3)/q(3) = 4 ≥ 1, accepted surely as draft 0.
  assert.equal([v.tokens[1], v.accepted[1]], [3, 0]);
  const d = output[2] as { drafts: number[][]; tokens: number[]; accepted: Array<number | null> };
  assert.is(d.drafts.length, 5);
  d.drafts.forEach((tuple, i) => {
    assert.is(tuple.length, 2);
    const a = d.accepted[i];
    if (a !== null && a !== undefined) assert.is(tuple[a], d.tokens[i]);
  });
});

test('verify_exact asks every choice: RRS on E4 with drafts (0, 0), always answering the first option', () => {
  const asked: string[] = [];
  const { output } = session('rrs', [JSON.stringify({ op: 'verify_exact', id: 9, ...E4exact, k: 2, drafts: [0, 0] })], (request) => {
    asked.push(request.choice === 'bernoulli' ? `b ${request.probability}` : `c ${(request.weights as string[]).join(',')}`);
    return request.choice === 'bernoulli' ? false : 3;
  });
  // P_1(0)/q(0) = 1/4; P_2 = norm((p − q)^+) = (0, 0, 1/4, 3/4) so P_2(0)/q(0) = 0;
  // P_3 = norm((P_2 − q)^+) = norm(0, 0, 1/20, 13/20) = (0, 0, 1/14, 13/14).
  assert.equal(asked, ['b 1/4', 'b 0', 'c 0,0,1/14,13/14']);
  assert.equal(output.at(-1), { id: 9, token: 3, accepted: null });
});

test('bad requests are answered with an error and the session goes on', () => {
  const { output } = session('spechub', [
    'not json',
    JSON.stringify({ op: 'verify', id: 1, ...E4, k: 3, drafts: [[0, 1, 2]] }),
    JSON.stringify({ op: 'verify', id: 2, p: [0.5, 0.6], q: [0.5, 0.5], k: 2, drafts: [[0, 1]] }),
    JSON.stringify({ op: 'verify', id: 3, ...E4, k: 2, drafts: [[0, 7]] }),
    JSON.stringify({ op: 'launch', id: 4 }),
    '{"op":"hello","protocol":"spechub-verifier/9"}',
    JSON.stringify({ op: 'verify', id: 5, ...E4, k: 2, drafts: [[1, 0]] }),
  ]);
  assert.is(output.length, 7);
  assert.match(String(output[0]!.error), /not a JSON object/);
  assert.equal([output[1]!.id, /not defined for k = 3/.test(String(output[1]!.error))], [1, true]);
  assert.match(String(output[2]!.error), /sum/);
  assert.match(String(output[3]!.error), /not a token in 0..3/);
  assert.match(String(output[4]!.error), /unknown op "launch"/);
  assert.match(String(output[5]!.error), /unsupported protocol/);
  assert.equal((output[6] as { tokens: number[] }).tokens.length, 1);
});

test.run();
