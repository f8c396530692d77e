/**
 * `spechub tree-optimum`: the tree-level optimum of §S4 on a Markov-chain language — LP-A (the best exact
 * verifier for the draft-tree law; an upper bound on tokens per step for every method drafting that way) and its
 * transport relaxation LP-B — as tokens per step 1 + value, exactly for small rational instances, else in float64
 * through GLPK; `--gap` adds each method's distance to LP-A.
 *
 * JSON contract (`--json`): {"tree", "draws", "lpA": {"tokensPerStep", "exact"}, "lpB": {"tokensPerStep", "exact"}}
 * ("exact": the reduced fraction, null on the float route; a bound not asked for is null); with --gap also
 * "gap": [{"method", "tokensPerStep", "exact", "fractionOfLpA"}].
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['tree-optimum', '--help'], io); // 0
 * out.join('').startsWith('spechub tree-optimum'); // true: the usage and options
 * ```
 */
import { ParseError } from '../../core/errors.ts';
import { Rational } from '../../core/rational.ts';
import type { SiblingLaw } from '../../sequence/siblingLaw.ts';
import { treeGapReport } from '../../sequence/treeGapReport.ts';
import { type TreeBound, treeOptimum } from '../../sequence/treeOptimum.ts';
import { type Command, integerOption, requireString } from '../command.ts';
import { parseChainsJson, readTreeOption } from './simulate.ts';
import { readFileSync } from 'node:fs';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ParseError(`cannot read chains file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const treeOptimumCommand: Command = {
  name: 'tree-optimum',
  summary: 'the best exact tree verifier (LP-A) and its transport relaxation (LP-B) for a draft-tree law, §S4',
  usage: `spechub tree-optimum --chains <file.json> --tree <2^3|3^2|chain:3|parents.json> --draws iid|wor|hub
                     [--start <x0>] [--bound lp-a|lp-b|both] [--route auto|exact|float] [--gap] [--json]

  --chains   JSON {"target": [[…], …], "draft": [[…], …]} as for simulate (rows summing to exactly 1 are exact)
  --tree     draft-tree shape: k^D, chain:L, or a parent-list / paths JSON file
  --draws    sibling law of the drafts: iid, wor (without replacement), hub (SpecHub's pair, ≤ 2 children);
             a node drafts as many children as its draft support allows (as the tree walks do)
  --start    the last committed token x_0 (default 0)
  --bound    lp-a, lp-b or both (default both); values are tokens per step = 1 + the LP value
  --route    exact (rationals: cutting-plane simplex with max-flow separation, min-cost flow), float (GLPK,
             float64), auto (default: exact when the chains are rational and the instance is small enough)
  --gap      also each method drafting this way (walks, traversal / block verification) as a fraction of LP-A
  --json     {"tree", "draws", "lpA": {"tokensPerStep", "exact"}, "lpB": {"tokensPerStep", "exact"}}
Sizes: exact up to 400 paths and 20,000 distinct path sets (e.g. 2^3 with n = 4 iid: 20 paths, 660 sets);
float up to 100,000 path sets; beyond, a one-line TOO_LARGE error names the size.`,
  options: {
    chains: { type: 'string' },
    tree: { type: 'string' },
    draws: { type: 'string' },
    start: { type: 'string' },
    bound: { type: 'string' },
    route: { type: 'string' },
    gap: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const chainsPath = requireString(values, 'chains');
    const treeText = requireString(values, 'tree');
    const draws = requireString(values, 'draws');
    if (!['iid', 'wor', 'hub'].includes(draws)) throw new ParseError(`--draws must be iid, wor or hub, got '${draws}'`);
    const bound = (typeof values.bound === 'string' ? values.bound : 'both') as TreeBound;
    if (!['lp-a', 'lp-b', 'both'].includes(bound)) throw new ParseError(`--bound must be lp-a, lp-b or both, got '${bound}'`);
    const route = typeof values.route === 'string' ? values.route : 'auto';
    if (!['auto', 'exact', 'float'].includes(route)) throw new ParseError(`--route must be auto, exact or float, got '${route}'`);
    if (values.gap && bound === 'lp-b') throw new ParseError('--gap needs LP-A (--bound lp-a or both)');
    const chains = parseChainsJson(readText(chainsPath), `chains file '${chainsPath}'`);
    const tree = readTreeOption(treeText);
    const start = integerOption(values, 'start', 0, 0, chains.n - 1);
    const report = await treeOptimum(chains, tree, draws as SiblingLaw, start, { bound, route: route as 'auto' | 'exact' | 'float' });
    const pick = (b: typeof report.lpA) => (b === null ? null : { tokensPerStep: b.tokensPerStep, exact: b.exact });
    const out: Record<string, unknown> = { tree: treeText, draws, lpA: pick(report.lpA), lpB: pick(report.lpB) };
    if (values.gap) {
      const lpA = report.lpA!;
      out.gap =
        lpA.exact !== null && chains.exact !== null
          ? treeGapReport(chains.exact, tree, draws as SiblingLaw, start, Rational.parse(lpA.exact)).map((r) => ({
              method: r.method, tokensPerStep: r.tokensPerStep.toNumber(), exact: r.tokensPerStep.toString(), fractionOfLpA: r.fractionOfOptimum.toNumber(),
            }))
          : treeGapReport(chains.float, tree, draws as SiblingLaw, start, lpA.tokensPerStep).map((r) => ({ method: r.method, tokensPerStep: r.tokensPerStep, exact: null, fractionOfLpA: r.fractionOfOptimum }));
    }
    if (values.json) {
      io.stdout(JSON.stringify(out) + '\n');
      return 0;
    }
    const route1 = (report.lpA ?? report.lpB)!.route;
    io.stdout(`tree ${treeText} (${tree.draftTokens} drafts, depth ${tree.depth}), ${draws} siblings, n = ${chains.n}, start token ${start}\n`);
    io.stdout(`draft-tree law: ${report.paths} paths, ${report.pathSets} distinct path sets; route ${route1 === 'exact' ? 'exact (rationals)' : 'float64 (GLPK)'}${report.cuts !== null ? `, ${report.cuts} antichain cuts` : ''}\n`);
    const line = (name: string, b: typeof report.lpA) => {
      if (b !== null) io.stdout(`${name}: tokens per step ≤ ${b.tokensPerStep.toPrecision(12)}${b.exact !== null ? `  = ${b.exact}` : ''}\n`);
    };
    line('1 + LP-A (best exact verifier, §S4.1)', report.lpA);
    line('1 + LP-B (transport relaxation, §S4.3)', report.lpB);
    if (values.gap) {
      for (const g of out.gap as Array<{ method: string; tokensPerStep: number; exact: string | null; fractionOfLpA: number }>) {
        io.stdout(`  ${g.method.padEnd(14)} ${g.tokensPerStep.toFixed(6)}${g.exact !== null ? ` (${g.exact})` : ''}  = ${(100 * g.fractionOfLpA).toFixed(2)} % of 1 + LP-A\n`);
      }
    }
    return 0;
  },
};
