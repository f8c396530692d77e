import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptanceTable } from '../../../src/cli/commands/acceptance.ts';
import { rationalField as F } from '../../../src/core/field.ts';
import { gapReport } from '../../../src/analysis/gapReport.ts';
import { computeAcceptance, exactWorOptimum } from './acceptanceModel.ts';
import { PRESETS } from './presets.ts';
import { applyPreset, defaultState, pairOf } from './state.ts';

const probabilityPresets = PRESETS.filter((p) => p.kind === 'probabilities');

test('every preset and k = 1..4: the panel rows equal `spechub acceptance --json` (same methods, numbers, fractions, skips)', () => {
  for (const preset of PRESETS) {
    const state = applyPreset(defaultState(), preset);
    const pair = pairOf(state);
    const target = pair.exact ? pair.exact.p.join(',') : Array.from(pair.p).join(',');
    const draft = pair.exact ? pair.exact.q.join(',') : Array.from(pair.q).join(',');
    for (const k of [1, 2, 3, 4]) {
      const cli = acceptanceTable(target, draft, k);
      let view = computeAcceptance(pair, k);
      if (view.exactWorRequest) {
        const r = view.exactWorRequest;
        view = computeAcceptance(pair, k, exactWorOptimum(r.p, r.q, r.k));
        assert.is(view.exactWorRequest, null);
      }
      const label = `${preset.id} k=${k}`;
      assert.equal(view.rows.map((r) => r.id), Object.keys(cli.methods), `${label}: methods`);
      for (const row of view.rows) {
        const expected = cli.methods[row.id]!;
        assert.is(row.exact, expected.exact, `${label} ${row.id}: exact`);
        assert.ok(Math.abs(row.acceptance - expected.acceptance) <= (row.exact === null && pair.exact === null ? 1e-12 : 0), `${label} ${row.id}: ${row.acceptance} vs ${expected.acceptance}`);
        assert.not.ok(row.pending, `${label} ${row.id} pending`);
      }
      assert.equal(Object.keys(view.skipped).sort(), Object.keys(cli.skipped).sort(), `${label}: skipped`);
    }
  }
});

test('α*_wor with k ≥ 3: a float value at once, marked pending, then the worker’s fraction', () => {
  const pair = pairOf(applyPreset(defaultState(), PRESETS.find((p) => p.id === 'E4')!));
  const first = computeAcceptance(pair, 3);
  assert.ok(first.wor!.pending);
  assert.is(first.wor!.value.exact, null);
  assert.ok(first.exactWorRequest !== null);
  const answer = exactWorOptimum(first.exactWorRequest!.p, first.exactWorRequest!.q, 3);
  const second = computeAcceptance(pair, 3, answer);
  assert.not.ok(second.wor!.pending);
  assert.ok(Math.abs(second.wor!.value.number - first.wor!.value.number) < 1e-12);
  assert.is(second.rows.find((r) => r.id === 'otm-wor')!.exact, second.wor!.value.exact);
  // A stale answer (other k) is ignored.
  assert.ok(computeAcceptance(pair, 4, answer).wor!.pending);
});

test('α*_wor at n = 12, k = 4 with uneven fractions: the worker’s refusal (the library’s size guard) settles the page, as the CLI: float optimum shown, otm-wor skipped with the same reason', () => {
  const n = 12;
  const raw = Array.from({ length: n }, (_, i) => 360 + 7 * i * i + (i % 3) * 11);
  const rawQ = Array.from({ length: n }, (_, i) => 500 - 13 * i + (i % 4) * 17);
  const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const p = raw.map((x) => `${x}/${total(raw)}`);
  const q = rawQ.map((x) => `${x}/${total(rawQ)}`);
  let refusal = '';
  try {
    exactWorOptimum(p, q, 4);
  } catch (e) {
    refusal = (e as Error).message;
  }
  assert.ok(/TOO_LARGE|would cost about/.test(refusal), `the library refuses: ${refusal}`);
  const pair = pairOf({ ...defaultState(), mode: 'prob', p: p.map((x) => F.parse(x)), q: q.map((x) => F.parse(x)), labels: [] } as never);
  const first = computeAcceptance(pair, 4);
  assert.ok(first.wor!.pending);
  const refused = computeAcceptance(pair, 4, { key: first.exactWorRequest!.key, error: refusal });
  assert.not.ok(refused.wor!.pending);
  assert.is(refused.exactWorRequest, null, 'nothing left to ask the worker: the page settles');
  assert.is(refused.wor!.value.number, first.wor!.value.number);
  assert.not.ok(refused.rows.some((r) => r.id === 'otm-wor'));
  assert.is(refused.skipped['otm-wor'], refusal);
  // The CLI says the same.
  const cli = acceptanceTable(p.join(','), q.join(','), 4);
  assert.is(cli.methods['otm-wor'], undefined);
  assert.is(cli.skipped['otm-wor'], refusal);
});

test('gaps equal the library’s gapReport exactly; optima and sets equal the spec’s table (§7.1)', () => {
  const expected: Record<string, [string, number[], string, number[]]> = {
    E1: ['29/36', [0, 1], '11/12', [0, 1]],
    E2: ['35/36', [0, 1], '1', []],
    E3: ['35/36', [1, 2], '1', []],
    E4: ['79/100', [0, 1, 2], '701/840', [0, 1, 2]],
    E6: ['15/16', [1, 2, 3], '1', []],
  };
  for (const preset of probabilityPresets) {
    const pair = pairOf(applyPreset(defaultState(), preset));
    for (const k of [1, 2, 3]) {
      const r = computeAcceptance(pair, k);
      const report = gapReport(F, pair.exact!.p, pair.exact!.q, k);
      for (const row of report.rows) {
        const shown = r.rows.find((x) => x.id === row.method)!;
        if (row.exact && shown.gap.exact !== null) assert.is(shown.gap.exact, row.gap.toString(), `${preset.id} k=${k} ${row.method}`);
        else assert.ok(Math.abs(shown.gap.number - row.gap.toNumber()) < 1e-9, `${preset.id} k=${k} ${row.method} float gap`);
      }
    }
    const table = expected[preset.id];
    if (table) {
      const r = computeAcceptance(pair, 2);
      assert.is(r.iid!.value.exact, table[0]);
      assert.equal(r.iid!.argminSet, table[1]);
      assert.is(r.wor!.value.exact, table[2]);
      assert.equal(r.wor!.argminSet, table[3]);
    }
  }
});

test.run();
