/**
 * The WebAssembly twin of `firstPassWithBuckets`'s loop (firstPassWithBuckets.wat, docs/theory.md §11.8): the same
 * doubles bit for bit, 1.7× faster alone on one pair than the JavaScript loop (0.27 against 0.47 ms at V = 32,000;
 * V8 compiles the JavaScript loop's typed-array accesses with bounds and type checks, and its branch-free min through
 * a two-entry table in memory; the WebAssembly loop has neither), less inside a replay, where the other passes share
 * the caches (docs/traces.md). The module is compiled once, on first use, from the base64 bytes of
 * firstPassKernelBytes.ts (synchronously: 1 KB); each call returns a new instance on a new memory of at least
 * `bytes` bytes, which the caller lays out (`ratioBuckets.ts`).
 *
 * A memory is never grown: growing one detaches its old buffer, and the first detached buffer in a process makes
 * V8 check every typed-array access for detachment from then on (its "array buffer detaching" protector): a whole
 * replay at V = 32,000 ran 10–17 % slower after one `grow` of an unrelated 64 KB memory at start-up.
 *
 * Null where WebAssembly is missing or refuses the module, and on big-endian hosts (the caller's typed-array views
 * of the kernel's little-endian memory would read swapped bytes): the caller then runs the JavaScript loop.
 *
 * @example
 * ```ts
 * const kernel = firstPassKernel(100_000); // { memory, run }, or null without WebAssembly
 * kernel?.memory.buffer.byteLength; // 131072 (two pages of 64 KB)
 * ```
 */
import { FIRST_PASS_WASM_BASE64 } from './firstPassKernelBytes.ts';

/** The part of a WebAssembly memory used here (the project's type libraries do not describe WebAssembly's). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
}

/** The part of the WebAssembly API used here. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: KernelMemory } }) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => KernelMemory;
}

export interface FirstPassKernel {
  memory: KernelMemory;
  /** The loop: n tokens, the bucket map (base, ceiling, shift) and the byte offsets of every array (see the .wat). */
  run: (n: number, base: number, ceiling: number, shift: number, pAt: number, qAt: number, keyAt: number, ofAt: number, positiveAt: number, negativeAt: number, nextAt: number, tailAt: number, sumPAt: number, sumQAt: number, sumWAt: number, sumDAt: number, countAt: number, outAt: number) => void;
}

let compiled: { wasm: WasmApi; module: object } | null | undefined;

export function firstPassKernel(bytes: number): FirstPassKernel | null {
  if (compiled === undefined) {
    compiled = null;
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (littleEndian && wasm !== undefined) {
      try {
        const text = atob(FIRST_PASS_WASM_BASE64);
        const code = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) code[i] = text.charCodeAt(i);
        compiled = { wasm, module: new wasm.Module(code) };
      } catch {
        compiled = null;
      }
    }
  }
  if (compiled === null) return null;
  try {
    const memory = new compiled.wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65_536)) });
    const instance = new compiled.wasm.Instance(compiled.module, { env: { memory } });
    return { memory, run: instance.exports.firstPassWithBuckets as FirstPassKernel['run'] };
  } catch {
    return null;
  }
}
