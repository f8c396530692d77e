/**
 * Panel 3, step-through (§2): a verifier, a draft tuple (chosen or sampled), and its algorithm line by line
 * with the vectors after each line and the accept probabilities used, ending in the output law of the tuple.
 * For SpecHub the nine steps of §2.6.
 */
import { SamplingChooser } from '../../../src/core/chooser.ts';
import { type Field, floatField, rationalField } from '../../../src/core/field.ts';
import { getMethod } from '../../../src/methods.ts';
import { createRng } from '../../../src/random/createRng.ts';
import type { App } from '../app.ts';
import { abbreviate, show } from '../logic/format.ts';
import type { Pair } from '../logic/pair.ts';
import { STEP_METHODS } from '../logic/state.ts';
import { type Frame, STEPPABLE, stepK, type Walkthrough, walkthrough } from '../logic/stepThrough.ts';
import { barChart, type BarSeries } from '../ui/charts.ts';
import { COLORS, methodLabel } from '../ui/colors.ts';
import { fill, h, select, setSelect } from '../ui/dom.ts';

const KIND_COLOR: Record<string, string> = { target: COLORS.target, draft: COLORS.draft, residual: COLORS.residual, leftover: COLORS.leftover, law: COLORS.law };

function text<T>(F: Field<T>, v: T): string {
  const shown = show(F, v);
  return shown.exact !== null ? abbreviate(shown.exact, 24) : shown.decimal;
}

export class StepPanel {
  private readonly draftsBox = h('div', { class: 'controls', id: 'step-drafts' });
  private readonly body = h('div', { class: 'step-body', id: 'step-body', 'aria-live': 'polite' });
  private readonly code = h('ol', { class: 'code', id: 'step-code', start: 0 });
  private readonly kNote = h('span', { class: 'muted', id: 'step-k' });
  private cacheKey = '';
  private cached: { F: Field<unknown>; walk: Walkthrough<unknown> } | { error: string } | null = null;
  private samples = 0;

  constructor(root: HTMLElement, private readonly app: App) {
    const methodSelect = select('step-method', 'Verifier', STEP_METHODS.filter((m) => STEPPABLE.includes(m)).map((m) => ({ value: m, text: methodLabel(m) })), app.state.stepMethod, (v) => app.update({ stepMethod: v, stepDrafts: [], stepFrame: 0 }));
    const nav = (id: string, label: string, go: (frame: number, last: number) => number) =>
      h('button', { type: 'button', id, onclick: () => this.go(go) }, label);
    root.append(
      h('div', { class: 'controls' }, methodSelect, this.kNote),
      this.draftsBox,
      h(
        'div',
        { class: 'controls', role: 'group', 'aria-label': 'Step through the algorithm' },
        nav('step-first', '« First', () => 0),
        nav('step-prev', '‹ Previous line', (f) => Math.max(0, f - 1)),
        nav('step-next', 'Next line ›', (f, last) => Math.min(last, f + 1)),
        nav('step-last', 'Last »', (_, last) => last),
        h('span', { id: 'step-position', class: 'muted', 'aria-live': 'polite' }),
      ),
      h('div', { class: 'step-grid' }, h('div', {}, h('h3', {}, 'Algorithm'), this.code), this.body),
    );
  }

  private go(next: (frame: number, last: number) => number): void {
    const c = this.cached;
    if (c === null || 'error' in c) return;
    const last = c.walk.frames.length - 1;
    this.app.update({ stepFrame: next(Math.min(this.app.state.stepFrame, last), last) });
  }

  private sampleDrafts(pair: Pair, method: string, k: number, seedLabel: string): number[] {
    const scheme = getMethod(method).scheme;
    return scheme.prepare(floatField, pair.q, k).draw(new SamplingChooser(createRng(seedLabel)));
  }

