import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { type PairConfig, syntheticLogits, syntheticPair } from './syntheticPair.ts';

const base: PairConfig = { vocabularySize: 50, family: { kind: 'zipf', exponent: 1.1 }, draft: { logitNoise: 0.7 } };

test('syntheticLogits: reproducible, the logits behind syntheticPair, jitter perturbs only the target', () => {
  const a = syntheticLogits(base, 's', 3);
  const b = syntheticLogits(base, 's', 3);
  assert.equal(Array.from(a.target), Array.from(b.target));
  assert.equal(Array.from(a.draft), Array.from(b.draft));
  // Zero jitter draws no extra randomness: the same logits as no jitter at all.
  const zero = syntheticLogits({ ...base, family: { kind: 'zipf', exponent: 1.1, jitter: 0 } }, 's', 3);
  assert.equal(Array.from(zero.target), Array.from(a.target));
  const jittered = syntheticLogits({ ...base, family: { kind: 'zipf', exponent: 1.1, jitter: 0.5 } }, 's', 3);
  assert.ok(jittered.target.some((x, y) => x !== a.target[y]), 'jitter changes the target logits');
  // softmax of the logits at T = 1 is the pair itself.
  const { p } = syntheticPair(base, 's', 3);
  const max = Math.max(...a.target);
  const z = a.target.reduce((s, x) => s + Math.exp(x - max), 0);
  assert.ok(Math.abs(Math.exp(a.target[0]! - max) / z - p[0]!) < 1e-12);
});

test('bad inputs: negative jitter, bad index', () => {
  const bad = (f: () => unknown) => assert.throws(f, (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
  bad(() => syntheticLogits({ ...base, family: { kind: 'zipf', exponent: 1.1, jitter: -1 } }, 's', 0));
  bad(() => syntheticLogits(base, 's', -1));
});

test.run();
