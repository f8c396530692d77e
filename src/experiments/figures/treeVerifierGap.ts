/**
 * Data of figure 7, "how far from the best tree verifier" (§S4): over random small Markov chains, each
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
import { stringifyJson } from '../../core/stringifyJson.ts';
import { cellTask } from '../cellTask.ts';
import type { FigureData } from '../figureData.ts';
import type { CellGrid, GridKind } from '../runGrid.ts';
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

/** Figure 7's data from its options and every instance's rows (in instance order). */
export const TREE_VERIFIER_GAP_KIND: GridKind<TreeVerifierGapRow[], FigureData<TreeVerifierGapRow>> = {
  name: 'figure:tree-verifier-gap',
  finish(grid, results) {
    const o = grid as Omit<TreeVerifierGapOptions, 'progress'>;
    return {
      figure: 'tree-verifier-gap',
      title: 'How far from the best tree verifier: tokens per step as a fraction of 1 + LP-A',
      description:
        `${o.instances} random Markov chains (n = ${o.vocabularies.join(', ')}; exact rationals), start token 0: each method's exact tokens per step ` +
        'divided by 1 + LP-A, the best exact verifier for the same draft-tree law (§S4.1). 1 = optimal.',
      parameters: { instances: o.instances, vocabularies: o.vocabularies, trees: o.trees, seed: o.seed },
      notes: [
        'Token-level walks verify node by node (SD on chains, RRS for i.i.d., RRSw for w/o-replacement and SpecHub for hub-pair siblings);',
        'block verification (chains) and traversal verification (trees) use the same drafts. LP-A is solved exactly (cutting planes, §S4.2).',
      ],
      rows: results.flat(),
    };
  },
  text: (data) => stringifyJson(data, { indent: 1, what: 'tree-verifier-gap data' }) + '\n',
};

/** One cell per random instance (its chain is seeded by the instance number), for `spechub plot --workers / --shard`. */
export function treeVerifierGapGrid(options: Partial<TreeVerifierGapOptions> = {}): CellGrid<TreeVerifierGapCell, TreeVerifierGapRow[], FigureData<TreeVerifierGapRow>> {
  const { progress: _progress, ...o }: TreeVerifierGapOptions = { ...GAP_DEFAULTS, ...options };
  return {
    kind: TREE_VERIFIER_GAP_KIND,
    grid: { instances: o.instances, vocabularies: o.vocabularies, trees: o.trees, seed: o.seed },
    cells: Array.from({ length: o.instances }, (_, instance) => ({ instance, vocabularies: o.vocabularies, trees: o.trees, seed: o.seed })),
    task: cellTask(import.meta.url, './treeVerifierGap', 'treeVerifierGapCell'),
    label: (cell) => `instance ${cell.instance + 1}/${o.instances}`,
  };
}

export interface TreeVerifierGapCell {
  instance: number;
  vocabularies: number[];
  trees: string[];
  seed: string | number;
}

/** The rows of one instance (a cell function: runs in a worker). */
export function treeVerifierGapCell(cell: TreeVerifierGapCell): TreeVerifierGapRow[] {
  const i = cell.instance;
  const n = cell.vocabularies[i % cell.vocabularies.length]!;
  const chain = randomExactChain(n, deriveSeed(cell.seed, 'tree-verifier-gap', i));
  const rows: TreeVerifierGapRow[] = [];
  for (const shape of cell.trees) {
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
  return rows;
}

export function treeVerifierGap(options: Partial<TreeVerifierGapOptions> = {}): FigureData<TreeVerifierGapRow> {
  const grid = treeVerifierGapGrid(options);
  const results = grid.cells.map((cell) => {
    const rows = treeVerifierGapCell(cell);
    options.progress?.(`instance ${cell.instance + 1}/${grid.cells.length} (n = ${rows[0]?.n ?? cell.vocabularies[cell.instance % cell.vocabularies.length]})`);
    return rows;
  });
  return TREE_VERIFIER_GAP_KIND.finish(grid.grid, results);
}
