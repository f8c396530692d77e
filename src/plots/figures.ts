/**
 * The canonical figures: for each id, how its data are computed (a pure data module), which rows a data file
 * must have, and the Vega-Lite spec builder. Rendering and files live in the adapters (`renderSvg`,
 * `renderPng`, `renderHtml`, `writeFigure`) and in `spechub plot` / `npm run figures`.
 *
 * @example
 * ```ts
 * const figure = getFigure('acceptance-vs-k');
 * figure.number; // 2
 * const spec = figure.spec(await figure.compute({ quick: true, workers: 1 })); // workers: 1 = this thread
 * ```
 */
import type { TopLevelSpec } from 'vega-lite';
import { SpechubError } from '../core/errors.ts';
import { acceptanceVsKGrid } from '../experiments/figures/acceptanceVsK.ts';
import { acceptanceVsTemperatureGrid } from '../experiments/figures/acceptanceVsTemperature.ts';
import { optimalityGapGrid } from '../experiments/figures/optimalityGap.ts';
import { optimumCost } from '../experiments/figures/optimumCost.ts';
import { spechubDominance } from '../experiments/figures/spechubDominance.ts';
import { tokensPerStepGrid } from '../experiments/figures/tokensPerStep.ts';
import { treeVerifierGapGrid } from '../experiments/figures/treeVerifierGap.ts';
import type { FigureData, FigureId } from '../experiments/figureData.ts';
import { type CellGrid, runGrid } from '../experiments/runGrid.ts';
import { acceptanceVsKSpec } from './specs/acceptanceVsKSpec.ts';
import { acceptanceVsTemperatureSpec } from './specs/acceptanceVsTemperatureSpec.ts';
import { optimalityGapSpec } from './specs/optimalityGapSpec.ts';
import { optimumCostSpec } from './specs/optimumCostSpec.ts';
import { spechubDominanceSpec } from './specs/spechubDominanceSpec.ts';
import { tokensPerStepSpec } from './specs/tokensPerStepSpec.ts';
import { treeVerifierGapSpec } from './specs/treeVerifierGapSpec.ts';

export interface ComputeOptions {
  /** Smaller instance counts, for smoke tests and `npm start` (the committed figures use the defaults). */
  quick?: boolean;
  /** Extra JSON inputs some figures read (e.g. tree-simulation and end-to-end result files), already parsed. */
  inputs?: Array<{ path: string; content: unknown }>;
  /** Progress messages. */
  progress?: (message: string) => void;
  /** Worker threads for figures computed as a grid (default: the number of cores; 1 = this thread). */
  workers?: number;
}

export interface FigureDefinition {
  id: FigureId;
  /** Number in the canonical list (1–7). */
  number: number;
  title: string;
  /** Fields every data row must have. */
  requiredFields: readonly string[];
  /** Glob-like prefixes of `plots/data/` files the figure reads when present (read by the adapters). */
  inputPrefixes?: readonly string[];
  compute(options: ComputeOptions): Promise<FigureData> | FigureData;
  /**
   * The figure's data as a grid of cells (docs/scaling.md), for figures that compute many independent points:
   * `compute` runs it on worker threads, `spechub plot <figure> --shard i/N` runs one shard of it. Absent for
   * figures computed in one piece (figure 6, a few milliseconds) or that measure time (figure 5: run alone).
   */
  grid?(options: ComputeOptions): CellGrid<unknown, unknown, FigureData>;
  spec(data: FigureData): TopLevelSpec;
}

/** `compute` for a grid figure: its cells on `workers` threads, progress as one message per finished cell. */
function viaGrid(grid: (options: ComputeOptions) => CellGrid<never, never, FigureData>): Pick<FigureDefinition, 'grid' | 'compute'> {
  return {
    grid: grid as unknown as FigureDefinition['grid'],
    compute: (options) => {
      let reported = 0;
      return runGrid(grid(options), {
        workers: options.workers,
        progress: (done, total, label) => {
          if (options.progress === undefined || Math.floor(done) <= reported) return;
          reported = Math.floor(done);
          options.progress(`${reported}/${total} cells (${label})`);
        },
      });
    },
  };
}

