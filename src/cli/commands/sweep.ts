/**
 * `spechub sweep`: parses its options into the sweep experiment's options, runs it (src/experiments/runSweep.ts,
 * theory §5, §6.2) on worker threads (`--workers`) or as one shard (`--shard i/N`, merged by `spechub merge`)
 * with a progress bar on stderr, and writes the rows as JSON, CSV and markdown.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['sweep', '--help'], io); // 0
 * out.join('').startsWith('spechub sweep'); // true: the usage and options
 * ```
 */
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { FileSystemError, ParseError } from '../../core/errors.ts';
import { resolveWalkMethod } from '../../sequence/sequenceVerifiers.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { type Command, integerOption, numberOption, requireString, seedOption, timingEnabled } from '../command.ts';
import { progressBar, progressMode } from '../progressBar.ts';
import { readTreeOption } from '../readTreeOption.ts';
import { runGrid, runGridShard } from '../../experiments/runGrid.ts';
import { MAX_SWEEP_STEPS, MAX_SWEEP_VOCABULARY, type SweepFamily, type SweepOptions, type SweepRow } from '../../experiments/runSweep.ts';
import { sweepCsv } from '../../experiments/sweepCsv.ts';
import { SWEEP_KIND, sweepGrid } from '../../experiments/sweepGrid.ts';
import { GRID_OPTIONS, GRID_USAGE, shardOption, workersOption } from '../gridOptions.ts';
import { sweepMarkdown } from '../../experiments/sweepMarkdown.ts';

function list(values: Record<string, unknown>, name: string, fallback: string): string[] {
  const v = values[name];
  const text = typeof v === 'string' ? v : fallback;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new ParseError(`--${name} needs at least one value`);
  return items;
}

function numbers(values: Record<string, unknown>, name: string, fallback: string, min: number, max: number): number[] {
  return list(values, name, fallback).map((s) => {
    const x = Number(s);
    if (!Number.isFinite(x) || x < min || x > max) throw new ParseError(`--${name}: '${s}' is not a number in [${min}, ${max}]`);
    return x;
  });
}

