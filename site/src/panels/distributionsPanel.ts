/**
 * Panel 1, distributions (§0.2): target p and draft q over 2–12 labelled tokens, edited by dragging bars,
 * arrow keys or typed fractions (kept normalised, exactly), presets (§7.1 vectors and teaching cases), and
 * logits with temperature sliders (§8 item 9).
 */
import { Rational } from '../../../src/core/rational.ts';
import type { App } from '../app.ts';
import type { AcceptanceView } from '../logic/acceptanceModel.ts';
import { decimal } from '../logic/format.ts';
import { defaultLabels, floatToGrid, GRID, MAX_TOKENS, MIN_TOKENS, normaliseExactly, nudgeEntry, type Pair, rampPair, setEntryExactly, setEntryOnGrid } from '../logic/pair.ts';
import { PRESETS, presetById } from '../logic/presets.ts';
import { applyPreset, type PlaygroundState } from '../logic/state.ts';
import { argmax } from '../../../src/core/distribution.ts';
import { floatField } from '../../../src/core/field.ts';
import { BarEditor, type Which } from '../ui/barEditor.ts';
import { fill, h, select, setSelect } from '../ui/dom.ts';

export class DistributionsPanel {
  private editor: BarEditor | null = null;
  private editorKey = '';
  private readonly editorHost = h('div', { class: 'editor-host' });
  private readonly table = h('table', { class: 'fractions', id: 'fraction-table' });
  private readonly logitsBox = h('div', { class: 'logits', id: 'logits-controls' });
  private readonly note = h('p', { class: 'note', id: 'preset-note' });

  constructor(root: HTMLElement, private readonly app: App) {
    const s = app.state;
    const presetSelect = select('preset', 'Preset', [...PRESETS.map((p) => ({ value: p.id, text: p.title })), { value: 'custom', text: 'custom (edited)' }], s.preset, (id) => {
      const preset = presetById(id);
      if (preset) app.update(applyPreset(app.state, preset));
    });
    const sizes = Array.from({ length: MAX_TOKENS - MIN_TOKENS + 1 }, (_, i) => String(i + MIN_TOKENS));
    const sizeSelect = select('vocab-size', 'Tokens n', sizes.map((v) => ({ value: v, text: v })), String(this.n()), (v) => {
      const n = Number(v);
      const { p, q } = rampPair(n);
      app.update({ mode: 'prob', p, q, labels: defaultLabels(n), stepDrafts: [] }, { edit: true });
    });
    const modeSelect = select('mode', 'Given as', [{ value: 'prob', text: 'exact fractions' }, { value: 'logits', text: 'logits + temperature' }], s.mode, (v) => this.switchMode(v as 'prob' | 'logits'));
    const labels = h('input', { id: 'labels', type: 'text', size: 40, value: s.labels.join(','), 'aria-describedby': 'labels-help' });
    labels.addEventListener('change', () => {
      const list = labels.value.split(',').map((x) => x.trim());
      if (list.length !== this.n() || list.some((x) => x === '' || x.length > 12)) {
        app.report(`Labels: give ${this.n()} comma-separated labels of 1 to 12 characters.`);
        labels.value = app.state.labels.join(',');
        return;
      }
      app.update({ labels: list });
    });
    root.append(
      h('div', { class: 'controls' }, presetSelect, sizeSelect, modeSelect),
      this.note,
      this.editorHost,
      h('div', { class: 'controls' }, h('span', { class: 'control' }, h('label', { for: 'labels' }, 'Token labels'), labels), h('span', { id: 'labels-help', class: 'muted' }, 'comma-separated')),
      this.vectorRow('p', 'Target p'),
      this.vectorRow('q', 'Draft q'),
      this.logitsBox,
      h('details', {}, h('summary', {}, 'Edit entries one by one (fractions or decimals)'), this.table),
    );
  }

  private n(): number {
    const s = this.app.state;
    return s.mode === 'prob' ? s.p.length : s.targetLogits.length;
  }

