// Every row of the §S6.2 table through the CLI: walk (`simulate --method sd|rrs|rrsw|spechub`), TV/BV
// (`simulate --method block|traversal|traversal-wor|traversal-hub`), 1 + LP-A and 1 + LP-B (`tree-optimum`), as
// exact reduced fractions; the JSON contracts; Monte Carlo JSON for the new methods; one-line errors (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SPEC_INSTANCES, SPEC_ROWS } from '../../sequence/_testing/specVectors.ts';
import { runCaptured } from '../_testing/runCaptured.ts';

const run = runCaptured;

const dir = mkdtempSync(join(tmpdir(), 'spechub-tree-optimum-'));
const chainsFile = new Map<string, string>();
for (const v of SPEC_INSTANCES) {
  const path = join(dir, `${v.id}.json`);
  writeFileSync(path, JSON.stringify({ target: v.target, draft: v.draft }));
  chainsFile.set(v.id, path);
}
const start = (id: string) => String(SPEC_INSTANCES.find((v) => v.id === id)!.start);
const json = async (...argv: string[]) => {
  const r = await run(...argv, '--json');
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

test('§S6.2, all 88 rows through the CLI: walk, TV (BV), 1 + LP-A, 1 + LP-B as exact fractions ("—" rows: wor drafts as many children as n allows)', async () => {
  let cells = 0;
  for (const r of SPEC_ROWS) {
    const file = chainsFile.get(r.id)!;
    const chain = r.tree.startsWith('chain');
    const walkMethod = chain ? 'sd' : r.law === 'iid' ? 'rrs' : r.law === 'wor' ? 'rrsw' : 'spechub';
    const seqMethod = chain ? 'block' : r.law === 'iid' ? 'traversal' : `traversal-${r.law}`;
    const label = `${r.id} ${r.tree} ${r.law}`;
    const walk = await json('simulate', '--chains', file, '--tree', r.tree, '--method', walkMethod, '--start', start(r.id));
    const seq = await json('simulate', '--chains', file, '--tree', r.tree, '--method', seqMethod, '--start', start(r.id));
    const bounds = await json('tree-optimum', '--chains', file, '--tree', r.tree, '--draws', r.law, '--start', start(r.id));
    assert.equal(Object.keys(bounds).sort(), ['draws', 'lpA', 'lpB', 'tree']);
    assert.equal(Object.keys(bounds.lpA).sort(), ['exact', 'tokensPerStep']);
    if (r.walk === null) {
      // n = 2 < k = 3: without-replacement nodes draft 2 children, so the row equals the 2^2 wor row.
      const twin = SPEC_ROWS.find((s) => s.id === r.id && s.tree === '2^2' && s.law === 'wor')!;
      assert.equal([walk.exact, seq.exact, bounds.lpA.exact, bounds.lpB.exact], [twin.walk, twin.traversal, twin.lpA, twin.lpB], label);
    } else {
      assert.equal([walk.exact, seq.exact, bounds.lpA.exact, bounds.lpB.exact], [r.walk, r.traversal, r.lpA, r.lpB], label);
      assert.is(bounds.lpA.tokensPerStep, Number(bounds.lpA.tokensPerStep));
    }
    cells += 4;
  }
  assert.is(cells, 352);
});

test('Monte Carlo JSON for the new methods: ci95 covers the exact value; the text output names §S3.5 and §S4', async () => {
  const v8 = chainsFile.get('V8')!;
  for (const method of ['block', 'traversal', 'traversal-wor', 'traversal-hub']) {
    const tree = method === 'block' ? 'chain:3' : '2^3';
    const exact = await json('simulate', '--chains', v8, '--tree', tree, '--method', method, '--start', '3');
    const mc = await json('simulate', '--chains', v8, '--tree', tree, '--method', method, '--start', '3', '--steps', '20000', '--seed', '4');
    assert.equal(Object.keys(mc).sort(), ['ci95', 'exact', 'method', 'tokensPerStep', 'tree']);
    assert.is(mc.exact, null);
    assert.ok(mc.ci95[0] < exact.tokensPerStep && exact.tokensPerStep < mc.ci95[1], `${method}: ${exact.tokensPerStep} outside ${mc.ci95}`);
  }
  const text = await run('simulate', '--chains', v8, '--tree', '2^3', '--method', 'traversal', '--start', '3');
  assert.match(text.stdout, /tokens per step \(exact, §S3\.5 recursion in rationals\): 2\.50244\d+ {2}= 11261\/4500/);
  const bounds = await run('tree-optimum', '--chains', v8, '--tree', '2^3', '--draws', 'wor', '--start', '3', '--gap');
  assert.match(bounds.stdout, /660|216 distinct path sets/);
  assert.match(bounds.stdout, /1 \+ LP-A \(best exact verifier, §S4\.1\): tokens per step ≤ 3\.00000000000 {2}= 3/);
  assert.match(bounds.stdout, /traversal-wor +2\.639444 \(4751\/1800\) {2}= 87\.98 % of 1 \+ LP-A/);
});

test('--bound and --route: the other bound is null; the float route (GLPK) agrees with the exact one; --gap JSON', async () => {
  const v3 = chainsFile.get('V3')!;
  const a = await json('tree-optimum', '--chains', v3, '--tree', '2^3', '--draws', 'iid', '--bound', 'lp-a');
  assert.is(a.lpB, null);
  assert.is(a.lpA.exact, '118987/46656');
  const b = await json('tree-optimum', '--chains', v3, '--tree', '2^3', '--draws', 'iid', '--bound', 'lp-b', '--route', 'float');
  assert.is(b.lpA, null);
  assert.is(b.lpB.exact, null);
  assert.ok(Math.abs(b.lpB.tokensPerStep - 30371 / 11664) < 1e-9);
  const f = await json('tree-optimum', '--chains', v3, '--tree', '2^3', '--draws', 'hub', '--route', 'float');
  assert.ok(Math.abs(f.lpA.tokensPerStep - 47 / 18) < 1e-9 && Math.abs(f.lpB.tokensPerStep - 8 / 3) < 1e-9);
  const g = await json('tree-optimum', '--chains', v3, '--tree', '2^3', '--draws', 'hub', '--gap');
  assert.equal(g.gap.map((x: { method: string; exact: string }) => [x.method, x.exact]), [['spechub', '91/36'], ['traversal-hub', '196/81']]);
  assert.ok(g.gap.every((x: { fractionOfLpA: number }) => x.fractionOfLpA <= 1));
});

test('bad input: one line on stderr, exit 2', async () => {
  const v1 = chainsFile.get('V1')!;
  const cases: Array<[string[], RegExp]> = [
    [['tree-optimum', '--chains', v1, '--tree', '2^2', '--draws', 'gumbel'], /--draws must be iid, wor or hub/],
    [['tree-optimum', '--chains', v1, '--tree', '2^2', '--draws', 'iid', '--bound', 'lp-c'], /--bound must be lp-a, lp-b or both/],
    [['tree-optimum', '--chains', v1, '--tree', '2^2', '--draws', 'iid', '--route', 'fast'], /--route must be/],
    [['tree-optimum', '--chains', v1, '--tree', '3^2', '--draws', 'hub'], /at most 2 children/],
    [['tree-optimum', '--chains', v1, '--tree', '2^6', '--draws', 'iid', '--route', 'exact'], /more than 20,000 distinct \(partial\) path sets/],
    [['tree-optimum', '--chains', v1, '--tree', '2^2', '--draws', 'iid', '--start', '2'], /--start must be an integer in \[0, 1\]/],
    [['tree-optimum', '--chains', join(dir, 'none.json'), '--tree', '2^2', '--draws', 'iid'], /cannot read chains file/],
    [['tree-optimum', '--chains', v1, '--draws', 'iid'], /missing required option --tree/],
    [['tree-optimum', '--chains', v1, '--tree', '2^2', '--draws', 'iid', '--bound', 'lp-b', '--gap'], /--gap needs LP-A/],
    [['simulate', '--chains', v1, '--tree', '2^2', '--method', 'block'], /block verification needs a draft chain/],
    [['simulate', '--chains', v1, '--tree', '3^2', '--method', 'traversal-hub'], /cannot verify the 3 children/],
    [['simulate', '--chains', v1, '--tree', '2^2', '--method', 'traverse'], /unknown method 'traverse' \(token-level: .*sequence-level: block, traversal, traversal-wor, traversal-hub\)/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.is(r.code, 2, `${argv.join(' ')}: exit ${r.code}, ${r.stdout}`);
    assert.is(r.stdout, '');
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
