// The core entry point (src/index.ts) exposes the in-process harness but reaches no Node built-in: the process
// client (startVerifierProcess, conformProgram) and the synchronous stdio (stdioLineIo) stay outside it, so the
// barrel still bundles for the browser (GUIDE: layering).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as spechub from '../index.ts';

function staticImports(entry: string): { files: Set<string>; builtins: string[] } {
  const files = new Set<string>();
  const builtins: string[] = [];
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:')) builtins.push(`${file} imports ${spec}`);
      else if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
    }
  };
  walk(entry);
  return { files, builtins };
}

test('src/index.ts exports the in-process harness and reaches no Node built-in', () => {
  assert.type(spechub.conformVerifier, 'function');
  assert.type(spechub.runConformance, 'function');
  assert.type(spechub.goodnessOfFitPower, 'function');
  assert.is(spechub.PROTOCOL_VERSION, 'spechub-verifier/1');
  const { files, builtins } = staticImports(fileURLToPath(new URL('../index.ts', import.meta.url)));
  assert.equal(builtins, []);
  const reached = [...files].map((f) => f.split('/src/')[1]);
  for (const nodeOnly of ['conform/startVerifierProcess.ts', 'conform/conformProgram.ts', 'conform/stdioLineIo.ts']) assert.not.ok(reached.includes(nodeOnly), nodeOnly);
  assert.ok(reached.includes('conform/shrinkCounterexample.ts'));
});

test.run();
