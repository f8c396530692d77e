/**
 * Data of the replay figure (`spechub plot replay --data <replay.json>`): turns the JSON report of
 * `spechub replay` (its contract: methods, optimum, hubMass) into figure rows — one `acceptance` row per method
 * and optimum (mean, 95 % interval, top-K bounds when present) and one `hub` row per hub-mass histogram bin.
 * Malformed reports are a `PARSE_ERROR` naming the missing field.
 *
 * @example
 * ```ts
 * const writer = createTraceWriter('trace.safetensors', { positions: 2, vocab: 3, target: 'probs', draft: 'probs' });
 * writer.write({ target: [0.6, 0.3, 0.1], draft: [0.5, 0.3, 0.2] });
 * writer.write({ target: [0.1, 0.2, 0.7], draft: [0.2, 0.3, 0.5] });
 * writer.close();
 * const trace = openTrace('trace.safetensors');
 * const report = replayTrace(trace.positions(), trace.layout.vocab, { k: 2, seed: 17 }); // what `spechub replay` saves
 * trace.close();
 * const data = replayFigureData(JSON.parse(JSON.stringify(report)), 'replay.json'); // e.g. JSON.parse(readFileSync('replay.json', 'utf8'))
 * ```
 */
import { ParseError } from '../../core/errors.ts';
import type { FigureData, FigureRow } from '../figureData.ts';
import { seriesLabel } from '../seriesLabel.ts';

interface EstimateLike {
  mean: number;
  ci95: [number, number];
  bounds?: [number, number];
}

function estimate(value: unknown, where: string): EstimateLike {
  const e = value as Partial<EstimateLike> | null;
  const pair = (x: unknown) => Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (e === null || typeof e !== 'object' || typeof e.mean !== 'number' || !pair(e.ci95)) throw new ParseError(`replay report: ${where} needs "mean" and "ci95": [lo, hi]`);
  if (e.bounds !== undefined && !pair(e.bounds)) throw new ParseError(`replay report: ${where}.bounds must be [lo, hi]`);
  return e as EstimateLike;
}

const LABELS: Record<string, string> = { 'optimum-iid': 'optimum, i.i.d. drafts', 'optimum-wor': 'optimum, w/o-replacement drafts', otm: 'OTM (i.i.d.)', 'otm-wor': 'OTM (w/o replacement)', khisti: 'Khisti two-step (i.i.d.)' };

/** Figure rows of a replay report (or the report itself when it already is the figure's data file). */
export function replayFigureData(report: unknown, source = 'replay.json'): FigureData {
  if (report === null || typeof report !== 'object' || Array.isArray(report)) throw new ParseError(`${source}: expected the JSON object of spechub replay --json`);
  const r = report as Record<string, unknown>;
  if (r.figure === 'replay' && Array.isArray(r.rows)) return r as unknown as FigureData;
  for (const key of ["positions", "vocab", "k", "methods", "optimum", "hubMass"]) if (r[key] === undefined || r[key] === null) throw new ParseError(`${source}: not a replay report (no "${key}")`);
  const rows: FigureRow[] = [];
  const methods = r.methods as Record<string, unknown>;
  const add = (series: string, e: EstimateLike, kind: 'method' | 'optimum') =>
    rows.push({
      kind: 'acceptance',
      series,
      label: LABELS[series] ?? seriesLabel(series),
      group: kind,
      mean: e.mean,
      lo: e.ci95[0],
      hi: e.ci95[1],
      boundsLo: e.bounds?.[0] ?? null,
      boundsHi: e.bounds?.[1] ?? null,
    });
  for (const [id, value] of Object.entries(methods)) {
    if (id === 'otm' || id === 'otm-wor' || id === 'khisti') continue; // drawn as the optima below
    add(id, estimate(value, `methods.${id}`), 'method');
  }
  const optimum = r.optimum as Record<string, unknown>;
  for (const scheme of ['iid', 'wor']) if (optimum[scheme] != null) add(`optimum-${scheme}`, estimate(optimum[scheme], `optimum.${scheme}`), 'optimum');
  const hub = r.hubMass as { mean?: unknown; histogram?: { edges?: unknown; counts?: unknown }; atLeastHalf?: unknown };
  const edges = hub?.histogram?.edges;
  const counts = hub?.histogram?.counts;
  if (!Array.isArray(edges) || !Array.isArray(counts) || edges.length !== counts.length + 1) throw new ParseError(`${source}: hubMass.histogram needs "edges" (n + 1) and "counts" (n)`);
  const positions = Number(r.positions);
  counts.forEach((c, i) => rows.push({ kind: 'hub', binStart: Number(edges[i]), binEnd: Number(edges[i + 1]), count: Number(c), share: Number(c) / positions }));
  const topK = rows.some((row) => row.boundsLo !== null && row.boundsLo !== undefined);
  return {
    figure: 'replay',
    title: `Replay of a trace: acceptance per verifier (k = ${r.k}) and the draft's hub mass`,
    description: `${positions} positions, vocabulary ${r.vocab}; exact acceptance of every verifier at every position, mean with a 95 % bootstrap interval${topK ? ' and the provable top-K bounds (docs/theory.md §10)' : ''}.`,
    parameters: { source, positions, vocab: r.vocab, k: r.k, bootstrap: r.bootstrap ?? null },
    notes: [
      `hub mass q(a) ≥ ½ at ${(100 * Number(hub.atLeastHalf ?? NaN)).toFixed(1)} % of positions: there SpecHub provably beats every i.i.d. verifier (§4.5 H3).`,
      ...(topK ? ['Top-K trace: the thin line is the 95 % interval, the thick light bar the mean of the per-position bounds.'] : []),
    ],
    rows,
  };
}
