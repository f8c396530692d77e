/**
 * `spechub simulate`: tokens per target call of a tree walk (§5) or of a sequence-level verifier (block or
 * traversal verification, §S2–§S3) on a Markov-chain language given as a JSON file, exactly (§5.3 recursion with
 * per-position profiles, or the §S3.5 recursion; rationals when every row sums to exactly 1) or by Monte Carlo
 * with a 95 % interval.
 *
 * JSON contract (`--json`): {"method", "tree", "tokensPerStep", "exact": "<p/q>" | null, "ci95": [lo, hi] | null}.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['simulate', '--help'], io); // 0
 * out.join('').startsWith('spechub simulate'); // true: the usage and options
 * ```
 */
import { validateExactDistribution } from '../../core/distribution.ts';
import { ParseError } from '../../core/errors.ts';
import { readTextFileBounded } from '../../core/readFileBounded.ts';
import { floatField, rationalField } from '../../core/field.ts';
import { Rational } from '../../core/rational.ts';
import { resolveWalkMethod } from '../../sequence/sequenceVerifiers.ts';
import { sequenceTokensPerStep } from '../../sequence/sequenceTokensPerStep.ts';
import { expectedTokensPerStep, MAX_EXACT_TREE_DEPTH_RATIONAL, MAX_EXACT_TREE_OPERATIONS, MAX_EXACT_TREE_OPERATIONS_RATIONAL } from '../../tree/expectedTokensPerStep.ts';
import type { MarkovChain } from '../../tree/language.ts';
import { markovChainFromRows } from '../../tree/markovChain.ts';
import { simulateTreeWalk } from '../../tree/simulateTreeWalk.ts';
import { type Command, integerOption, printJson, requireString, seedOption } from '../command.ts';
import { progressBar, progressMode } from '../progressBar.ts';
import { readTreeOption } from '../readTreeOption.ts';

export { readTreeOption } from '../readTreeOption.ts';

/** Most Monte Carlo steps `simulate --steps` accepts (about 10 minutes for a 2^5 tree on a slow core). */
export const MAX_SIMULATION_STEPS = 100_000_000;

/** The chains of a file: float64 always, exact rationals when every row sums to exactly 1. */
export interface ChainsFile {
  float: MarkovChain<number>;
  exact: MarkovChain<Rational> | null;
  n: number;
}

