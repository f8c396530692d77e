// Machine check of proofs/traversal-verification.md: the Lemma (entry weight α), the Theorem (exactness for
// every shape and sibling law) on the enumerated sampling program, and the special cases, exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rational } from '../src/core/rational.ts';
import { continuedBlockLaw } from '../src/sequence/continuedBlockLaw.ts';
import { getSequenceVerifier } from '../src/sequence/sequenceVerifiers.ts';
import type { SiblingLaw } from '../src/sequence/siblingLaw.ts';
import { traversalStepLaw } from '../src/sequence/traversalStepLaw.ts';
import { exactStepLaw, languageSequenceLaw } from '../src/tree/exactWalkLaw.ts';
import type { MarkovChain } from '../src/tree/language.ts';
import { parseTreeSpec } from '../src/tree/parseTreeSpec.ts';
import { createTreeWalk } from '../src/tree/treeWalk.ts';
import { gridChains, randomChains, report } from './_internals/instances.ts';

const SHAPES = ['2^2', '2^3', '3^2', 'chain:2', '[-1, 0, 0, 1]'];
const LAWS: SiblingLaw[] = ['iid', 'wor', 'hub'];
const id = (k: SiblingLaw) => (k === 'iid' ? 'traversal' : `traversal-${k}`);
const same = (a: Map<string, Rational>, b: Map<string, Rational>) => {
  for (const k of new Set([...a.keys(), ...b.keys()])) if (!(a.get(k) ?? Rational.ZERO).equals(b.get(k) ?? Rational.ZERO)) return false;
  return true;
};

function check(chain: MarkovChain<Rational>, counts: Record<string, number>): void {
  for (const shape of SHAPES) {
    const tree = parseTreeSpec(shape);
    const m = Math.max(3, tree.depth + 1);
    for (const kappa of LAWS) {
      if (kappa === 'hub' && tree.maxBranching > 2) continue;
      for (let x = 0; x < chain.vocabularySize; x++) {
        const target = languageSequenceLaw(chain, x, m);
        // Lemma: entered with weight α, total mass α and E · continuation = α · target.
        for (const alpha of [Rational.of(1, 3), Rational.of(1, 2), Rational.ONE]) {
          const law = traversalStepLaw(chain, tree, kappa, x, { entryWeight: alpha }).law!;
          const outcomes = [...law].map(([k, probability]) => ({ emitted: k.split(',').map(Number), probability }));
          const mass = outcomes.reduce((s, o) => s.add(o.probability), Rational.ZERO);
          assert.ok(mass.equals(alpha), `${shape} ${kappa}: mass ${mass} ≠ α = ${alpha}`);
          const scaled = new Map([...target].map(([k, p]) => [k, p.mul(alpha)]));
          assert.ok(same(continuedBlockLaw(chain, outcomes, x, m), scaled), `${shape} ${kappa} from ${x}: lemma at α = ${alpha}`);
          counts['lemma cases'] = (counts['lemma cases'] ?? 0) + 1;
        }
        // Theorem, on the sampling program itself; and program = recursion.
        const program = exactStepLaw(createTreeWalk(chain, tree, getSequenceVerifier(id(kappa))), x);
        assert.ok(same(continuedBlockLaw(chain, program.outcomes, x, m), target), `${shape} ${kappa} from ${x}: not exact`);
        const recursion = traversalStepLaw(chain, tree, kappa, x).law!;
        assert.ok(same(new Map(program.outcomes.map((o) => [o.emitted.join(','), o.probability])), recursion), `${shape} ${kappa}: program ≠ recursion`);
        counts['theorem cases'] = (counts['theorem cases'] ?? 0) + 1;
        // Special cases.
        if (shape === 'chain:2') {
          const bv = exactStepLaw(createTreeWalk(chain, tree, getSequenceVerifier('block')), x);
          assert.ok(program.expectedTokens.equals(bv.expectedTokens) && same(new Map(bv.outcomes.map((o) => [o.emitted.join(','), o.probability])), recursion), 'chain: TV = BV');
        }
        if (tree.depth === 1 && kappa !== 'hub') {
          const walk = exactStepLaw(createTreeWalk(chain, tree, kappa === 'iid' ? 'rrs' : 'rrsw'), x);
          assert.ok(same(new Map(walk.outcomes.map((o) => [o.emitted.join(','), o.probability])), recursion), `depth 1: TV = ${kappa === 'iid' ? 'RRS' : 'RRSw'}`);
        }
      }
    }
  }
}

test('traversal verification: Lemma (α = 1/3, 1/2, 1), Theorem on the sampling program, special cases — grid n = 2 chains, random n = 3', () => {
  const counts: Record<string, number> = {};
  let chains = 0;
  for (const chain of [...gridChains(2), ...randomChains('proofs/traversal-verification', 6)]) {
    check(chain, counts);
    chains++;
  }
  report('traversal-verification', { chains, ...counts });
});

test.run();
