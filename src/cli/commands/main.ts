/**
 * `spechub main` (`npm start`): the main job on embedded defaults. Acceptance of every verifier and the optimum
 * on a synthetic family, Monte Carlo exactness checks, a short tree simulation, the quick end-to-end run on the
 * shipped models, quick versions of the canonical figures; prints a summary and writes `report.md`,
 * `summary.json` and `figures/` into the output folder. Progress goes to stderr.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['main', '--help'], io); // 0
 * out.join('').startsWith('spechub main'); // true: the usage and options
 * ```
 */
import { join, relative } from 'node:path';
import { checkOutputPath } from '../../core/checkOutputPath.ts';
import { stringifyJson } from '../../core/stringifyJson.ts';
import { writeFileAtomic } from '../../core/writeFileAtomic.ts';
import { acceptanceSummary } from '../../experiments/acceptanceSummary.ts';
import { QUICK_END_TO_END, runEndToEnd } from '../../experiments/runEndToEnd.ts';
import { E2E_METHODS } from '../../lm/engine/measureEndToEnd.ts';
import { TREE_SUMMARY_LEVEL, treeSummary } from '../../experiments/treeSummary.ts';
import { CORE_METHOD_IDS } from '../../methods.ts';
import { checkSampler } from '../../montecarlo/checkSampler.ts';
import { figureDefinitions } from '../../plots/figures.ts';
import { writeFigure } from '../../plots/writeFigure.ts';
import { syntheticPair } from '../../synthetic/syntheticPair.ts';
import { type Command, printJson, seedOption, timingEnabled } from '../command.ts';

