/**
 * Turns a Node file-system error (an `errno` code such as ENOENT, EEXIST, ENOTDIR, EISDIR, EACCES) into a
 * typed {@link FileSystemError} with a one-line message naming the path and what was being done, so the CLI
 * prints `spechub <command>: error: cannot write 'out/report.md': a file is in the way (ENOTDIR)` and exits 2
 * instead of reporting an "internal error". Pure (no Node import): callers pass the caught error.
 *
 * | errno                  | code                |
 * |------------------------|---------------------|
 * | ENOENT                 | FILE_NOT_FOUND      |
 * | EEXIST                 | FILE_EXISTS         |
 * | ENOTDIR                | NOT_A_DIRECTORY     |
 * | EISDIR                 | IS_A_DIRECTORY      |
 * | EACCES, EPERM, EROFS   | PERMISSION_DENIED   |
 * | anything else          | FILE_SYSTEM         |
 *
 * A {@link SpechubError} passed in is returned unchanged.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * let error;
 * try { writeFileSync('/etc/passwd/x', ''); }
 * catch (e) { error = fileSystemError(e, '/etc/passwd/x', 'write'); }
 * error.code; // 'NOT_A_DIRECTORY'
 * ```
 */
import { FileSystemError, SpechubError, type SpechubErrorCode } from './errors.ts';

const CODES: Record<string, { code: SpechubErrorCode; reason: string }> = {
  ENOENT: { code: 'FILE_NOT_FOUND', reason: 'no such file or folder' },
  EEXIST: { code: 'FILE_EXISTS', reason: 'a file already exists where a folder is needed' },
  ENOTDIR: { code: 'NOT_A_DIRECTORY', reason: 'a file is in the way where a folder is needed' },
  EISDIR: { code: 'IS_A_DIRECTORY', reason: 'it is a folder, not a file' },
  EACCES: { code: 'PERMISSION_DENIED', reason: 'permission denied' },
  EPERM: { code: 'PERMISSION_DENIED', reason: 'operation not permitted' },
  EROFS: { code: 'PERMISSION_DENIED', reason: 'read-only file system' },
  ENOSPC: { code: 'FILE_SYSTEM', reason: 'no space left on the device' },
  ENAMETOOLONG: { code: 'FILE_SYSTEM', reason: 'the name is too long' },
  ELOOP: { code: 'FILE_SYSTEM', reason: 'too many symbolic links' },
  EMFILE: { code: 'FILE_SYSTEM', reason: 'too many open files' },
  EIO: { code: 'FILE_SYSTEM', reason: 'input/output error' },
};

/** The typed error for a caught file-system failure on `path` while doing `action` ('read', 'write', …). */
export function fileSystemError(error: unknown, path: string, action: string): SpechubError {
  if (error instanceof SpechubError) return error;
  const errno = (error as { code?: unknown } | null)?.code;
  const known = typeof errno === 'string' ? CODES[errno] : undefined;
  const reason = known?.reason ?? String((error as Error | null)?.message ?? error).split('\n')[0];
  const suffix = typeof errno === 'string' ? ` (${errno})` : '';
  return new FileSystemError(known?.code ?? 'FILE_SYSTEM', path, `cannot ${action} '${path}': ${reason}${suffix}`);
}
