// clients/python/spechub_trace.py under python3: what it writes, the TypeScript reader reads back bit-exactly
// (every stored value equals the TypeScript encoder's rounding of the same double), with and without numpy
// (the two encoders must give identical files); and Python's reader reads what TypeScript writes.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTraceWriter } from './createTraceWriter.ts';
import { openTrace } from './openTrace.ts';
import { parseSafetensorsHeader, safetensorsHeaderLength } from './parseSafetensorsHeader.ts';
import { decodeFloats, decodeIntegers, encodeValues, type FloatDtype, type TensorDtype } from './tensorDtypes.ts';
import { scratchFolder } from './_testing/traceFiles.ts';

const client = resolve(fileURLToPath(import.meta.url), '../../../clients/python');
const scratch = scratchFolder('spechub-python-');
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
if (python.status !== 0 && !process.env.SPECHUB_SKIP_PYTHON) throw new Error('python3 is required for the Python writer round trip (set SPECHUB_SKIP_PYTHON=1 to skip)');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

function py(script: string, env: Record<string, string> = {}): string {
  const r = spawnSync('python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(client)})\n${script}`], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

// The same doubles in both languages: integer arithmetic and one correctly rounded division.
const P = 5;
const V = 11;
const weight = (i: number, j: number) => ((i * 7 + j * 13) % 17) + 1;
const dense = (i: number) => {
  const w = Array.from({ length: V }, (_, j) => weight(i, j));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
};
const logit = (i: number, j: number) => (j * 3 - i * 5) / 7;
const PY_VALUES = `
P, V = ${P}, ${V}
def weight(i, j): return (i * 7 + j * 13) % 17 + 1
def dense(i):
    w = [weight(i, j) for j in range(V)]
    s = sum(w)
    return [x / s for x in w]
def logit(i, j): return (j * 3 - i * 5) / 7
`;

function rawTensor(path: string, name: string): { dtype: string; values: Float64Array } {
  const bytes = new Uint8Array(readFileSync(path));
  const n = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.length);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length);
  const t = header.tensors.get(name)!;
  const data = bytes.subarray(header.dataStart + t.begin, header.dataStart + t.end);
  const count = t.shape.reduce((a, b) => a * b, 1);
  return { dtype: t.dtype, values: t.dtype.startsWith('I') ? decodeIntegers(data, t.dtype as 'I32' | 'I64', count) : decodeFloats(data, t.dtype as FloatDtype, count) };
}

/** The double the format stores for x in dtype (TypeScript's encoder, then decoder). */
const stored = (x: number, dtype: TensorDtype) => decodeFloats(encodeValues([x], dtype), dtype as FloatDtype, 1)[0]!;

for (const numpy of hasNumpy ? [false, true] : [false]) {
  test(`python writer (${numpy ? 'numpy' : 'standard library'}) → TypeScript reader, bit-exact: dense F32/F16/BF16, logits F64, top-K I64`, () => {
    const tag = numpy ? 'np' : 'std';
    py(
      `${PY_VALUES}
from spechub_trace import write_trace
${numpy ? 'import numpy as np\nwrap = lambda rows: np.array(rows, dtype=np.float64)' : 'wrap = lambda rows: rows'}
for dtype in ["F32", "F16", "BF16"]:
    write_trace(${JSON.stringify(scratch.dir)} + "/dense-${tag}-" + dtype + ".safetensors", target=wrap([dense(i) for i in range(P)]),
                draft=wrap([dense(i + 1) for i in range(P)]), context_id=[i // 2 for i in range(P)], position=list(range(P)),
                metadata={"source": "python", "temperature": "1"}, dtype=dtype)
write_trace(${JSON.stringify(scratch.dir)} + "/logits-${tag}.safetensors", target_logits=wrap([[logit(i, j) for j in range(V)] for i in range(P)]),
            draft_logits=wrap([[logit(i + 2, j) for j in range(V)] for i in range(P)]), metadata={"temperature": "0.5"}, dtype="F64")
ids = [sorted(range(V), key=lambda j: (-weight(i, j), j))[:4] for i in range(P)]
probs = [[dense(i)[j] for j in ids[i]] for i in range(P)]
write_trace(${JSON.stringify(scratch.dir)} + "/topk-${tag}.safetensors", target_ids=ids, target_probs=probs, draft=wrap([dense(i) for i in range(P)]),
            vocab_size=V, id_dtype="I64", dtype="F32")
`,
      numpy ? {} : { SPECHUB_TRACE_NO_NUMPY: '1' },
    );
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      const path = join(scratch.dir, `dense-${tag}-${dtype}.safetensors`);
      const raw = rawTensor(path, 'target');
      assert.is(raw.dtype, dtype);
      for (let i = 0; i < P; i++) for (let j = 0; j < V; j++) assert.is(raw.values[i * V + j], stored(dense(i)[j]!, dtype), `${dtype} [${i}, ${j}]`);
      const trace = openTrace(path);
      assert.equal(trace.layout.metadata.raw, { format: 'spechub-trace/1', source: 'python', temperature: '1' });
      const rows = [...trace.positions()];
      trace.close();
      assert.equal(rows.map((r) => [r.contextId, r.position]), [[0, 0], [0, 1], [1, 2], [1, 3], [2, 4]]);
      rows.forEach((r, i) => {
        assert.ok(r.draft.kind === 'dense');
        const s = dense(i + 1).reduce((a, x) => a + stored(x, dtype), 0);
        // The analysed law: each stored value times the reciprocal of the row's float64 sum (docs/traces.md).
        for (let j = 0; j < V; j++) assert.is(r.draft.probs[j], stored(dense(i + 1)[j]!, dtype) * (1 / s), `draft law ${dtype} [${i}, ${j}]`);
      });
    }
    const logits = rawTensor(join(scratch.dir, `logits-${tag}.safetensors`), 'draft_logits');
    for (let i = 0; i < P; i++) for (let j = 0; j < V; j++) assert.is(logits.values[i * V + j], logit(i + 2, j));
    const topk = join(scratch.dir, `topk-${tag}.safetensors`);
    const topIds = (i: number) => Array.from({ length: V }, (_, j) => j).sort((a, b) => weight(i, b) - weight(i, a) || a - b).slice(0, 4);
    assert.equal(Array.from(rawTensor(topk, 'target_ids').values), Array.from({ length: P }, (_, i) => topIds(i)).flat());
    const t = openTrace(topk);
    const first = t.positions().next().value!;
    t.close();
    assert.ok(first.target.kind === 'topk');
    assert.equal(Array.from(first.target.probs), topIds(0).map((j) => stored(dense(0)[j]!, 'F32')));
    assert.is(t.layout.metadata.vocabSize, V);
  });
}

