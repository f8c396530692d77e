/**
 * Node-only. Reads an input file with bounds, so that no path can make spechub hang or fill the memory:
 * - the file is opened non-blocking and must be a regular file: a folder (`IS_A_DIRECTORY`), a character
 *   device such as `/dev/zero` or `/dev/stdin`, a pipe or a socket (`NOT_A_REGULAR_FILE`) is refused before
 *   a byte is read;
 * - at most `maxBytes` bytes are read (default 256 MiB; `TOO_LARGE` beyond), even when the size the file
 *   system reports is wrong (e.g. 0 for files under /proc);
 * - `exactBytes`, when given, must equal the file's size (`PARSE_ERROR` otherwise, before reading).
 * Missing files and permission problems are typed too (`FILE_NOT_FOUND`, `PERMISSION_DENIED`).
 *
 * {@link readTextFileBounded} decodes UTF-8 and drops a leading byte-order mark (files saved by some
 * Windows editors start with one); {@link readJsonFileBounded} also parses JSON (`PARSE_ERROR` with the
 * path).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('chains.json', '{"chains": []}');
 * const chains = readJsonFileBounded('chains.json', { what: 'chains file' });
 * readFileBounded('chains.json', { exactBytes: 14 }).length;     // 14
 * readFileBounded('chains.json', { exactBytes: 10_363_392 });    // throws: the file has 14 bytes, not 10,363,392
 * ```
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { FileSystemError, ParseError, SpechubError } from './errors.ts';
import { fileSystemError } from './fileSystemError.ts';

/** Default read limit: 256 MiB. */
export const DEFAULT_MAX_READ_BYTES = 256 * 1024 * 1024;

/** Options of the bounded readers. */
export interface ReadFileBoundedOptions {
  /** Most bytes to read (default {@link DEFAULT_MAX_READ_BYTES}). */
  maxBytes?: number;
  /** The file must have exactly this many bytes. */
  exactBytes?: number;
  /** Name of the file in messages ('chains file', 'tree file', …). */
  what?: string;
}

/** The bytes of a regular file, read with the bounds above. */
export function readFileBounded(path: string, options: ReadFileBoundedOptions = {}): Buffer {
  const what = options.what ?? 'file';
  const maxBytes = options.exactBytes ?? options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  if (typeof path !== 'string' || path === '') throw new FileSystemError('FILE_NOT_FOUND', String(path), `the ${what} path must not be empty`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileSystemError(e, path, `read ${what}`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new FileSystemError('IS_A_DIRECTORY', path, `cannot read ${what} '${path}': it is a folder, not a file (EISDIR)`);
    if (!stats.isFile()) throw new FileSystemError('NOT_A_REGULAR_FILE', path, `cannot read ${what} '${path}': it is a device, pipe or socket, not a regular file`);
    if (options.exactBytes !== undefined && stats.size !== options.exactBytes) {
      throw new SpechubError('PARSE_ERROR', `${what} '${path}' has ${stats.size} bytes but ${options.exactBytes} are expected (${stats.size < options.exactBytes ? 'truncated' : 'trailing data'})`);
    }
    if (stats.size > maxBytes) throw new SpechubError('TOO_LARGE', `${what} '${path}' has ${stats.size} bytes, above the limit of ${maxBytes}`);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1));
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      } catch (e) {
        throw fileSystemError(e, path, `read ${what}`);
      }
      if (read === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, read)));
      total += read;
      if (total > maxBytes) {
        if (options.exactBytes !== undefined) throw new SpechubError('PARSE_ERROR', `${what} '${path}' holds more than the ${options.exactBytes} bytes expected (trailing data)`);
        throw new SpechubError('TOO_LARGE', `${what} '${path}' holds more than ${maxBytes} bytes`);
      }
    }
    const bytes = Buffer.concat(chunks, total);
    if (options.exactBytes !== undefined && bytes.length !== options.exactBytes) {
      throw new SpechubError('PARSE_ERROR', `${what} '${path}' has ${bytes.length} bytes but ${options.exactBytes} are expected (truncated)`);
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** The UTF-8 text of a regular file (bounded, byte-order mark dropped). */
export function readTextFileBounded(path: string, options: ReadFileBoundedOptions = {}): string {
  const text = readFileBounded(path, options).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The parsed JSON of a regular file (bounded, byte-order mark dropped); `PARSE_ERROR` naming the file. */
export function readJsonFileBounded(path: string, options: ReadFileBoundedOptions = {}): unknown {
  const text = readTextFileBounded(path, options);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParseError(`${options.what ?? 'file'} '${path}' is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