  private vectorRow(which: Which, title: string): HTMLElement {
    const id = `${which}-vector`;
    const input = h('input', { id, type: 'text', size: 48, spellcheck: 'false', 'aria-describedby': `${id}-help` });
    const apply = () => {
      try {
        const list = input.value.split(',').map((x) => Rational.parse(x));
        if (list.length < MIN_TOKENS || list.length > MAX_TOKENS) throw new Error(`give ${MIN_TOKENS} to ${MAX_TOKENS} entries`);
        const v = normaliseExactly(list);
        const s = this.app.state;
        const n = this.n();
        const other = which === 'p' ? s.q : s.p;
        let p = which === 'p' ? v : s.p;
        let q = which === 'q' ? v : s.q;
        let labels = s.labels;
        if (s.mode !== 'prob' || v.length !== n || other.length !== v.length) {
          // A new size: the other vector becomes uniform (edit it next).
          const uniform = Array.from({ length: v.length }, () => Rational.of(1, v.length));
          if (which === 'p') q = s.mode === 'prob' && s.q.length === v.length ? s.q : uniform;
          else p = s.mode === 'prob' && s.p.length === v.length ? s.p : uniform;
          if (v.length !== n) labels = defaultLabels(v.length);
        }
        this.app.update({ mode: 'prob', p, q, labels, stepDrafts: v.length !== n ? [] : s.stepDrafts }, { edit: true });
      } catch (e) {
        this.app.report(`${title}: ${(e as Error).message}`);
      }
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') apply();
    });
    return h(
      'div',
      { class: 'controls' },
      h('span', { class: 'control' }, h('label', { for: id }, title), input),
      h('button', { type: 'button', id: `${id}-apply`, onclick: apply }, 'Apply'),
      h('span', { id: `${id}-help`, class: 'muted' }, 'comma-separated; normalised exactly (1,2,3 → 1/6,1/3,1/2)'),
    );
  }

  private switchMode(mode: 'prob' | 'logits'): void {
    const s = this.app.state;
    if (mode === s.mode) return;
    const pair = this.app.pair;
    if (mode === 'prob') {
      this.app.update({ mode, p: floatToGrid(pair.p), q: floatToGrid(pair.q) }, { edit: true });
    } else {
      const logits = (v: Float64Array) => Array.from(v, (x) => Number(Math.log(Math.max(x, 1e-6)).toFixed(4)));
      this.app.update({ mode, targetLogits: logits(pair.p), draftLogits: logits(pair.q), targetTemperature: 1, draftTemperature: 1 }, { edit: true });
    }
  }

  /** Exact vectors for an edit (logits mode is first put on the grid). */
  private exactVectors(): { p: Rational[]; q: Rational[] } {
    const s = this.app.state;
    if (s.mode === 'prob') return { p: s.p, q: s.q };
    return { p: floatToGrid(this.app.pair.p), q: floatToGrid(this.app.pair.q) };
  }

  private edit(which: Which, change: (v: Rational[]) => Rational[]): void {
    const { p, q } = this.exactVectors();
    const next = which === 'p' ? { p: change(p), q } : { p, q: change(q) };
    this.app.update({ mode: 'prob', ...next }, { edit: true });
  }

  private buildEditor(labels: readonly string[]): void {
    this.editor = new BarEditor(labels, {
      onSet: (which, i, value) => {
        const units = Math.round(value * GRID);
        const current = which === 'p' ? this.app.pair.p[i]! : this.app.pair.q[i]!;
        if (this.app.state.mode === 'prob' && Math.round(current * GRID) === units && Math.abs(current * GRID - units) < 1e-9) return;
        this.edit(which, (v) => setEntryOnGrid(v, i, units));
      },
      onNudge: (which, i, steps) => this.edit(which, (v) => nudgeEntry(v, i, steps)),
      onExtreme: (which, i, value) => this.edit(which, (v) => setEntryOnGrid(v, i, value * GRID)),
    });
    fill(this.editorHost, this.editor.element);
  }

  private buildTable(s: PlaygroundState, pair: Pair): void {
    const head = h('tr', {}, h('th', { scope: 'col' }, 'token'), h('th', { scope: 'col' }, 'p(y)'), h('th', { scope: 'col' }, 'q(y)'));
    const rows = s.labels.map((label, i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label),
        ...(['p', 'q'] as const).map((which) => {
          const input = h('input', { id: `${which}-${i}`, type: 'text', size: 10, inputmode: 'decimal', 'aria-label': `${which === 'p' ? 'target p' : 'draft q'}(${label})` });
          input.addEventListener('change', () => {
            try {
              const value = Rational.parse(input.value);
              this.edit(which, (v) => setEntryExactly(v, i, value));
            } catch (e) {
              this.app.report(`${which}(${label}): ${(e as Error).message}`);
              this.syncTable(this.app.state, this.app.pair);
            }
          });
          return h('td', {}, input);
        }),
      ),
    );
    fill(this.table, h('thead', {}, head), h('tbody', {}, ...rows));
    this.syncTable(s, pair);
  }

  private syncTable(s: PlaygroundState, pair: Pair): void {
    s.labels.forEach((_, i) => {
      for (const which of ['p', 'q'] as const) {
        const input = document.getElementById(`${which}-${i}`) as HTMLInputElement | null;
        if (input === null || document.activeElement === input) continue;
        input.value = pair.exact ? String(pair.exact[which][i]) : decimal(pair[which][i]!, 6);
      }
    });
  }

  private renderLogits(s: PlaygroundState): void {
    if (s.mode !== 'logits') {
      if (this.logitsBox.childElementCount > 0) fill(this.logitsBox);
      return;
    }
    if (this.logitsBox.childElementCount === 0) {
      const logitInput = (id: string, title: string, key: 'targetLogits' | 'draftLogits') => {
        const input = h('input', { id, type: 'text', size: 48, spellcheck: 'false' });
        input.addEventListener('change', () => {
          const list = input.value.split(',').map((x) => Number(x.trim()));
          if (list.length !== this.n() || list.some((x) => !Number.isFinite(x))) {
            this.app.report(`${title}: give ${this.n()} finite numbers, comma-separated.`);
            input.value = this.app.state[key].join(',');
            return;
          }
          this.app.update({ [key]: list } as Partial<PlaygroundState>, { edit: true });
        });
        return h('span', { class: 'control' }, h('label', { for: id }, title), input);
      };
      const slider = (id: string, title: string, key: 'targetTemperature' | 'draftTemperature') => {
        const input = h('input', { id, type: 'range', min: 0.1, max: 3, step: 0.05 });
        const out = h('output', { id: `${id}-value`, for: id });
        input.addEventListener('input', () => this.app.update({ [key]: Number(input.value) } as Partial<PlaygroundState>, { edit: true }));
        return h('span', { class: 'control' }, h('label', { for: id }, title), input, out);
      };
      fill(
        this.logitsBox,
        h('div', { class: 'controls' }, logitInput('target-logits', 'Target logits', 'targetLogits')),
        h('div', { class: 'controls' }, logitInput('draft-logits', 'Draft logits', 'draftLogits')),
        h('div', { class: 'controls' }, slider('target-temperature', 'Target temperature', 'targetTemperature'), slider('draft-temperature', 'Draft temperature', 'draftTemperature')),
        h('p', { class: 'note' }, 'p = softmax(target logits / T), q = softmax(draft logits / T) in float64, so values are decimals, not fractions. Dragging a bar turns the pair into exact fractions on the 1/360 grid.'),
      );
    }
    const set = (id: string, value: string) => {
      const el = document.getElementById(id) as HTMLInputElement | HTMLOutputElement | null;
      if (el && document.activeElement !== el) el.value = value;
    };
    set('target-logits', s.targetLogits.join(','));
    set('draft-logits', s.draftLogits.join(','));
    set('target-temperature', String(s.targetTemperature));
    set('draft-temperature', String(s.draftTemperature));
    set('target-temperature-value', `T = ${s.targetTemperature.toFixed(2)}`);
    set('draft-temperature-value', `T = ${s.draftTemperature.toFixed(2)}`);
  }

  render(pair: Pair, view: AcceptanceView): void {
    const s = this.app.state;
    const key = s.labels.join('\u0000');
    if (this.editor === null || key !== this.editorKey) {
      this.editorKey = key;
      this.buildEditor(s.labels);
      this.buildTable(s, pair);
    } else this.syncTable(s, pair);
    const texts = (which: 'p' | 'q') => Array.from(pair[which], (x, i) => (pair.exact ? String(pair.exact[which][i]) : decimal(x, 6)));
    this.editor!.update({
      p: Array.from(pair.p),
      q: Array.from(pair.q),
      pText: texts('p'),
      qText: texts('q'),
      argminIid: view.iid?.argminSet ?? null,
      argminWor: view.wor?.argminSet ?? null,
      highlight: s.highlight,
      hub: argmax(floatField, pair.q),
    });
    setSelect('preset', s.preset);
    setSelect('vocab-size', String(pair.n));
    setSelect('mode', s.mode);
    const labels = document.getElementById('labels') as HTMLInputElement | null;
    if (labels && document.activeElement !== labels) labels.value = s.labels.join(',');
    for (const which of ['p', 'q'] as const) {
      const input = document.getElementById(`${which}-vector`) as HTMLInputElement | null;
      if (input && document.activeElement !== input) input.value = texts(which).join(',');
    }
    const preset = presetById(s.preset);
    this.note.textContent = preset ? preset.note : pair.exact ? 'Edited pair: every value below is an exact fraction.' : 'Logits pair: values are float64 decimals.';
    this.renderLogits(s);
  }
}