  private renderDraftSelects(pair: Pair, method: string, k: number, drafts: number[]): void {
    const labels = this.app.state.labels;
    const scheme = getMethod(method).scheme.id;
    const fixed = scheme === 'greedy' || scheme === 'greedy-q' ? drafts.length - 1 : 0;
    const selects = drafts.map((x, j) => {
      const id = `draft-${j}`;
      const sel = h(
        'select',
        {
          id,
          disabled: j < fixed,
          onchange: (e: Event) => {
            const next = [...this.app.state.stepDrafts];
            next[j] = Number((e.target as HTMLSelectElement).value);
            this.app.update({ stepDrafts: next, stepFrame: 0 });
          },
        },
        ...labels.map((label, y) => h('option', { value: String(y) }, label)),
      );
      sel.value = String(x);
      return h('span', { class: 'control' }, h('label', { for: id }, `x${j + 1}`), sel);
    });
    const sample = h(
      'button',
      {
        type: 'button',
        id: 'sample-drafts',
        onclick: () => {
          this.samples++;
          this.app.update({ stepDrafts: this.sampleDrafts(pair, method, k, `step/${method}/${this.samples}`), stepFrame: 0 });
        },
      },
      'Sample drafts',
    );
    fill(this.draftsBox, h('span', { class: 'muted' }, 'Drafts in order:'), ...selects, sample, fixed > 0 ? h('span', { class: 'muted' }, 'T is deterministic; only the last draft is random') : null);
  }

  /** Keeps drafts of the right length; a fresh sample (seeded) when they do not fit. */
  private draftsFor(pair: Pair, method: string, k: number): number[] {
    const s = this.app.state;
    const expected = getMethod(method).scheme.prepare(floatField, pair.q, k).drafts;
    if (s.stepDrafts.length === expected && s.stepDrafts.every((x) => x < pair.n)) return s.stepDrafts;
    return this.sampleDrafts(pair, method, k, `step/${method}/default`);
  }

  render(): void {
    const s = this.app.state;
    const pair = this.app.pair;
    const method = s.stepMethod;
    setSelect('step-method', method);
    const k = stepK(method, s.k);
    this.kNote.textContent = k === s.k ? `k = ${k}` : `k = ${k} (${method === 'sd' ? 'single-draft SD takes one draft' : 'SpecHub is defined for two drafts'}; the acceptance panel has k = ${s.k})`;
    let drafts: number[];
    try {
      getMethod(method).scheme.check(floatField, pair.q, k);
      drafts = this.draftsFor(pair, method, k);
    } catch (e) {
      fill(this.draftsBox);
      fill(this.code);
      fill(this.body, h('p', { class: 'error', id: 'step-error' }, `${methodLabel(method)} cannot draft k = ${k} here: ${(e as Error).message}`));
      this.cached = null;
      return;
    }
    if (drafts !== s.stepDrafts) {
      // Record the tuple in the state (and the URL) without a second render pass.
      (s as { stepDrafts: number[] }).stepDrafts = drafts;
    }
    this.renderDraftSelects(pair, method, k, drafts);
    const key = `${pair.exact ? pair.exact.p.join(',') + '|' + pair.exact.q.join(',') : Array.from(pair.p).join(',') + '|' + Array.from(pair.q).join(',')}|${method}|${k}|${drafts.join(',')}`;
    if (key !== this.cacheKey) {
      this.cacheKey = key;
      try {
        this.cached = pair.exact
          ? { F: rationalField as Field<unknown>, walk: walkthrough(rationalField, method, pair.exact.p, pair.exact.q, k, drafts) as Walkthrough<unknown> }
          : { F: floatField as Field<unknown>, walk: walkthrough(floatField, method, pair.p, pair.q, k, drafts) as Walkthrough<unknown> };
      } catch (e) {
        this.cached = { error: (e as Error).message };
      }
    }
    const c = this.cached!;
    if ('error' in c) {
      fill(this.code);
      fill(this.body, h('p', { class: 'error', id: 'step-error' }, `${c.error}. Pick another tuple or press “Sample drafts”.`));
      return;
    }
    this.renderWalk(c.F, c.walk);
  }

