/**
 * The playground's whole state, and its text form in the URL fragment, so that a link reproduces a view.
 * Every field is validated on the way in: a malformed link falls back to the default for that field and the
 * reason is reported (never an exception, never NaN).
 *
 * Keys: `p`, `q` (fractions, comma-separated), `labels`, `mode` (prob | logits), `lp`, `lq` (logits), `tp`, `tq`
 * (temperatures), `k`, `preset`, `hl` (highlighted minimising set: iid | wor), `sv`, `sd`, `sf` (step-through
 * verifier, drafts, frame), `mm`, `mn`, `ms`, `mb` (Monte Carlo method, trials, seed, biased 0/1),
 * `ts` (transport draft law), `td`, `tm`, `tn`, `tx` (tree depth, method, simulated steps, start token).
 */
import { parseVector } from '../../../src/core/distribution.ts';
import { rationalField } from '../../../src/core/field.ts';
import { Rational } from '../../../src/core/rational.ts';
import { defaultLabels, exactPair, logitPair, MAX_TOKENS, MIN_TOKENS, type Pair } from './pair.ts';
import { presetById, type Preset } from './presets.ts';

export type Mode = 'prob' | 'logits';

export interface PlaygroundState {
  mode: Mode;
  labels: string[];
  p: Rational[];
  q: Rational[];
  targetLogits: number[];
  draftLogits: number[];
  targetTemperature: number;
  draftTemperature: number;
  k: number;
  preset: string;
  highlight: 'iid' | 'wor';
  stepMethod: string;
  stepDrafts: number[];
  stepFrame: number;
  mcMethod: string;
  mcTrials: number;
  mcSeed: number;
  mcBiased: boolean;
  transportScheme: 'iid' | 'wor' | 'hub';
  treeDepth: number;
  treeMethod: string;
  treeSteps: number;
  treeStart: number;
}

export const STEP_METHODS = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q'] as const;
export const MC_METHODS = ['sd', 'rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'] as const;
export const TREE_METHODS = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy'] as const;
export const TRIAL_CHOICES = [1000, 5000, 20000, 100000] as const;

/** Applies a preset to a state (vectors, labels, mode); the other settings are kept. */
export function applyPreset(state: PlaygroundState, preset: Preset): PlaygroundState {
  if (preset.kind === 'probabilities') {
    const p = parseVector(preset.p, rationalField, 'target');
    const q = parseVector(preset.q, rationalField, 'draft');
    exactPair(p, q);
    return { ...state, mode: 'prob', p, q, labels: preset.labels ? preset.labels.split(',') : defaultLabels(p.length), preset: preset.id, stepDrafts: [], stepFrame: 0 };
  }
  const targetLogits = preset.targetLogits.split(',').map(Number);
  const draftLogits = preset.draftLogits.split(',').map(Number);
  return {
    ...state,
    mode: 'logits',
    targetLogits,
    draftLogits,
    targetTemperature: 1,
    draftTemperature: 1,
    labels: preset.labels ? preset.labels.split(',') : defaultLabels(targetLogits.length),
    preset: preset.id,
    stepDrafts: [],
    stepFrame: 0,
  };
}

export function defaultState(): PlaygroundState {
  const base: PlaygroundState = {
    mode: 'prob',
    labels: [],
    p: [],
    q: [],
    targetLogits: [],
    draftLogits: [],
    targetTemperature: 1,
    draftTemperature: 1,
    k: 2,
    preset: 'E1',
    highlight: 'iid',
    stepMethod: 'spechub',
    stepDrafts: [],
    stepFrame: 0,
    mcMethod: 'rrs',
    mcTrials: 20000,
    mcSeed: 1,
    mcBiased: false,
    transportScheme: 'iid',
    treeDepth: 3,
    treeMethod: 'spechub',
    treeSteps: 2000,
    treeStart: 0,
  };
  return applyPreset(base, presetById('E1')!);
}

/** The pair the state describes (exact in probability mode). Throws a SpechubError on invalid vectors. */
export function pairOf(state: PlaygroundState): Pair {
  return state.mode === 'prob' ? exactPair(state.p, state.q) : logitPair(state.targetLogits, state.draftLogits, state.targetTemperature, state.draftTemperature);
}

export function vocabularySize(state: PlaygroundState): number {
  return state.mode === 'prob' ? state.p.length : state.targetLogits.length;
}

const numberList = (v: readonly number[]) => v.map((x) => String(x)).join(',');

