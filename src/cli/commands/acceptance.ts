/**
 * `spechub acceptance`: every applicable method's exact acceptance for one (p, q, k) (§3.1).
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['acceptance', '--target', '1/10,1/5,3/10,2/5', '--draft', '2/5,3/10,1/5,1/10', '--k', '2'], io); // 0
 * out.join('').includes('spechub    0.766666666667   23/30'); // true
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { floatField, rationalField } from '../../core/field.ts';
import { getMethod, methodIds } from '../../methods.ts';
import { validateInputs } from '../../analysis/validateInputs.ts';
import { type Command, integerOption, printJson } from '../command.ts';
import { type CliPair, readPair, readPairOptions, VECTOR_OPTIONS, VECTOR_USAGE } from '../vectors.ts';

export interface AcceptanceRow {
  acceptance: number;
  exact: string | null;
}

/** Acceptance of every registered method applicable to (p, q, k); inapplicable ones are listed with the reason. */
export function acceptanceTable(targetText: string, draftText: string, k: number) {
  return acceptanceTableOfPair(readPair(targetText, draftText), k);
}

/** {@link acceptanceTable} for a pair already read (text or files). */
export function acceptanceTableOfPair(pair: CliPair, k: number) {
  const methods: Record<string, AcceptanceRow> = {};
  const skipped: Record<string, string> = {};
  for (const id of methodIds()) {
    const { verifier } = getMethod(id);
    if (!verifier.supportsK(k)) continue;
    try {
      validateInputs(floatField, id, pair.p, pair.q, k);
      if (pair.exact !== null) {
        const r = verifier.acceptance(rationalField, pair.exact.p, pair.exact.q, k);
        const number = r.exact ? r.value.toNumber() : verifier.acceptance(floatField, pair.p, pair.q, k).value;
        methods[id] = { acceptance: number, exact: r.exact ? r.value.toString() : null };
      } else {
        methods[id] = { acceptance: verifier.acceptance(floatField, pair.p, pair.q, k).value, exact: null };
      }
    } catch (e) {
      if (!(e instanceof SpechubError) || !['K_TOO_LARGE', 'UNSUPPORTED_K', 'TOO_LARGE'].includes(e.code)) throw e;
      skipped[id] = e.message;
    }
  }
  return { n: pair.p.length, k, methods, skipped };
}

export const acceptanceCommand: Command = {
  name: 'acceptance',
  summary: 'exact acceptance of every applicable verifier for one target/draft pair',
  usage: `spechub acceptance (--target <v> | --target-file <f>) (--draft <v> | --draft-file <f>) --k <k> [--json]

${VECTOR_USAGE}
  --k                 number of drafts (sd needs k = 1, spechub k = 2)
  --json              print {"n", "k", "methods": {"<id>": {"acceptance", "exact"}}, "skipped"}

'exact' is the reduced fraction when both vectors sum to exactly 1 and the value is rational
(K-SEQ's ρ* is in general irrational: then null).`,
  options: { ...VECTOR_OPTIONS, k: { type: 'string' }, json: { type: 'boolean' } },
  run(values, io) {
    const k = integerOption(values, 'k', undefined, 1, 64);
    const table = acceptanceTableOfPair(readPairOptions(values), k);
    if (values.json) {
      printJson(io, table);
      return 0;
    }
    io.stdout(`n = ${table.n}, k = ${k}\n`);
    io.stdout(`${'method'.padEnd(10)} ${'acceptance'.padEnd(16)} exact\n`);
    for (const [id, row] of Object.entries(table.methods)) {
      io.stdout(`${id.padEnd(10)} ${row.acceptance.toFixed(12).padEnd(16)} ${row.exact ?? '(float64, not exact: irrational or float input)'}\n`);
    }
    for (const [id, why] of Object.entries(table.skipped)) io.stdout(`${id.padEnd(10)} skipped: ${why}\n`);
    return 0;
  },
};
