// The WebAssembly loop of `firstPassWithBuckets` (src/traces/_internals/firstPassWithBuckets.wat) against the
// JavaScript loop, an independent implementation of the same operations: every output is the same double, bit for
// bit (firstOut, every token's key and bucket, the lists of tokens with p > q and q > p, each bucket's sums, count
// and token list), on random laws and on the near-degenerate ones where float paths break (masses 5e-324, 1e-300,
// below 2⁻⁹²², 1 − 1e-16, zeros in either law or both, exact ties and one-ulp ties, one-hots, rows whose sum is off 1
// beyond the weights' slack, plain arrays as inputs, sizes that are not a multiple of the block of 8). Then every
// fused acceptance of `denseAcceptances` is compared both ways, and the kernel's memory is never grown (a new
// memory per layout: see firstPassKernel.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringifyJson } from '../core/stringifyJson.ts';
import { replayTrace } from '../experiments/replayTrace.ts';
import { createRng } from '../random/createRng.ts';
import { denseAcceptances } from './_internals/denseAcceptances.ts';
import { firstPassKernel } from './_internals/firstPassKernel.ts';
import { denseWorkspace, firstPassKernelUsed, firstPassState, firstPassWithBuckets, useFirstPassKernel } from './_internals/ratioBuckets.ts';
import { scratchFolder } from './_testing/traceFiles.ts';
import { createTraceWriter } from './createTraceWriter.ts';
import { openTrace } from './openTrace.ts';

const scratch = scratchFolder('spechub-kernel-');

const bits = (values: readonly number[]) => Array.from(new BigUint64Array(Float64Array.from(values).buffer), (b) => b.toString(16));

/** A pair of laws of one of the families above (`family` 0 … 9). */
function pair(rng: () => number, n: number, family: number): [ArrayLike<number>, ArrayLike<number>] {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const dust = () => [0, 5e-324, 1e-300 * rng(), 2 ** -1022 * rng(), 2 ** -930 * rng(), 1e-17][Math.floor(rng() * 6)]!;
  for (let i = 0; i < n; i++) {
    const r = rng();
    const s = rng();
    switch (family) {
      case 0: // dense
        p[i] = rng() + 1e-3;
        q[i] = rng() + 1e-3;
        break;
      case 1: // zeros, dust, ties
        p[i] = r < 0.15 ? 0 : r < 0.3 ? dust() : r < 0.45 ? Math.floor(rng() * 8) / 64 : rng();
        q[i] = s < 0.15 ? 0 : s < 0.25 ? p[i]! : s < 0.35 ? p[i]! * (1 + 2 ** -52) : s < 0.45 ? dust() : rng();
        break;
      case 2: // Zipf-like, as language models give
        p[i] = (i + 1) ** -1.1 * Math.exp(0.5 * (r - 0.5));
        q[i] = (i + 1) ** -1.1 * Math.exp(1.5 * (s - 0.5));
        break;
      case 3: // a hub of mass 1 − 1e-16 in q, the rest tiny
        p[i] = rng();
        q[i] = i === Math.floor(n / 2) ? 1 : 1e-16 / n;
        break;
      case 4: // one-hot q, spread p
        p[i] = rng();
        q[i] = i === 0 ? 1 : 0;
        break;
      case 5: // one-hot p, spread q
        p[i] = i === n - 1 ? 1 : 0;
        q[i] = rng();
        break;
      case 6: // p = q
        p[i] = q[i] = rng();
        break;
      case 7: // target masses below 2⁻⁹²² (imprecise keys) above q
        p[i] = r < 0.3 ? 2 ** -925 * (1 + rng()) : rng();
        q[i] = r < 0.3 ? (s < 0.5 ? 0 : 2 ** -940) : rng();
        break;
      default: // rows whose sums are off 1 by 1e-10 (the weights are not prebuilt: Σq beyond the slack)
        p[i] = rng();
        q[i] = rng();
    }
  }
  const normalise = (v: Float64Array, off: number) => {
    let sum = 0;
    for (const x of v) sum += x;
    if (sum > 0) for (let i = 0; i < n; i++) v[i] = (v[i]! / sum) * (1 + off);
  };
  if (family !== 3) normalise(q, family === 8 ? 1e-10 : 0);
  normalise(p, family === 8 ? -1e-10 : 0);
  // Family 9: plain arrays instead of Float64Array.
  return family === 9 ? [Array.from(p), Array.from(q)] : [p, q];
}

