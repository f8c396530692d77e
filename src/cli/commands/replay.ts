/**
 * `spechub replay`: every verifier's exact acceptance on a recorded trace (docs/traces.md), aggregated with
 * bootstrap intervals, the paired differences SpecHub − RRS / RRSw, the gap to the optima and the hub-mass
 * distribution (`replayTrace`). Top-K traces give provable intervals (docs/theory.md §10). Positions are replayed
 * on worker threads (`--workers`) or as one shard (`--shard i/N`, merged by `spechub merge`), in chunks of 256.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['replay', '--help'], io); // 0
 * out.join('').startsWith('spechub replay'); // true: the usage and options
 * ```
 */
import { ParseError } from '../../core/errors.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { REPLAY_KIND, replayGrid } from '../../experiments/replayGrid.ts';
import type { ReplayReport } from '../../experiments/replayTrace.ts';
import { runGrid, runGridShard } from '../../experiments/runGrid.ts';
import { getMethod } from '../../methods.ts';
import { type Command, integerOption, numberOption, requireString } from '../command.ts';
import { GRID_OPTIONS, GRID_USAGE, shardOption, workersOption } from '../gridOptions.ts';
import { progressBar } from '../progressBar.ts';

const fmt = (x: number) => x.toFixed(4);
const interval = (ci: [number, number]) => `[${fmt(ci[0])}, ${fmt(ci[1])}]`;

