import { test } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { createRng, deriveSeed } from './createRng.ts';

test('every algorithm gives uniforms in [0, 1) with 53-bit resolution, not the 2⁻³² grid of plain Alea (§11.9)', () => {
  for (const algorithm of ['alea', 'xor4096', 'arc4'] as const) {
    const rng = createRng('resolution', algorithm);
    let offGrid = 0;
    for (let i = 0; i < 1000; i++) {
      const u = rng();
      assert.ok(u >= 0 && u < 1, `${algorithm}: ${u}`);
      if (!Number.isInteger(u * 2 ** 32)) offGrid++;
    }
    // A 53-bit uniform lies on the 2⁻³² grid with probability 2⁻²¹: all 1,000 should be off it.
    assert.ok(offGrid >= 999, `${algorithm}: only ${offGrid} of 1000 uniforms below the 2⁻³² grid`);
  }
});

test('same seed, same stream; different seeds, different streams; child seeds by deriveSeed', () => {
  const a = createRng('x');
  const b = createRng('x');
  for (let i = 0; i < 100; i++) assert.is(a(), b());
  assert.is.not(createRng('x')(), createRng('y')());
  assert.is(deriveSeed(7, 'prompt', 3), '7/prompt/3');
});

test("alea is seedrandom's alea(seed).double(), stream for stream (53-bit uniforms, §11.9)", () => {
  for (const seed of ['', 'x', '17', 'bench-1/2', 'a much longer seed string with unicode ✓']) {
    const reference = seedrandom.alea(seed);
    const rng = createRng(seed);
    for (let i = 0; i < 20_000; i++) {
      const expected = reference.double();
      const got = rng();
      if (got !== expected) assert.unreachable(`seed '${seed}', draw ${i}: ${got} vs ${expected}`);
    }
  }
  assert.is(createRng(17)(), seedrandom.alea('17').double());
});

test.run();
