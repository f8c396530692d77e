/**
 * The `spechub-verifier/1` wire format (docs/protocol.md): JSON Lines, one object per line, UTF-8. This file
 * encodes spechub's requests and decodes and validates the program's replies; it does no I/O.
 *
 * Every decoder checks the reply against the request it answers (id, lengths, token ranges, accepted indices)
 * and throws a {@link ProtocolError} whose message names the request; a `{"id": N, "error": "…"}` reply becomes
 * a {@link DeclinedError}.
 *
 * @example
 * ```ts
 * const line = encodeVerify(7, '[0.5,0.5]', '[0.5,0.5]', 2, [[0, 1]]);
 * decodeVerifyReply(parseMessage('{"id":7,"tokens":[1],"accepted":[1]}', 'request 7'), { id: 7, n: 2, where: 'request 7', drafts: [[0, 1]] });
 * ```
 */
import { Rational } from '../core/rational.ts';
import {
  type ChoiceRequest, DeclinedError, describeRequest, PROTOCOL_VERSION, ProtocolError,
} from './verifierEndpoint.ts';

const preview = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** JSON text of a float vector (shortest round-trip decimals). */
export function encodeFloatVector(v: ArrayLike<number>): string {
  return JSON.stringify(Array.from(v));
}

/** JSON text of an exact vector: fractions as strings ("1/6", "0", "1"). */
export function encodeExactVector(v: readonly Rational[]): string {
  return JSON.stringify(v.map((x) => x.toString()));
}

/** `{"op":"hello","protocol":"spechub-verifier/1"}`. */
export function encodeHello(): string {
  return JSON.stringify({ op: 'hello', protocol: PROTOCOL_VERSION });
}

/** `{"op":"bye"}`. */
export function encodeBye(): string {
  return '{"op":"bye"}';
}

/** JSON text of a list of draft tuples. */
export function encodeDrafts(drafts: readonly (readonly number[])[]): string {
  let s = '[';
  for (let i = 0; i < drafts.length; i++) {
    if (i > 0) s += ',';
    s += '[' + drafts[i]!.join(',') + ']';
  }
  return s + ']';
}

/** A black-box `verify` request (vectors already encoded, see {@link encodeFloatVector}). */
export function encodeVerify(id: number, pJson: string, qJson: string, k: number, drafts: readonly (readonly number[])[]): string {
  return `{"op":"verify","id":${id},"p":${pJson},"q":${qJson},"k":${k},"drafts":${encodeDrafts(drafts)}}`;
}

/** An own-drafts `draft_and_verify` request. */
export function encodeDraftAndVerify(id: number, pJson: string, qJson: string, k: number, count: number): string {
  return `{"op":"draft_and_verify","id":${id},"p":${pJson},"q":${qJson},"k":${k},"count":${count}}`;
}

/** An exact-mode `verify_exact` request for one tuple (vectors from {@link encodeExactVector}). */
export function encodeVerifyExact(id: number, pJson: string, qJson: string, k: number, drafts: readonly number[]): string {
  return `{"op":"verify_exact","id":${id},"p":${pJson},"q":${qJson},"k":${k},"drafts":[${drafts.join(',')}]}`;
}

/** spechub's answer to a choice request. */
export function encodeChoiceAnswer(id: number, value: boolean | number): string {
  return `{"id":${id},"value":${value}}`;
}

/** Parses one line as a JSON object, or throws naming the request. */
export function parseMessage(line: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`${where}: the reply is not JSON: ${JSON.stringify(preview(line))} (stdout is reserved for protocol messages; write logs to stderr)`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtocolError(`${where}: the reply is not a JSON object: ${JSON.stringify(preview(line))}`);
  }
  return value as Record<string, unknown>;
}

/** The `name` of a hello reply. */
export function decodeHello(message: Record<string, unknown>): string {
  const where = describeRequest(null, 'hello');
  if (message.op !== 'hello') throw new ProtocolError(`${where}: expected {"op":"hello","name":…}, got ${preview(JSON.stringify(message))}`);
  if ('error' in message) throw new ProtocolError(`${where}: the program refused ${PROTOCOL_VERSION}: ${String(message.error)}`);
  const name = message.name;
  if (name !== undefined && typeof name !== 'string') throw new ProtocolError(`${where}: "name" must be a string`);
  return name ?? '';
}

/** Checks the reply id; turns an error reply into a DeclinedError. */
export function checkReplyId(message: Record<string, unknown>, id: number, where: string): void {
  if (message.id !== id) {
    throw new ProtocolError(`${where}: the reply has id ${JSON.stringify(message.id)}, expected ${id} (replies must carry the id of the request they answer, in request order)`);
  }
  if ('error' in message) {
    const text = typeof message.error === 'string' ? message.error : JSON.stringify(message.error);
    throw new DeclinedError(`${where}: the program declined: ${text}`, text);
  }
}

function tokenAt(value: unknown, n: number, what: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ProtocolError(`${where}: ${what} = ${JSON.stringify(value)} is not an integer token`);
  if (value < 0 || value >= n) throw new ProtocolError(`${where}: ${what} = ${value} is outside the vocabulary 0..${n - 1}`);
  return value;
}

