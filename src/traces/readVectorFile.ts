/**
 * Node adapter: reads one probability vector from a file or from standard input (`-`) and parses it with
 * {@link parseVectorBytes} (JSON array, one number per line, `.npy`, or `file.safetensors#tensor`).
 * `-#name` names a tensor when standard input carries a safetensors file.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { encodeNpy } from './parseNpy.ts';
 * writeFileSync('target.npy', encodeNpy([0.25, 0.75]));
 * const target = readVectorFile('target.npy', 'target');
 * Array.from(target.values); // [0.25, 0.75]
 * readVectorFile('missing.safetensors#draft', 'draft'); // throws INVALID_ARGUMENT: no such file (`file#tensor`: a 1-D tensor of a safetensors file)
 * ```
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { SpechubError } from '../core/errors.ts';
import { type ParsedVector, parseVectorBytes } from './parseVectorBytes.ts';

/** Largest vector file read (2 GiB; a 128,256-entry float64 vector is 1 MB). */
export const VECTOR_FILE_MAX_BYTES = 2 ** 31 - 1;

/** Splits `path#tensor` (the tensor part only for .safetensors paths and stdin). */
export function splitTensorName(spec: string): { path: string; tensor: string | undefined } {
  const hash = spec.lastIndexOf('#');
  if (hash > 0) {
    const path = spec.slice(0, hash);
    if (path === '-' || extname(path).toLowerCase() === '.safetensors') return { path, tensor: spec.slice(hash + 1) || undefined };
  }
  return { path: spec, tensor: undefined };
}

/**
 * Reads and parses one vector; `what` (e.g. 'target') starts every error message. `stdin` supplies standard
 * input's bytes (tests pass a buffer; by default file descriptor 0 is read).
 */
export function readVectorFile(spec: string, what: string, stdin: () => Uint8Array = () => readFileSync(0)): ParsedVector {
  const { path, tensor } = splitTensorName(spec);
  if (path === '-') {
    const bytes = stdin();
    return parseVectorBytes(bytes, { name: `${what} (stdin)`, extension: '', ...(tensor === undefined ? {} : { tensor }) });
  }
  if (!existsSync(path)) throw new SpechubError('INVALID_ARGUMENT', `${what}: no such file: ${path}`);
  const size = statSync(path).size;
  if (size > VECTOR_FILE_MAX_BYTES) throw new SpechubError('TOO_LARGE', `${what}: ${path} has ${size} bytes; vector files are limited to ${VECTOR_FILE_MAX_BYTES}`);
  const bytes = readFileSync(path);
  return parseVectorBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), { name: `${what} (${path})`, extension: extname(path), ...(tensor === undefined ? {} : { tensor }) });
}
