/**
 * Data of figure 7, "how far from the best tree verifier" (spec §S4): over random small Markov chains, each
 * method's exact tokens per step as a fraction of 1 + LP-A, the tree-level optimum for its own draft-tree law
 * (the best any exact verifier drafting that way can do). Token-level walks (SD, RRS, RRSw, SpecHub) beside
 * block and traversal verification with the same drafts; trees `chain:2`, `chain:3`, `2^2`, `2^3`, `3^2`; sibling
 * laws i.i.d., without replacement and hub pair. Everything in exact rationals (random integer weights 0..9,
 * zero with probability 1/5, divided by their sum; seeded), so a fraction is exact up to its final conversion.
 *
 * @example
 * ```ts
 * const data = treeVerifierGap({ instances: 6 });
 * data.rows[0]; // { instance: 0, n: 3, tree: 'chain:2', law: 'iid', series: 'sd', fraction: 0.93, … }
 * ```
 */
import { Rational } from '../../core/rational.ts';
import { createRng, deriveSeed } from '../../random/createRng.ts';
import { lpATokensPerStep } from '../../sequence/lpATokensPerStep.ts';
import { sequenceTokensPerStep } from '../../sequence/sequenceTokensPerStep.ts';
import type { SiblingLaw } from '../../sequence/siblingLaw.ts';
import { expectedTokensPerStep } from '../../tree/expectedTokensPerStep.ts';
import type { MarkovChain } from '../../tree/language.ts';
import { markovChainFromRows } from '../../tree/markovChain.ts';
import { parseTreeSpec } from '../../tree/parseTreeSpec.ts';
import { rationalField } from '../../core/field.ts';
import type { FigureData } from '../figureData.ts';
import { seriesLabel } from '../seriesLabel.ts';

export interface TreeVerifierGapOptions {
  instances: number;
  /** Vocabulary sizes, used in turn. */
  vocabularies: number[];
  trees: string[];
  seed: string | number;
  progress?: (message: string) => void;
}

export interface TreeVerifierGapRow {
  [field: string]: string | number | boolean | null;
  instance: number;
  n: number;
  tree: string;
  law: string;
  series: string;
  label: string;
  /** 'token-level walk' or 'sequence-level'. */
  kind: string;
  tokensPerStep: number;
  optimum: number;
  fraction: number;
  /** The exact fraction, as a reduced fraction. */
  exactFraction: string;
}

export const GAP_DEFAULTS: TreeVerifierGapOptions = { instances: 40, vocabularies: [3, 4], trees: ['chain:2', 'chain:3', '2^2', '2^3', '3^2'], seed: 14 };

const METHODS: Record<SiblingLaw, [string, string]> = { iid: ['rrs', 'traversal'], wor: ['rrsw', 'traversal-wor'], hub: ['spechub', 'traversal-hub'] };

/** A random exact chain: weights 0..9 (0 with probability 1/5) per row, normalised; rows never all zero. */
export function randomExactChain(n: number, seed: string): MarkovChain<Rational> {
  const rng = createRng(seed);
  const row = () => {
    for (;;) {
      const w = Array.from({ length: n }, () => (rng() < 0.2 ? 0 : 1 + Math.floor(rng() * 9)));
      const total = w.reduce((a, b) => a + b, 0);
      if (total > 0) return w.map((x) => Rational.of(x, total));
    }
  };
  return markovChainFromRows(rationalField, Array.from({ length: n }, row), Array.from({ length: n }, row));
}

export function treeVerifierGap(options: Partial<TreeVerifierGapOptions> = {}): FigureData<TreeVerifierGapRow> {
  const o: TreeVerifierGapOptions = { ...GAP_DEFAULTS, ...options };
  const rows: TreeVerifierGapRow[] = [];
  for (let i = 0; i < o.instances; i++) {
    const n = o.vocabularies[i % o.vocabularies.length]!;
    const chain = randomExactChain(n, deriveSeed(o.seed, 'tree-verifier-gap', i));
    for (const shape of o.trees) {
      const tree = parseTreeSpec(shape);
      const laws: SiblingLaw[] = tree.maxBranching <= 1 ? ['iid'] : tree.maxBranching > 2 ? ['iid', 'wor'] : ['iid', 'wor', 'hub'];
      for (const law of laws) {
        const optimum = lpATokensPerStep(chain, tree, law, 0);
        const methods = tree.maxBranching <= 1 ? ['sd', 'block'] : METHODS[law];
        for (const id of methods) {
          const sequence = id === 'block' || id.startsWith('traversal');
          const value = sequence ? sequenceTokensPerStep(chain, tree, id, { start: 0 }).value : expectedTokensPerStep(chain, tree, id, { start: 0 }).value;
          const fraction = value.div(optimum);
          rows.push({
            instance: i, n, tree: shape, law, series: id, label: seriesLabel(id), kind: sequence ? 'sequence-level' : 'token-level walk',
            tokensPerStep: value.toNumber(), optimum: optimum.toNumber(), fraction: fraction.toNumber(), exactFraction: fraction.toString(),
          });
        }
      }
    }
    o.progress?.(`instance ${i + 1}/${o.instances} (n = ${n})`);
  }
  return {
    figure: 'tree-verifier-gap',
    title: 'How far from the best tree verifier: tokens per step as a fraction of 1 + LP-A',
    description:
      `${o.instances} random Markov chains (n = ${o.vocabularies.join(', ')}; exact rationals), start token 0: each method's exact tokens per step ` +
      'divided by 1 + LP-A, the best exact verifier for the same draft-tree law (spec §S4.1). 1 = optimal.',
    parameters: { instances: o.instances, vocabularies: o.vocabularies, trees: o.trees, seed: o.seed },
    notes: [
      'Token-level walks verify node by node (SD on chains, RRS for i.i.d., RRSw for w/o-replacement and SpecHub for hub-pair siblings);',
      'block verification (chains) and traversal verification (trees) use the same drafts. LP-A is solved exactly (cutting planes, §S4.2).',
    ],
    rows,
  };
}
