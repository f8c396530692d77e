// Every `@example` block in the TSDoc of src/ is executed (as tfjs runs its snippets), so that no example can
// reference an undefined name or a function that no longer exists. Each block runs in its own module with a
// prelude that brings into scope: every export of the public entry points, every export of the file the example
// documents, the spec's test vectors E1–E6 (rationals) with `p`, `q` = E4, and the Markov chains V1, V8 of §S6.1
// (rationals; `V1Float`, `V8Float` in floats). Imports in an example are hoisted (relative ones resolve against its file).
// Claims are checked: where a line ends with a comment holding a plain literal, optionally after `→`
// (`// '23/30'`, `// → 0.75`, `// true`, `// ['1/6', '1/3']`), the value of the line's expression (or of the
// constant it declares) must equal it; `// 0.7666…` checks the leading digits; `// throws CODE` checks that the
// line throws a SpechubError with that code. Examples run with the working folder set to a temporary folder (with
// links to the repository's examples/ and node_modules/, so that verifier programs and worker threads are found).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const ENTRY_POINTS = ['index.ts', 'optimum/index.ts', 'tree/index.ts', 'synthetic/index.ts', 'lm/index.ts', 'plots/index.ts', 'traces/index.ts']
  .map((f) => join(src, f));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

export interface Example { file: string; line: number; code: string }

/** The @example code fences of one file's TSDoc comments (leading ` * ` removed). */
export function tsdocExamples(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*\*\s*```/.test(lines[j]!)) j++;
    const start = j + 1;
    let end = start;
    while (end < lines.length && !/^\s*\*\s*```/.test(lines[end]!)) end++;
    const code = lines.slice(start, end).map((l) => l.replace(/^\s*\*\s?/, '')).join('\n');
    examples.push({ file, line: start + 1, code });
    i = end;
  }
  return examples;
}

/** A claim in a line comment: a plain literal, optionally after `→` (`// '23/30'`, `// → 0.75`, `// true`,
 * `// ['1/6', '1/3']`), or a decimal cut short with `…` (`// 0.7666…`: the value's decimal form starts so). */
export type Claim = { kind: 'equal'; value: unknown } | { kind: 'prefix'; digits: string } | { kind: 'throws'; code?: string };

function claimOf(comment: string): Claim | null {
  const literal = comment.trim().replace(/^→\s*/, '');
  const throws = /^throws\b(?:\s+(?:SpechubError\s+)?([A-Z][A-Z_]+)\b)?/.exec(literal); // `// throws K_TOO_LARGE …`
  if (throws !== null) return throws[1] === undefined ? { kind: 'throws' } : { kind: 'throws', code: throws[1] };
  const cut = /^(-?\d+\.\d+)…(?:$|\s)/.exec(literal);
  if (cut !== null) return { kind: 'prefix', digits: cut[1]! };
  // The whole comment, or a literal followed by an explanation after `:`, `(` or a dash (`// 2: one line …`).
  const m = /^('[^']*'|-?\d+(?:\.\d+)?(?:e-?\d+)?|true|false|null|\[(?:\s*(?:'[^']*'|-?\d+(?:\.\d+)?)\s*,?)*\])(?:$|\s*:\s|\s+\(|\s+[—–-]\s)/.exec(literal);
  if (m === null) return null;
  return { kind: 'equal', value: Function(`return (${m[1]});`)() };
}

/** `expr; // claim` → [expr, claim]; `const name = expr; // claim` → [name, claim] (checked after the line);
 * null when the line has no claim. */
export function expectation(line: string): [string, Claim, 'after'?] | null {
  const declared = /^\s*(?:const|let)\s+([A-Za-z_$][\w$]*)(?:\s*:[^=]+)?\s*=.+?;\s*\/\/\s*(.+)$/.exec(line);
  if (declared !== null) {
    const claim = claimOf(declared[2]!);
    return claim === null ? null : [declared[1]!, claim, 'after'];
  }
  const m = /^(?!\s*(?:const|let|var|import|export|await import)\b)(.+?);\s*\/\/\s*(.+)$/.exec(line);
  if (m === null) return null;
  const claim = claimOf(m[2]!);
  return claim === null ? null : [m[1]!, claim];
}

