/**
 * The program side of `spechub-verifier/1` (docs/protocol.md) for any built-in method: reads requests line by
 * line, answers `hello`, `verify` (float64, a seeded sampling chooser), `draft_and_verify` (the method's own
 * draft scheme), `verify_exact` (rationals: every random choice of the verifier is asked of spechub with a
 * choice request and its answer read back) and `bye`. Errors in a request (bad vectors, k the method does not
 * support, a vocabulary too large for an optimal-transport verifier) are answered `{"id": N, "error": "…"}`.
 *
 * This is what `spechub serve-verifier --method <id>` runs, so the harness is tested against the protocol from
 * the other side. I/O is synchronous (a verifier's `Chooser` returns its answer synchronously).
 *
 * @example
 * ```ts
 * const lines = ['{"op":"hello","protocol":"spechub-verifier/1"}', '{"op":"bye"}'];
 * serveVerifierProtocol(getMethod('rrs'), { readLine: () => lines.shift() ?? null, writeLine: console.log });
 * ```
 */
import type { Categorical } from '../core/categorical.ts';
import { type Chooser, SamplingChooser } from '../core/chooser.ts';
import { assertSameLength, validateDistribution, validateExactDistribution } from '../core/distribution.ts';
import { SpechubError } from '../core/errors.ts';
import { floatField, rationalField } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import type { PreparedDraws } from '../draws/draftScheme.ts';
import type { Method } from '../methods.ts';
import { createRng } from '../random/createRng.ts';
import type { PreparedVerifier } from '../verifiers/verifier.ts';
import { PROTOCOL_VERSION } from './verifierEndpoint.ts';

/** Synchronous line I/O (see `stdioLineIo` for the process's stdin/stdout). */
export interface SyncLineIo {
  /** The next line without its newline, or null at end of input. */
  readLine(): string | null;
  writeLine(line: string): void;
}

export interface ServeOptions {
  /** Seed of the sampling chooser for black-box requests (default 0). */
  seed?: string | number;
}

class EndOfInput extends Error {}

function requestError(message: string): never {
  throw new SpechubError('INVALID_ARGUMENT', message);
}

function integerField(request: Record<string, unknown>, field: string, min: number): number {
  const v = request[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) requestError(`"${field}" must be an integer ≥ ${min}`);
  return v;
}

function tokenList(value: unknown, n: number, what: string): number[] {
  if (!Array.isArray(value) || value.length === 0) requestError(`${what} must be a non-empty array of tokens`);
  return value.map((t) => {
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= n) requestError(`${what} holds ${JSON.stringify(t)}, not a token in 0..${n - 1}`);
    return t;
  });
}

