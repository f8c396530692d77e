/**
 * Typed errors raised at spechub's public boundaries.
 *
 * Every malformed input (non-normalised or negative vectors, mismatched sizes, k larger than the support,
 * zero draft mass, malformed files, solver failure) surfaces as a {@link SpechubError} whose `code` names
 * the problem, never as NaN or a silently wrong number.
 *
 * @example
 * ```ts
 * try { validateDistribution([0.5, 0.6], 'target'); }
 * catch (e) { if (e instanceof SpechubError) console.log(e.code); } // 'NOT_NORMALISED'
 * ```
 */
export type SpechubErrorCode =
  | 'EMPTY'
  | 'NOT_FINITE'
  | 'NEGATIVE_ENTRY'
  | 'NOT_NORMALISED'
  | 'LENGTH_MISMATCH'
  | 'ZERO_DRAFT_MASS'
  | 'K_TOO_LARGE'
  | 'INVALID_K'
  | 'UNSUPPORTED_K'
  | 'INVALID_ARGUMENT'
  | 'PARSE_ERROR'
  | 'IRRATIONAL'
  | 'TOO_LARGE'
  | 'SOLVER_FAILURE'
  | 'UNKNOWN_METHOD'
  // File-system failures (Node-only callers; see `fileSystemError`).
  | 'FILE_NOT_FOUND'
  | 'FILE_EXISTS'
  | 'NOT_A_DIRECTORY'
  | 'IS_A_DIRECTORY'
  | 'NOT_A_REGULAR_FILE'
  | 'PERMISSION_DENIED'
  | 'FILE_SYSTEM'
  | 'INTERRUPTED'
  // The verifier protocol (src/conform).
  | 'PROTOCOL_ERROR'
  | 'DECLINED';

/** Base class of every error spechub throws on purpose. */
export class SpechubError extends Error {
  readonly code: SpechubErrorCode;
  constructor(code: SpechubErrorCode, message: string) {
    super(message);
    this.name = 'SpechubError';
    this.code = code;
  }
}

/** A probability vector failed validation (see `validateDistribution`). */
export class InvalidDistributionError extends SpechubError {
  constructor(code: SpechubErrorCode, message: string) {
    super(code, message);
    this.name = 'InvalidDistributionError';
  }
}

/** A text input (vector, fraction, JSON file) could not be parsed. */
export class ParseError extends SpechubError {
  constructor(message: string) {
    super('PARSE_ERROR', message);
    this.name = 'ParseError';
  }
}

/** An LP solver or another numerical routine did not reach a certified answer. */
export class SolverError extends SpechubError {
  /** Where the solver returned a value it could not certify: the certified interval that holds the optimum. */
  readonly interval?: { readonly lower: number; readonly upper: number };
  constructor(message: string, interval?: { lower: number; upper: number }) {
    super('SOLVER_FAILURE', message);
    this.name = 'SolverError';
    if (interval !== undefined) this.interval = interval;
  }
}

/** A file or folder could not be read or written (missing, a directory where a file is expected, …). */
export class FileSystemError extends SpechubError {
  /** The path the operation was about. */
  readonly path: string;
  constructor(code: SpechubErrorCode, path: string, message: string) {
    super(code, message);
    this.name = 'FileSystemError';
    this.path = path;
  }
}
