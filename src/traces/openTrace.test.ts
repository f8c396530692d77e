import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { softmax } from '../core/softmax.ts';
import { createTraceWriter } from './createTraceWriter.ts';
import { openTrace } from './openTrace.ts';
import { type RawTensor, safetensorsBytes, scratchFolder } from './_testing/traceFiles.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToBfloat16Bits, numberToFloat16Bits } from './_internals/float16.ts';

const scratch = scratchFolder('spechub-trace-');
const F = (values: number[], shape: number[], dtype = 'F32'): RawTensor => ({ dtype, shape, values });
const I = (values: number[], shape: number[], dtype = 'I32'): RawTensor => ({ dtype, shape, values });

function readAll(path: string, requested = {}, reuseBuffers = false) {
  const t = openTrace(path, requested);
  try {
    return { layout: t.layout, positions: [...t.positions({ reuseBuffers })] };
  } finally {
    t.close();
  }
}

function fails(path: string, code: string, pattern: RegExp, requested = {}) {
  // Fresh arrays per row and reused ones (the pair decode of the replay's streaming read) name the same error.
  for (const reuse of [false, true]) {
    assert.throws(() => readAll(path, requested, reuse), (e: unknown) => e instanceof SpechubError && e.code === code && pattern.test((e as Error).message), `${code} ${pattern} (reuseBuffers ${reuse})`);
  }
}

test('a file holding only dense target and draft is a trace; rows are normalised by their float64 sum', () => {
  const path = scratch.write('dense.safetensors', safetensorsBytes({ target: F([0.5, 0.25, 0.25, 0.1, 0.2, 0.7], [2, 3]), draft: F([1 / 3, 1 / 3, 1 / 3, 0, 0.5, 0.5], [2, 3]) }));
  const { layout, positions } = readAll(path);
  assert.is(layout.positions, 2);
  assert.is(layout.vocab, 3);
  assert.is(layout.target.form, 'probs');
  assert.is(positions.length, 2);
  const p1 = positions[1]!.target;
  assert.ok(p1.kind === 'dense');
  const raw = [0.1, 0.2, 0.7].map(Math.fround);
  const s = raw[0]! + raw[1]! + raw[2]!;
  assert.equal(Array.from(p1.probs), raw.map((x) => x * (1 / s))); // times the reciprocal of the float64 sum
  assert.is(positions[0]!.contextId, null);
});

test('reuseBuffers: each streamed position has the same laws as a fresh read (F64, F32, F16 and BF16 rows, chunks of 1 … all rows); the arrays are reused; both are the stored values times the reciprocal of their sum', () => {
  // The stored values, converted independently of the reader (the writer rounds to nearest, ties to even).
  const stored = (x: number, dtype: string) =>
    dtype === 'F64' ? x : dtype === 'F32' ? Math.fround(x) : dtype === 'F16' ? float16BitsToNumber(numberToFloat16Bits(x)) : bfloat16BitsToNumber(numberToBfloat16Bits(x));
  for (const dtype of ['F64', 'F32', 'F16', 'BF16'] as const) {
    const path = join(scratch.dir, `reuse-${dtype}.safetensors`);
    const rows = [[0.5, 0.25, 0.25, 0], [0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0], [0.7, 0.1, 0.1, 0.1], [2 ** -14, 0.5, 0.25, 0.25 - 2 ** -14]];
    const w = createTraceWriter(path, { positions: rows.length, vocab: 4, target: 'probs', draft: 'probs', dtype });
    for (let r = 0; r < rows.length; r++) w.write({ target: rows[r]!, draft: rows[(r + 1) % rows.length]! });
    w.close();
    const fresh = readAll(path).positions;
    const t = openTrace(path);
    for (const chunkBytes of [1, 40, 1 << 20]) {
      let r = 0;
      let previous: Float64Array | null = null;
      for (const position of t.positions({ chunkBytes, reuseBuffers: true })) {
        const want = fresh[r]!;
        assert.ok(position.target.kind === 'dense' && position.draft.kind === 'dense' && want.target.kind === 'dense' && want.draft.kind === 'dense');
        assert.equal(Array.from(position.target.probs), Array.from(want.target.probs), `${dtype} row ${r} target`);
        assert.equal(Array.from(position.draft.probs), Array.from(want.draft.probs), `${dtype} row ${r} draft`);
        const raw = rows[r]!.map((x) => stored(x, dtype));
        let sum = 0;
        for (const x of raw) sum += x;
        assert.equal(Array.from(position.target.probs), raw.map((x) => x * (1 / sum)), `${dtype} row ${r}: the stored values times 1/Σ`);
        if (previous !== null) assert.ok(previous === position.target.probs, 'the target array is reused');
        previous = position.target.probs;
        r++;
      }
      assert.is(r, rows.length);
    }
    t.close();
  }
});

