/**
 * Step 1 of the main job: acceptance of every verifier on a default synthetic family, beside the optimum of
 * each verifier's own draft law (the gap report, §4) and the i.i.d. / without-replacement optima, averaged
 * over contexts, at a few temperatures. Pure maths: closed forms (§3.1) and the subset dual (§4.3–4.4).
 *
 * @example
 * ```ts
 * const s = acceptanceSummary({ vocabularySize: 1000, contexts: 8, temperatures: [0.6, 1], seed: 17, targetOverlap: 0.55 });
 * s.rows.find((r) => r.method === 'spechub');
 * ```
 */
import { overlap } from '../core/divergence.ts';
import { floatField } from '../core/field.ts';
import { gapReport } from '../analysis/gapReport.ts';
import { subsetDualUnchecked } from '../optimum/subsetDual.ts';
import { calibrateLogitNoise } from '../synthetic/calibrateLogitNoise.ts';
import { type PairConfig, syntheticPair } from '../synthetic/syntheticPair.ts';

export interface AcceptanceSummaryOptions {
  vocabularySize: number;
  contexts: number;
  temperatures: number[];
  seed: string | number;
  /** Mean single-draft acceptance ov(p, q) at temperature 1 the draft noise is calibrated to. */
  targetOverlap: number;
  k?: number;
}

export interface AcceptanceSummaryRow {
  temperature: number;
  method: string;
  /** Mean acceptance over contexts. */
  acceptance: number;
  /** Mean optimum of the method's own draft law. */
  optimumOfOwnDraws: number;
  /** Mean gap (optimum − acceptance). */
  gap: number;
}

export interface AcceptanceSummary {
  family: PairConfig;
  logitNoise: number;
  /** Mean ov(p, q) per temperature. */
  singleDraftOverlap: Record<string, number>;
  /** Mean α* for i.i.d. and w/o-replacement drafts per temperature. */
  optimum: Record<string, { iid: number; wor: number }>;
  rows: AcceptanceSummaryRow[];
}

export function acceptanceSummary(options: AcceptanceSummaryOptions): AcceptanceSummary {
  const k = options.k ?? 2;
  const base: PairConfig = { vocabularySize: options.vocabularySize, family: { kind: 'zipf', exponent: 1.1 }, temperature: 1 };
  const { logitNoise } = calibrateLogitNoise(base, options.seed, { targetOverlap: options.targetOverlap, rows: Math.min(options.contexts * 4, 64) });
  const rows: AcceptanceSummaryRow[] = [];
  const singleDraftOverlap: Record<string, number> = {};
  const optimum: Record<string, { iid: number; wor: number }> = {};
  for (const temperature of options.temperatures) {
    const config: PairConfig = { ...base, temperature, draft: { logitNoise } };
    const sums = new Map<string, { acceptance: number; optimum: number; count: number }>();
    let ov = 0;
    let iid = 0;
    let wor = 0;
    for (let c = 0; c < options.contexts; c++) {
      const { p, q } = syntheticPair(config, options.seed, c);
      ov += overlap(floatField, p, q);
      iid += subsetDualUnchecked(floatField, 'iid', p, q, k).optimum;
      wor += subsetDualUnchecked(floatField, 'wor', p, q, k).optimum;
      for (const row of gapReport(floatField, p, q, k).rows) {
        const s = sums.get(row.method) ?? { acceptance: 0, optimum: 0, count: 0 };
        s.acceptance += row.acceptance;
        s.optimum += row.optimum;
        s.count++;
        sums.set(row.method, s);
      }
    }
    const m = options.contexts;
    singleDraftOverlap[String(temperature)] = ov / m;
    optimum[String(temperature)] = { iid: iid / m, wor: wor / m };
    for (const [method, s] of sums) {
      rows.push({ temperature, method, acceptance: s.acceptance / s.count, optimumOfOwnDraws: s.optimum / s.count, gap: (s.optimum - s.acceptance) / s.count });
    }
  }
  return { family: { ...base, draft: { logitNoise } }, logitNoise, singleDraftOverlap, optimum, rows };
}
