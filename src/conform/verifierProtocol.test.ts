// The wire format: encoded requests parse back to what docs/protocol.md shows; every malformed reply is a
// ProtocolError naming the request; an error reply is a DeclinedError.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rational } from '../core/rational.ts';
import { DeclinedError, ProtocolError } from './verifierEndpoint.ts';
import {
  decodeDraftAndVerifyReply, decodeExactMessage, decodeHello, decodeVerifyReply, encodeChoiceAnswer, encodeDraftAndVerify, encodeExactVector,
  encodeFloatVector, encodeHello, encodeVerify, encodeVerifyExact, parseMessage,
} from './verifierProtocol.ts';

const where = 'request 7 (verify, case E4, k = 2)';

const throwsProtocol = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof ProtocolError && pattern.test(e.message) && e.message.startsWith(where));

test('requests are the JSON objects of docs/protocol.md', () => {
  assert.equal(JSON.parse(encodeHello()), { op: 'hello', protocol: 'spechub-verifier/1' });
  const p = encodeFloatVector([0.1, 0.2, 0.3, 0.4]);
  const q = encodeFloatVector(Float64Array.of(0.4, 0.3, 0.2, 0.1));
  assert.equal(JSON.parse(encodeVerify(3, p, q, 2, [[0, 1], [2, 2]])), { op: 'verify', id: 3, p: [0.1, 0.2, 0.3, 0.4], q: [0.4, 0.3, 0.2, 0.1], k: 2, drafts: [[0, 1], [2, 2]] });
  assert.equal(JSON.parse(encodeDraftAndVerify(4, p, q, 3, 100)), { op: 'draft_and_verify', id: 4, p: [0.1, 0.2, 0.3, 0.4], q: [0.4, 0.3, 0.2, 0.1], k: 3, count: 100 });
  const exact = encodeExactVector([Rational.of(1, 6), Rational.of(1, 3), Rational.of(1, 2), Rational.ZERO]);
  assert.equal(JSON.parse(encodeVerifyExact(5, exact, exact, 2, [1, 0])), { op: 'verify_exact', id: 5, p: ['1/6', '1/3', '1/2', '0'], q: ['1/6', '1/3', '1/2', '0'], k: 2, drafts: [1, 0] });
  assert.equal(JSON.parse(encodeChoiceAnswer(5, true)), { id: 5, value: true });
  assert.equal(JSON.parse(encodeChoiceAnswer(5, 2)), { id: 5, value: 2 });
});

test('verify replies: ids, lengths, token ranges, accepted indices', () => {
  const drafts = [[0, 1], [2, 2]];
  const ok = decodeVerifyReply(parseMessage('{"id":7,"tokens":[1,3],"accepted":[1,null]}', where), { id: 7, n: 4, where, drafts });
  assert.equal(ok, { tokens: [1, 3], accepted: [1, null] });
  const bad = (line: string, pattern: RegExp) => throwsProtocol(() => decodeVerifyReply(parseMessage(line, where), { id: 7, n: 4, where, drafts }), pattern);
  bad('{"id":8,"tokens":[1,3],"accepted":[1,null]}', /has id 8, expected 7/);
  bad('{"id":7,"tokens":[1,4],"accepted":[1,null]}', /tokens\[1\] = 4 is outside the vocabulary 0..3/);
  bad('{"id":7,"tokens":[1,-1],"accepted":[1,null]}', /outside the vocabulary/);
  bad('{"id":7,"tokens":[1,2.5],"accepted":[1,null]}', /not an integer token/);
  bad('{"id":7,"tokens":[1],"accepted":[1,null]}', /"tokens" has 1 entries, expected 2/);
  bad('{"id":7,"tokens":[1,3],"accepted":[0,null]}', /accepted\[0\] = 0 names draft 0 but the token is 1/);
  bad('{"id":7,"tokens":[1,3],"accepted":[1,2]}', /accepted\[1\] = 2 is neither null nor an index/);
  bad('{"id":7,"accepted":[1,null]}', /no "tokens" array/);
  throwsProtocol(() => parseMessage('tokens: 1 3', where), /not JSON: "tokens: 1 3"/);
  throwsProtocol(() => parseMessage('[1, 3]', where), /not a JSON object/);
  assert.throws(
    () => decodeVerifyReply(parseMessage('{"id":7,"error":"k = 5 not supported"}', where), { id: 7, n: 4, where, drafts }),
    (e: unknown) => e instanceof DeclinedError && e.programMessage === 'k = 5 not supported' && e.message.includes(where),
  );
});