const kernelAvailable = firstPassKernel(1) !== null;

test('the kernel loads here (Node has WebAssembly; a little-endian host)', () => {
  assert.ok(kernelAvailable);
});

test('firstPassWithBuckets: the WebAssembly and JavaScript loops write the same doubles, bit for bit', () => {
  const rng = createRng('first-pass-kernel');
  let compared = 0;
  try {
    for (const n of [1, 2, 7, 8, 9, 63, 64, 65, 300, 1023, 1025, 4099, 40_000]) {
      for (let family = 0; family < 10; family++) {
        const [p, q] = pair(rng, n, family);
        for (const k of [2, 3]) {
          useFirstPassKernel(true);
          firstPassWithBuckets(p, q, k);
          assert.ok(firstPassKernelUsed(), 'the kernel ran');
          const wasm = firstPassState(n);
          useFirstPassKernel(false);
          firstPassWithBuckets(p, q, k);
          assert.not.ok(firstPassKernelUsed(), 'the JavaScript loop ran');
          const js = firstPassState(n);
          const where = `n = ${n}, family ${family}, k = ${k}`;
          assert.equal(bits(wasm.out), bits(js.out), `${where}: firstOut`);
          assert.equal(bits(wasm.keys), bits(js.keys), `${where}: keys`);
          for (const name of ['bucketOf', 'positive', 'negative', 'count', 'tail'] as const) assert.equal(wasm[name], js[name], `${where}: ${name}`);
          for (const name of ['sumP', 'sumQ', 'sumW', 'sumD'] as const) assert.equal(bits(wasm[name]), bits(js[name]), `${where}: ${name}`);
          assert.equal(wasm.lists, js.lists, `${where}: bucket lists`);
          compared++;
        }
      }
    }
  } finally {
    useFirstPassKernel(true);
  }
  assert.is(compared, 13 * 10 * 2);
});

test('denseAcceptances: every fused value is the same with either loop', () => {
  const rng = createRng('first-pass-kernel-acceptances');
  const ids = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'];
  let values = 0;
  try {
    for (const n of [5, 100, 2000, 33_000]) {
      for (let family = 0; family < 10; family++) {
        const [p, q] = pair(rng, n, family);
        useFirstPassKernel(true);
        const withKernel = denseAcceptances(p, q, 2, ids);
        useFirstPassKernel(false);
        const withoutKernel = denseAcceptances(p, q, 2, ids);
        assert.equal([...withKernel.keys()], [...withoutKernel.keys()], `n = ${n}, family ${family}: the same methods fused`);
        for (const [id, v] of withKernel) assert.ok(Object.is(v, withoutKernel.get(id)), `n = ${n}, family ${family}, ${id}: ${v} vs ${withoutKernel.get(id)}`);
        values += withKernel.size;
      }
    }
  } finally {
    useFirstPassKernel(true);
  }
  assert.ok(values > 200, `${values} values compared`);
});

test('a new kernel memory per layout, never a grown one; memory sized to the request', () => {
  const small = firstPassKernel(1)!;
  assert.is(small.memory.buffer.byteLength, 65_536);
  const large = firstPassKernel(5 * 65_536 + 1)!;
  assert.is(large.memory.buffer.byteLength, 6 * 65_536);
  assert.is.not(small.memory, large.memory);
  assert.is(small.memory.buffer.byteLength, 65_536, 'the first memory is untouched');
});

