// The module graph is layered (docs/ARCHITECTURE.md, "Layers"): imports flow one way, from a folder to the
// folders below it, and no folder imports another folder's private `_internals/`. Built from the import
// statements of every source file under src/ (tests included). The checks are pure functions over an edge list,
// so the last test can feed them a fake graph that violates each rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The layers, lowest first, as in the table of docs/ARCHITECTURE.md. Source files import only from their own
 * folder and from lower layers; tests (`*.test.ts`) may also import from higher layers (they are consumers), but
 * never another folder's _internals. `index.ts` (the `spechub` barrel) sits on top: barrels only re-export. */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['random'],
  ['draws'],
  ['optimum'],
  ['verifiers'],
  ['methods.ts'],
  ['analysis'],
  ['sampling'],
  ['montecarlo'],
  ['tree'],
  ['sequence'],
  ['backend'],
  ['synthetic'],
  ['lm'],
  ['traces'],
  ['conform'],
  ['experiments'],
  ['plots'],
  ['cli'],
  ['index.ts'],
];

export function layerOf(top: string): number {
  return LAYERS.findIndex((layer) => layer.includes(top));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** An import edge between two paths relative to src/, with '/' separators. */
export interface Edge { from: string; to: string }

/** Relative module specifiers of one file: `import … from`, `export … from`, bare `import '…'`, `import('…')`. */
export function relativeSpecifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

const posix = (p: string) => p.split('\\').join('/');

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of walk(src)) {
    for (const spec of relativeSpecifiers(readFileSync(file, 'utf8'))) {
      edges.push({ from: posix(relative(src, file)), to: posix(relative(src, resolve(dirname(file), spec))) });
    }
  }
  return edges;
}

/** Top-level entry of src/ a path belongs to (`core`, `methods.ts`…); `..` when it leaves src/. */
const topOf = (path: string) => path.split('/')[0]!;
/** Index barrels of an area (src/<area>/index.ts) and src/index.ts only re-export; they may reach across layers. */
const isBarrel = (path: string) => path === 'index.ts' || /^[^/]+\/index\.ts$/.test(path);
/** Tests, and test-support modules (`_testing/` folders, used by tests only: checked below), are consumers. */
const isTest = (path: string) => path.endsWith('.test.ts') || path.split('/').includes('_testing');

/** Edges from library code (not a test, not test support) into a `_testing/` folder. */
export function testSupportInLibrary(edges: readonly Edge[]): string[] {
  return edges.filter(({ from, to }) => !isTest(from) && to.split('/').includes('_testing')).map((e) => `${e.from} → ${e.to}`);
}

/** Edges that import a folder's `_internals/` from outside that folder. */
export function foreignInternals(edges: readonly Edge[]): string[] {
  return edges.filter(({ from, to }) => {
    const parts = to.split('/');
    const i = parts.indexOf('_internals');
    if (i < 0) return false;
    const owner = parts.slice(0, i).join('/'); // the folder that owns this _internals
    return !from.startsWith(owner + '/');
  }).map((e) => `${e.from} → ${e.to}`);
}

/** Non-test, non-barrel edges that go to another top-level entry at the same or a higher layer, or outside the
 * layers (an unknown folder or a path outside src/). */
export function upwardImports(edges: readonly Edge[]): string[] {
  return edges.filter(({ from, to }) => {
    if (isBarrel(from) || isTest(from)) return false;
    if (topOf(from) === topOf(to)) return false;
    const a = layerOf(topOf(from));
    const b = layerOf(topOf(to));
    return a < 0 || b < 0 || b >= a;
  }).map((e) => `${e.from} → ${e.to}`);
}

/** Folder-level cycles (any file, tests excluded) found by depth-first search; each as `a → b → … → a`. */
export function folderCycles(edges: readonly Edge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (isTest(from) || isBarrel(from) || topOf(from) === topOf(to)) continue;
    if (!graph.has(topOf(from))) graph.set(topOf(from), new Set());
    graph.get(topOf(from))!.add(topOf(to));
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const edges = importEdges();

test('the import scan finds the graph (sanity)', () => {
  assert.ok(edges.length > 500, `only ${edges.length} import edges found`);
  assert.ok(edges.some((e) => e.from === 'verifiers/rrs.ts' && e.to.startsWith('core/')), 'rrs.ts imports core/');
});

test('every top-level entry of src/ belongs to a layer', () => {
  for (const name of readdirSync(src)) {
    if (isTest(name)) continue;
    assert.ok(layerOf(name) >= 0, `src/${name} is in no layer of scripts/architecture.test.ts`);
  }
});

test('no folder imports another folder\'s _internals', () => {
  assert.equal(foreignInternals(edges), []);
});

test('imports flow downward through the layers', () => {
  assert.equal(upwardImports(edges), []);
});

test('library code never imports test support (_testing/)', () => {
  assert.equal(testSupportInLibrary(edges), []);
  assert.equal(testSupportInLibrary([{ from: 'cli/main.ts', to: 'cli/_testing/runCaptured.ts' }, { from: 'cli/cli.test.ts', to: 'cli/_testing/runCaptured.ts' }]), ['cli/main.ts → cli/_testing/runCaptured.ts']);
});

test('no folder-level import cycle', () => {
  assert.equal(folderCycles(edges), []);
});

test('the checker has teeth: a fake graph with each violation is caught', () => {
  assert.equal(relativeSpecifiers("import { a } from '../core/x.ts';\nexport * from \"./y.ts\";\nimport './z.ts';\nconst m = await import('../w.ts');\nimport type {\n  B,\n} from '../v.ts';"),
    ['../core/x.ts', './y.ts', './z.ts', '../w.ts', '../v.ts']);
  const fake: Edge[] = [
    { from: 'core/field.ts', to: 'core/rational.ts' },               // same folder: fine
    { from: 'verifiers/rrs.ts', to: 'core/field.ts' },               // downward: fine
    { from: 'core/x.ts', to: 'cli/y.ts' },                           // upward
    { from: 'optimum/gapReport.ts', to: 'methods.ts' },              // upward (the old knot)
    { from: 'draws/a.ts', to: 'optimum/b.ts' },                      // upward, closes a cycle with the next edge
    { from: 'optimum/b.ts', to: 'draws/c.ts' },                      // downward
    { from: 'tree/t.ts', to: 'nowhere/u.ts' },                       // unknown folder
    { from: 'tree/t.test.ts', to: 'cli/main.ts' },                   // a test may import from above
    { from: 'index.ts', to: 'plots/x.ts' },                          // the barrel may re-export anything
    { from: 'analysis/a.ts', to: 'optimum/_internals/h.ts' },        // foreign _internals (downward, still banned)
    { from: 'optimum/lp/s.ts', to: 'optimum/_internals/h.ts' },      // own _internals from a subfolder: fine
    { from: 'optimum/o.test.ts', to: 'draws/_internals/k.ts' },      // foreign _internals from a test: banned
  ];
  assert.equal(upwardImports(fake), ['core/x.ts → cli/y.ts', 'optimum/gapReport.ts → methods.ts', 'draws/a.ts → optimum/b.ts', 'tree/t.ts → nowhere/u.ts']);
  assert.equal(foreignInternals(fake), ['analysis/a.ts → optimum/_internals/h.ts', 'optimum/o.test.ts → draws/_internals/k.ts']);
  assert.equal(folderCycles(fake), ['optimum → draws → optimum']);
});

test.run();