/** The claim checkers every example module gets (called by the lines `expectation` rewrites). */
const CHECKERS = `async function __throws(f: () => Promise<unknown>, claim: { code?: string }, line: string) {
  try { await f(); } catch (e) {
    if (claim.code !== undefined && (e as { code?: string }).code !== claim.code) throw new Error('expected a throw with code ' + claim.code + ', got ' + String((e as { code?: string }).code) + ' (' + (e as Error).message + ') in: ' + line);
    return;
  }
  throw new Error('expected a throw, got none in: ' + line);
}
function __check(actual: unknown, claim: { kind: string; value?: unknown; digits?: string }, line: string) {
  if (claim.kind === 'prefix') {
    if (typeof actual !== 'number' || !String(actual).startsWith(claim.digits!)) throw new Error('expected ' + claim.digits + '…, got ' + String(actual) + ' in: ' + line);
    return;
  }
  const expected = claim.value;
  const a = typeof expected === 'string' && typeof actual !== 'string' ? String(actual)
    : Array.isArray(expected) && Array.isArray(actual) && expected.every((x) => typeof x === 'string') ? actual.map(String) : actual;
  if (JSON.stringify(a) !== JSON.stringify(expected)) throw new Error('expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(a) + ' in: ' + line);
}`;

/** Examples that are not run, each with its reason (network, GPU or a long run only). Keys: `src/…/file.ts`. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  'src/lm/checkpoint.ts': 'needs a trained transformer (minutes of tfjs training on CPU)',
  'src/lm/trainingState.ts': 'needs a training run in progress (minutes of tfjs training on CPU)',
  'src/lm/train.ts': 'trains the 700-step transformer (minutes on CPU)',
  'src/lm/tokenizer/loadTokenizer.ts': 'reads the trained tokenizer under models/ (made by `npm run train`, minutes)',
  'src/lm/data/testPrompts.ts': 'needs the trained tokenizer under models/ (made by `npm run train`, minutes)',
  'src/lm/engine/measureEndToEnd.ts': 'needs trained transformer checkpoints (minutes of training) and decodes for seconds',
  'src/experiments/endToEndSweep.ts': 'needs trained transformer checkpoints and decodes a sweep (minutes)',
  'src/experiments/recordTrace.ts': 'needs trained transformer checkpoints (minutes of training)',
};

/** Names the prelude defines beside the entry points' exports: the spec's test vectors (E1–E6 of §7 in
 * rationals, `p`, `q` = E4; the Markov chains V1 and V8 of §S6.1, V1 also in floats). */
const PRELUDE_NAMES = ['v', 'E1', 'E2', 'E3', 'E4', 'E6', 'p', 'q', 'rows', 'V1', 'V1Float', 'V8Rows', 'V8', 'V8Float'];
const names = new Set<string>();
const exportsOf = async (file: string) => Object.keys(await import(pathToFileURL(file).href));