/** The human-readable table of a replay report. */
export function formatReplay(r: ReplayReport, path: string): string {
  const lines: string[] = [];
  lines.push(`trace ${path}: ${r.positions} positions, vocabulary ${r.vocab}, k = ${r.k}; ${r.exactPositions === r.positions ? 'exact values' : `${r.positions - r.exactPositions} positions with top-K intervals`}`);
  lines.push(`95% intervals: percentile bootstrap over ${r.bootstrap.clusters} ${r.bootstrap.unit === 'context' ? 'contexts' : 'positions'} (${r.bootstrap.units} units, ${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed})`);
  lines.push('');
  lines.push(`${'method'.padEnd(10)} ${'acceptance'.padEnd(11)} ${'95% CI'.padEnd(18)} bounds (top-K)`);
  for (const [id, e] of Object.entries(r.methods)) lines.push(`${id.padEnd(10)} ${fmt(e.mean).padEnd(11)} ${interval(e.ci95).padEnd(18)} ${e.bounds ? interval(e.bounds) : ''}`);
  for (const [id, why] of Object.entries(r.skipped)) lines.push(`${id.padEnd(10)} skipped: ${why}`);
  lines.push('');
  for (const [name, d] of Object.entries(r.differences)) {
    if (d === null) continue;
    const split = d.byHubMass;
    const part = (x: { positions: number; mean: number | null }) => (x.mean === null ? 'none' : `${fmt(x.mean)} (${x.positions})`);
    lines.push(`${name.padEnd(13)} ${(d.mean >= 0 ? '+' : '') + fmt(d.mean)} ${interval(d.ci95)}${d.bounds ? ` bounds ${interval(d.bounds)}` : ''}   q(a) ≥ ½: ${part(split.atLeastHalf)}, q(a) < ½: ${part(split.belowHalf)}`);
  }
  for (const scheme of ['iid', 'wor'] as const) {
    const o = r.optimum[scheme];
    if (o === null) continue;
    const gaps = Object.entries(o.gaps).filter(([id]) => id !== 'otm' && id !== 'otm-wor' && id !== 'khisti').map(([id, g]) => `${id} ${fmt(g.mean)}`).join(', ');
    lines.push(`optimum ${scheme.padEnd(4)} ${fmt(o.mean)} ${interval(o.ci95)}${o.bounds ? ` bounds ${interval(o.bounds)}` : ''}; gap optimum − method: ${gaps}`);
  }
  const h = r.hubMass;
  lines.push(`hub mass q(a): mean ${fmt(h.mean)}, median ${fmt(h.quantiles[10]!)}, 5%–95% ${fmt(h.quantiles[1]!)}–${fmt(h.quantiles[19]!)}; q(a) ≥ ½ at ${(100 * h.atLeastHalf).toFixed(1)}% of positions (§4.5 H3)`);
  return lines.join('\n') + '\n';
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'exact acceptance of every verifier on a recorded trace of (target, draft) distributions',
  usage: `spechub replay --trace <file.safetensors> --k <k> [--methods all|id,id,...] [--temperature T] [--top-p P]
               [--seed s] [--resamples N] [--max-positions N] [--out file.json] [--no-progress] [--json]
               [--workers N] [--shard i/N]

  --trace          a trace file (format version 1, docs/traces.md): dense probabilities, logits or top-K
  --k              number of drafts (default 2; spechub needs 2, sd needs 1)
  --methods        all (default: every method defined for k) or a comma-separated list of
                   sd, rrs, rrsw, kseq, spechub, greedy, greedy-q, otm, otm-wor, khisti
  --temperature    re-temper stored logits (default: the trace's temperature); refused for probabilities
  --top-p          nucleus filtering of both laws (default: the trace's top_p for logits, none for probabilities)
  --seed           bootstrap seed (default 0); same seed, byte-identical JSON
  --resamples      bootstrap resamples (default 1000)
  --max-positions  replay only the first N positions
  --out            also write the JSON report to this file (atomically)
  --json           print {"positions", "vocab", "k", "methods": {"<id>": {"mean", "ci95", "bounds"?}},
                   "differences": {"spechub-rrs", "spechub-rrsw"}, "optimum": {"iid", "wor"}, "hubMass":
                   {"mean", "quantiles", ...}, ...}

Top-K traces: each acceptance is an interval that provably contains the value for the full distributions
(docs/theory.md §10); "bounds" is the mean of the per-position intervals, "mean" its midpoint.
A progress bar goes to stderr (off with --no-progress or when stderr is not a terminal).

Parallel and distributed runs (docs/scaling.md): positions are replayed in chunks of 256 (cell c = positions
c·256 … c·256 + 255) and folded in order, so the report is the same for any number of workers or shards.
${GRID_USAGE}
  With --shard the partial result goes to stdout (--out needs the whole trace: merge the parts first).`,
  options: {
    trace: { type: 'string' },
    k: { type: 'string' },
    methods: { type: 'string' },
    temperature: { type: 'string' },
    'top-p': { type: 'string' },
    seed: { type: 'string' },
    resamples: { type: 'string' },
    'max-positions': { type: 'string' },
    out: { type: 'string' },
    'no-progress': { type: 'boolean' },
    json: { type: 'boolean' },
    ...GRID_OPTIONS,
  },
  async run(values, io) {
    const path = requireString(values, 'trace');
    const k = integerOption(values, 'k', 2, 1, 64);
    const methodsText = typeof values.methods === 'string' ? values.methods.trim() : 'all';
    const methods = methodsText === 'all' ? 'all' : methodsText.split(',').map((m) => m.trim()).filter((m) => m !== '');
    if (methods !== 'all') {
      if (methods.length === 0) throw new ParseError('--methods: no method given');
      for (const m of methods) getMethod(m);
    }
    const requested = {
      ...(values.temperature === undefined ? {} : { temperature: numberOption(values, 'temperature', undefined, 1e-6, 1e6) }),
      ...(values['top-p'] === undefined ? {} : { topP: numberOption(values, 'top-p', undefined, 1e-9, 1) }),
    };
    const resamples = integerOption(values, 'resamples', 1000, 1, 1_000_000);
    const maxPositions = values['max-positions'] === undefined ? undefined : integerOption(values, 'max-positions', undefined, 1, Number.MAX_SAFE_INTEGER);
    const seed = typeof values.seed === 'string' ? values.seed : '0';
    const workers = workersOption(values);
    const shard = shardOption(values);
    if (shard !== null && values.out !== undefined) throw new ParseError('--shard prints a partial result on stdout (redirect it to a file); --out needs the whole trace: run spechub merge on the parts first');
    const grid = replayGrid(path, requested, { k, methods, seed, resamples, maxPositions });
    const showProgress = values['no-progress'] !== true && (process.stderr.isTTY === true || process.env.SPECHUB_PROGRESS === '1');
    const progress = progressBar(io, showProgress);
    if (shard !== null) {
      io.stdout(stringifyJson(await runGridShard(grid, shard, { workers, progress }), { what: 'replay partial result' }) + '\n');
      return 0;
    }
    const report = await runGrid(grid, { workers, progress });
    const json = REPLAY_KIND.text(report);
    if (typeof values.out === 'string') writeFileAtomic(values.out, json);
    io.stdout(values.json ? json : formatReplay(report, path));
    return 0;
  },
};
