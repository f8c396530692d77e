/**
 * What the conformance harness talks to: a verifier behind the `spechub-verifier/1` protocol (docs/protocol.md),
 * either a separate program over a pipe (`startVerifierProcess`, Node only) or a `Verifier` object run in this
 * process (`inProcessEndpoint`). Both speak the same four operations, so every harness path is the same code.
 *
 * Errors: a malformed reply, a timeout, a crash or a nondeterministic replay is a {@link ProtocolError} (the
 * session is over); a well-formed `{"id": N, "error": "…"}` reply is a {@link DeclinedError} (the program refused
 * that request; the session goes on).
 */
import { SpechubError } from '../core/errors.ts';
import type { Rational } from '../core/rational.ts';

/** The protocol version string exchanged in `hello`. */
export const PROTOCOL_VERSION = 'spechub-verifier/1';

/** A random choice the program asks spechub to make in exact mode. */
export type ChoiceRequest =
  | { choice: 'bernoulli'; probability: Rational }
  | { choice: 'categorical'; weights: Rational[] };

/** spechub's answer: a boolean for `bernoulli`, an index into `weights` for `categorical`. */
export type ChoiceAnswer = boolean | number;

/** Answers one choice request (synchronously); throws a ProtocolError to end the session. */
export type ChoiceAnswerer = (request: ChoiceRequest) => ChoiceAnswer;

/** Context of a request, used in every error message ("request 12 (verify, case E4, k = 2)"). */
export interface RequestLabel {
  caseName: string;
  k: number;
}

export interface VerifyRequest {
  p: ArrayLike<number>;
  q: ArrayLike<number>;
  k: number;
  drafts: readonly (readonly number[])[];
  label: RequestLabel;
}

export interface VerifyReply {
  /** Request id (for error messages). */
  id: number;
  tokens: number[];
  accepted: Array<number | null>;
}

export interface DraftAndVerifyRequest {
  p: ArrayLike<number>;
  q: ArrayLike<number>;
  k: number;
  count: number;
  label: RequestLabel;
}

export interface DraftAndVerifyReply extends VerifyReply {
  drafts: number[][];
}

export interface ExactRequest {
  p: readonly Rational[];
  q: readonly Rational[];
  k: number;
  drafts: readonly number[];
  label: RequestLabel;
}

export interface ExactRunEnd {
  id: number;
  token: number;
  accepted: number | null;
}

export interface VerifierEndpoint {
  /** The program's self-description from `hello`. */
  readonly name: string;
  /** Black box: one output per draft tuple, the program's own randomness. */
  verify(request: VerifyRequest): Promise<VerifyReply>;
  /** Own drafts: the program draws `count` tuples and verifies them. */
  draftAndVerify(request: DraftAndVerifyRequest): Promise<DraftAndVerifyReply>;
  /** Exact: one run of the program on one tuple, every random choice answered by `choose`. */
  verifyExact(request: ExactRequest, choose: ChoiceAnswerer): Promise<ExactRunEnd>;
  /** Ends the session (`bye`); idempotent. */
  close(): Promise<void>;
}

/** The session cannot go on: malformed reply, timeout, crash, nondeterministic replay, wrong id. */
export class ProtocolError extends SpechubError {
  constructor(message: string) {
    super('PROTOCOL_ERROR', message);
    this.name = 'ProtocolError';
  }
}

/** The program answered `{"id": N, "error": "…"}`: it declined this request (the session goes on). */
export class DeclinedError extends SpechubError {
  readonly programMessage: string;
  constructor(message: string, programMessage: string) {
    super('DECLINED', message);
    this.name = 'DeclinedError';
    this.programMessage = programMessage;
  }
}

/** "request 12 (verify, case E4, k = 2)". */
export function describeRequest(id: number | null, op: string, label?: RequestLabel): string {
  const where = label === undefined ? '' : `, case ${label.caseName}, k = ${label.k}`;
  return id === null ? `the ${op} request` : `request ${id} (${op}${where})`;
}
