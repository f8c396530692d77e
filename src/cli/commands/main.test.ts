// The main job writes its report, summary and figures, and every Monte Carlo check in it passes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { figureDefinitions } from '../../plots/figures.ts';
import { runCli } from '../main.ts';

test('spechub main --no-e2e: report.md, summary.json, figures; exact vs Monte Carlo tree values mostly agree', async () => {
  const out = mkdtempSync(join(tmpdir(), 'spechub-main-'));
  try {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['main', '--out', out, '--no-e2e'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    assert.is(code, 0, stderr);
    assert.match(stderr, /\[5\/5/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['## 1. Acceptance and optimum', '## 2. Monte Carlo exactness checks', '## 3. Token trees', '## 4. End to end', '## 5. Figures']) {
      assert.ok(report.includes(heading), heading);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.is(summary.checks.length, 7);
    assert.ok(summary.checks.every((c: { rejected: boolean }) => !c.rejected));
    // SpecHub and G-r are optimal for their own draft law (gap 0), RRS is not.
    const row = (m: string) => summary.acceptance.rows.find((r: { method: string; temperature: number }) => r.method === m && r.temperature === 1);
    assert.ok(Math.abs(row('spechub').gap) < 1e-12);
    assert.ok(row('rrs').gap > 0);
    const agree = summary.trees.rows.filter((r: { agrees: boolean }) => r.agrees).length;
    assert.ok(agree >= summary.trees.rows.length - 3, `${agree} of ${summary.trees.rows.length} intervals contain the exact value`);
    assert.is(summary.figures.length, figureDefinitions().length); // every canonical figure (7 since figure 7, issue 14)
    for (const f of summary.figures) assert.ok(existsSync(join(out, f.png)), f.png);
    assert.match(stdout, /Wrote/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('spechub main --no-timing: the same seed gives byte-identical summary.json, report.md and figures', async () => {
  const outs = [mkdtempSync(join(tmpdir(), 'spechub-main-a-')), mkdtempSync(join(tmpdir(), 'spechub-main-b-'))];
  try {
    for (const out of outs) {
      let stderr = '';
      const code = await runCli(['main', '--out', out, '--no-e2e', '--no-timing', '--seed', 'determinism'], { stdout: () => {}, stderr: (t) => void (stderr += t) });
      assert.is(code, 0, stderr);
    }
    const [a, b] = outs as [string, string];
    const summary = readFileSync(join(a, 'summary.json'), 'utf8');
    assert.is(summary, readFileSync(join(b, 'summary.json'), 'utf8'));
    assert.not.ok('seconds' in JSON.parse(summary));
    assert.is(JSON.parse(summary).seed, 'determinism');
    // The report names its own folder (the regenerate command); everything else is identical.
    assert.is(readFileSync(join(a, 'report.md'), 'utf8').replaceAll(a, 'OUT'), readFileSync(join(b, 'report.md'), 'utf8').replaceAll(b, 'OUT'));
    const figures = readdirSync(join(a, 'figures')).sort();
    assert.equal(figures, readdirSync(join(b, 'figures')).sort());
    assert.not.ok(figures.some((f) => f.startsWith('optimum-cost')), 'the timing figure is left out');
    for (const f of figures) assert.ok(readFileSync(join(a, 'figures', f)).equals(readFileSync(join(b, 'figures', f))), f);
    assert.not.ok([...readdirSync(a), ...figures].some((f) => f.endsWith('.spechub-tmp')), 'no temporary file left');
  } finally {
    for (const out of outs) rmSync(out, { recursive: true, force: true });
  }
});

test.run();
