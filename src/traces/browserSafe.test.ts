// The pure trace modules (parsers, layout, row decoding, bounds, replay) reach no Node built-in through their
// static imports, so they stay usable from the browser-safe `spechub` entry point; the Node adapters
// (openTrace, createTraceWriter, readVectorFile) are the only files of src/traces that use node:*.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const here = dirname(fileURLToPath(import.meta.url));
const NODE_ADAPTERS = new Set(['openTrace.ts', 'createTraceWriter.ts', 'readVectorFile.ts']);

function reachesNode(file: string, seen = new Set<string>()): string | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process'].includes(spec)) return `${file} imports ${spec}`;
    if (spec.startsWith('.')) {
      const found = reachesNode(resolve(dirname(file), spec), seen);
      if (found) return found;
    }
  }
  return null;
}

test('pure trace modules and replayTrace import no Node built-in (transitively)', () => {
  const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NODE_ADAPTERS.has(f));
  assert.ok(files.length >= 9, files.join(', '));
  for (const f of [...files.map((f) => join(here, f)), join(here, '../experiments/replayTrace.ts')]) assert.is(reachesNode(f), null);
  for (const f of NODE_ADAPTERS) assert.match(readFileSync(join(here, f), 'utf8'), /from 'node:fs'/, `${f} is a Node adapter`);
});

test.run();