test('reuseBuffers with logits: softmax written into the reused arrays, the same laws as a fresh read and as softmax(logits / T) (F32 and BF16, temperature 1 and 0.7)', () => {
  const rows = [[0, 1, 2, -Infinity], [3, 3, 3, 3], [-1, 0.5, 0.25, 2], [40, -40, 0.125, 7]];
  for (const dtype of ['F32', 'BF16'] as const) {
    for (const temperature of [1, 0.7]) {
      const path = join(scratch.dir, `reuse-logits-${dtype}-${temperature}.safetensors`);
      const w = createTraceWriter(path, { positions: rows.length, vocab: 4, target: 'logits', draft: 'logits', dtype, metadata: { temperature: String(temperature) } });
      for (let r = 0; r < rows.length; r++) w.write({ target: rows[r]!, draft: rows[(r + 1) % rows.length]! });
      w.close();
      const fresh = readAll(path).positions;
      const t = openTrace(path);
      let r = 0;
      let previous: Float64Array | null = null;
      for (const position of t.positions({ reuseBuffers: true })) {
        const want = fresh[r]!;
        assert.ok(position.target.kind === 'dense' && want.target.kind === 'dense' && position.draft.kind === 'dense');
        assert.equal(Array.from(position.target.probs), Array.from(want.target.probs), `${dtype} T=${temperature} row ${r}`);
        // These logits are exact in BF16 and F32, so the law is softmax of the written values (computed here as the
        // format defines it, independently of the library: max, exp((x − max)/T), the sum in index order, x / Σ).
        const max = Math.max(...rows[r]!);
        const e = rows[r]!.map((x) => Math.exp((x - max) / temperature));
        let sum = 0;
        for (const x of e) sum += x;
        assert.equal(Array.from(position.target.probs), e.map((x) => x / sum), `${dtype} T=${temperature} row ${r}: softmax(logits / T)`);
        if (previous !== null) assert.ok(previous === position.target.probs, 'the target array is reused');
        previous = position.target.probs;
        r++;
      }
      t.close();
      assert.is(r, rows.length);
    }
  }
});

test('writer → reader round trip: dense F64, logits F16, top-K BF16 with I64 ids, context ids and positions, tiny chunks', () => {
  const path = join(scratch.dir, 'mixed.safetensors');
  const w = createTraceWriter(path, { positions: 3, vocab: 4, target: 'logits', draft: { topK: 2 }, dtype: 'F16', idDtype: 'I64', contextIds: true, positionIds: true, metadata: { temperature: '0.5', source: 'test' } });
  const logits = [[0, 1, 2, -Infinity], [3, 3, 3, 3], [-1, 0.5, 0.25, 2]];
  const topk = [{ ids: [2, 0], probs: [0.5, 0.25] }, { ids: [3, 1], probs: [0.75, 0.125] }, { ids: [0, 1], probs: [0.5, 0.5] }];
  for (let r = 0; r < 3; r++) w.write({ target: logits[r]!, draft: topk[r]!, contextId: 10 + (r >> 1), position: 100 + r });
  w.close();
  const t = openTrace(path);
  assert.is(t.layout.metadata.temperature, 0.5);
  assert.is(t.layout.metadata.vocabSize, 4);
  assert.is(t.layout.metadata.raw.format, 'spechub-trace/1');
  const positions = [...t.positions({ chunkBytes: 1 })];
  t.close();
  assert.equal(positions.map((p) => [p.contextId, p.position]), [[10, 100], [10, 101], [11, 102]]);
  positions.forEach((p, r) => {
    assert.ok(p.target.kind === 'dense');
    // F16 logits (these values are exact in F16), softmax at the metadata's temperature 0.5.
    assert.equal(Array.from(p.target.probs), Array.from(softmax(logits[r]!, 0.5)));
    assert.ok(p.draft.kind === 'topk');
    assert.equal(Array.from(p.draft.ids), topk[r]!.ids);
    assert.equal(Array.from(p.draft.probs), topk[r]!.probs);
  });
  const d0 = positions[0]!.draft;
  assert.ok(d0.kind === 'topk' && d0.tail === 0.25 && d0.cap === 0.25);
  const d2 = positions[2]!.draft;
  assert.ok(d2.kind === 'topk' && d2.tail === 0 && d2.cap === 0, 'fully stored law: no tail');
  // The draft is stored as probabilities: re-tempering is refused.
  assert.throws(() => openTrace(path, { temperature: 2 }), /re-tempering needs logits, but the draft is stored as probabilities \(tensor 'draft_probs', temperature 0.5\)/);
});

