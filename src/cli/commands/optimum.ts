/**
 * `spechub optimum`: the optimal acceptance α* of a draft scheme (§4) by one route or all four, with the
 * minimising set of the subset dual, timings and (with `--via all`) a cross-check; `--gaps` adds the gap
 * report of every heuristic verifier.
 *
 * @example
 * ```ts
 * import { runCli } from '../main.ts';
 * const out: string[] = [];
 * const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void out.push(text) };
 * await runCli(['optimum', '--target', '1/10,1/5,3/10,2/5', '--draft', '2/5,3/10,1/5,1/10', '--k', '2'], io); // 0
 * out.join('').includes('(exact 79/100)'); // true
 * ```
 */
import { SpechubError } from '../../core/errors.ts';
import { floatField, rationalField } from '../../core/field.ts';
import type { Rational } from '../../core/rational.ts';
import type { DraftSchemeId } from '../../draws/draftScheme.ts';
import { gapReport } from '../../analysis/gapReport.ts';
import { OPTIMUM_ROUTES, type OptimumRoute, ROUTE_AGREEMENT_TOLERANCE, optimalAcceptance, routesDisagree } from '../../optimum/optimalAcceptance.ts';
import { type Command, integerOption, printJson, timingEnabled } from '../command.ts';
import { readPairOptions, VECTOR_OPTIONS, VECTOR_USAGE } from '../vectors.ts';

const DRAWS: readonly DraftSchemeId[] = ['iid', 'wor', 'hub', 'greedy', 'greedy-q'];

