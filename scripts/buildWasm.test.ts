// The committed WebAssembly modules (base64 in src/…/<name>Bytes.ts) are what scripts/build-wasm.ts makes of their
// .wat sources today: a .wat edited without `npm run build:wasm` fails here. The comparison is by the whole
// generated text; a second check decodes the committed base64 and compares it byte for byte with wat2wasm's output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildWasm, compileWat, WASM_SOURCES } from './build-wasm.ts';
import { FIRST_PASS_WASM_BASE64 } from '../src/traces/_internals/firstPassKernelBytes.ts';

test('every generated module is up to date with its .wat', async () => {
  assert.equal(await buildWasm(true), []);
});

test('the first-pass kernel: the committed bytes are the compiled .wat, and a valid module', async () => {
  const source = WASM_SOURCES.find((s) => s.name === 'FIRST_PASS_WASM_BASE64')!;
  const compiled = await compileWat(source.wat);
  const committed = new Uint8Array(Buffer.from(FIRST_PASS_WASM_BASE64, 'base64'));
  assert.equal(Array.from(committed), Array.from(compiled));
  const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  assert.ok(wasm.validate(committed));
});

test.run();