const definitions: FigureDefinition[] = [
  {
    id: 'acceptance-vs-temperature',
    number: 1,
    title: 'Acceptance vs temperature (k = 2), every verifier and the optimum',
    requiredFields: ['temperature', 'series', 'label', 'acceptance'],
    ...viaGrid(({ quick }) => acceptanceVsTemperatureGrid(quick ? { n: 60, contexts: 4, temperatures: [0.3, 0.7, 1.0, 1.4] } : {}) as never),
    spec: acceptanceVsTemperatureSpec,
  },
  {
    id: 'acceptance-vs-k',
    number: 2,
    title: 'Acceptance vs number of drafts k',
    requiredFields: ['k', 'series', 'label', 'acceptance', 'kind'],
    ...viaGrid(({ quick }) => acceptanceVsKGrid(quick ? { n: 60, contexts: 4, ks: [1, 2, 3, 4], trialsPerContext: 400 } : {}) as never),
    spec: acceptanceVsKSpec,
  },
  {
    id: 'optimality-gap',
    number: 3,
    title: 'Gap to the optimum of each heuristic, over random instances (k = 2, 3)',
    requiredFields: ['k', 'rrs', 'kseq', 'rrsw', 'greedy', 'greedyQ', 'optimumIid', 'optimumWor'],
    ...viaGrid(({ quick }) => optimalityGapGrid(quick ? { instances: 40, nMax: 12 } : {}) as never),
    spec: optimalityGapSpec,
  },
  {
    id: 'tokens-per-step',
    number: 4,
    title: 'Tokens per step vs tree depth: tree simulation with intervals, and end-to-end runs',
    requiredFields: ['source', 'temperature', 'depth', 'series', 'label'],
    inputPrefixes: ['tree-reproduction-', 'e2e-'],
    ...viaGrid(({ quick, inputs }) =>
      tokensPerStepGrid({
        ...(quick ? { vocabularySize: 60, depths: [1, 2, 3], steps: 1000 } : {}),
        exactPanel: { depths: quick ? [1, 2] : [1, 2, 3] },
        // End-to-end sweeps (bench/e2eSweep.ts: { meta, runs }); other e2e-* files (e.g. latency) are not plotted here.
        endToEnd: (inputs ?? []).filter((f) => /(^|\/)e2e-[^/]*\.json$/.test(f.path) && Array.isArray((f.content as { runs?: unknown })?.runs)),
        // The reproduction runs at n = 1000 (the per-node OTM runs, tree-reproduction-otm-*, are a separate n = 50 study).
        treeSweeps: quick ? [] : (inputs ?? []).filter((f) => /(^|\/)tree-reproduction-(?!otm-)[^/]*\.json$/.test(f.path)),
      }) as never,
    ),
    spec: tokensPerStepSpec,
  },
  {
    id: 'optimum-cost',
    number: 5,
    title: 'Cost of the exact optimum: full LP vs membership LP vs max-flow vs prefix dual (log scale)',
    requiredFields: ['k', 'n', 'route', 'seconds', 'optimum'],
    compute: ({ quick, progress }) =>
      optimumCost(quick ? { ks: [2], sizes: [4, 8, 16, 32], capSeconds: 0.3, minSampleSeconds: 0.005, ...(progress ? { progress } : {}) } : progress ? { progress } : {}),
    spec: optimumCostSpec,
  },
  {
    id: 'spechub-dominance',
    number: 6,
    title: "SpecHub's region of dominance (q(a) ≥ ½, §4.5 H3–H4)",
    requiredFields: ['hubProbability', 'spechub', 'optimumIid', 'rrs', 'kseq', 'rrsw'],
    compute: ({ quick }) => spechubDominance(quick ? { instances: 120 } : {}),
    spec: spechubDominanceSpec,
  },
  {
    id: 'tree-verifier-gap',
    number: 7,
    title: 'How far from the best tree verifier (1 + LP-A), over random small instances',
    requiredFields: ['instance', 'tree', 'law', 'series', 'label', 'fraction', 'tokensPerStep', 'optimum'],
    ...viaGrid(({ quick }) => treeVerifierGapGrid(quick ? { instances: 4, trees: ['chain:2', '2^2', '2^3'] } : {}) as never),
    spec: treeVerifierGapSpec,
  },
];

/** Every figure, in canonical order. */
export function figureDefinitions(): FigureDefinition[] {
  return [...definitions].sort((a, b) => a.number - b.number);
}

/** Looks a figure up by id or number; `UNKNOWN_METHOD`-style error listing the known ids otherwise. */
export function getFigure(idOrNumber: string): FigureDefinition {
  const f = definitions.find((d) => d.id === idOrNumber || String(d.number) === idOrNumber);
  if (f === undefined) {
    throw new SpechubError('INVALID_ARGUMENT', `unknown figure '${idOrNumber}' (known: ${figureDefinitions().map((d) => `${d.number} ${d.id}`).join(', ')})`);
  }
  return f;
}
