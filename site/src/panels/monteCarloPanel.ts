/**
 * Panel 4, Monte Carlo (§3, the library's montecarlo layer): N trials of a method in a web worker, the
 * histogram of outputs against p with the G-test p-value (`goodnessOfFit`, level 0.001), and the acceptance
 * estimate (Wilson 95 % band) converging to the exact value. The "biased verifier" toggle runs RRS that skips
 * duplicate drafts (§8 item 1): its histogram drifts from p and the test rejects.
 */
import { exactOutputLawUnchecked } from '../../../src/analysis/outputLaw.ts';
import { type Field, floatField, rationalField } from '../../../src/core/field.ts';
import { getMethod } from '../../../src/methods.ts';
import { goodnessOfFit } from '../../../src/montecarlo/goodnessOfFit.ts';
import { wilsonInterval } from '../../../src/montecarlo/proportionInterval.ts';
import type { App } from '../app.ts';
import { biasedRrsMethod } from '../logic/duplicateSkippingRrs.ts';
import { abbreviate, decimal, show } from '../logic/format.ts';
import type { Pair } from '../logic/pair.ts';
import { MC_METHODS, TRIAL_CHOICES } from '../logic/state.ts';
import { barChart, lineChart, type LinePoint } from '../ui/charts.ts';
import { COLORS, methodColor, methodLabel } from '../ui/colors.ts';
import { fill, h, select, setSelect } from '../ui/dom.ts';
import type { MonteCarloFailure, MonteCarloProgress, MonteCarloRequest } from '../workers/protocol.ts';

/** Most draft tuples enumerated for the biased verifier's exact law (n^k). */
const BIASED_ENUMERATION_LIMIT = 5000;

interface Run {
  id: number;
  key: string;
  pair: Pair;
  k: number;
  method: string;
  trials: number;
  exactAcceptance: number | null;
  biasedLaw: { values: number[]; texts: string[] } | null;
  points: LinePoint[];
  last: MonteCarloProgress | null;
  error: string | null;
}

export function monteCarloK(method: string, k: number, biased: boolean): number {
  if (biased) return Math.max(2, k);
  if (method === 'sd') return 1;
  if (method === 'spechub') return 2;
  return k;
}

export class MonteCarloPanel {
  private worker: Worker | null = null;
  private run: Run | null = null;
  private nextId = 1;
  private idleShown = false;
  private readonly output = h('div', { class: 'mc-output', id: 'mc-output' });
  private readonly progress = h('p', { id: 'mc-progress', 'aria-live': 'polite' });

  constructor(root: HTMLElement, private readonly app: App) {
    const s = app.state;
    const methodSelect = select('mc-method', 'Verifier', MC_METHODS.map((m) => ({ value: m, text: methodLabel(m) })), s.mcMethod, (v) => app.update({ mcMethod: v }));
    const trials = select('mc-trials', 'Trials N', TRIAL_CHOICES.map((t) => ({ value: String(t), text: t.toLocaleString('en-US') })), String(s.mcTrials), (v) => app.update({ mcTrials: Number(v) }));
    const seed = h('input', { id: 'mc-seed', type: 'number', min: 0, step: 1, value: String(s.mcSeed), size: 6 });
    seed.addEventListener('change', () => {
      const x = Number(seed.value);
      if (!Number.isInteger(x) || x < 0 || x > 2 ** 31 - 1) {
        app.report('Seed: an integer from 0 to 2147483647.');
        seed.value = String(app.state.mcSeed);
        return;
      }
      app.update({ mcSeed: x });
    });
    const biased = h('input', { id: 'mc-biased', type: 'checkbox' });
    biased.checked = s.mcBiased;
    biased.addEventListener('change', () => app.update({ mcBiased: biased.checked }));
    root.append(
      h(
        'div',
        { class: 'controls' },
        methodSelect,
        trials,
        h('span', { class: 'control' }, h('label', { for: 'mc-seed' }, 'Seed'), seed),
        h('span', { class: 'control' }, biased, h('label', { for: 'mc-biased' }, 'Biased verifier: RRS that skips duplicate drafts (§8 item 1)')),
      ),
      h('div', { class: 'controls' }, h('button', { type: 'button', id: 'mc-run', onclick: () => this.start() }, 'Run trials'), h('button', { type: 'button', id: 'mc-stop', onclick: () => this.stop() }, 'Stop'), this.progress),
      this.output,
    );
  }

  private inputsKey(): string {
    const s = this.app.state;
    const pair = this.app.pair;
    return `${Array.from(pair.p).join(',')}|${Array.from(pair.q).join(',')}|${s.k}|${s.mcMethod}|${s.mcBiased}|${s.mcTrials}|${s.mcSeed}`;
  }

