// Every canonical figure: its data (quick sizes) obey the relations the maths guarantees, are reproducible
// from the seed, and its spec renders to SVG and PNG with the title, axis titles and legend.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptanceRate } from '../analysis/acceptanceRate.ts';
import { softmax } from '../core/softmax.ts';
import { acceptanceVsK } from '../experiments/figures/acceptanceVsK.ts';
import { acceptanceVsTemperature } from '../experiments/figures/acceptanceVsTemperature.ts';
import { optimalityGap } from '../experiments/figures/optimalityGap.ts';
import { optimumCost } from '../experiments/figures/optimumCost.ts';
import { spechubDominance } from '../experiments/figures/spechubDominance.ts';
import { syntheticLogitPairs } from '../experiments/figures/syntheticLogitPairs.ts';
import { END_TO_END, SIMULATION, tokensPerStep } from '../experiments/figures/tokensPerStep.ts';
import type { FigureData, FigureRow } from '../experiments/figureData.ts';
import { figureDefinitions, getFigure } from './figures.ts';
import { renderPng } from './renderPng.ts';
import { renderSvg } from './renderSvg.ts';

const EPS = 1e-12;

function bySeries(rows: FigureRow[], key: string): Map<string | number, Map<string, FigureRow>> {
  const out = new Map<string | number, Map<string, FigureRow>>();
  for (const r of rows) {
    const k = r[key] as string | number;
    if (!out.has(k)) out.set(k, new Map());
    out.get(k)!.set(String(r.series), r);
  }
  return out;
}

test('figure 1 data: optimum(wor) ≥ optimum(iid) ≥ RRS, K-SEQ; RRSw ≤ optimum(wor); G-q ≤ SpecHub; SD ≤ RRS', () => {
  const data = acceptanceVsTemperature({ n: 40, contexts: 3, temperatures: [0.3, 0.8, 1.5] });
  const groups = bySeries(data.rows, 'temperature');
  assert.is(groups.size, 3);
  for (const [, s] of groups) {
    const a = (id: string) => Number(s.get(id)!.acceptance);
    assert.ok(a('optimum-wor') >= a('optimum-iid') - EPS);
    for (const id of ['rrs', 'kseq']) assert.ok(a('optimum-iid') >= a(id) - EPS, id);
    assert.ok(a('optimum-wor') >= a('rrsw') - EPS);
    assert.ok(a('spechub') >= a('greedy-q') - EPS);
    assert.ok(a('rrs') >= a('sd') - EPS);
    for (const r of s.values()) assert.ok(Number(r.min) <= Number(r.acceptance) + EPS && Number(r.acceptance) <= Number(r.max) + EPS);
  }
});

test('figure 2 data: k = 1 collapses to SD; RRSw Monte Carlo agrees with the exact k = 3 value (99.9% level)', () => {
  const options = { n: 30, contexts: 3, seed: 5, ks: [1, 2, 3], trialsPerContext: 3000, temperature: 0.8 };
  const data = acceptanceVsK(options);
  const groups = bySeries(data.rows, 'k');
  const atOne = [...groups.get(1)!.values()].map((r) => Number(r.acceptance));
  for (const v of atOne) assert.ok(Math.abs(v - atOne[0]!) < 1e-9, 'every method is SD at k = 1');
  const mc = groups.get(3)!.get('rrsw')!;
  assert.is(mc.kind, 'Monte Carlo');
  assert.ok(mc.low !== null && mc.high !== null);
  const pairs = syntheticLogitPairs({ n: 30, contexts: 3, seed: 5 });
  const exact = pairs.reduce((s, pr) => s + acceptanceRate('rrsw', softmax(pr.target, 0.8), softmax(pr.draft, 0.8), 3), 0) / pairs.length;
  const halfWidth95 = (Number(mc.high) - Number(mc.low)) / 2;
  const se = halfWidth95 / 1.959964;
  assert.ok(Math.abs(Number(mc.acceptance) - exact) < 3.29 * se, `MC ${mc.acceptance} vs exact ${exact} (se ${se})`);
  assert.is(groups.get(2)!.get('rrsw')!.kind, 'closed form');
  assert.is(groups.get(2)!.get('spechub')!.acceptance, groups.get(2)!.get('greedy')!.acceptance);
  assert.is(groups.get(3)!.get('spechub'), undefined, 'SpecHub is k = 2 only');
  for (const k of [1, 2]) assert.ok(Number(groups.get(k + 1)!.get('optimum-iid')!.acceptance) >= Number(groups.get(k)!.get('optimum-iid')!.acceptance) - EPS);
});