/** Reads the command-line values into {@link SweepOptions}. */
export function sweepOptionsFrom(values: Record<string, string | boolean | string[] | undefined>): SweepOptions {
  const family = requireString(values, 'family') as SweepFamily;
  if (!['zipf', 'dirichlet', 'contextual'].includes(family)) throw new ParseError(`--family must be zipf, dirichlet or contextual, got '${family}'`);
  const methods = list(values, 'methods', 'rrs,rrsw,spechub,greedy');
  for (const m of methods) resolveWalkMethod(m);
  const lpA = typeof values['lp-a'] === 'string' ? values['lp-a'] : 'auto';
  if (lpA !== 'auto' && lpA !== 'off') throw new ParseError(`--lp-a must be auto or off, got '${lpA}'`);
  if (values.noise !== undefined && values['target-overlap'] !== undefined) throw new ParseError('choose one of --noise and --target-overlap');
  const divergences =
    values.noise !== undefined
      ? { kind: 'noise' as const, values: numbers(values, 'noise', '', 0, 1000) }
      : { kind: 'overlap' as const, values: numbers(values, 'target-overlap', '0.52', 1e-6, 1 - 1e-6) };
  const startText = typeof values.start === 'string' ? values.start : family === 'contextual' ? 'uniform' : 'stationary';
  let start: SweepOptions['start'];
  if (startText === 'stationary' || startText === 'uniform') start = startText;
  else start = integerOption(values, 'start', undefined, 0, Number.MAX_SAFE_INTEGER);
  const shapeName = family === 'dirichlet' ? 'concentration' : 'exponent';
  const otherShape = family === 'dirichlet' ? 'exponent' : 'concentration';
  if (values[otherShape] !== undefined) throw new ParseError(`--${otherShape} does not apply to --family ${family} (use --${shapeName})`);
  return {
    family,
    vocabularySize: integerOption(values, 'n', 1000, 2, MAX_SWEEP_VOCABULARY),
    shape: numberOption(values, shapeName, family === 'dirichlet' ? 0.1 : 1.1, 1e-6, 1e6),
    support: values.support === undefined ? undefined : integerOption(values, 'support', undefined, 1, 1_000_000),
    contextLength: integerOption(values, 'context-length', 2, 1, 3),
    buckets: integerOption(values, 'buckets', 4096, 1, 1 << 24),
    temperatures: numbers(values, 'temperatures', '0.6,1.0', 1e-3, 100),
    trees: list(values, 'trees', '2^2,2^3,2^4,2^5').map((name) => ({ name, tree: readTreeOption(name) })),
    methods,
    divergences,
    calibrateAt: values['calibrate-at'] === undefined ? null : numberOption(values, 'calibrate-at', undefined, 1e-3, 100),
    temperatureRatio: numberOption(values, 'temperature-ratio', 1, 1e-3, 1e3),
    uniformMix: numberOption(values, 'uniform-mix', 0, 0, 1),
    otherModelMix: numberOption(values, 'other-mix', 0, 0, 1),
    topP: numberOption(values, 'top-p', 1, 1e-6, 1),
    steps: integerOption(values, 'steps', 10_000, 0, MAX_SWEEP_STEPS),
    exact: !values['no-exact'] && family !== 'contextual',
    maxOutcomes: integerOption(values, 'max-outcomes', 50_000, 1, 1e8),
    seed: seedOption(values, '0'),
    start,
    lpA,
  };
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'grid temperature × divergence × tree × method on a synthetic language; CSV/JSON/markdown',
  usage: `spechub sweep --family zipf|dirichlet|contextual [--n 1000] [--exponent s | --concentration c] [--support m]
              [--temperatures 0.6,1.0] [--trees 2^2,2^3,2^4,2^5] [--methods rrs,rrsw,spechub,greedy]
              [--target-overlap 0.52 [--calibrate-at T] | --noise 1,1.5]
              [--temperature-ratio r] [--uniform-mix u] [--other-mix o] [--top-p P]
              [--steps 10000] [--no-exact] [--max-outcomes 50000] [--seed s] [--start stationary|uniform|<state>]
              [--context-length 2] [--buckets 4096] [--lp-a auto|off] [--out <prefix>] [--markdown <file>] [--json]
              [--no-timing] [--no-progress] [--workers N] [--shard i/N]

  Families: zipf (target rows are Zipf laws over random rankings, exponent s, default 1.1) and dirichlet
  (rows ~ Dirichlet(c), default 0.1) are first-order Markov chains, row x = synthetic pair x; contextual is
  the hashed-context language (law depends on the last --context-length tokens). Drafts: target logits plus
  Gaussian noise σ, then the optional temperature ratio / uniform / other-model mixture; temperature and
  top-p apply to both models.
  Divergence axis: --noise gives σ values; --target-overlap gives mean single-draft acceptances ov(p, q),
  each calibrated to a σ (at every temperature, or once at --calibrate-at T and reused for all temperatures).
  Start: the last committed token is drawn from the target chain's stationary law (Markov default) or
  uniformly (contextual default). Exact values: §5.3 recursion averaged over the start law (Markov families;
  --no-exact skips them; methods without a closed-form profile, e.g. otm, are enumerated per row and
  skipped above --max-outcomes outcomes per row); Monte Carlo: --steps independent steps per cell with a 95 % interval (0 skips).
  Cells a method cannot run (e.g. spechub on 3^D, otm with too many draft sets) are listed as skipped.
  Sequence-level methods: block (chains), traversal, traversal-wor, traversal-hub (§S2–§S3); their exact values
  need a small vocabulary (else Monte Carlo only). --lp-a auto (default): for Markov families with n ≤ 16, rows
  lp-a:<law> with the tree-level optimum 1 + LP-A (§S4.1) of each sibling law in the grid, averaged over the
  start law (a markdown column each); off: none.
  Start stationary: the stationary law by direct state reduction (GTH, n ≤ 3000, any temperature), else by
  power iteration within a budget; a chain that mixes too slowly is refused with the reason (use --start uniform).
  Output: --out P writes P.csv and P.json (P is a file prefix such as results/sweep, not a folder);
  --markdown writes tables with SpecHub − RRS / − RRSw columns; otherwise (or with --json) the JSON rows go to
  stdout. Files are written whole (temporary file + rename); their paths are checked before the run.
  --no-timing leaves out the per-cell "seconds" (JSON and CSV), so the same seed gives byte-identical files.
  Progress: a bar on a terminal, plain lines when stderr is redirected, nothing with --no-progress.
  Limits: --n ≤ ${MAX_SWEEP_VOCABULARY} and --steps ≤ ${MAX_SWEEP_STEPS.toExponential(0)} per cell. Costs: the exact value
  of a cell is about (distinct subtrees × children + 1) · n² operations (refused as skipped above 3·10⁹, e.g.
  n = 30,000 on a 2^5 tree); a Monte Carlo step generates the rows it visits (about depth · n log n, cached
  while they fit): 1,000 steps on 2^3 take about 30 s of CPU at n = 10,000 and 5–10 min at n = 100,000.
  Ctrl-C stops a run cleanly (no partial file, no worker thread left).
  Parallel and distributed runs (docs/scaling.md):
${GRID_USAGE}
  With --shard the partial result goes to stdout (--out and --markdown need the whole grid: merge first).`,
  options: {
    family: { type: 'string' },
    n: { type: 'string' },
    exponent: { type: 'string' },
    concentration: { type: 'string' },
    support: { type: 'string' },
    temperatures: { type: 'string' },
    trees: { type: 'string' },
    methods: { type: 'string' },
    'target-overlap': { type: 'string' },
    'calibrate-at': { type: 'string' },
    noise: { type: 'string' },
    'temperature-ratio': { type: 'string' },
    'uniform-mix': { type: 'string' },
    'other-mix': { type: 'string' },
    'top-p': { type: 'string' },
    steps: { type: 'string' },
    'no-exact': { type: 'boolean' },
    'max-outcomes': { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    'context-length': { type: 'string' },
    buckets: { type: 'string' },
    'lp-a': { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'string' },
    json: { type: 'boolean' },
    'no-timing': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    ...GRID_OPTIONS,
  },
  async run(values, io) {
    const options = sweepOptionsFrom(values);
    const workers = workersOption(values);
    const shard = shardOption(values);
    if (shard !== null && (values.out !== undefined || values.markdown !== undefined)) {
      throw new ParseError('--shard prints a partial result on stdout (redirect it to a file); --out and --markdown need the whole grid: run spechub merge on the parts first');
    }
    if (options.uniformMix + options.otherModelMix > 1) throw new ParseError('--uniform-mix + --other-mix must not exceed 1');
    const timing = timingEnabled(values);
    // Output paths are checked before the (possibly long) run.
    if (typeof values.out === 'string') {
      if (values.out.trim() === '' || /[/\\]$/.test(values.out)) {
        throw new FileSystemError('IS_A_DIRECTORY', values.out, `--out '${values.out}' names a folder, but it is the prefix of two files (<prefix>.csv and <prefix>.json): give e.g. --out ${values.out.trim() === '' ? '' : values.out}sweep`);
      }
      checkOutputPath(`${values.out}.csv`, 'file', '--out CSV file');
      checkOutputPath(`${values.out}.json`, 'file', '--out JSON file');
    }
    if (typeof values.markdown === 'string') checkOutputPath(values.markdown, 'file', '--markdown file');
    const grid = sweepGrid(options, { timing });
    const progress = progressBar(io, progressMode(values));
    if (shard !== null) {
      io.stdout(stringifyJson(await runGridShard(grid, shard, { workers, progress }), { what: 'sweep partial result' }) + '\n');
      return 0;
    }
    const output = await runGrid(grid, { workers, progress });
    const rows = output.rows as SweepRow[];
    const json = SWEEP_KIND.text(output);
    if (typeof values.out === 'string') {
      writeFileAtomic(`${values.out}.csv`, sweepCsv(rows, { timing }));
      writeFileAtomic(`${values.out}.json`, json);
    }
    if (typeof values.markdown === 'string') writeFileAtomic(values.markdown, sweepMarkdown(rows));
    if (values.json || (values.out === undefined && values.markdown === undefined)) io.stdout(json);
    else io.stdout(`${rows.length} cells${typeof values.out === 'string' ? `, wrote ${values.out}.csv and ${values.out}.json` : ''}${typeof values.markdown === 'string' ? `, ${values.markdown}` : ''}\n`);
    return 0;
  },
};