/** The URL fragment (without '#') of a state. */
export function encodeState(s: PlaygroundState): string {
  const params = new URLSearchParams();
  params.set('preset', s.preset);
  params.set('mode', s.mode);
  if (s.mode === 'prob') {
    params.set('p', s.p.map(String).join(','));
    params.set('q', s.q.map(String).join(','));
  } else {
    params.set('lp', numberList(s.targetLogits));
    params.set('lq', numberList(s.draftLogits));
    params.set('tp', String(s.targetTemperature));
    params.set('tq', String(s.draftTemperature));
  }
  params.set('labels', s.labels.join(','));
  params.set('k', String(s.k));
  params.set('hl', s.highlight);
  params.set('sv', s.stepMethod);
  if (s.stepDrafts.length > 0) params.set('sd', s.stepDrafts.join(','));
  params.set('sf', String(s.stepFrame));
  params.set('mm', s.mcMethod);
  params.set('mn', String(s.mcTrials));
  params.set('ms', String(s.mcSeed));
  params.set('mb', s.mcBiased ? '1' : '0');
  params.set('ts', s.transportScheme);
  params.set('td', String(s.treeDepth));
  params.set('tm', s.treeMethod);
  params.set('tn', String(s.treeSteps));
  params.set('tx', String(s.treeStart));
  return params.toString();
}

/** Reads a URL fragment; unknown or malformed fields keep their defaults and are listed in `problems`. */
export function decodeState(fragment: string): { state: PlaygroundState; problems: string[] } {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  let s = defaultState();
  const problems: string[] = [];
  const get = (key: string) => params.get(key);
  const integer = (key: string, min: number, max: number, fallback: number): number => {
    const v = get(key);
    if (v === null) return fallback;
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) {
      problems.push(`${key}=${v} is not an integer in [${min}, ${max}]`);
      return fallback;
    }
    return x;
  };
  const choice = <C extends string>(key: string, allowed: readonly C[], fallback: C): C => {
    const v = get(key);
    if (v === null) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      problems.push(`${key}=${v} is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return v as C;
  };

  const presetId = get('preset');
  if (presetId !== null && presetId !== 'custom') {
    const preset = presetById(presetId);
    if (preset) s = applyPreset(s, preset);
    else problems.push(`unknown preset '${presetId}'`);
  }
  const mode = choice('mode', ['prob', 'logits'] as const, s.mode);
  if (mode === 'prob' && (get('p') !== null || get('q') !== null)) {
    try {
      const p = parseVector(get('p') ?? '', rationalField, 'target');
      const q = parseVector(get('q') ?? '', rationalField, 'draft');
      exactPair(p, q);
      s = { ...s, mode, p, q, labels: defaultLabels(p.length), preset: presetId ?? 'custom' };
    } catch (e) {
      problems.push(`p, q: ${(e as Error).message}`);
    }
  } else if (mode === 'logits' && (get('lp') !== null || get('lq') !== null)) {
    try {
      const lp = (get('lp') ?? '').split(',').map(Number);
      const lq = (get('lq') ?? '').split(',').map(Number);
      const tp = Number(get('tp') ?? '1');
      const tq = Number(get('tq') ?? '1');
      if (!(tp >= 0.05 && tp <= 5) || !(tq >= 0.05 && tq <= 5)) throw new Error('temperatures must lie in [0.05, 5]');
      logitPair(lp, lq, tp, tq);
      s = { ...s, mode, targetLogits: lp, draftLogits: lq, targetTemperature: tp, draftTemperature: tq, labels: defaultLabels(lp.length), preset: presetId ?? 'custom' };
    } catch (e) {
      problems.push(`lp, lq: ${(e as Error).message}`);
    }
  }
  const n = vocabularySize(s);
  const labels = get('labels');
  if (labels !== null) {
    const list = labels.split(',').map((x) => x.trim());
    if (list.length === n && list.every((x) => x.length > 0 && x.length <= 12)) s.labels = list;
    else problems.push(`labels: expected ${n} non-empty labels of at most 12 characters`);
  }
  s.k = integer('k', 1, 4, s.k);
  s.highlight = choice('hl', ['iid', 'wor'] as const, s.highlight);
  s.stepMethod = choice('sv', STEP_METHODS, s.stepMethod as (typeof STEP_METHODS)[number]);
  const drafts = get('sd');
  if (drafts !== null) {
    const list = drafts.split(',').map(Number);
    if (list.length >= 1 && list.length <= 4 && list.every((x) => Number.isInteger(x) && x >= 0 && x < n)) s.stepDrafts = list;
    else problems.push(`sd=${drafts} is not a list of 1 to 4 tokens in 0..${n - 1}`);
  }
  s.stepFrame = integer('sf', 0, 200, s.stepFrame);
  s.mcMethod = choice('mm', MC_METHODS, s.mcMethod as (typeof MC_METHODS)[number]);
  s.mcTrials = integer('mn', 100, 1_000_000, s.mcTrials);
  s.mcSeed = integer('ms', 0, 2 ** 31 - 1, s.mcSeed);
  s.mcBiased = choice('mb', ['0', '1'] as const, s.mcBiased ? '1' : '0') === '1';
  s.transportScheme = choice('ts', ['iid', 'wor', 'hub'] as const, s.transportScheme);
  s.treeDepth = integer('td', 2, 5, s.treeDepth);
  s.treeMethod = choice('tm', TREE_METHODS, s.treeMethod as (typeof TREE_METHODS)[number]);
  s.treeSteps = integer('tn', 100, 100_000, s.treeSteps);
  s.treeStart = integer('tx', 0, 3, s.treeStart);
  return { state: s, problems };
}

export { MAX_TOKENS, MIN_TOKENS };