/** Parses `{"target": [[…], …], "draft": [[…], …]}` (entries: numbers, or strings such as "1/3" or "0.25"). */
export function parseChainsJson(text: string, source = 'chains file'): ChainsFile {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ParseError(`${source} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ParseError(`${source} must be an object {"target": [[…]], "draft": [[…]]}`);
  const o = data as Record<string, unknown>;
  const matrix = (name: 'target' | 'draft'): Rational[][] => {
    const rows = o[name];
    if (!Array.isArray(rows) || rows.length === 0) throw new ParseError(`${source}: "${name}" must be a non-empty array of rows`);
    return rows.map((row, x) => {
      if (!Array.isArray(row)) throw new ParseError(`${source}: ${name} row ${x} is not an array`);
      return row.map((entry, y) => {
        if (typeof entry !== 'number' && typeof entry !== 'string') throw new ParseError(`${source}: ${name}[${x}][${y}] must be a number or a fraction string, got ${JSON.stringify(entry)}`);
        try {
          return Rational.parse(String(entry));
        } catch (e) {
          throw new ParseError(`${source}: ${name}[${x}][${y}]: ${(e as Error).message}`);
        }
      });
    });
  };
  const target = matrix('target');
  const draft = matrix('draft');
  const float = markovChainFromRows(
    floatField,
    target.map((r) => Float64Array.from(r, (x) => x.toNumber())),
    draft.map((r) => Float64Array.from(r, (x) => x.toNumber())),
  );
  let exact: MarkovChain<Rational> | null = null;
  const sumsToOne = (rows: Rational[][]) =>
    rows.every((r) => {
      try {
        validateExactDistribution(r);
        return true;
      } catch {
        return false;
      }
    });
  if (sumsToOne(target) && sumsToOne(draft)) exact = markovChainFromRows(rationalField, target, draft);
  return { float, exact, n: target.length };
}

/** The `--json` output (the contract). */
export interface SimulateOutput {
  method: string;
  tree: string;
  tokensPerStep: number;
  exact: string | null;
  ci95: [number, number] | null;
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'tokens per target call of a tree walk on a Markov-chain language: exact (§5.3) or Monte Carlo',
  usage: `spechub simulate --chains <file.json> --tree <2^4|3^3|chain:5|parents.json> --method <id>
                 [--start <token>] [--exact [--float] | --steps N --seed s [--no-progress]] [--json]

  --chains   JSON {"target": [[…], …], "draft": [[…], …]}: n×n next-token laws, row x = the law after
             token x; entries are numbers or strings ("1/3", "0.25"). Rows that sum to exactly 1 are
             analysed in exact rationals, otherwise in float64 (each row must sum to 1 within 1e-9).
  --tree     k^D = full k-ary tree of depth D−1 (2^4: 14 drafts, depth 3); chain:L = L drafts in a chain;
             or a JSON file: a parent list [-1, 0, 0, 1, …], {"parents": […]} or {"paths": [[0], [1], [0, 0]]}
  --method   a registered method: rrs, rrsw, kseq, spechub (binary nodes), greedy, greedy-q, otm, otm-wor,
             khisti, sd (chains). A method not defined for one draft runs SD at nodes with one child.
             Sequence-level: block (block verification, chain:L only), traversal (traversal verification,
             i.i.d. siblings), traversal-wor (siblings without replacement), traversal-hub (hub pair, ≤ 2 children)
  --start    the last committed token x_0 (default 0)
  --exact    exact expected tokens per step N(root, x_0) (default when --steps is absent); size-guarded:
             rationals up to depth ${MAX_EXACT_TREE_DEPTH_RATIONAL} and ${MAX_EXACT_TREE_OPERATIONS_RATIONAL.toExponential(0)} operations, float64 up to ${MAX_EXACT_TREE_OPERATIONS.toExponential(0)}
             (about distinct subtrees × children × n²); beyond, the error names the route that works
  --float    run the §5.3 recursion in float64 even when every row sums to exactly 1 (deep trees)
  --steps    Monte Carlo: number of independent steps from x_0 (2 … ${MAX_SIMULATION_STEPS.toExponential(0)}); --seed (default 0);
             95 % normal interval; a progress bar on stderr when it is a terminal (--no-progress: none)
  --json     print {"method", "tree", "tokensPerStep", "exact", "ci95"}: "exact" is the reduced fraction
             (null for float input, Monte Carlo, or a K-SEQ ρ* that is irrational), "ci95" is null when exact`,
  options: {
    chains: { type: 'string' },
    tree: { type: 'string' },
    method: { type: 'string' },
    start: { type: 'string' },
    exact: { type: 'boolean' },
    float: { type: 'boolean' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    'no-progress': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const chainsPath = requireString(values, 'chains');
    const treeText = requireString(values, 'tree');
    const methodId = requireString(values, 'method');
    const method = resolveWalkMethod(methodId);
    if (values.exact && values.steps !== undefined) throw new ParseError('choose one of --exact and --steps');
    if (values.seed !== undefined && values.steps === undefined) throw new ParseError('--seed needs --steps (Monte Carlo)');
    if (values.float && values.steps !== undefined) throw new ParseError('--float applies to the exact recursion, not to --steps');
    const steps = values.steps === undefined ? undefined : integerOption(values, 'steps', undefined, 2, MAX_SIMULATION_STEPS);
    const tree = readTreeOption(treeText);
    const chains = parseChainsJson(readTextFileBounded(chainsPath, { what: 'chains file' }), `chains file '${chainsPath}'`);
    const start = integerOption(values, 'start', 0, 0, chains.n - 1);
    let out: SimulateOutput;
    if (steps !== undefined) {
      const seed = seedOption(values, '0');
      const progress = progressBar(io, progressMode(values));
      const r = simulateTreeWalk(chains.float, tree, method, { steps, seed, start, onProgress: (done) => progress(done, steps, 'steps') });
      out = { method: methodId, tree: treeText, tokensPerStep: r.tokensPerStep, exact: null, ci95: r.ci95 };
    } else if (typeof method !== 'string') {
      if (chains.exact !== null && values.float !== true) {
        const value = sequenceTokensPerStep(chains.exact, tree, method, { start }).value;
        out = { method: methodId, tree: treeText, tokensPerStep: value.toNumber(), exact: value.toString(), ci95: null };
      } else {
        out = { method: methodId, tree: treeText, tokensPerStep: sequenceTokensPerStep(chains.float, tree, method, { start }).value, exact: null, ci95: null };
      }
    } else if (chains.exact !== null && values.float !== true) {
      const r = expectedTokensPerStep(chains.exact, tree, methodId, { start });
      out = { method: methodId, tree: treeText, tokensPerStep: r.value.toNumber(), exact: r.exact ? r.value.toString() : null, ci95: null };
    } else {
      const r = expectedTokensPerStep(chains.float, tree, methodId, { start });
      out = { method: methodId, tree: treeText, tokensPerStep: r.value, exact: null, ci95: null };
    }
    if (values.json) {
      printJson(io, out);
      return 0;
    }
    io.stdout(`method ${methodId}, tree ${treeText} (${tree.draftTokens} drafts, depth ${tree.depth}), n = ${chains.n}, start token ${start}\n`);
    if (out.ci95 !== null) {
      io.stdout(`tokens per step (Monte Carlo, ${values.steps} steps): ${out.tokensPerStep.toFixed(6)}  95% CI [${out.ci95[0].toFixed(6)}, ${out.ci95[1].toFixed(6)}]\n`);
    } else {
      const recursion = typeof method === 'string' ? '§5.3' : '§S3.5';
      const how = out.exact !== null ? `exact, ${recursion} recursion in rationals` : chains.exact === null || values.float === true ? `${recursion} recursion in float64, not exact` : `${recursion} recursion; K-SEQ ρ* irrational, not exact`;
      io.stdout(`tokens per step (${how}): ${out.tokensPerStep.toPrecision(12)}${out.exact !== null ? `  = ${out.exact}` : ''}\n`);
    }
    return 0;
  },
};