if (hasNumpy) {
  test('numpy and standard-library encoders write byte-identical files', () => {
    for (const name of ['dense-%-F32', 'dense-%-F16', 'dense-%-BF16', 'logits-%', 'topk-%']) {
      const a = readFileSync(join(scratch.dir, `${name.replace('%', 'std')}.safetensors`));
      const b = readFileSync(join(scratch.dir, `${name.replace('%', 'np')}.safetensors`));
      assert.ok(a.equals(b), name);
    }
  });
}

test('TypeScript writer → python reader: the same values', () => {
  const path = join(scratch.dir, 'ts.safetensors');
  const w = createTraceWriter(path, { positions: 2, vocab: 3, target: 'probs', draft: { topK: 2 }, dtype: 'BF16', contextIds: true });
  w.write({ target: [0.5, 0.3, 0.2], draft: { ids: [2, 0], probs: [0.7, 0.2] }, contextId: 4 });
  w.write({ target: [0.1, 0.1, 0.8], draft: { ids: [1, 2], probs: [0.6, 0.3] }, contextId: 5 });
  w.close();
  const out = JSON.parse(py(`import json\nfrom spechub_trace import read_trace\nprint(json.dumps(read_trace(${JSON.stringify(path)})))`));
  assert.equal(out.metadata, { format: 'spechub-trace/1', vocab_size: '3' });
  assert.equal(out.tensors.target.values, [0.5, 0.3, 0.2, 0.1, 0.1, 0.8].map((x) => stored(x, 'BF16')));
  assert.equal(out.tensors.draft_ids.values, [2, 0, 1, 2]);
  assert.equal(out.tensors.context_id.values, [4, 5]);
  assert.equal(out.tensors.draft_probs.shape, [2, 2]);
});

test('python writer errors: wrong row length, missing context id, unfinished trace leaves no file', () => {
  const out = py(`
from spechub_trace import TraceWriter
import os
errors = []
for attempt in range(3):
    try:
        with TraceWriter(${JSON.stringify(scratch.dir)} + "/bad.safetensors", positions=2, vocab_size=3, context_ids=True) as w:
            if attempt == 0: w.write([0.5, 0.5], [1, 0, 0], context_id=0)
            if attempt == 1: w.write([0.5, 0.5, 0], [1, 0, 0])
            if attempt == 2: w.write([0.5, 0.5, 0], [1, 0, 0], context_id=0)
    except ValueError as e:
        errors.append(str(e))
print(errors)
print(os.path.exists(${JSON.stringify(scratch.dir)} + "/bad.safetensors"))
`);
  assert.match(out, /tensor 'target' row 0: expected 3 values, got 2/);
  assert.match(out, /row 0: context_id is required/);
  assert.match(out, /declared 2 positions but wrote 1/);
  assert.match(out, /False\s*$/);
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