export const optimumCommand: Command = {
  name: 'optimum',
  summary: 'optimal acceptance α* of a draft scheme: full LP, membership LP, max-flow, subset dual',
  usage: `spechub optimum (--target <v> | --target-file <f>) (--draft <v> | --draft-file <f>) --k <k>
                --draws iid|wor|hub|greedy|greedy-q [--via lp|membership-lp|maxflow|dual|all]
                [--max-variables N] [--gaps] [--json] [--no-timing]

${VECTOR_USAGE}
  --k                 number of drafts (hub: k = 2)
  --draws             draft scheme (default iid)
  --via               route (default dual):
                        lp             full OTM LP over draft tuples (§4.1), GLPK
                        membership-lp  compact LP over draft sets (§4.2), GLPK
                        maxflow        max-flow / min-cut (§4.3), own Dinic, exact rationals when possible
                        dual           subset dual (§4.3-4.4): prefix search for iid (any k) and wor (k = 2),
                                       closed-form cut for hub/greedy, exhaustive (n <= 12) or the
                                       exponential-race integral for wor with k >= 3
                        all            every route; exit 1 if two disagree by more than ${ROUTE_AGREEMENT_TOLERANCE}
  --max-variables     size guard of the LP routes (default 400000 variables)
  --gaps              add, for each heuristic verifier, α* of its own draft law minus its acceptance
                      (in float64, exactGap null, when exact arithmetic would be too costly)
  --json              print {"draws", "k", "optimum", "exact", "argminSet", "via": {"lp", "membership-lp",
                      "maxflow", "dual"}, "seconds": {...}, "n", "details", "maxDisagreement"[, "skipped"][, "gaps"]}
  --no-timing         leave out "seconds" (and the seconds column), so the same input gives byte-identical output

'exact' is the reduced fraction when both vectors sum to exactly 1 and an exact route (maxflow, dual) ran.
With --via all a route refused by a size guard, or an LP whose GLPK solution cannot be certified to 1e-9,
is listed under "skipped"; alone, such a route is an error (exit 2) that names the routes that work.
Exit code: 0 success, 1 the routes disagree, 2 bad input, a refused size or a solver failure.`,
  options: {
    ...VECTOR_OPTIONS,
    k: { type: 'string' },
    draws: { type: 'string' },
    via: { type: 'string' },
    'max-variables': { type: 'string' },
    gaps: { type: 'boolean' },
    json: { type: 'boolean' },
    'no-timing': { type: 'boolean' },
  },
  async run(values, io) {
    const k = integerOption(values, 'k', undefined, 1, 64);
    const draws = (typeof values.draws === 'string' ? values.draws : 'iid') as DraftSchemeId;
    if (!DRAWS.includes(draws)) throw new SpechubError('INVALID_ARGUMENT', `--draws must be one of ${DRAWS.join(', ')}, got '${draws}'`);
    const via = (typeof values.via === 'string' ? values.via : 'dual') as OptimumRoute | 'all';
    if (via !== 'all' && !OPTIMUM_ROUTES.includes(via)) {
      throw new SpechubError('INVALID_ARGUMENT', `--via must be one of ${OPTIMUM_ROUTES.join(', ')}, all; got '${via}'`);
    }
    const maxVariables = values['max-variables'] === undefined ? undefined : integerOption(values, 'max-variables', undefined, 1, 1e9);
    const pair = readPairOptions(values);
    const report = await optimalAcceptance(pair.exact?.p ?? pair.p, pair.exact?.q ?? pair.q, k, draws, { via, ...(maxVariables === undefined ? {} : { maxVariables }) });
    const disagree = routesDisagree(report);

    let gaps: Array<{ method: string; draws: string; acceptance: number; optimum: number; gap: number; exactGap: string | null }> | undefined;
    let gapsInFloat: string | null = null;
    if (values.gaps) {
      const exact = pair.exact;
      let exactRows = null;
      if (exact !== null) {
        // The exact report refuses sizes whose rational arithmetic would be too costly: then float64 (exactGap null).
        try {
          exactRows = gapReport(rationalField, exact.p, exact.q, k).rows;
        } catch (e) {
          if (!(e instanceof SpechubError && e.code === 'TOO_LARGE')) throw e;
          gapsInFloat = e.message;
        }
      }
      const rows =
        exactRows !== null
          ? exactRows.map((r) => ({ ...r, acceptance: r.acceptance.toNumber(), optimum: r.optimum.toNumber(), gapValue: r.gap as Rational }))
          : gapReport(floatField, pair.p, pair.q, k).rows.map((r) => ({ ...r, gapValue: null }));
      gaps = rows.map((r) => ({
        method: r.method,
        draws: r.draws,
        acceptance: r.acceptance,
        optimum: r.optimum,
        gap: r.gapValue === null ? (r.gap as number) : r.gapValue.toNumber(),
        exactGap: r.exact && r.gapValue !== null ? r.gapValue.toString() : null,
      }));
    }

    if (values.json) {
      const out: Record<string, unknown> = {
        draws: report.draws,
        k: report.k,
        optimum: report.optimum,
        exact: report.exact,
        argminSet: report.argminSet,
        via: report.via,
        ...(timingEnabled(values) ? { seconds: report.seconds } : {}),
        n: report.n,
        details: report.details,
        maxDisagreement: report.maxDisagreement,
      };
      if (Object.keys(report.skipped).length > 0) out.skipped = report.skipped;
      if (gaps !== undefined) out.gaps = gaps;
      printJson(io, out);
    } else {
      io.stdout(`optimal acceptance for ${draws} drafts, n = ${report.n}, k = ${k}\n`);
      io.stdout(`alpha* = ${report.optimum.toFixed(12)}${report.exact === null ? '' : `  (exact ${report.exact})`}\n`);
      const shown = report.argminSet.length > 30 ? `${report.argminSet.slice(0, 20).join(', ')}, … (${report.argminSet.length} tokens; --json lists all)` : report.argminSet.join(', ');
      io.stdout(`argmin A = {${shown}}   (alpha* = p(A) + 1 - Q(S in A))\n`);
      const timing = timingEnabled(values);
      io.stdout(`${'route'.padEnd(14)} ${'value'.padEnd(16)} ${timing ? 'seconds'.padEnd(9) + ' ' : ''}details\n`);
      for (const route of OPTIMUM_ROUTES) {
        const value = report.via[route];
        if (value === null) {
          if (report.skipped[route] !== undefined) io.stdout(`${route.padEnd(14)} skipped: ${report.skipped[route]}\n`);
          continue;
        }
        const detail = Object.entries(report.details[route] ?? {}).map(([key, v]) => `${key} ${v}`).join(', ');
        io.stdout(`${route.padEnd(14)} ${value.toFixed(12).padEnd(16)} ${timing ? (report.seconds[route] ?? 0).toFixed(4).padEnd(9) + ' ' : ''}${detail}\n`);
      }
      const ran = OPTIMUM_ROUTES.filter((r) => report.via[r] !== null).length;
      if (ran > 1) {
        io.stdout(disagree ? `routes DISAGREE: max difference ${report.maxDisagreement.toExponential(2)}\n` : `all ${ran} routes agree within ${ROUTE_AGREEMENT_TOLERANCE} (max difference ${report.maxDisagreement.toExponential(2)})\n`);
      }
      if (gaps !== undefined) {
        io.stdout(`\ngap = alpha* of the verifier's own draft law - its acceptance\n`);
        if (gapsInFloat !== null) io.stdout(`(gaps in float64: ${gapsInFloat})\n`);
        io.stdout(`${'method'.padEnd(10)} ${'draws'.padEnd(9)} ${'acceptance'.padEnd(16)} ${'optimum'.padEnd(16)} gap\n`);
        for (const g of gaps) {
          io.stdout(`${g.method.padEnd(10)} ${g.draws.padEnd(9)} ${g.acceptance.toFixed(12).padEnd(16)} ${g.optimum.toFixed(12).padEnd(16)} ${g.exactGap ?? g.gap.toExponential(6)}\n`);
        }
      }
    }
    if (disagree) {
      io.stderr(`spechub optimum: the routes disagree by ${report.maxDisagreement} (tolerance ${ROUTE_AGREEMENT_TOLERANCE})${report.exactDisagreement ? ' and the exact routes give different fractions' : ''}\n`);
      return 1;
    }
    return 0;
  },
};
