/**
 * The sweep's rows as CSV (theory §5; `spechub sweep --out`), one header line, empty cells for nulls.
 *
 * @example
 * ```ts
 * sweepCsv([]).trim(); // 'family,n,temperature,divergence,logit_noise,overlap,hub_mass,tree,draft_tokens,depth,method,exact,monte_carlo,ci_low,ci_high,steps,seconds,skipped'
 * ```
 */
import { SpechubError } from '../core/errors.ts';
import type { SweepRow } from './runSweep.ts';

const CSV_COLUMNS = ['family', 'n', 'temperature', 'divergence', 'logit_noise', 'overlap', 'hub_mass', 'tree', 'draft_tokens', 'depth', 'method', 'exact', 'monte_carlo', 'ci_low', 'ci_high', 'steps', 'seconds', 'skipped'];

/** The rows as CSV (one header line; empty cells for nulls), for plotting; `timing: false` drops `seconds`. */
export function sweepCsv(rows: SweepRow[], options: { timing?: boolean } = {}): string {
  const timing = options.timing !== false;
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const columns = timing ? CSV_COLUMNS : CSV_COLUMNS.filter((c) => c !== 'seconds');
  const lines = rows.map((r) =>
    [r.family, r.n, r.temperature, r.divergence, r.logitNoise, r.overlap, r.hubMass, r.tree, r.draftTokens, r.depth, r.method, r.exact, r.monteCarlo, r.ci95?.[0], r.ci95?.[1], r.steps, ...(timing ? [r.seconds] : []), r.skipped]
      .map((v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) throw new SpechubError('NOT_FINITE', `sweep CSV: ${r.tree} ${r.method} holds ${v}, not a finite number`);
        return cell(v);
      })
      .join(','),
  );
  return [columns.join(','), ...lines].join('\n') + '\n';
}
