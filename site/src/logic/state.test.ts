import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rational } from '../../../src/core/rational.ts';
import { PRESETS } from './presets.ts';
import { applyPreset, decodeState, defaultState, encodeState, pairOf } from './state.ts';

test('every preset is a valid pair; probability presets sum to exactly 1', () => {
  for (const preset of PRESETS) {
    const s = applyPreset(defaultState(), preset);
    const pair = pairOf(s);
    assert.ok(pair.n >= 2 && pair.n <= 12, preset.id);
    assert.is(s.labels.length, pair.n, `${preset.id} labels`);
    if (preset.kind === 'probabilities') assert.ok(pair.exact !== null, `${preset.id} exact`);
  }
});

test('the URL fragment round-trips the whole state', () => {
  const s = { ...defaultState(), k: 3, highlight: 'wor' as const, stepMethod: 'rrsw', stepDrafts: [2, 0, 1], stepFrame: 4, mcMethod: 'kseq', mcTrials: 5000, mcSeed: 9, mcBiased: true, transportScheme: 'hub' as const, treeDepth: 4, treeMethod: 'rrs', treeSteps: 3000, treeStart: 2 };
  s.p = ['1/7', '2/7', '4/7'].map((x) => Rational.parse(x));
  s.preset = 'custom';
  s.labels = ['x', 'y', 'z'];
  const back = decodeState(encodeState(s));
  assert.equal(back.problems, []);
  assert.equal(encodeState(back.state), encodeState(s));
  assert.equal(back.state.p.map(String), ['1/7', '2/7', '4/7']);
  const logits = applyPreset(defaultState(), PRESETS.find((p) => p.id === 'logits')!);
  logits.targetTemperature = 0.65;
  const back2 = decodeState('#' + encodeState(logits));
  assert.equal(back2.problems, []);
  assert.is(back2.state.targetTemperature, 0.65);
  assert.equal(back2.state.targetLogits, logits.targetLogits);
});

test('malformed fields fall back to defaults and are reported, never thrown', () => {
  const { state, problems } = decodeState('p=1/2,1/3&q=1/2,1/2&k=9&mm=nope&sd=0,7&labels=a&preset=zzz&tp=-1');
  assert.ok(problems.length >= 5, problems.join('; '));
  assert.is(state.k, 2);
  assert.is(state.mcMethod, 'rrs');
  assert.equal(state.p.map(String), ['1/6', '1/3', '1/2']);
  assert.ok(problems.some((m) => /sums to 5\/6/.test(m)), problems.join('; '));
});

test.run();