test('every @example in src/ runs, and its literal comments hold', async () => {
  const only = process.env.SPECHUB_EXAMPLES; // a substring of the file path: run only those examples (debugging)
  const files = walk(src).sort().filter((f) => only === undefined || f.includes(only));
  const prelude: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const keys = (await exportsOf(entry)).filter((k) => !names.has(k));
    keys.forEach((k) => names.add(k));
    prelude.push(`import { ${keys.join(', ')} } from '${pathToFileURL(entry).href}';`);
  }
  prelude.push(`const v = (t: string) => parseVector(t, rationalField);
const E1 = { p: v('1/6,1/3,1/2'), q: v('1/2,1/3,1/6') };
const E2 = { p: v('1/3,1/3,1/3'), q: v('1/3,1/2,1/6') };
const E3 = { p: v('1/3,1/3,1/3'), q: v('1/6,1/2,1/3') };
const E4 = { p: v('1/10,1/5,3/10,2/5'), q: v('2/5,3/10,1/5,1/10') };
const E6 = { p: v('1/2,1/4,1/8,1/8'), q: v('1/4,1/4,1/4,1/4') };
const { p, q } = E4;
const rows = (t: string, F = rationalField) => t.split(';').map((r) => parseVector(r.trim().split(/\\s+/).join(','), F));
const V1 = markovChainFromRows(rationalField, rows('1/3 2/3; 1/3 2/3'), rows('2/3 1/3; 2/3 1/3'));
const V1Float = markovChainFromRows(floatField, rows('1/3 2/3; 1/3 2/3', floatField), rows('2/3 1/3; 2/3 1/3', floatField));
const V8Rows = ['1/10 1/5 3/10 2/5; 2/5 3/10 1/5 1/10; 1/4 1/4 1/4 1/4; 1/5 1/5 1/5 2/5', '3/5 1/5 1/10 1/10; 1/10 3/5 1/5 1/10; 1/5 1/10 1/10 3/5; 1/2 1/6 1/6 1/6'];
const V8 = markovChainFromRows(rationalField, rows(V8Rows[0]!), rows(V8Rows[1]!));
const V8Float = markovChainFromRows(floatField, rows(V8Rows[0]!, floatField), rows(V8Rows[1]!, floatField));`);
  const dir = mkdtempSync(join(tmpdir(), 'spechub-examples-'));
  const failures: string[] = [];
  let count = 0;
  let excluded = 0;
  let claims = 0;
  const cwd = process.cwd();
  const times: [number, string][] = [];
  try {
    process.chdir(dir); // examples that write relative paths write into the temporary folder, removed below
    symlinkSync(join(root, 'examples'), join(dir, 'examples')); // the repository's examples/ (verifier programs)
    // The repository's packages: worker threads inherit `--import tsx`, which a worker resolves from the working
    // folder (Node 20), so examples that start workers (runCells, runGrid, figures) need tsx found from here.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const examples = tsdocExamples(file, text);
      if (examples.length === 0) continue;
      const own = (await exportsOf(file)).filter((k) => !names.has(k) && !PRELUDE_NAMES.includes(k));
      const ownImport = own.length > 0 ? `import { ${own.join(', ')} } from '${pathToFileURL(file).href}';` : '';
      const key = relative(root, file).split('\\').join('/');
      if (EXCLUDED[key] !== undefined) { excluded += examples.length; continue; }
      for (const ex of examples) {
        count++;
        // Imports are hoisted to the module: `spechub` ones are dropped (the prelude has those names), relative
        // ones resolve against the documented file, `node:` and package ones stay as written.
        const imports: string[] = [];
        const body: string[] = [];
        // A line that starts with `.` continues the expression above it (method chains): join them first.
        const lines: string[] = [];
        for (const l of ex.code.split('\n')) {
          if (/^\s*\.(?!\.\.)/.test(l) && lines.length > 0) lines[lines.length - 1] += ' ' + l.trim();
          else lines.push(l);
        }
        for (const l of lines) {
          const imp = /^\s*import\b.*?from\s+'([^']+)';?\s*$/.exec(l);
          if (imp !== null) {
            if (imp[1]!.startsWith('spechub')) continue;
            imports.push(imp[1]!.startsWith('.') ? l.replace(`'${imp[1]}'`, `'${pathToFileURL(resolve(dirname(file), imp[1]!)).href}'`) : l);
            continue;
          }
          const e = expectation(l);
          if (e !== null) claims++;
          if (e === null) body.push(l);
          else if (e[2] === 'after') body.push(l, `__check(${e[0]}, ${JSON.stringify(e[1])}, ${JSON.stringify(l.trim())});`);
          else if (e[1].kind === 'throws' && e[2] === 'after') body.push(`await __throws(async () => { ${l} }, ${JSON.stringify(e[1])}, ${JSON.stringify(l.trim())});`);
          else if (e[1].kind === 'throws') body.push(`await __throws(async () => ${e[0]}, ${JSON.stringify(e[1])}, ${JSON.stringify(l.trim())});`);
          else body.push(`__check(${e[0]}, ${JSON.stringify(e[1])}, ${JSON.stringify(l.trim())});`);
        }
        const module = [...prelude, ownImport, ...imports,
          CHECKERS,
          'export async function run() {', ...body, '}'].join('\n');
        const path = join(dir, `example${count}.mts`);
        writeFileSync(path, module);
        const started = performance.now();
        try {
          await (await import(pathToFileURL(path).href)).run();
        } catch (e) {
          const message = (e as Error).message;
          failures.push(`${relative(root, ex.file)}:${ex.line}: ${only === undefined ? message.split('\n')[0] : message}`);
        }
        times.push([performance.now() - started, `${relative(root, ex.file)}:${ex.line}`]);
      }
    }
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  ${count} examples run, ${count - failures.length} pass, ${claims} claims checked, ${excluded} excluded (EXCLUDED lists why)`);
  if (process.env.SPECHUB_EXAMPLE_TIMES !== undefined) {
    console.log(times.sort((a, b) => b[0] - a[0]).slice(0, 15).map(([ms, at]) => `${ms.toFixed(0).padStart(7)} ms  ${at}`).join('\n'));
  }
  if (only !== undefined) { assert.equal(failures, []); return; }
  assert.ok(count > 50, `only ${count} examples found`);
  assert.equal(failures, []);
});

test('every source file with a runtime export has an @example (TSDoc on every export)', () => {
  const missing = walk(src).filter((file) => {
    const path = relative(src, file).split('\\').join('/');
    if (/(^|\/)(_internals|_testing)\//.test(path)) return false; // private helpers
    const text = readFileSync(file, 'utf8');
    return /^export (?:async )?(?:function|class|const|let|abstract class)\b/m.test(text) && tsdocExamples(file, text).length === 0;
  }).map((file) => relative(root, file));
  assert.equal(missing, []);
});

test('the claim checkers fail on a wrong claim, a missing throw and a wrong code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spechub-examples-teeth-'));
  try {
    const cases: Array<[string, boolean]> = [
      ["__check(1 + 1, { kind: 'equal', value: 2 }, 'x');", true],
      ["__check(1 + 2, { kind: 'equal', value: 2 }, 'x');", false],
      ["__check(['1/2'], { kind: 'equal', value: ['1/2'] }, 'x');", true],
      ["__check(0.76666, { kind: 'prefix', digits: '0.7666' }, 'x');", true],
      ["__check(0.7665, { kind: 'prefix', digits: '0.7666' }, 'x');", false],
      ["await __throws(async () => 1, { kind: 'throws' }, 'x');", false],
      ["await __throws(async () => { throw Object.assign(new Error('e'), { code: 'EMPTY' }); }, { kind: 'throws', code: 'EMPTY' }, 'x');", true],
      ["await __throws(async () => { throw Object.assign(new Error('e'), { code: 'EMPTY' }); }, { kind: 'throws', code: 'TOO_LARGE' }, 'x');", false],
    ];
    for (const [i, [line, passes]] of cases.entries()) {
      const path = join(dir, `teeth${i}.mts`);
      writeFileSync(path, [CHECKERS, 'export async function run() {', line, '}'].join('\n'));
      let threw = false;
      try { await (await import(pathToFileURL(path).href)).run(); } catch { threw = true; }
      assert.is(threw, !passes, line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the example checker has teeth', () => {
  assert.equal(expectation("acceptance(x); // '5/6'"), ['acceptance(x)', { kind: 'equal', value: '5/6' }]);
  assert.equal(expectation('f(); // 0.75'), ['f()', { kind: 'equal', value: 0.75 }]);
  assert.equal(expectation('f(); // → 0.75'), ['f()', { kind: 'equal', value: 0.75 }]);
  assert.equal(expectation("f(); // → ['1/6', '1/3']"), ['f()', { kind: 'equal', value: ['1/6', '1/3'] }]);
  assert.equal(expectation('f(); // 0.7666…'), ['f()', { kind: 'prefix', digits: '0.7666' }]);
  assert.equal(expectation('f(); // 0.7666… (23/30)'), ['f()', { kind: 'prefix', digits: '0.7666' }]);
  assert.equal(expectation("const a = f(); // '1/2'"), ['a', { kind: 'equal', value: '1/2' }, 'after']);
  assert.equal(expectation('f(); // throws K_TOO_LARGE: k > n'), ['f()', { kind: 'throws', code: 'K_TOO_LARGE' }]);
  assert.equal(expectation('f(); // throws SpechubError NOT_FINITE'), ['f()', { kind: 'throws', code: 'NOT_FINITE' }]);
  assert.equal(expectation('f(); // throws: no mass'), ['f()', { kind: 'throws' }]);
  assert.equal(expectation('f(); // 2: one line on stderr'), ['f()', { kind: 'equal', value: 2 }]);
  assert.equal(expectation("f(); // 'rrs' (a token-level id)"), ['f()', { kind: 'equal', value: 'rrs' }]);
  assert.is(expectation('f(); // 2^3 tree'), null);
  assert.is(expectation("f(); // {token: 0} or a residual draw"), null);
  assert.is(expectation('const a = f(); // the law'), null);
  const [ex] = tsdocExamples('x.ts', "/**\n * @example\n * ```ts\n * f(1); // '2'\n * ```\n */");
  assert.is(ex!.code, "f(1); // '2'");
});

test.run();