test('figure 3 data: every own-law gap is ≥ 0, G-q ≤ G-r, optimum(iid) ≤ optimum(wor), at k = 2 and 3', () => {
  const data = optimalityGap({ instances: 30, nMax: 12, seed: 3 });
  assert.is(data.rows.length, 60);
  for (const r of data.rows) {
    const v = (f: string) => Number(r[f]);
    assert.ok(v('optimumIid') >= Math.max(v('rrs'), v('kseq')) - 1e-12, `instance ${r.instance}`);
    assert.ok(v('optimumWor') >= v('rrsw') - 1e-9);
    assert.ok(v('optimumWor') >= v('optimumIid') - 1e-9);
    assert.ok(v('greedy') >= v('greedyQ') - 1e-12);
  }
});

test('figure 4 data: Monte Carlo agrees with the exact recursion (99.9% level); e2e files are read or refused', () => {
  const e2e = { runs: [{ tree: '2^3', temperature: 0.6, methods: { spechub: { tokensPerStep: 2.1, ci95: [2.0, 2.2] }, rrs: { tokensPerStep: 1.9, ci95: [1.8, 2.0] }, other: { tokensPerStep: 9 } } }] };
  const data = tokensPerStep({ vocabularySize: 40, depths: [1, 2], temperatures: [0.8], steps: 3000, endToEnd: [{ path: 'e2e-x.json', content: e2e }] });
  const sim = data.rows.filter((r) => r.source === SIMULATION);
  assert.is(sim.length, 2 * 5);
  for (const r of sim) {
    const se = (Number(r.high) - Number(r.low)) / (2 * 1.959964);
    assert.ok(Math.abs(Number(r.estimate) - Number(r.exact)) < 3.29 * se, `${r.series} depth ${r.depth}: ${r.estimate} vs ${r.exact}`);
    assert.ok(Number(r.exact) >= 1 && Number(r.exact) <= Number(r.depth) + 1);
  }
  const end = data.rows.filter((r) => r.source === END_TO_END);
  assert.equal(end.map((r) => [r.series, r.depth, r.estimate]), [['spechub', 2, 2.1], ['rrs', 2, 1.9]]);
  assert.throws(() => tokensPerStep({ vocabularySize: 20, depths: [1], steps: 0, temperatures: [1], endToEnd: [{ path: 'bad.json', content: { runs: [{ tree: 'x' }] } }] }), /bad\.json: runs\[0\] needs tree/);
});

