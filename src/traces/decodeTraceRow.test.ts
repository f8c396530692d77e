// Dense probability rows of every dtype, decoded by both routes of the reader (fresh arrays per row, and the pair
// decode into reused arrays that `spechub replay` uses), against the format's definition computed here
// independently: the stored values (converted by the float16 module's scalar conversions or Math.fround, not the
// reader's tables and views) times the reciprocal of their float64 sum in index order, or a NOT_NORMALISED error
// naming the tensor and the row when that sum is outside the dtype's tolerance.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { createRng } from '../random/createRng.ts';
import { openTrace } from './openTrace.ts';
import { safetensorsBytes, scratchFolder } from './_testing/traceFiles.ts';
import { bfloat16BitsToNumber, float16BitsToNumber, numberToBfloat16Bits, numberToFloat16Bits } from './_internals/float16.ts';
import { vectorTolerance } from './parseVectorBytes.ts';

const scratch = scratchFolder('spechub-decode-');
const DTYPES = ['F64', 'F32', 'F16', 'BF16'] as const;

const stored = (x: number, dtype: (typeof DTYPES)[number]) =>
  dtype === 'F64' ? x : dtype === 'F32' ? Math.fround(x) : dtype === 'F16' ? float16BitsToNumber(numberToFloat16Bits(x)) : bfloat16BitsToNumber(numberToBfloat16Bits(x));

/** A row summing to about 1: Zipf-like, with zeros, ties, a spike, dust near the dtype's smallest values, or off 1 on purpose. */
function row(rng: () => number, n: number, style: number): number[] {
  const v = Array.from({ length: n }, (_, i) => {
    const u = rng();
    if (style === 0) return Math.pow(i + 1, -1.1) * Math.exp(u);
    if (style === 1) return u < 0.4 ? 0 : Math.floor(u * 4) / 4; // ties and zeros
    if (style === 2) return i === 0 ? 1 : u * 1e-7; // a spike and dust (subnormal in F16)
    return u;
  });
  const s = v.reduce((a, b) => a + b, 0) || 1;
  // Style 3: a sum off 1 by 0 to 4 tolerances of F32 (so some rows of every dtype but F64 pass, and some fail).
  const off = style === 3 ? 1 + (rng() - 0.5) * 8e-5 : 1;
  return v.map((x) => (x / s) * off);
}

test('dense rows of every dtype: both decode routes give the stored values times 1/Σ, or name the row that is not normalised (or all zero)', () => {
  const rng = createRng('decode-rows');
  let compared = 0;
  let refused = 0;
  for (const dtype of DTYPES) {
    for (let file = 0; file < 6; file++) {
      const V = 1 + Math.floor(rng() * 300);
      const P = 24;
      const rows = Array.from({ length: P }, (_, r) => row(rng, V, (r + file) % 4));
      const draft = Array.from({ length: P }, () => row(rng, V, 0));
      const path = scratch.write(`rows-${dtype}-${file}.safetensors`, safetensorsBytes({ target: { dtype, shape: [P, V], values: rows.flat() }, draft: { dtype, shape: [P, V], values: draft.flat() } }));
      const tolerance = vectorTolerance(dtype);
      // The expected law of each row, or the error code when its sum is outside the tolerance (an all-zero row:
      // ZERO_DRAFT_MASS).
      const expected = rows.map((r) => {
        const raw = r.map((x) => stored(x, dtype));
        let sum = 0;
        for (const x of raw) sum += x;
        return Math.abs(sum - 1) <= tolerance ? raw.map((x) => x * (1 / sum)) : sum === 0 ? 'ZERO_DRAFT_MASS' : 'NOT_NORMALISED';
      });
      for (const reuseBuffers of [false, true]) {
        const t = openTrace(path);
        try {
          for (let r = 0; r < P; r++) {
            const want = expected[r];
            const read = () => t.positions({ start: r, end: r + 1, reuseBuffers }).next().value!;
            if (typeof want === 'string') {
              assert.throws(read, (e: unknown) => e instanceof SpechubError && e.code === want && new RegExp(`tensor 'target' row ${r}: the probabilities sum to`).test((e as Error).message), `${dtype} row ${r}`);
              refused++;
              continue;
            }
            const position = read();
            assert.ok(position.target.kind === 'dense');
            assert.equal(Array.from(position.target.probs), want, `${dtype} V = ${V} row ${r} (reuseBuffers ${reuseBuffers})`);
            compared++;
          }
        } finally {
          t.close();
        }
      }
    }
  }
  assert.ok(compared > 300 && refused > 10, `compared ${compared}, refused ${refused}`);
});

test.after(() => rmSync(scratch.dir, { recursive: true, force: true }));
test.run();
