// Machine check of proofs/block-verification.md: the Lemma, (1.1) with equality, exactness, (2.4), dominance
// over token-wise SD and optimality (= LP-A) of block verification, exactly, on exhaustive n = 2 grids and
// seeded random n = 3 chains.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateOutcomes } from '../src/core/chooser.ts';
import { rationalField as F } from '../src/core/field.ts';
import { Rational } from '../src/core/rational.ts';
import { blockTokensPerStep } from '../src/sequence/blockTokensPerStep.ts';
import { blockVerify } from '../src/sequence/blockVerify.ts';
import { continuedBlockLaw } from '../src/sequence/continuedBlockLaw.ts';
import { lpAOptimum } from '../src/sequence/lpAOptimum.ts';
import { pathSetLaw } from '../src/sequence/pathSetLaw.ts';
import { getSequenceVerifier } from '../src/sequence/sequenceVerifiers.ts';
import { exactStepLaw, languageSequenceLaw } from '../src/tree/exactWalkLaw.ts';
import { expectedTokensPerStep } from '../src/tree/expectedTokensPerStep.ts';
import type { MarkovChain } from '../src/tree/language.ts';
import { chainTree } from '../src/tree/tokenTree.ts';
import { createTreeWalk } from '../src/tree/treeWalk.ts';
import { gridChains, randomChains, report } from './_internals/instances.ts';

const ZERO = Rational.ZERO;
const ONE = Rational.ONE;
const min = (a: Rational, b: Rational) => (a.compare(b) <= 0 ? a : b);
const pos = (a: Rational) => (a.sign() > 0 ? a : ZERO);

/** Every sequence of length ≤ γ with Q(s) and the capped weight a(s), computed here (not by the toolkit). */
function weights(chain: MarkovChain<Rational>, gamma: number, start: number): Map<string, { Q: Rational; a: Rational; last: number }> {
  const out = new Map<string, { Q: Rational; a: Rational; last: number }>([['', { Q: ONE, a: ONE, last: start }]]);
  const visit = (key: string, depth: number) => {
    if (depth === gamma) return;
    const { Q, a, last } = out.get(key)!;
    for (let y = 0; y < chain.vocabularySize; y++) {
      const q = chain.draft(last)[y]!;
      const p = chain.target(last)[y]!;
      const ratio = q.isZero() ? (a.mul(p).sign() > 0 ? ONE : ZERO) : min(ONE, a.mul(p).div(q));
      const k = key === '' ? String(y) : `${key},${y}`;
      out.set(k, { Q: Q.mul(q), a: ratio, last: y });
      visit(k, depth + 1);
    }
  };
  visit('', 0);
  return out;
}

