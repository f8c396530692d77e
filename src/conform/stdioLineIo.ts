/**
 * Node only. Synchronous line I/O on this process's stdin and stdout (file descriptors 0 and 1), for programs
 * that answer the protocol from a synchronous loop (`serveVerifierProtocol`): UTF-8 decoded across chunk
 * boundaries, partial writes completed, EAGAIN on non-blocking descriptors waited out.
 *
 * @example
 * ```ts
 * const io = stdioLineIo();
 * for (let line = io.readLine(); line !== null; line = io.readLine()) io.writeLine(line.toUpperCase());
 * ```
 */
import { readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { SyncLineIo } from './serveVerifierProtocol.ts';

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepMs = (ms: number) => Atomics.wait(pause, 0, 0, ms);

const isAgain = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'EAGAIN';

export function stdioLineIo(input = 0, output = 1): SyncLineIo {
  const chunk = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let ended = false;
  return {
    readLine(): string | null {
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline >= 0) {
          let line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          return line;
        }
        if (ended) {
          if (buffer === '') return null;
          const last = buffer;
          buffer = '';
          return last;
        }
        let bytes: number;
        try {
          bytes = readSync(input, chunk, 0, chunk.length, null);
        } catch (e) {
          if (isAgain(e)) {
            sleepMs(1);
            continue;
          }
          if ((e as NodeJS.ErrnoException)?.code === 'EOF') bytes = 0;
          else throw e;
        }
        if (bytes === 0) {
          ended = true;
          buffer += decoder.end();
        } else buffer += decoder.write(chunk.subarray(0, bytes));
      }
    },
    writeLine(line: string): void {
      const data = Buffer.from(line + '\n', 'utf8');
      let offset = 0;
      while (offset < data.length) {
        try {
          offset += writeSync(output, data, offset, data.length - offset);
        } catch (e) {
          if (isAgain(e)) sleepMs(1);
          else throw e;
        }
      }
    },
  };
}