test('figure 4 data: spechub sweep files replace the computed simulation; malformed ones are refused', () => {
  const sweep = {
    options: { family: 'zipf', shape: 1.1, vocabularySize: 1000 },
    rows: [
      { family: 'zipf', n: 1000, temperature: 0.6, divergence: 'overlap=0.53', tree: '2^2', depth: 1, method: 'spechub', exact: 1.7, monteCarlo: 1.69, ci95: [1.68, 1.7], skipped: null },
      { family: 'zipf', n: 1000, temperature: 0.6, divergence: 'overlap=0.53', tree: '2^2', depth: 1, method: 'greedy', exact: 1.7, monteCarlo: 1.7, ci95: [1.69, 1.71], skipped: null },
      { family: 'zipf', n: 1000, temperature: 0.6, divergence: 'overlap=0.53', tree: '2^2', depth: 1, method: 'rrs', exact: null, monteCarlo: null, ci95: null, skipped: 'TOO_LARGE' },
    ],
  };
  const data = tokensPerStep({ treeSweeps: [{ path: 'plots/data/tree-x.json', content: sweep }] });
  assert.equal(data.rows.map((r) => [r.source, r.series, r.exact, r.estimate]), [['simulation: zipf 1.1, n = 1000, ov ≈ 0.53', 'spechub', 1.7, 1.69]]);
  assert.throws(() => tokensPerStep({ treeSweeps: [{ path: 't.json', content: { rows: 3 } }] }), /t\.json: expected \{ options, rows/);
  assert.throws(() => tokensPerStep({ treeSweeps: [{ path: 't.json', content: { rows: [{ method: 'rrs', tree: '3^2', temperature: 1, depth: 1 }] } }] }), /rows\[0\] needs/);
});

test('figure 5 data: every route solved the small sizes and found the same optimum; timings positive', async () => {
  const data = await optimumCost({ ks: [2], sizes: [4, 6, 8], capSeconds: 5, minSampleSeconds: 0 });
  assert.is(data.rows.length, 12);
  for (const n of [4, 6, 8]) {
    const rows = data.rows.filter((r) => r.n === n);
    assert.equal(rows.map((r) => r.route), ['full LP', 'membership LP', 'max-flow', 'prefix dual']);
    for (const r of rows) {
      assert.ok(Math.abs(r.optimum - rows[0]!.optimum) <= 1e-9);
      assert.ok(r.seconds > 0 && r.repetitions >= 1);
    }
  }
});

test('figure 6 data: H3 holds on every instance with q(a) ≥ 1/2; reproducible from the seed', () => {
  const data = spechubDominance({ instances: 300, seed: 9 });
  let checked = 0;
  for (const r of data.rows) {
    if (Number(r.hubProbability) < 0.5) continue;
    checked++;
    assert.ok(Number(r.spechub) >= Number(r.bound) - EPS);
    assert.ok(Number(r.bound) >= Number(r.optimumIid) - EPS);
    assert.ok(Number(r.optimumIid) >= Math.max(Number(r.rrs), Number(r.kseq)) - EPS);
  }
  assert.ok(checked > 50, `${checked} instances with q(a) ≥ 1/2`);
  assert.equal(spechubDominance({ instances: 20, seed: 9 }).rows, data.rows.slice(0, 20));
  assert.not.equal(spechubDominance({ instances: 20, seed: 10 }).rows, data.rows.slice(0, 20));
});

test('every figure renders (quick data): SVG with its title, axis titles and legend; PNG bytes', async () => {
  for (const figure of figureDefinitions()) {
    const data = (await figure.compute({ quick: true })) as FigureData;
    assert.is(data.figure, figure.id);
    const svg = await renderSvg(figure.spec(data));
    assert.ok(svg.startsWith('<svg'), figure.id);
    assert.ok(svg.includes(data.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 20)) || svg.includes(data.title.slice(0, 20)), `${figure.id}: title`);
    assert.ok(svg.includes('role-axis-title'), `${figure.id}: axis titles`);
    // A legend, or (figure 3) the method names on the band axis.
    assert.ok(svg.includes('role-legend') || (svg.includes('>RRSw<') && svg.includes('>K-SEQ<')), `${figure.id}: legend`);
    const png = renderPng(svg, 1);
    assert.equal([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${figure.id}: PNG signature`);
  }
});

test('figures are found by id or number; unknown ones are a clear error', () => {
  assert.is(getFigure('2').id, 'acceptance-vs-k');
  assert.is(getFigure('spechub-dominance').number, 6);
  assert.throws(() => getFigure('nope'), /unknown figure 'nope' \(known: 1 acceptance-vs-temperature/);
});

test.run();