/** Fixed digits, with float noise around zero shown as 0. */
const fmt = (x: number, digits = 4) => (Math.abs(x) < 5e-13 ? 0 : x).toFixed(digits);

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export const mainCommand: Command = {
  name: 'main',
  summary: 'the main job (npm start): acceptance, optimum, checks, trees, end to end, figures and a report',
  usage: `spechub main [--out out] [--seed 17] [--no-e2e] [--no-timing] [--json]

Runs on embedded defaults, in about a minute on 2 cores:
  1. acceptance of every verifier and the optimum of its own draft law (gap), α* for i.i.d. and
     w/o-replacement drafts, on a synthetic Zipf family (n = 1000, 16 contexts, T = 0.6 and 1.0, k = 2,
     draft noise calibrated to single-draft acceptance 0.55 at T = 1);
  2. Monte Carlo exactness check of every verifier on one context (100,000 trials, level 0.001);
  3. tree simulation on a synthetic Markov chain (n = 200, trees 2^2..2^4): exact tokens per step and
     Monte Carlo with 95 % intervals;
  4. the quick end-to-end run on the shipped tfjs models (spechub e2e --quick), skipped with --no-e2e;
  5. quick versions of the canonical figures (1–7).
Writes <out>/report.md, <out>/summary.json and <out>/figures/*.{svg,png} (each file whole: temporary file +
rename; the folder is checked before the run); prints the summary tables. --no-timing leaves out every wall-clock
figure (durations, tokens per second, speed-ups) and the timing figure (optimum-cost), so that the same seed
gives byte-identical report.md and summary.json.`,
  options: { out: { type: 'string' }, seed: { type: 'string' }, 'no-e2e': { type: 'boolean' }, 'no-timing': { type: 'boolean' }, json: { type: 'boolean' } },
  async run(values, io) {
    const out = typeof values.out === 'string' ? values.out : 'out';
    checkOutputPath(out, 'folder', '--out folder');
    checkOutputPath(join(out, 'figures'), 'folder', 'figures folder');
    const seed = seedOption(values, '17');
    const timing = timingEnabled(values);
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    const progress = (step: number, text: string) => io.stderr(`[${step}/5 ${elapsed()}] ${text}\n`);

    progress(1, 'acceptance and optimum on the synthetic Zipf family (n = 1000, k = 2)');
    const acceptance = acceptanceSummary({ vocabularySize: 1000, contexts: 16, temperatures: [0.6, 1.0], seed, targetOverlap: 0.55 });

    progress(2, 'Monte Carlo exactness check of every verifier (100,000 trials each, level 0.001)');
    const { p, q } = syntheticPair({ ...acceptance.family, vocabularySize: 1000, temperature: 1 }, seed, 0);
    const checks = CORE_METHOD_IDS.map((id) => {
      const k = id === 'sd' ? 1 : 2;
      const r = checkSampler(id, p, q, k, { trials: 100_000, seed: `${seed}/check/${id}` });
      return { method: id, k, outputLawPValue: r.outputLaw.pValue, acceptance: r.acceptance.estimate, exact: r.acceptance.exact, acceptancePValue: r.acceptance.pValue, rejected: r.rejected };
    });

    progress(3, 'tree simulation on a synthetic Markov chain (n = 200)');
    const trees = treeSummary({
      vocabularySize: 200,
      trees: ['2^2', '2^3', '2^4'],
      methods: ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy'],
      steps: 10_000,
      seed,
      temperature: 0.6,
      targetOverlap: 0.55,
    });

    let endToEnd: unknown = null;
    let endToEndError: string | null = null;
    if (values['no-e2e'] === true) endToEndError = 'skipped (--no-e2e)';
    else {
      progress(4, 'end-to-end quick run on the shipped tfjs models');
      try {
        endToEnd = await runEndToEnd({ ...QUICK_END_TO_END, methods: [...E2E_METHODS], seed, timing, report: (line) => io.stderr(line + '\n') });
      } catch (e) {
        endToEndError = (e as Error).message.split('\n')[0]!;
      }
    }

    progress(5, 'quick versions of the canonical figures');
    const figureFiles: Array<{ title: string; png: string }> = [];
    for (const figure of figureDefinitions()) {
      if (!timing && figure.id === 'optimum-cost') continue; // a figure of wall-clock times
      const data = await figure.compute({ quick: true });
      const files = await writeFigure(figure, data, { outDir: join(out, 'figures'), formats: ['svg', 'png'] });
      figureFiles.push({ title: `Figure ${figure.number}: ${figure.title}`, png: relative(out, files.find((f) => f.endsWith('.png'))!) });
    }

    // Tables.
    const ts = [...new Set(acceptance.rows.map((r) => r.temperature))];
    const methods = [...new Set(acceptance.rows.map((r) => r.method))];
    const accTable = table(
      ['method', ...ts.flatMap((t) => [`α (T=${t})`, `α* own draws (T=${t})`, `gap (T=${t})`])],
      methods.map((m) => [m, ...ts.flatMap((t) => {
        const r = acceptance.rows.find((x) => x.method === m && x.temperature === t)!;
        return [fmt(r.acceptance), fmt(r.optimumOfOwnDraws), fmt(r.gap)];
      })]),
    );
    const optTable = table(['T', 'ov(p,q) (k = 1)', 'α* i.i.d.', 'α* w/o replacement'], ts.map((t) => [t, fmt(acceptance.singleDraftOverlap[String(t)]!), fmt(acceptance.optimum[String(t)]!.iid), fmt(acceptance.optimum[String(t)]!.wor)]));
    const checkTable = table(['method', 'k', 'output-law p-value', 'acceptance (MC)', 'closed form', 'p-value', 'verdict'], checks.map((c) => [c.method, c.k, c.outputLawPValue.toPrecision(3), fmt(c.acceptance), fmt(c.exact), c.acceptancePValue.toPrecision(3), c.rejected ? 'REJECTED' : 'ok']));
    const treeTable = table(['tree', 'method', 'tokens/step (§5.3 recursion, float64)', 'Monte Carlo', '95% CI', 'z-test p-value', 'agrees'], trees.rows.map((r) => [r.tree, r.method, fmt(r.exact), fmt(r.estimate), `[${fmt(r.ci95[0], 3)}, ${fmt(r.ci95[1], 3)}]`, r.pValue.toPrecision(3), r.agrees ? 'yes' : 'NO']));
    let e2eTable = `End-to-end run not available: ${endToEndError}`;
    if (endToEnd !== null) {
      const e = endToEnd as { backend: string; tree: string; temperature: number; prompts: number; maxNewTokens: number; singleDraftOverlap: number; autoregressive: { tokensPerSecond?: number }; methods: Record<string, { tree: string; tokensPerStep: number; ci95: [number, number]; tokensPerSecond?: number; speedupVsAutoregressive?: number }> };
      const speed = timing ? `; autoregressive ${e.autoregressive.tokensPerSecond!.toFixed(1)} tokens/s` : '';
      e2eTable = `Backend ${e.backend}, tree ${e.tree}, T = ${e.temperature}, ${e.prompts} prompts × ${e.maxNewTokens} new tokens; single-draft ov(p,q) ${fmt(e.singleDraftOverlap, 3)}${speed}.\n\n` +
        table(['method', 'tree', 'tokens/step', '95% CI', ...(timing ? ['tokens/s', 'speed-up'] : [])], Object.entries(e.methods).map(([id, m]) => [id, m.tree, fmt(m.tokensPerStep, 3), `[${fmt(m.ci95[0], 3)}, ${fmt(m.ci95[1], 3)}]`, ...(timing ? [m.tokensPerSecond!.toFixed(1), `${m.speedupVsAutoregressive!.toFixed(2)}×`] : [])]));
    }

    const family = acceptance.family;
    const report = [
      '# spechub main job report',
      '',
      `Seed ${seed}${timing ? `; finished in ${elapsed()}` : ''}. Regenerate with \`npm start\` (\`spechub main --out ${out}\`).`,
      '',
      '## 1. Acceptance and optimum (k = 2)',
      '',
      `Synthetic family: Zipf logits (exponent 1.1) over n = ${family.vocabularySize} tokens, draft = target logits + Gaussian noise σ = ${fmt(acceptance.logitNoise, 3)} (calibrated so that the mean single-draft acceptance over the family's first 64 contexts is 0.55 at T = 1; the 16 contexts shown here average ${fmt(acceptance.singleDraftOverlap['1'] ?? NaN)} at T = 1), temperature applied to both models, mean over 16 contexts. α* own draws is the optimal acceptance of the method's own draft law (§4); the gap is what the verifier leaves on the table.`,
      '',
      optTable,
      '',
      accTable,
      '',
      '## 2. Monte Carlo exactness checks',
      '',
      'One context of the family at T = 1; 100,000 verifications per method; G-test of the output law against p and exact binomial test of the acceptance against its closed form, each at level 0.0005 (overall 0.001).',
      '',
      checkTable,
      '',
      '## 3. Token trees on a synthetic Markov chain',
      '',
      `Markov chain over n = ${trees.family.vocabularySize} tokens (rows from the Zipf family, T = 0.6, draft noise calibrated to ov ≈ 0.55), start from the stationary law; exact recursion of §5.3 vs 10,000 Monte Carlo steps. "agrees": a two-sided z-test of each estimate against the exact value does not reject at the family-wise level ${TREE_SUMMARY_LEVEL} split over the ${trees.rows.length} cells (Bonferroni, ${(TREE_SUMMARY_LEVEL / trees.rows.length).toPrecision(2)} each); the 95 % intervals are per cell, so about one in twenty misses the exact value by chance.`,
      '',
      treeTable,
      '',
      '## 4. End to end on the shipped tfjs models',
      '',
      e2eTable,
      '',
      '## 5. Figures (quick versions; the canonical ones are under plots/)',
      '',
      ...figureFiles.flatMap((f) => [`### ${f.title}`, '', `![${f.title}](${f.png})`, '']),
    ].join('\n');
    const summary = { seed, ...(timing ? { seconds: (performance.now() - started) / 1000 } : {}), acceptance, checks, trees, endToEnd, endToEndError, figures: figureFiles };
    const summaryText = stringifyJson(summary, { indent: 1, what: 'summary.json' }) + '\n';
    writeFileAtomic(join(out, 'report.md'), report + '\n');
    writeFileAtomic(join(out, 'summary.json'), summaryText);

    if (values.json) printJson(io, summary);
    else {
      io.stdout(`\nspechub main job (seed ${seed})\n\nOptimal acceptance and single-draft overlap\n${optTable}\n\nAcceptance, optimum of its own draws, gap (k = 2)\n${accTable}\n\nMonte Carlo exactness checks\n${checkTable}\n\nTokens per step (exact vs Monte Carlo)\n${treeTable}\n\nEnd to end\n${e2eTable}\n\n`);
      io.stdout(`Wrote ${join(out, 'report.md')}, ${join(out, 'summary.json')} and ${figureFiles.length} figures in ${join(out, 'figures')}${timing ? ` (${elapsed()})` : ''}.\n`);
    }
    const failed = checks.some((c) => c.rejected);
    if (failed) io.stderr('spechub main: a Monte Carlo exactness check rejected (see the report)\n');
    return failed ? 1 : 0;
  },
};

