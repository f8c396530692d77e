/**
 * The sweep's rows as markdown tables (theory §5, §6.2; `spechub sweep --markdown`): one table per
 * (temperature, divergence), trees × methods, with SpecHub − RRS / − RRSw and 1 + LP-A columns when present.
 *
 * @example
 * ```ts
 * sweepMarkdown([]); // ''
 * ```
 */
import type { SweepRow } from './runSweep.ts';

/** One markdown table per (temperature, divergence): trees × methods, plus SpecHub − RRS / − RRSw. */
export function sweepMarkdown(rows: SweepRow[]): string {
  const out: string[] = [];
  const settings = [...new Set(rows.map((r) => `${r.temperature}|${r.divergence}`))];
  for (const setting of settings) {
    const block = rows.filter((r) => `${r.temperature}|${r.divergence}` === setting);
    const first = block[0]!;
    const methods = [...new Set(block.map((r) => r.method))].filter((m) => !m.startsWith('lp-a:'));
    const bounds = [...new Set(block.map((r) => r.method))].filter((m) => m.startsWith('lp-a:'));
    const trees = [...new Set(block.map((r) => r.tree))];
    const hub = methods.includes('spechub');
    const diffs = hub ? methods.filter((m) => m === 'rrs' || m === 'rrsw') : [];
    out.push(`**${first.family}, n = ${first.n}, T = ${first.temperature}, logit noise σ = ${first.logitNoise.toFixed(3)} (${first.divergence}), mean ov(p, q) = ${first.overlap.toFixed(3)}, mean hub mass q(a) = ${first.hubMass.toFixed(3)}**`, '');
    out.push(`| tree | ${methods.join(' | ')}${diffs.map((m) => ` | SpecHub − ${m === 'rrs' ? 'RRS' : 'RRSw'}`).join('')}${bounds.map((m) => ` | 1 + LP-A (${m.slice(5)})`).join('')} |`);
    out.push(`|---|${methods.map(() => '---|').join('')}${diffs.map(() => '---|').join('')}${bounds.map(() => '---|').join('')}`);
    for (const tree of trees) {
      const get = (m: string) => block.find((r) => r.tree === tree && r.method === m);
      const value = (r: SweepRow | undefined) => (r === undefined ? null : r.exact ?? r.monteCarlo);
      const cells = methods.map((m) => {
        const r = get(m);
        if (r === undefined || (r.exact === null && r.monteCarlo === null)) return '–';
        const v = value(r);
        const ci = r.ci95 === null ? '' : ` [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}]`;
        return `${v === null ? '–' : v.toFixed(3)}${ci}`;
      });
      const hubValue = value(get('spechub'));
      const diffCells = diffs.map((m) => {
        const other = value(get(m));
        if (hubValue === null || other === null) return '–';
        const d = hubValue - other;
        return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`;
      });
      const boundCells = bounds.map((m) => {
        const v = value(get(m));
        return v === null ? '–' : v.toFixed(3);
      });
      out.push(`| ${tree} | ${[...cells, ...diffCells, ...boundCells].join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
