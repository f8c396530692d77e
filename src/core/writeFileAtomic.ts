/**
 * Node-only (not exported by the browser-safe `spechub` entry point). Writes a file atomically: the content
 * goes to a temporary file in the same folder (`.<name>.<pid>-<n>.spechub-tmp`), is flushed to disk, then
 * renamed over the destination, so a reader (or a crash, or Ctrl-C) sees either the old file or the complete
 * new one, never a partial file. Missing parent folders are created. The destination must be a regular file
 * or absent: a folder, a device, a pipe or a socket there is refused (`IS_A_DIRECTORY`,
 * `NOT_A_REGULAR_FILE`); a symbolic link is followed (its target is replaced). Every failure is a typed
 * {@link FileSystemError} (see `fileSystemError`), and the temporary file is removed.
 *
 * Every output file of spechub (reports, summaries, CSV, JSON, figures, tokenizers, checkpoints, training
 * curves) is written with this function.
 *
 * @example
 * ```ts
 * writeFileAtomic('summary.json', JSON.stringify({ accepted: 0.75 }) + '\n');
 * writeFileAtomic('bytes.bin', new Uint8Array([1, 2, 3]));
 * ```
 */
import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileSystemError } from './errors.ts';
import { faultPoint } from './faultPoint.ts';
import { fileSystemError } from './fileSystemError.ts';

/** Suffix of the temporary files (a stale one can only come from a killed process; safe to delete). */
export const TEMPORARY_FILE_SUFFIX = '.spechub-tmp';

let counter = 0;

/**
 * When the CLI runs under its supervisor (bin/spechub.js), each temporary file is announced on the journal
 * descriptor (`+path` when created, `-path` when renamed or removed), so that the supervisor removes the ones
 * a Ctrl-C or a crash left behind.
 */
function journal(line: string): void {
  const fd = Number(process.env.SPECHUB_TEMP_JOURNAL_FD);
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    writeSync(fd, line + '\n');
  } catch {
    /* the supervisor is gone: nothing to tell */
  }
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Flush the file to disk before the rename (default true). */
  durable?: boolean;
}

/** Writes `content` to `path` atomically (see the module comment); returns the path written. */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteFileAtomicOptions = {}): string {
  const destination = resolveDestination(path);
  const folder = dirname(destination);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw fileSystemError(e, folder, 'create the folder');
  }
  const temporary = join(folder, `.${basename(destination)}.${process.pid}-${counter++}${TEMPORARY_FILE_SUFFIX}`);
  let fd: number | null = null;
  journal(`+${resolve(temporary)}`);
  try {
    fd = openSync(temporary, 'wx', 0o644);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    if (options.durable !== false) fsyncSync(fd);
    closeSync(fd);
    fd = null;
    faultPoint('write-before-rename');
    renameSync(temporary, destination);
    journal(`-${resolve(temporary)}`);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(temporary);
    } catch {
      /* never created, or already renamed */
    }
    journal(`-${resolve(temporary)}`);
    throw fileSystemError(e, path, 'write');
  }
  return path;
}

/** The file to replace: `path` itself, or the target of the symbolic link at `path`; refuses folders and devices. */
function resolveDestination(path: string): string {
  if (typeof path !== 'string' || path.trim() === '') throw new FileSystemError('FILE_NOT_FOUND', String(path), 'an output file path must not be empty');
  if (/[/\\]$/.test(path)) throw new FileSystemError('IS_A_DIRECTORY', path, `cannot write '${path}': the path ends with a slash, so it names a folder, not a file`);
  let stats;
  try {
    stats = statSync(path);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') return path;
    throw fileSystemError(e, path, 'write');
  }
  if (stats.isDirectory()) throw new FileSystemError('IS_A_DIRECTORY', path, `cannot write '${path}': it is a folder, not a file (EISDIR)`);
  if (!stats.isFile()) throw new FileSystemError('NOT_A_REGULAR_FILE', path, `cannot write '${path}': it is a device, pipe or socket, not a regular file`);
  try {
    return realpathSync(path);
  } catch (e) {
    throw fileSystemError(e, path, 'write');
  }
}