  private ensureWorker(): Worker {
    if (this.worker === null) {
      this.worker = new Worker(new URL('./monteCarloWorker.js', import.meta.url), { type: 'module', name: 'monte-carlo' });
      this.worker.onmessage = (e: MessageEvent<MonteCarloProgress | MonteCarloFailure>) => this.onMessage(e.data);
    }
    return this.worker;
  }

  private exactReference<T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>, k: number): { acceptance: number; law: { values: number[]; texts: string[] } } | null {
    if (Math.pow(p.length, k) > BIASED_ENUMERATION_LIMIT) return null;
    const r = exactOutputLawUnchecked(F, biasedRrsMethod, p, q, k);
    return { acceptance: F.toNumber(r.acceptance), law: { values: r.law.map((x) => F.toNumber(x)), texts: r.law.map((x) => abbreviate(show(F, x).exact ?? decimal(F.toNumber(x)), 20)) } };
  }

  start(): void {
    const s = this.app.state;
    const pair = this.app.pair;
    const method = s.mcBiased ? 'biased' : s.mcMethod;
    const k = monteCarloK(s.mcMethod, s.k, s.mcBiased);
    let exactAcceptance: number | null = null;
    let biasedLaw: Run['biasedLaw'] = null;
    let error: string | null = null;
    try {
      if (s.mcBiased) {
        getMethod('rrs').scheme.check(floatField, pair.q, k);
        const ref = pair.exact ? this.exactReference(rationalField, pair.exact.p, pair.exact.q, k) : this.exactReference(floatField, pair.p, pair.q, k);
        exactAcceptance = ref?.acceptance ?? null;
        biasedLaw = ref?.law ?? null;
      } else {
        const row = this.app.view.k === k ? this.app.view.rows.find((r) => r.id === s.mcMethod) : undefined;
        exactAcceptance = row ? row.acceptance : getMethod(s.mcMethod).verifier.acceptance(floatField, pair.p, pair.q, k).value;
      }
    } catch (e) {
      error = (e as Error).message;
    }
    if (this.run) this.worker?.postMessage({ type: 'cancel', id: this.run.id });
    this.run = { id: this.nextId++, key: this.inputsKey(), pair, k, method, trials: s.mcTrials, exactAcceptance, biasedLaw, points: [], last: null, error };
    if (error === null) {
      const request: MonteCarloRequest = { type: 'run', id: this.run.id, p: Array.from(pair.p), q: Array.from(pair.q), k, method, trials: s.mcTrials, seed: s.mcSeed, chunk: Math.max(500, Math.round(s.mcTrials / 40)) };
      this.ensureWorker().postMessage(request);
      this.progress.textContent = `Running ${s.mcTrials.toLocaleString('en-US')} trials…`;
      this.progress.setAttribute('data-state', 'running');
    }
    this.draw();
  }

  stop(): void {
    if (this.run && this.run.last?.type !== 'done') {
      this.worker?.postMessage({ type: 'cancel', id: this.run.id });
      this.progress.textContent = `Stopped after ${(this.run.last?.done ?? 0).toLocaleString('en-US')} trials.`;
      this.progress.setAttribute('data-state', 'stopped');
    }
  }

  private onMessage(m: MonteCarloProgress | MonteCarloFailure): void {
    const run = this.run;
    if (run === null || m.id !== run.id) return;
    if (m.type === 'error') {
      run.error = m.message;
      this.progress.setAttribute('data-state', 'error');
    } else {
      run.last = m;
      const [lo, hi] = wilsonInterval(m.accepted, m.done);
      run.points.push({ x: m.done, y: m.accepted / m.done, lo, hi });
      this.progress.textContent = `${m.done.toLocaleString('en-US')} / ${run.trials.toLocaleString('en-US')} trials (${m.seconds.toFixed(2)} s in the worker)`;
      this.progress.setAttribute('data-state', m.type === 'done' ? 'done' : 'running');
      this.progress.setAttribute('data-done', String(m.done));
    }
    this.draw();
  }

  /** Called on every state change: results of other inputs are marked stale. */
  render(): void {
    const s = this.app.state;
    setSelect('mc-method', s.mcMethod);
    setSelect('mc-trials', String(s.mcTrials));
    const biased = document.getElementById('mc-biased') as HTMLInputElement | null;
    if (biased) biased.checked = s.mcBiased;
    const method = document.getElementById('mc-method') as HTMLSelectElement | null;
    if (method) method.disabled = s.mcBiased;
    const seed = document.getElementById('mc-seed') as HTMLInputElement | null;
    if (seed && document.activeElement !== seed) seed.value = String(s.mcSeed);
    if (this.run && this.run.key !== this.inputsKey()) {
      this.worker?.postMessage({ type: 'cancel', id: this.run.id });
      this.run = null;
      this.progress.textContent = 'Inputs changed: press “Run trials”.';
      this.progress.setAttribute('data-state', 'idle');
    }
    if (this.run === null && !this.idleShown) this.draw();
  }

  private draw(): void {
    const run = this.run;
    const labels = this.app.state.labels;
    this.idleShown = run === null;
    if (run === null) {
      fill(this.output, h('p', { class: 'muted' }, 'No trials yet. The worker runs the library’s own sampler (seeded); the page tests its output counts against p.'));
      return;
    }
    if (run.error !== null) {
      fill(this.output, h('p', { class: 'error', id: 'mc-error' }, `Cannot run: ${run.error}`));
      return;
    }
    const title = run.method === 'biased' ? 'biased RRS (skips duplicates)' : methodLabel(run.method);
    const last = run.last;
    const parts: HTMLElement[] = [];
    const p = Array.from(run.pair.p);
    const texts = run.pair.exact ? run.pair.exact.p.map(String) : p.map((x) => decimal(x));
    const series = [{ name: 'target p', color: COLORS.target, values: p, texts, style: 'outline' as const }];
    if (last) {
      const fit = goodnessOfFit(last.tokenCounts, run.pair.p);
      series.push({ name: `observed frequency (${last.done.toLocaleString('en-US')} trials)`, color: run.method === 'biased' ? COLORS.biased : methodColor(run.method), values: last.tokenCounts.map((c) => c / last.done), texts: last.tokenCounts.map((c) => `${c} / ${last.done}`), style: 'solid' as never });
      parts.push(
        h(
          'p',
          { id: 'mc-gtest', 'data-p-value': String(fit.pValue), 'data-rejected': String(fit.rejected), 'data-trials': String(last.done), class: fit.rejected ? 'error' : 'ok' },
          `G-test of the output counts against p: G = ${fit.statistic.toFixed(2)}, ${fit.degreesOfFreedom} degrees of freedom${fit.pooledCells > 0 ? ` (${fit.pooledCells} small cells pooled)` : ''}, `,
          h('strong', { id: 'mc-pvalue' }, `p-value = ${fit.pValue < 1e-4 ? fit.pValue.toExponential(2) : fit.pValue.toFixed(4)}`),
          fit.rejected ? ` < ${fit.significance}: the output law is NOT p (rejected).` : ` ≥ ${fit.significance}: consistent with p (not rejected).`,
        ),
      );
    }
    if (run.biasedLaw) series.push({ name: 'exact law of the biased verifier', color: COLORS.biased, values: run.biasedLaw.values, texts: run.biasedLaw.texts, style: 'hatch' as never });
    parts.unshift(h('div', { class: 'chart-host', id: 'mc-histogram' }, barChart({ labels, series, title: `Monte Carlo histogram of ${title} against the target p`, width: 600 })));
    if (last) {
      const estimate = last.accepted / last.done;
      const [lo, hi] = wilsonInterval(last.accepted, last.done);
      parts.push(
        h('p', { id: 'mc-acceptance', 'data-estimate': String(estimate) }, `Acceptance estimate ${estimate.toFixed(4)} (95 % Wilson interval ${lo.toFixed(4)} – ${hi.toFixed(4)})${run.exactAcceptance !== null ? `; exact ${run.exactAcceptance.toFixed(6)}${run.method === 'biased' ? ' (by enumerating the biased program)' : ''}` : ''}.`),
      );
      const ys = run.points.flatMap((x) => [x.lo ?? x.y, x.hi ?? x.y]);
      if (run.exactAcceptance !== null) ys.push(run.exactAcceptance);
      const y0 = Math.max(0, Math.min(...ys) - 0.01);
      const y1 = Math.min(1, Math.max(...ys) + 0.01);
      parts.push(
        h(
          'div',
          { class: 'chart-host', id: 'mc-convergence' },
          lineChart({
            points: run.points,
            xMax: run.trials,
            yRange: [y0, y1 > y0 ? y1 : y0 + 0.02],
            color: run.method === 'biased' ? COLORS.biased : methodColor(run.method),
            reference: run.exactAcceptance !== null ? { y: run.exactAcceptance, label: 'exact', color: COLORS.observed } : undefined,
            title: 'Acceptance estimate against the number of trials',
            xLabel: 'trials',
            yLabel: 'acceptance',
            width: 600,
          }),
        ),
      );
    }
    fill(this.output, ...parts);
  }
}