const sameContents = (a: ArrayLike<unknown> | null, b: ArrayLike<unknown>) => {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Runs the protocol until `bye` or end of input; returns the exit code (0). */
export function serveVerifierProtocol(method: Method, io: SyncLineIo, options: ServeOptions = {}): number {
  const chooser = new SamplingChooser(createRng(options.seed ?? 0));
  let floatKey: { p: number[]; q: number[]; k: number } | null = null;
  let floatVerifier: PreparedVerifier<number> | null = null;
  let floatDraws: PreparedDraws<number> | null = null;
  let exactKey: { p: string[]; q: string[]; k: number } | null = null;
  let exactVerifier: PreparedVerifier<Rational> | null = null;

  const prepareFloat = (request: Record<string, unknown>) => {
    const k = integerField(request, 'k', 1);
    const pRaw = request.p as number[];
    const qRaw = request.q as number[];
    if (floatKey === null || floatKey.k !== k || !sameContents(floatKey.p, pRaw) || !sameContents(floatKey.q, qRaw)) {
      if (!Array.isArray(pRaw) || !Array.isArray(qRaw)) requestError('"p" and "q" must be arrays of numbers');
      const p = validateDistribution(pRaw, 'target');
      const q = validateDistribution(qRaw, 'draft');
      assertSameLength(p, q);
      if (!method.verifier.supportsK(k)) requestError(`method '${method.id}' is not defined for k = ${k}`);
      floatVerifier = method.verifier.prepare(floatField, p, q, k);
      floatDraws = null;
      floatKey = { p: pRaw, q: qRaw, k };
    }
    return { k, n: pRaw.length, verifier: floatVerifier!, q: qRaw };
  };

  const prepareExact = (request: Record<string, unknown>) => {
    const k = integerField(request, 'k', 1);
    const pRaw = request.p as string[];
    const qRaw = request.q as string[];
    if (exactKey === null || exactKey.k !== k || !sameContents(exactKey.p, pRaw) || !sameContents(exactKey.q, qRaw)) {
      if (!Array.isArray(pRaw) || !Array.isArray(qRaw) || ![...pRaw, ...qRaw].every((x) => typeof x === 'string')) {
        requestError('"p" and "q" must be arrays of exact decimal or fraction strings');
      }
      const p = validateExactDistribution(pRaw.map((x) => Rational.parse(x)), 'target');
      const q = validateExactDistribution(qRaw.map((x) => Rational.parse(x)), 'draft');
      assertSameLength(p, q);
      if (!method.verifier.supportsK(k)) requestError(`method '${method.id}' is not defined for k = ${k}`);
      exactVerifier = method.verifier.prepare(rationalField, p, q, k);
      exactKey = { p: pRaw, q: qRaw, k };
    }
    return { k, n: pRaw.length, verifier: exactVerifier! };
  };

  const handle = (request: Record<string, unknown>): string | null => {
    const op = request.op;
    const id = request.id;
    if (op === 'hello') {
      if (request.protocol !== PROTOCOL_VERSION) return JSON.stringify({ op: 'hello', error: `unsupported protocol ${JSON.stringify(request.protocol)} (this program speaks ${PROTOCOL_VERSION})` });
      return JSON.stringify({ op: 'hello', name: `spechub serve-verifier --method ${method.id} (${method.verifier.title})` });
    }
    if (op === 'verify') {
      const { n, verifier } = prepareFloat(request);
      if (!Array.isArray(request.drafts)) requestError('"drafts" must be an array of draft tuples');
      const drafts = request.drafts.map((d, i) => tokenList(d, n, `drafts[${i}]`));
      const tokens: number[] = new Array(drafts.length);
      const accepted: Array<number | null> = new Array(drafts.length);
      for (let i = 0; i < drafts.length; i++) {
        const verdict = verifier.verify(drafts[i]!, chooser);
        tokens[i] = verdict.token;
        accepted[i] = verdict.acceptedIndex;
      }
      return JSON.stringify({ id, tokens, accepted });
    }
    if (op === 'draft_and_verify') {
      const { k, verifier, q } = prepareFloat(request);
      const count = integerField(request, 'count', 0);
      const draws = (floatDraws ??= method.scheme.prepare(floatField, Float64Array.from(q), k));
      const drafts: number[][] = new Array(count);
      const tokens: number[] = new Array(count);
      const accepted: Array<number | null> = new Array(count);
      for (let i = 0; i < count; i++) {
        drafts[i] = draws.draw(chooser);
        const verdict = verifier.verify(drafts[i]!, chooser);
        tokens[i] = verdict.token;
        accepted[i] = verdict.acceptedIndex;
      }
      return JSON.stringify({ id, drafts, tokens, accepted });
    }
    if (op === 'verify_exact') {
      const { n, verifier } = prepareExact(request);
      const drafts = tokenList(request.drafts, n, '"drafts"');
      const ask = (message: Record<string, unknown>): unknown => {
        io.writeLine(JSON.stringify({ id, ...message }));
        const line = io.readLine();
        if (line === null) throw new EndOfInput();
        const answer = JSON.parse(line) as Record<string, unknown>;
        if (answer.id !== id || !('value' in answer)) requestError(`expected {"id": ${id}, "value": …}, got ${line.slice(0, 200)}`);
        return answer.value;
      };
      const exactChooser: Chooser<Rational> = {
        bernoulli: (probability: Rational) => ask({ choice: 'bernoulli', probability: probability.toString() }) === true,
        categorical: (law: Categorical<Rational>, exclude?: readonly number[]) => {
          const weights = Array.from(law.weights as ArrayLike<Rational>, (w, i) => (exclude !== undefined && exclude.includes(i) ? '0' : w.toString()));
          const value = ask({ choice: 'categorical', weights });
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= weights.length) requestError(`categorical answer ${JSON.stringify(value)} is not an index`);
          return value;
        },
      };
      const verdict = verifier.verify(drafts, exactChooser);
      return JSON.stringify({ id, token: verdict.token, accepted: verdict.acceptedIndex });
    }
    requestError(`unknown op ${JSON.stringify(op)}`);
  };

  for (;;) {
    const line = io.readLine();
    if (line === null) return 0;
    if (line.trim() === '') continue;
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(line) as Record<string, unknown>;
      if (request === null || typeof request !== 'object') throw new Error('not an object');
    } catch {
      io.writeLine(JSON.stringify({ id: null, error: `not a JSON object: ${line.slice(0, 200)}` }));
      continue;
    }
    if (request.op === 'bye') return 0;
    try {
      const reply = handle(request);
      if (reply !== null) io.writeLine(reply);
    } catch (e) {
      if (e instanceof EndOfInput) return 0;
      io.writeLine(JSON.stringify({ id: request.id ?? null, error: (e as Error)?.message ?? String(e) }));
    }
  }
}