  private renderWalk<T>(F: Field<T>, w: Walkthrough<T>): void {
    const s = this.app.state;
    const labels = s.labels;
    const last = w.frames.length - 1;
    const index = Math.min(s.stepFrame, last);
    const frame = w.frames[index]!;
    fill(this.code, ...w.code.map((line, i) => h('li', { class: i === frame.line ? (frame.taken ? 'current' : 'current skipped') : '', 'aria-current': i === frame.line ? 'step' : null }, h('code', {}, line))));
    const position = document.getElementById('step-position');
    if (position) position.textContent = `step ${index + 1} of ${w.frames.length} (line ${frame.line})`;
    const tuple = w.drafts.map((x) => labels[x]).join(', ');
    const parts: Array<HTMLElement | null> = [
      h('p', { id: 'step-tuple' }, `Drafts x̄ = (${tuple}), Q(x̄) = ${text(F, w.draftProbability)} under the ${getMethod(w.method).scheme.title} law.`),
      h('p', { class: frame.taken ? 'frame-text' : 'frame-text skipped', id: 'step-text' }, frame.text),
    ];
    if (frame.test) {
      const t = frame.test;
      const den = F.isZero(t.denominator) ? 'the denominator is 0, so the test accepts iff the numerator is positive' : `${text(F, t.numerator)} / ${text(F, t.denominator)}`;
      parts.push(
        h(
          'p',
          { class: 'test', id: 'step-test', 'data-probability': show(F, t.probability).exact ?? String(F.toNumber(t.probability)) },
          `Accept ${labels[t.token]} (draft ${t.position + 1}) with probability min(1, ${t.formula}) = min(1, ${den}) = `,
          h('strong', {}, text(F, t.probability)),
          `; this line is reached with probability ${text(F, t.reach)} given the drafts.`,
        ),
      );
    }
    if (frame.scalars.length > 0) parts.push(h('p', { class: 'scalars' }, frame.scalars.map((x) => `${x.name} = ${text(F, x.value)}`).join(';  ')));
    const vectors = frame.vectors.length > 0 ? frame.vectors : (w.frames.slice(0, index).reverse().find((f) => f.vectors.length > 0)?.vectors ?? []);
    if (vectors.length > 0) {
      const series: BarSeries[] = vectors.map((v) => ({ name: v.name, color: KIND_COLOR[v.kind] ?? COLORS.law, values: v.values.map((x) => F.toNumber(x)), texts: v.values.map((x) => text(F, x)), style: v.kind === 'leftover' ? 'hatch' : 'solid' }));
      parts.push(h('div', { class: 'chart-host', id: 'step-vectors' }, barChart({ labels, series, marks: frame.marks, title: `Vectors after line ${frame.line}` })));
    }
    if (frame.end) {
      parts.push(
        h('p', { class: 'end', id: 'step-end' }, frame.end.kind === 'accepted' ? `The test accepts surely: output ${labels[frame.end.token]} as draft ${frame.end.position + 1}.` : 'End of the reject branch: the output is drawn from the residual law above.'),
      );
    }
    if (index === last) {
      const law = w.branchLaw;
      parts.push(
        h('h3', {}, 'Output law given these drafts, P(Y = y | x̄)'),
        h(
          'div',
          { class: 'chart-host', id: 'step-branch-law' },
          barChart({
            labels,
            title: 'Output law of this draft tuple: accepted drafts and residual draw',
            series: [
              { name: 'accepted as a draft', color: COLORS.residual, values: law.accepted.map((x) => F.toNumber(x)), texts: law.accepted.map((x) => text(F, x)) },
              { name: 'residual draw', color: COLORS.law, values: law.residual.map((x) => F.toNumber(x)), texts: law.residual.map((x) => text(F, x)), style: 'hatch' },
              { name: 'P(Y = y | x̄)', color: COLORS.observed, values: law.total.map((x) => F.toNumber(x)), texts: law.total.map((x) => text(F, x)), style: 'outline' },
            ],
          }),
        ),
        h('p', { class: 'muted' }, 'By branch enumeration of the library’s verifier on this tuple (§3.2). Averaged over all tuples with their Q(x̄), it is exactly p.'),
      );
    }
    parts.push(
      h(
        'p',
        { id: 'library-check', 'data-ok': String(w.libraryCheck.ok), class: w.libraryCheck.ok ? 'ok' : 'error' },
        w.libraryCheck.ok ? '✓ ' : '✗ ',
        `Checked against the library’s own ${w.method} verifier run on these drafts: ${w.libraryCheck.detail}.`,
      ),
    );
    fill(this.body, ...parts);
  }
}
