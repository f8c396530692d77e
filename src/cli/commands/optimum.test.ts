// `spechub optimum` (JSON contract, --via all cross-check, exit codes) and the OTM methods in `spechub acceptance`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rationalField } from '../../core/field.ts';
import { Rational } from '../../core/rational.ts';
import { setLawOf } from '../../draws/draftLaws.ts';
import { membershipMaxFlow } from '../../optimum/membershipMaxFlow.ts';
import { routesDisagree } from '../../optimum/optimalAcceptance.ts';
import { runCli } from '../main.ts';
import { E4_ARGS, runCaptured } from '../_testing/runCaptured.ts';

const run = (argv: string[]) => runCaptured(...argv);

const E4 = E4_ARGS;

test('optimum --json: the JSON contract, with every route under --via all (E4, i.i.d., k = 2)', async () => {
  const r = await run(['optimum', ...E4, '--k', '2', '--draws', 'iid', '--via', 'all', '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const key of ['draws', 'k', 'optimum', 'exact', 'argminSet', 'via', 'seconds']) assert.ok(key in out, `missing key ${key}`);
  assert.is(out.draws, 'iid');
  assert.is(out.k, 2);
  assert.is(out.exact, '79/100');
  assert.ok(Math.abs(out.optimum - 0.79) < 1e-15);
  assert.equal(out.argminSet, [0, 1, 2]);
  assert.equal(Object.keys(out.via).sort(), ['dual', 'lp', 'maxflow', 'membership-lp']);
  for (const route of ['lp', 'membership-lp', 'maxflow', 'dual']) {
    assert.ok(Math.abs(out.via[route] - 0.79) <= 1e-9, `${route}: ${out.via[route]}`);
    assert.type(out.seconds[route], 'number');
  }
  assert.is(out.details.lp.status, 'optimal');
  assert.is(out.details.dual.method, 'prefix-iid');
});

test('optimum: default route is the dual; other routes are null; wor, hub and greedy draws', async () => {
  const wor = JSON.parse((await run(['optimum', ...E4, '--k', '2', '--draws', 'wor', '--json'])).stdout);
  assert.is(wor.exact, '701/840');
  assert.equal(wor.via.lp, null);
  assert.equal(wor.via.maxflow, null);
  assert.equal(Object.keys(wor.seconds), ['dual']);
  for (const draws of ['hub', 'greedy']) {
    const r = JSON.parse((await run(['optimum', ...E4, '--k', '2', '--draws', draws, '--via', 'maxflow', '--json'])).stdout);
    assert.is(r.exact, '23/30', draws);
    assert.equal(r.argminSet, [0, 1, 2], draws);
  }
  const text = await run(['optimum', ...E4, '--k', '3', '--draws', 'wor', '--via', 'all']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, /alpha\* = 1\.000000000000 {2}\(exact 1\)/);
  assert.match(text.stdout, /all 4 routes agree/);
  assert.match(text.stdout, /method exhaustive/);
});

test('optimum --gaps: α* of each heuristic verifier’s own draft law minus its acceptance', async () => {
  const r = JSON.parse((await run(['optimum', ...E4, '--k', '2', '--gaps', '--json'])).stdout);
  const gaps = Object.fromEntries(r.gaps.map((g: { method: string; exactGap: string }) => [g.method, g.exactGap]));
  assert.equal(gaps, { rrs: '7/100', rrsw: '59/840', kseq: '1/25', spechub: '0', greedy: '0', 'greedy-q': '0' });
});

test('optimum --via all at a size the full LP refuses: the LP is listed as skipped, the others agree', async () => {
  const n = 24;
  const u = Array.from({ length: n }, () => `1/${n}`).join(',');
  const r = await run(['optimum', '--target', u, '--draft', u, '--k', '3', '--draws', 'iid', '--via', 'all', '--max-variables', '50000', '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.skipped.lp, /331,776 variables, above the limit of 50,000/);
  assert.is(out.exact, '1');
});

test('optimum: bad input exits 2 with one line on stderr; a refused single route exits 2', async () => {
  for (const argv of [
    ['optimum', ...E4, '--k', '2', '--draws', 'nope'],
    ['optimum', ...E4, '--k', '2', '--via', 'simplex'],
    ['optimum', '--target', '0.5,0.6', '--draft', '0.5,0.5', '--k', '2'],
    ['optimum', ...E4, '--k', '3', '--draws', 'hub'],
    ['optimum', ...E4, '--k', '2', '--via', 'lp', '--max-variables', '10'],
  ]) {
    const r = await run(argv);
    assert.is(r.code, 2, `${argv.join(' ')}: ${r.stdout}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^spechub optimum: error: /);
  }
});

test('the cross-check rule behind exit code 1', () => {
  assert.not.ok(routesDisagree({ maxDisagreement: 1e-12, exactDisagreement: false }));
  assert.ok(routesDisagree({ maxDisagreement: 2e-9, exactDisagreement: false }));
  assert.ok(routesDisagree({ maxDisagreement: 0, exactDisagreement: true }));
  assert.ok(routesDisagree({ maxDisagreement: NaN, exactDisagreement: false }));
});

test('acceptance lists otm, otm-wor and khisti with their exact optima (and stays fast at n = 2000)', async () => {
  const r = JSON.parse((await run(['acceptance', ...E4, '--k', '2', '--json'])).stdout);
  assert.equal(r.methods.otm, { acceptance: 0.79, exact: '79/100' });
  assert.is(r.methods['otm-wor'].exact, '701/840');
  assert.is(r.methods.khisti.exact, '79/100');
  const n = 2000;
  const u = Array.from({ length: n }, () => `1/${n}`).join(',');
  const big = JSON.parse((await run(['acceptance', '--target', u, '--draft', u, '--k', '2', '--json'])).stdout);
  for (const id of ['otm', 'otm-wor', 'khisti']) assert.is(big.methods[id].exact, '1', id);
});

/** α* of the decimals read exactly and renormalised exactly (exact max-flow over the exact set law). */
function exactOptimum(target: string, draft: string, k: number, draws: 'iid' | 'wor'): number {
  const exact = (text: string) => {
    const v = text.split(',').map((d) => Rational.parse(d));
    const total = v.reduce((a, b) => a.add(b), Rational.ZERO);
    return v.map((x) => x.div(total));
  };
  return membershipMaxFlow(rationalField, exact(target), setLawOf(rationalField, draws, exact(draft), k)).optimum.toNumber();
}

const NEAR_ONE_HOT = ['0.99,0.01,1e-300,1e-300', '1,1e-17,1e-17,1e-17'];

test('issue 9: optimum --draws wor --k 3 on near-one-hot drafts: every route finite and equal to the exact α*, exit 0', async () => {
  for (const draft of NEAR_ONE_HOT) {
    const exact = exactOptimum('0.1,0.2,0.3,0.4', draft, 3, 'wor');
    const r = await run(['optimum', '--target', '0.1,0.2,0.3,0.4', '--draft', draft, '--k', '3', '--draws', 'wor', '--via', 'all', '--json']);
    assert.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.not.ok('skipped' in out, JSON.stringify(out.skipped));
    for (const route of ['lp', 'membership-lp', 'maxflow', 'dual']) {
      assert.ok(typeof out.via[route] === 'number' && Math.abs(out.via[route] - exact) <= 1e-9, `${draft} ${route}: ${out.via[route]} vs exact ${exact}`);
    }
    for (const route of ['lp', 'membership-lp', 'maxflow', 'dual']) {
      const single = await run(['optimum', '--target', '0.1,0.2,0.3,0.4', '--draft', draft, '--k', '3', '--draws', 'wor', '--via', route, '--json']);
      assert.is(single.code, 0, `${draft} ${route}: ${single.stderr}`);
      assert.ok(Math.abs(JSON.parse(single.stdout).optimum - exact) <= 1e-9, `${draft} --via ${route}`);
    }
  }
});

test('issue 9: acceptance never prints otm-wor -Infinity; the optimal methods equal the exact optima', async () => {
  for (const draft of NEAR_ONE_HOT) {
    const text = await run(['acceptance', '--target', '0.1,0.2,0.3,0.4', '--draft', draft, '--k', '3']);
    assert.is(text.code, 0, text.stderr);
    assert.not.match(text.stdout, /Infinity|NaN/);
    const json = JSON.parse((await run(['acceptance', '--target', '0.1,0.2,0.3,0.4', '--draft', draft, '--k', '3', '--json'])).stdout);
    assert.ok(Math.abs(json.methods['otm-wor'].acceptance - exactOptimum('0.1,0.2,0.3,0.4', draft, 3, 'wor')) <= 1e-12, draft);
    for (const id of ['otm', 'khisti']) assert.ok(Math.abs(json.methods[id].acceptance - exactOptimum('0.1,0.2,0.3,0.4', draft, 3, 'iid')) <= 1e-12, `${draft} ${id}`);
  }
});

test('issue 9: check --method khisti|otm|otm-wor --target 0,1 --draft 1e-300,1 --k 2 accepts the valid input (no ZERO_DRAFT_MASS)', async () => {
  for (const method of ['khisti', 'otm', 'otm-wor']) {
    const r = await run(['check', '--method', method, '--target', '0,1', '--draft', '1e-300,1', '--k', '2', '--trials', '2000', '--json']);
    assert.is(r.code, 0, `${method}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.is(out.outputLaw.estimate[0], 0, `${method} emitted token 0 (p = 0)`);
    assert.is(out.acceptance.exact, 1, method);
  }
});

test('optimum --gaps at n = 2000 answers in float64 (exactGap null) instead of running for minutes', async () => {
  const text = (v: Rational[]) => v.map(String).join(',');
  const decimals = (n: number, seed: number) => {
    const w = Array.from({ length: n }, (_, i) => ((i * seed) % 997) + 1);
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => Rational.of(x, total));
  };
  let stdout = '';
  let stderr = '';
  const argv = ['optimum', '--target', text(decimals(2000, 7919)), '--draft', text(decimals(2000, 104729)), '--k', '2', '--gaps'];
  const code = await runCli([...argv, '--json'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  assert.is(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.is(out.gaps.length, 6);
  for (const g of out.gaps) {
    assert.is(g.exactGap, null, g.method);
    assert.ok(Number.isFinite(g.gap) && g.gap >= -1e-12, `${g.method}: ${g.gap}`);
  }
  stdout = '';
  assert.is(await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }), 0);
  assert.match(stdout, /\(gaps in float64: the exact gap report/);
});

test.run();
