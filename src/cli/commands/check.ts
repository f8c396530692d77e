/**
 * `spechub check`: Monte Carlo output law and acceptance of one method against the target and the exact
 * acceptance, with the test statistic and p-value; exit code 1 when the check rejects.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['check', '--method', 'rrs', '--target', '0.1,0.2,0.3,0.4', '--draft', '0.4,0.3,0.2,0.1', '--k', '2', '--trials', '2000'], io); // 0
 * out.join('').includes('output law: G = '); // true
 * ```
 */
import { checkSampler } from '../../montecarlo/checkSampler.ts';
import { type Command, integerOption, numberOption, printJson, requireString, seedOption } from '../command.ts';
import { readPairOptions, VECTOR_OPTIONS, VECTOR_USAGE } from '../vectors.ts';

/** Most trials `check --trials` accepts (a few minutes for n = 1000, k = 4 on a slow core). */
export const MAX_CHECK_TRIALS = 1_000_000_000;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Monte Carlo check of a verifier: output law vs target, acceptance vs exact value',
  usage: `spechub check --method <id> (--target <v> | --target-file <f>) (--draft <v> | --draft-file <f>) --k <k>
              --trials <N> --seed <s> [--significance a] [--json]

${VECTOR_USAGE}

  --method        sd | rrs | rrsw | kseq | spechub | greedy | greedy-q (and otm, otm-wor, khisti)
  --trials        number of simulated verifications (default 100000, at most ${MAX_CHECK_TRIALS.toExponential(0)}); Ctrl-C stops
  --seed          seed of the generator (default 0); same seed, same numbers
  --significance  overall level of the check (default 0.001), split equally (Bonferroni) between
                  the G-test of the output law (cells with expected count < 5 pooled) and the
                  two-sided exact binomial test of the acceptance count
Exit code: 0 the check passes, 1 it rejects, 2 bad input.`,
  options: {
    method: { type: 'string' },
    ...VECTOR_OPTIONS,
    k: { type: 'string' },
    trials: { type: 'string' },
    seed: { type: 'string' },
    significance: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const method = requireString(values, 'method');
    const k = integerOption(values, 'k', undefined, 1, 64);
    const trials = integerOption(values, 'trials', 100_000, 1, MAX_CHECK_TRIALS);
    const seed = seedOption(values, '0');
    const significance = numberOption(values, 'significance', 0.001, 1e-12, 0.5);
    const pair = readPairOptions(values);
    if (trials >= 10_000_000 && !values.json) io.stderr(`check: simulating ${trials} verifications (Ctrl-C stops)\n`);
    const r = checkSampler(method, pair.p, pair.q, k, { trials, seed, significance });
    const estimate = Array.from(r.monteCarlo.tokenCounts, (c) => c / trials);
    if (values.json) {
      printJson(io, {
          method,
          n: pair.p.length,
          k,
          trials,
          seed,
          significance,
          outputLaw: {
            estimate,
            target: Array.from(pair.p),
            test: r.outputLaw.test,
            statistic: r.outputLaw.statistic,
            degreesOfFreedom: r.outputLaw.degreesOfFreedom,
            pValue: r.outputLaw.pValue,
            cells: r.outputLaw.cells,
            rejected: r.outputLaw.rejected,
          },
          acceptance: r.acceptance,
          perPosition: Array.from(r.monteCarlo.positionCounts, (c) => c / trials),
          rejected: r.rejected,
        });
    } else {
      io.stdout(`method ${method}, n = ${pair.p.length}, k = ${k}, ${trials} trials, seed ${seed}\n`);
      if (pair.p.length <= 20) {
        io.stdout(`token  target        estimate\n`);
        pair.p.forEach((x, y) => io.stdout(`${String(y).padEnd(6)} ${x.toFixed(6).padEnd(13)} ${estimate[y]!.toFixed(6)}\n`));
      }
      const g = r.outputLaw;
      io.stdout(`output law: G = ${g.statistic.toFixed(3)}, df = ${g.degreesOfFreedom}, p-value = ${g.pValue.toPrecision(4)} (level ${significance / 2}) ${g.rejected ? 'REJECTED' : 'ok'}\n`);
      const a = r.acceptance;
      io.stdout(`acceptance: ${a.estimate.toFixed(6)} [${a.ci95[0].toFixed(6)}, ${a.ci95[1].toFixed(6)}] vs closed form ${a.exact.toFixed(6)}; z = ${a.z.toFixed(3)}, p-value = ${a.pValue.toPrecision(4)} ${a.rejected ? 'REJECTED' : 'ok'}\n`);
      io.stdout(r.rejected ? 'check REJECTED\n' : 'check passed\n');
    }
    return r.rejected ? 1 : 0;
  },
};