function checkChain(chain: MarkovChain<Rational>, gamma: number, start: number): void {
  const n = chain.vocabularySize;
  const W = weights(chain, gamma, start);
  const A = (k: string) => {
    const w = W.get(k);
    return w === undefined ? ZERO : w.Q.mul(w.a);
  };
  // Item 2: (1.1) with equality, from the enumerated law of E of the sampling program.
  const step = exactStepLaw(createTreeWalk(chain, chainTree(gamma), getSequenceVerifier('block')), start);
  const lawE = new Map(step.outcomes.map((o) => [o.emitted.join(','), o.probability]));
  for (const [k, w] of W) {
    if (k.split(',').length > gamma && k !== '') continue;
    for (let y = 0; y < n; y++) {
      const sy = k === '' ? String(y) : `${k},${y}`;
      const expected = chain.target(w.last)[y]!.mul(A(k)).sub(A(sy));
      assert.ok((lawE.get(sy) ?? ZERO).equals(expected), `P(E = ${sy}) = ${lawE.get(sy) ?? 0}, expected ${expected}`);
    }
  }
  // Exactness: E · target continuation = target on the first max(3, γ + 1) tokens.
  const m = Math.max(3, gamma + 1);
  const continued = continuedBlockLaw(chain, step.outcomes, start, m);
  for (const [k, p] of languageSequenceLaw(chain, start, m)) assert.ok((continued.get(k) ?? ZERO).equals(p), `continued law at ${k}`);
  // Item 1 (the Lemma), per prefix, from the enumerated program on every full block.
  const full = [...W.keys()].filter((k) => k !== '' && k.split(',').length === gamma && W.get(k)!.Q.sign() > 0);
  const atLeast = new Map<string, Rational>(); // Σ over blocks with this prefix of Q(block) P(τ ≥ |prefix| | block)
  const exactly = new Map<string, Rational>();
  for (const key of full) {
    const X = key.split(',').map(Number);
    const ctx = [start, ...X];
    const p = ctx.map((x) => chain.target(x));
    const q = ctx.slice(0, -1).map((x) => chain.draft(x));
    const outcomes = enumerateOutcomes(F, (c) => blockVerify(F, X, p, q, c));
    for (let i = 0; i <= gamma; i++) {
      const prefix = X.slice(0, i).join(',');
      const ge = outcomes.filter((o) => o.value.accepted >= i).reduce((s, o) => s.add(o.probability), ZERO);
      const eq = outcomes.filter((o) => o.value.accepted === i).reduce((s, o) => s.add(o.probability), ZERO);
      atLeast.set(prefix, (atLeast.get(prefix) ?? ZERO).add(W.get(key)!.Q.mul(ge)));
      exactly.set(prefix, (exactly.get(prefix) ?? ZERO).add(W.get(key)!.Q.mul(eq)));
    }
  }
  for (const [prefix, mass] of atLeast) {
    const w = W.get(prefix)!;
    assert.ok(mass.equals(w.Q.mul(w.a)), `Lemma: E[P(τ ≥ i | X) | X_1:i = ${prefix}] ≠ a_i`);
    const i = prefix === '' ? 0 : prefix.split(',').length;
    if (i < gamma) {
      let rho = ZERO;
      for (let y = 0; y < n; y++) rho = rho.add(pos(w.a.mul(chain.target(w.last)[y]!).sub(chain.draft(w.last)[y]!)));
      assert.ok(exactly.get(prefix)!.equals(w.Q.mul(rho)), `Lemma: P(τ = ${i} | X_1:i = ${prefix}) ≠ ρ_i`);
    }
  }
  // Items 3–5.
  let eTau = ZERO;
  for (const k of W.keys()) if (k !== '') eTau = eTau.add(A(k));
  const closed = blockTokensPerStep(chain, gamma, start);
  assert.ok(closed.equals(eTau.add(ONE)) && step.expectedTokens.equals(closed), '(2.4)');
  const sd = expectedTokensPerStep(chain, chainTree(gamma), 'sd', { start }).value;
  assert.ok(sd.compare(closed) <= 0, `SD ${sd} > BV ${closed}`);
  const lpA = lpAOptimum(chain, pathSetLaw(chain, chainTree(gamma), 'iid', start), start).value;
  assert.ok(lpA.equals(eTau), `LP-A ${lpA} ≠ E τ_BV ${eTau}`);
}

test('block verification: Lemma, (1.1) with equality, exactness, (2.4), ≥ SD, = LP-A — n = 2 grid chains (γ = 1, 2), random n = 3 (γ ≤ 3)', () => {
  let gridChecked = 0;
  for (const chain of gridChains(3)) {
    for (const gamma of [1, 2]) {
      checkChain(chain, gamma, 0);
      gridChecked++;
    }
  }
  let randomChecked = 0;
  for (const chain of randomChains('proofs/block-verification', 24)) {
    const t = randomChecked;
    checkChain(chain, 1 + (t % 3), t % 3);
    randomChecked++;
  }
  report('block-verification', { 'grid chains × γ (n = 2, d ≤ 3)': gridChecked, 'random chains (n = 3, γ ≤ 3)': randomChecked });
});

test.run();