test('workspaces: read in place with the same outputs as copies, never written by the kernel, valid after a new layout', () => {
  const rng = createRng('first-pass-kernel-workspace');
  const n = 3000;
  useFirstPassKernel(true);
  const a = denseWorkspace(n)!;
  const b = denseWorkspace(n)!;
  assert.ok(a !== null && b !== null);
  assert.is(a.target.length, n);
  assert.ok(a.target.buffer === a.draft.buffer && a.target.byteOffset !== a.draft.byteOffset, 'a pair in one memory');
  assert.ok(a.target.byteOffset !== b.target.byteOffset || a.target.buffer !== b.target.buffer, 'two calls, two pairs');
  const [p, q] = pair(rng, n, 1) as [Float64Array, Float64Array];
  const [p2, q2] = pair(rng, n, 2) as [Float64Array, Float64Array];
  a.target.set(p);
  a.draft.set(q);
  b.target.set(p2);
  b.draft.set(q2);
  const snapshot = () => bits([...a.target, ...a.draft, ...b.target, ...b.draft]);
  const before = snapshot();
  // In place (a workspace), then from plain copies: the same outputs.
  firstPassWithBuckets(a.target, a.draft, 2);
  const inPlace = firstPassState(n);
  firstPassWithBuckets(Float64Array.from(p), Float64Array.from(q), 2);
  assert.equal(firstPassState(n), inPlace);
  // Mixed: the target in a workspace, the draft a plain array; and another pair read in place.
  firstPassWithBuckets(a.target, Float64Array.from(q), 2);
  assert.equal(firstPassState(n), inPlace);
  firstPassWithBuckets(b.target, b.draft, 2);
  firstPassWithBuckets(p2, q2, 2);
  assert.equal(snapshot(), before, 'no workspace was written');
  // A larger law: a new layout in a new memory; the old workspaces keep their values and are copied like any law.
  const [big, bigQ] = pair(rng, 50_000, 0);
  firstPassWithBuckets(big, bigQ, 2);
  assert.equal(snapshot(), before, 'the old workspaces are intact');
  firstPassWithBuckets(a.target, a.draft, 2);
  assert.equal(firstPassState(n), inPlace, 'an old workspace gives the same outputs');
  // Many workspaces: when the memory is full the next pair comes from a new memory.
  const buffers = new Set<ArrayBuffer>();
  for (let i = 0; i < 8; i++) buffers.add(denseWorkspace(60_000)!.target.buffer as ArrayBuffer);
  assert.ok(buffers.size >= 2, `${buffers.size} memories for 8 workspaces`);
  assert.equal(snapshot(), before);
});

test('replays are the same, byte for byte, with reused workspaces or fresh arrays, and with either loop (dense, logits, and dense target with top-K draft)', () => {
  const rng = createRng('first-pass-kernel-replay');
  const V = 2500;
  const P = 12;
  const forms = [
    { name: 'dense', target: 'probs', draft: 'probs' },
    { name: 'logits', target: 'logits', draft: 'logits' },
    { name: 'mixed', target: 'probs', draft: { topK: 40 } },
  ] as const;
  for (const form of forms) {
    const path = join(scratch.dir, `kernel-${form.name}.safetensors`);
    const w = createTraceWriter(path, { positions: P, vocab: V, target: form.target, draft: form.draft, dtype: 'F32', contextIds: true });
    for (let i = 0; i < P; i++) {
      const [p, q] = pair(rng, V, i % 3 === 0 ? 1 : 2) as [Float64Array, Float64Array];
      const logits = (v: Float64Array) => Array.from(v, (x) => (x > 0 ? Math.log(x) : -Infinity));
      const top = (v: Float64Array) => {
        const ids = Array.from(v.keys()).sort((x, y) => v[y]! - v[x]! || x - y).slice(0, 40);
        return { ids, probs: ids.map((j) => v[j]!) };
      };
      if (form.name === 'logits') w.write({ target: logits(p), draft: logits(q), contextId: i >> 2 });
      else if (form.name === 'mixed') w.write({ target: p, draft: top(q), contextId: i >> 2 });
      else w.write({ target: p, draft: q, contextId: i >> 2 });
    }
    w.close();
    const reports: string[] = [];
    try {
      for (const kernelOn of [true, false]) {
        useFirstPassKernel(kernelOn);
        for (const reuseBuffers of [true, false]) {
          const t = openTrace(path);
          try {
            reports.push(stringifyJson(replayTrace(t.positions({ reuseBuffers }), V, { k: 2, seed: 4, resamples: 200 }), { what: 'replay' }));
          } finally {
            t.close();
          }
        }
      }
    } finally {
      useFirstPassKernel(true);
    }
    assert.ok(reports[0]!.includes('"spechub"'));
    for (let i = 1; i < reports.length; i++) assert.is(reports[i], reports[0], `${form.name}: run ${i}`);
  }
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
