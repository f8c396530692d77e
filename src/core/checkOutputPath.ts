/**
 * Node-only. Checks, before any expensive work, that an output file or folder can be written where the user
 * asked, without creating anything: the path is not empty; a file path does not end with a slash and is not
 * an existing folder, device, pipe or socket; a folder path is not an existing file; and the nearest existing
 * ancestor folder is a folder (not a file: `NOT_A_DIRECTORY`) that this process may write into
 * (`PERMISSION_DENIED`). Throws a typed {@link FileSystemError}; the CLI reports it in one line, exit 2.
 *
 * @example
 * ```ts
 * checkOutputPath('out/report.md', 'file');   // ok when out/ exists or can be created
 * checkOutputPath('', 'folder');              // throws FILE_NOT_FOUND: the output folder path must not be empty
 * ```
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FileSystemError } from './errors.ts';
import { fileSystemError } from './fileSystemError.ts';

/** Throws unless `path` can be written as a `kind` (see the module comment); `what` names it in messages. */
export function checkOutputPath(path: string, kind: 'file' | 'folder', what = kind === 'file' ? 'output file' : 'output folder'): void {
  if (typeof path !== 'string' || path.trim() === '') throw new FileSystemError('FILE_NOT_FOUND', String(path), `the ${what} path must not be empty`);
  if (kind === 'file' && /[/\\]$/.test(path)) throw new FileSystemError('IS_A_DIRECTORY', path, `${what} '${path}' ends with a slash, so it names a folder, not a file`);
  const existing = statOrNull(path);
  if (existing !== null) {
    if (kind === 'file' && existing.isDirectory()) throw new FileSystemError('IS_A_DIRECTORY', path, `${what} '${path}' is a folder, not a file (EISDIR)`);
    if (kind === 'file' && !existing.isFile()) throw new FileSystemError('NOT_A_REGULAR_FILE', path, `${what} '${path}' is a device, pipe or socket, not a regular file`);
    if (kind === 'folder' && !existing.isDirectory()) throw new FileSystemError('NOT_A_DIRECTORY', path, `${what} '${path}' exists and is not a folder (ENOTDIR)`);
    writable(kind === 'folder' ? path : dirname(resolve(path)), what, path);
    return;
  }
  // The nearest existing ancestor must be a folder we can write into.
  let ancestor = dirname(resolve(path));
  for (;;) {
    const s = statOrNull(ancestor);
    if (s !== null) {
      if (!s.isDirectory()) throw new FileSystemError('NOT_A_DIRECTORY', path, `cannot create ${what} '${path}': '${ancestor}' is a file, not a folder (ENOTDIR)`);
      writable(ancestor, what, path);
      return;
    }
    const parent = dirname(ancestor);
    if (parent === ancestor) return;
    ancestor = parent;
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') return null;
    if (errno === 'ENOTDIR') throw new FileSystemError('NOT_A_DIRECTORY', path, `cannot use '${path}': a file is in the way where a folder is needed (ENOTDIR)`);
    throw fileSystemError(e, path, 'use');
  }
}

function writable(folder: string, what: string, path: string): void {
  try {
    accessSync(folder, constants.W_OK);
  } catch (e) {
    throw fileSystemError(e, folder, `write ${what} '${path}' into`);
  }
}