test('re-tempering works when both sides store logits', () => {
  const path = join(scratch.dir, 'logits.safetensors');
  const w = createTraceWriter(path, { positions: 1, vocab: 3, target: 'logits', draft: 'logits', dtype: 'F64' });
  w.write({ target: [0.1, -2, 3], draft: [1, 1, -Infinity] });
  w.close();
  const hot = openTrace(path, { temperature: 2, topP: 0.999 });
  const first = hot.positions().next().value!;
  hot.close();
  assert.ok(first.target.kind === 'dense' && first.draft.kind === 'dense');
  assert.equal(Array.from(first.draft.probs), [0.5, 0.5, 0]);
  // Every token has probability > 0.001 at temperature 2, so the 0.999 nucleus keeps all three.
  assert.equal(Array.from(first.target.probs), Array.from(softmax([0.1, -2, 3], 2)));
});

test('re-tempering stored probabilities is refused; top-p filters dense rows and top-K rows within the stored set', () => {
  const path = scratch.write('probs.safetensors', safetensorsBytes({
    target: F([0.5, 0.25, 0.25], [1, 3]),
    draft_ids: I([1, 0], [1, 2]),
    draft_probs: F([0.6, 0.3], [1, 2]),
  }, { vocab_size: '3', temperature: '0.8' }));
  fails(path, 'INVALID_ARGUMENT', /re-tempering needs logits.*tensor 'target', temperature 0.8/, { temperature: 1 });
  const same = readAll(path, { temperature: 0.8 }).positions[0]!;
  assert.ok(same.target.kind === 'dense');
  const filtered = readAll(path, { topP: 0.7 }).positions[0]!;
  assert.ok(filtered.target.kind === 'dense');
  assert.equal(Array.from(filtered.target.probs), [2 / 3, 1 / 3, 0]);
  assert.ok(filtered.draft.kind === 'topk');
  assert.equal(Array.from(filtered.draft.ids), [0, 1]);
  assert.is(filtered.draft.tail, 0);
  fails(path, 'INVALID_ARGUMENT', /draft_probs' row 0: top-p 0.95 needs tokens beyond the 2 stored/, { topP: 0.95 });
});

test('format errors name the tensor', () => {
  const cases: Array<[Record<string, RawTensor>, Record<string, string> | undefined, RegExp]> = [
    [{ target: F([1], [1, 1]) }, undefined, /no draft distribution/],
    [{ target: F([1], [1, 1]), draft: F([1], [1, 1]), draft_logits: F([1], [1, 1]) }, undefined, /holds draft and draft_logits/],
    [{ target: F([1, 0], [1, 2]), draft: F([1, 0, 0], [1, 3]) }, undefined, /'draft' has 3 columns but 'target' has 2/],
    [{ target: F([1, 0], [1, 2]), draft: F([1, 0, 0, 1], [2, 2]) }, undefined, /target has 1 positions but the draft has 2/],
    [{ target: F([1, 0], [2]), draft: F([1, 0], [1, 2]) }, undefined, /tensor 'target' has shape \[2\]/],
    [{ target: { dtype: 'I32', shape: [1, 2], values: [1, 0] }, draft: F([1, 0], [1, 2]) }, undefined, /tensor 'target' has dtype I32/],
    [{ target: F([1, 0], [1, 2]), draft_ids: F([0], [1, 1]), draft_probs: F([1], [1, 1]) }, { vocab_size: '2' }, /tensor 'draft_ids' has dtype F32; expected I32 or I64/],
    [{ target: F([1, 0], [1, 2]), draft_ids: I([0], [1, 1]) }, { vocab_size: '2' }, /needs both 'draft_ids' and 'draft_probs'/],
    [{ target_ids: I([0], [1, 1]), target_probs: F([1], [1, 1]), draft_ids: I([0], [1, 1]), draft_probs: F([1], [1, 1]) }, undefined, /need __metadata__.vocab_size/],
    [{ target: F([1, 0], [1, 2]), draft_ids: I([0, 1], [1, 2]), draft_probs: F([1], [1, 1]) }, { vocab_size: '2' }, /'draft_ids' has shape \[1, 2\] but 'draft_probs' has \[1, 1\]/],
    [{ target: F([1, 0], [1, 2]), draft: F([1, 0], [1, 2]), context_id: I([0, 1], [2]) }, undefined, /'context_id' has 2 entries but the trace has 1 positions/],
    [{ target: F([1, 0], [1, 2]), draft: F([1, 0], [1, 2]) }, { temperature: 'hot' }, /temperature = 'hot' must be a positive number/],
    [{ target: F([1, 0], [1, 2]), draft: F([1, 0], [1, 2]) }, { format: 'other/2' }, /format = 'other\/2'/],
  ];
  cases.forEach(([tensors, meta, pattern], i) => fails(scratch.write(`bad${i}.safetensors`, safetensorsBytes(tensors, meta)), 'PARSE_ERROR', pattern));
});

test('row errors name the tensor and the row: negative, NaN, not normalised, ids out of range or repeated, top-K that cannot complete', () => {
  const ok = [0.5, 0.5];
  const cases: Array<[Record<string, RawTensor>, Record<string, string> | undefined, string, RegExp]> = [
    [{ target: F([...ok, 1.5, -0.5], [2, 2]), draft: F([...ok, ...ok], [2, 2]) }, undefined, 'NEGATIVE_ENTRY', /tensor 'target' row 1: entry 1 = -0.5 is negative/],
    [{ target: F([...ok, ...ok], [2, 2]), draft: F([NaN, 1, ...ok], [2, 2]) }, undefined, 'NOT_FINITE', /tensor 'draft' row 0: entry 0 is NaN/],
    [{ target: F([...ok, Infinity, 0], [2, 2]), draft: F([...ok, ...ok], [2, 2]) }, undefined, 'NOT_FINITE', /tensor 'target' row 1: entry 0 is infinite/],
    [{ target: F([...ok, 1.5, -0.5], [2, 2], 'F16'), draft: F([...ok, ...ok], [2, 2], 'F16') }, undefined, 'NEGATIVE_ENTRY', /tensor 'target' row 1: entry 1 = -0.5 is negative/],
    [{ target: F([...ok, ...ok], [2, 2], 'F16'), draft: F([0.5, NaN, ...ok], [2, 2], 'F16') }, undefined, 'NOT_FINITE', /tensor 'draft' row 0: entry 1 is NaN/],
    [{ target: F([...ok, 1.5, -0.5], [2, 2], 'BF16'), draft: F([...ok, ...ok], [2, 2], 'BF16') }, undefined, 'NEGATIVE_ENTRY', /tensor 'target' row 1: entry 1 = -0.5 is negative/],
    [{ target: F([...ok, ...ok], [2, 2], 'BF16'), draft: F([0.5, NaN, ...ok], [2, 2], 'BF16') }, undefined, 'NOT_FINITE', /tensor 'draft' row 0: entry 1 is NaN/],
    [{ target: F([...ok, 0.5, 0.4], [2, 2], 'BF16'), draft: F([...ok, ...ok], [2, 2], 'BF16') }, undefined, 'NOT_NORMALISED', /tensor 'target' row 1: the probabilities sum to 0.9.*tolerance .* for BF16/],
    [{ target: F([...ok, ...ok], [2, 2], 'F64'), draft: F([...ok, 1.5, -0.5], [2, 2], 'F64') }, undefined, 'NEGATIVE_ENTRY', /tensor 'draft' row 1: entry 1 = -0.5 is negative/],
    [{ target: F([...ok, Infinity, 0], [2, 2], 'F64'), draft: F([...ok, ...ok], [2, 2], 'F64') }, undefined, 'NOT_FINITE', /tensor 'target' row 1: entry 0 is infinite/],
    [{ target: F([...ok, 0.5, 0.5 + 1e-8], [2, 2], 'F64'), draft: F([...ok, ...ok], [2, 2], 'F64') }, undefined, 'NOT_NORMALISED', /tensor 'target' row 1: the probabilities sum to 1.00000001.*tolerance 1e-9 for F64/],
    [{ target: F([...ok, 0.5, 0.4], [2, 2]), draft: F([...ok, ...ok], [2, 2]) }, undefined, 'NOT_NORMALISED', /tensor 'target' row 1: the probabilities sum to 0.9.*tolerance 1e-5 for F32/],
    [{ target_logits: F([0, NaN], [1, 2]), draft: F(ok, [1, 2]) }, undefined, 'NOT_FINITE', /tensor 'target_logits' row 0: logit 1 is NaN/],
    [{ target: F(ok, [1, 2]), draft_ids: I([0, 2], [1, 2]), draft_probs: F([0.5, 0.5], [1, 2]) }, { vocab_size: '2' }, 'PARSE_ERROR', /tensor 'draft_ids' row 0: id 2 lies outside the vocabulary \[0, 2\)/],
    [{ target: F(ok, [1, 2]), draft_ids: I([1, 1], [1, 2]), draft_probs: F([0.5, 0.5], [1, 2]) }, { vocab_size: '2' }, 'PARSE_ERROR', /tensor 'draft_ids' row 0: id 1 appears twice/],
    [{ target: F([0.5, 0.5, 0], [1, 3]), draft_ids: I([1], [1, 1]), draft_probs: F([0.2], [1, 1]) }, undefined, 'NOT_NORMALISED', /tensor 'draft_probs' row 0: the unstored mass .* does not fit in the 2 unstored tokens/],
    [{ target: F([0.5, 0.5, 0], [1, 3]), draft_ids: I([1, 0], [1, 2]), draft_probs: F([0.7, 0.4], [1, 2]) }, undefined, 'NOT_NORMALISED', /tensor 'draft_probs' row 0: the stored probabilities sum to 1.09+\d* > 1/],
  ];
  cases.forEach(([tensors, meta, code, pattern], i) => fails(scratch.write(`row${i}.safetensors`, safetensorsBytes(tensors, meta)), code, pattern));
});

test('a truncated file is a clear error, not a hang or a short read', () => {
  const full = safetensorsBytes({ target: F([0.5, 0.5], [1, 2]), draft: F([0.5, 0.5], [1, 2]) });
  fails(scratch.write('short.safetensors', full.subarray(0, full.length - 4)), 'PARSE_ERROR', /past the end of the data section.*truncated/);
});

test('writer: wrong row lengths and a missing position are errors; nothing is left behind', () => {
  const path = join(scratch.dir, 'w.safetensors');
  const w = createTraceWriter(path, { positions: 2, vocab: 2, target: 'probs', draft: 'probs' });
  assert.throws(() => w.write({ target: [1, 0, 0], draft: [1, 0] }), /tensor 'target' row 0: expected 2 values, got 3/);
  w.write({ target: [1, 0], draft: [1, 0] });
  assert.throws(() => w.close(), /declared with 2 positions but 1 were written/);
  assert.throws(() => openTrace(path), /cannot open trace/);
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