function acceptedAt(value: unknown, tuple: readonly number[], token: number, what: string, where: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= tuple.length) {
    throw new ProtocolError(`${where}: ${what} = ${JSON.stringify(value)} is neither null nor an index into the ${tuple.length} drafts`);
  }
  if (tuple[value] !== token) {
    throw new ProtocolError(`${where}: ${what} = ${value} names draft ${tuple[value]} but the token is ${token} (drafts [${tuple.join(', ')}])`);
  }
  return value;
}

function arrayField(message: Record<string, unknown>, field: string, length: number, where: string): unknown[] {
  const v = message[field];
  if (!Array.isArray(v)) throw new ProtocolError(`${where}: the reply has no "${field}" array`);
  if (v.length !== length) throw new ProtocolError(`${where}: "${field}" has ${v.length} entries, expected ${length}`);
  return v;
}

/** What a reply is checked against: the request id, the vocabulary size, and the request's name for messages. */
export interface ReplyContext {
  id: number;
  /** Vocabulary size. */
  n: number;
  where: string;
}

/** `{"id", "tokens", "accepted"}` for the given draft tuples. */
export function decodeVerifyReply(message: Record<string, unknown>, context: ReplyContext & { drafts: readonly (readonly number[])[] }): { tokens: number[]; accepted: Array<number | null> } {
  const { id, n, where, drafts } = context;
  checkReplyId(message, id, where);
  const rawTokens = arrayField(message, 'tokens', drafts.length, where);
  const rawAccepted = arrayField(message, 'accepted', drafts.length, where);
  const tokens = new Array<number>(drafts.length);
  const accepted = new Array<number | null>(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const t = tokenAt(rawTokens[i], n, `tokens[${i}]`, where);
    tokens[i] = t;
    accepted[i] = acceptedAt(rawAccepted[i], drafts[i]!, t, `accepted[${i}]`, where);
  }
  return { tokens, accepted };
}

/** `{"id", "drafts", "tokens", "accepted"}` with `count` tuples of 1..k tokens each. */
export function decodeDraftAndVerifyReply(
  message: Record<string, unknown>,
  context: ReplyContext & { k: number; count: number },
): { drafts: number[][]; tokens: number[]; accepted: Array<number | null> } {
  const { id, n, where, k, count } = context;
  checkReplyId(message, id, where);
  const rawDrafts = arrayField(message, 'drafts', count, where);
  const drafts: number[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    const tuple = rawDrafts[i];
    if (!Array.isArray(tuple) || tuple.length < 1 || tuple.length > k) {
      throw new ProtocolError(`${where}: drafts[${i}] must be an array of 1 to ${k} tokens, got ${preview(JSON.stringify(tuple))}`);
    }
    drafts[i] = tuple.map((t, j) => tokenAt(t, n, `drafts[${i}][${j}]`, where));
  }
  return { drafts, ...decodeVerifyReply(message, { id, n, where, drafts }) };
}

function exactNumber(value: unknown, what: string, where: string): Rational {
  if (typeof value !== 'string') {
    throw new ProtocolError(`${where}: ${what} must be a string holding an exact decimal or fraction ("1/3", "0.25"), got ${preview(JSON.stringify(value))}`);
  }
  if (value === '0') return Rational.ZERO;
  try {
    return Rational.parse(value);
  } catch {
    throw new ProtocolError(`${where}: ${what} = ${JSON.stringify(preview(value))} is not an exact decimal or fraction`);
  }
}

/** One message of an exact run: a choice request, or the end of the run. */
export function decodeExactMessage(
  message: Record<string, unknown>,
  context: ReplyContext & { drafts: readonly number[] },
): { kind: 'choice'; request: ChoiceRequest } | { kind: 'end'; token: number; accepted: number | null } {
  const { id, n, where, drafts } = context;
  checkReplyId(message, id, where);
  if ('choice' in message) {
    if (message.choice === 'bernoulli') {
      return { kind: 'choice', request: { choice: 'bernoulli', probability: exactNumber(message.probability, 'probability', where) } };
    }
    if (message.choice === 'categorical') {
      const raw = message.weights;
      if (!Array.isArray(raw) || raw.length === 0) throw new ProtocolError(`${where}: a categorical choice needs a non-empty "weights" array`);
      const weights = raw.map((w, i) => exactNumber(w, `weights[${i}]`, where));
      let positive = false;
      for (let i = 0; i < weights.length; i++) {
        const s = weights[i]!.sign();
        if (s < 0) throw new ProtocolError(`${where}: weights[${i}] = ${weights[i]} is negative`);
        if (s > 0) positive = true;
      }
      if (!positive) throw new ProtocolError(`${where}: a categorical choice with every weight zero`);
      return { kind: 'choice', request: { choice: 'categorical', weights } };
    }
    throw new ProtocolError(`${where}: unknown choice ${JSON.stringify(message.choice)} (bernoulli or categorical)`);
  }
  if ('token' in message) {
    const token = tokenAt(message.token, n, 'token', where);
    if (!('accepted' in message)) throw new ProtocolError(`${where}: the final message has no "accepted" field (an index or null)`);
    return { kind: 'end', token, accepted: acceptedAt(message.accepted, drafts, token, 'accepted', where) };
  }
  throw new ProtocolError(`${where}: expected a choice request or the final {"id","token","accepted"}, got ${preview(JSON.stringify(message))}`);
}

