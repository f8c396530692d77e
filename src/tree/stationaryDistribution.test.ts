// The stationary law: πP = π on random chains (against an independent power iteration), closed forms on nearly
// decomposable chains where power iteration cannot converge, reducible chains, and the low-temperature sweep
// family that used to hang.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { floatField } from '../core/field.ts';
import { createRng } from '../random/createRng.ts';
import { syntheticMarkovChain } from '../synthetic/syntheticMarkovChain.ts';
import { markovChainFromRows } from './markovChain.ts';
import { stationaryDistribution } from './stationaryDistribution.ts';

const chainOf = (rows: number[][]) => markovChainFromRows(floatField, rows.map((r) => Float64Array.from(r)), rows.map((r) => Float64Array.from(r)));

function randomRows(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const w = Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng()));
    w[Math.floor(rng() * n)]! += 0.1;
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / s);
  });
}

test('random chains: πP = π, Σπ = 1, and agreement with the power iteration', () => {
  for (let seed = 0; seed < 5; seed++) {
    const rows = randomRows(12, seed);
    const pi = stationaryDistribution(chainOf(rows));
    const power = stationaryDistribution(chainOf(rows), { method: 'power' });
    assert.ok(Math.abs(pi.reduce((a, b) => a + b, 0) - 1) < 1e-14);
    for (let y = 0; y < 12; y++) {
      let piP = 0;
      for (let x = 0; x < 12; x++) piP += pi[x]! * rows[x]![y]!;
      assert.ok(Math.abs(piP - pi[y]!) < 1e-14, `πP = π at ${y}`);
      assert.ok(Math.abs(power[y]! - pi[y]!) < 1e-11, `power iteration agrees at ${y}`);
    }
  }
});

test('nearly decomposable: P = [[1 − a, a], [b, 1 − b]] with a = 1e-12, b = 3e-12 gives (b, a)/(a + b) to full precision', () => {
  const a = 1e-12;
  const b = 3e-12;
  const pi = stationaryDistribution(chainOf([[1 - a, a], [b, 1 - b]]));
  assert.ok(Math.abs(pi[0]! - 0.75) < 1e-12 && Math.abs(pi[1]! - 0.25) < 1e-12, String(pi));
  // The power iteration cannot converge here (spectral gap 4e-12): it says so instead of looping.
  assert.throws(
    () => stationaryDistribution(chainOf([[1 - a, a], [b, 1 - b]]), { method: 'power', maxIterations: 10_000, tolerance: 1e-15 }),
    (e: unknown) => e instanceof SpechubError && e.code === 'SOLVER_FAILURE' && /--start uniform/.test(e.message),
  );
});

test('a cycle (periodic) and a chain with a transient state: the unique stationary law', () => {
  const cycle = stationaryDistribution(chainOf([[0, 1, 0], [0, 0, 1], [1, 0, 0]]));
  for (const w of cycle) assert.ok(Math.abs(w - 1 / 3) < 1e-15);
  // State 0 is transient (it leaves and never comes back); states 1, 2 swap: π = (0, 1/2, 1/2).
  const transient = stationaryDistribution(chainOf([[0.5, 0.25, 0.25], [0, 0, 1], [0, 1, 0]]));
  assert.ok(Math.abs(transient[0]!) < 1e-12 && Math.abs(transient[1]! - 0.5) < 1e-6 && Math.abs(transient[2]! - 0.5) < 1e-6, String(transient));
});

test('two closed classes (no unique stationary law): the long-run law of the chain started uniformly', () => {
  const rows = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0.5, 0.5], [0, 0, 0.25, 0.75]];
  const pi = stationaryDistribution(chainOf(rows));
  // From the uniform start each class keeps its mass 1/2: (1/4, 1/4) on the swap, (1/2)·(1/3, 2/3) on the other.
  const expected = [0.25, 0.25, 1 / 6, 1 / 3];
  pi.forEach((w, i) => assert.ok(Math.abs(w - expected[i]!) < 1e-12, `${i}: ${w}`));
});

test('the sweep family at T = 0.05 (n = 1000): solved directly, πP = π', () => {
  const config = { vocabularySize: 1000, family: { kind: 'zipf' as const, exponent: 1.1 }, temperature: 0.05, topP: 1, draft: { logitNoise: 1, temperatureRatio: 1, uniformMix: 0, otherModelMix: 0 } };
  const chain = syntheticMarkovChain(config, '0');
  const pi = stationaryDistribution(chain);
  const n = 1000;
  const piP = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const row = chain.target(x);
    for (let y = 0; y < n; y++) piP[y]! += pi[x]! * row[y]!;
  }
  let l1 = 0;
  for (let y = 0; y < n; y++) l1 += Math.abs(piP[y]! - pi[y]!);
  assert.ok(l1 < 1e-12, `‖πP − π‖₁ = ${l1}`);
});

test.run();