test('own-drafts replies: tuple lengths 1..k and token ranges', () => {
  const context = { id: 7, n: 4, where, k: 2, count: 2 };
  const ok = decodeDraftAndVerifyReply(parseMessage('{"id":7,"drafts":[[0,1],[3]],"tokens":[1,3],"accepted":[1,0]}', where), context);
  assert.equal(ok.drafts, [[0, 1], [3]]);
  throwsProtocol(() => decodeDraftAndVerifyReply(parseMessage('{"id":7,"drafts":[[0,1,2],[3]],"tokens":[1,3],"accepted":[1,0]}', where), context), /drafts\[0\] must be an array of 1 to 2 tokens/);
  throwsProtocol(() => decodeDraftAndVerifyReply(parseMessage('{"id":7,"drafts":[[0,9],[3]],"tokens":[1,3],"accepted":[1,0]}', where), context), /drafts\[0\]\[1\] = 9/);
});

test('exact messages: choices with exact strings, the final token', () => {
  const context = { id: 7, n: 3, where, drafts: [0, 2] };
  const b = decodeExactMessage(parseMessage('{"id":7,"choice":"bernoulli","probability":"2/3"}', where), context);
  assert.ok(b.kind === 'choice' && b.request.choice === 'bernoulli' && b.request.probability.equals(Rational.of(2, 3)));
  const c = decodeExactMessage(parseMessage('{"id":7,"choice":"categorical","weights":["0.25","0","3/4"]}', where), context);
  assert.ok(c.kind === 'choice' && c.request.choice === 'categorical' && c.request.weights.map(String).join() === '1/4,0,3/4');
  assert.equal(decodeExactMessage(parseMessage('{"id":7,"token":2,"accepted":1}', where), context), { kind: 'end', token: 2, accepted: 1 });
  const bad = (line: string, pattern: RegExp) => throwsProtocol(() => decodeExactMessage(parseMessage(line, where), context), pattern);
  bad('{"id":7,"choice":"bernoulli","probability":0.5}', /probability must be a string/);
  bad('{"id":7,"choice":"bernoulli","probability":"half"}', /not an exact decimal or fraction/);
  bad('{"id":7,"choice":"categorical","weights":["1","-1/2"]}', /weights\[1\] = -1\/2 is negative/);
  bad('{"id":7,"choice":"categorical","weights":["0","0"]}', /every weight zero/);
  bad('{"id":7,"choice":"gaussian"}', /unknown choice "gaussian"/);
  bad('{"id":7,"token":3,"accepted":null}', /token = 3 is outside the vocabulary 0..2/);
  bad('{"id":7,"token":1}', /no "accepted" field/);
  bad('{"id":7,"value":true}', /expected a choice request or the final/);
});

test('hello', () => {
  assert.is(decodeHello({ op: 'hello', name: 'mine' }), 'mine');
  assert.is(decodeHello({ op: 'hello' }), '');
  assert.throws(() => decodeHello({ id: 1, tokens: [] }), (e: unknown) => e instanceof ProtocolError && /expected \{"op":"hello"/.test(e.message));
  assert.throws(() => decodeHello({ op: 'hello', error: 'version 2 only' }), (e: unknown) => e instanceof ProtocolError && /refused spechub-verifier\/1: version 2 only/.test(e.message));
});

test.run();
