/**
 * Panel 2, acceptance (§3.1, §4): k = 1..4, every verifier's exact acceptance (the same table as
 * `spechub acceptance --json`), the optimum α* for i.i.d. and without-replacement drafts with its minimising set,
 * and each verifier's gap to the optimum of its own draft law.
 */
import type { App } from '../app.ts';
import { type AcceptanceRowView, type AcceptanceView } from '../logic/acceptanceModel.ts';
import { abbreviate, type Shown, setText } from '../logic/format.ts';
import { methodColor, methodLabel } from '../ui/colors.ts';
import { fill, h, select, setSelect } from '../ui/dom.ts';

const SCHEME_TEXT: Record<string, string> = { iid: 'i.i.d.', wor: 'w/o replacement', hub: 'hub pair', greedy: 'greedy G-r', 'greedy-q': 'greedy G-q' };

/** Writes a value into a cell: the decimal, then the fraction (or why there is none). */
function setValue(td: HTMLElement, shown: Shown, pending: boolean, attrs: Record<string, string> = {}): void {
  const exact = shown.exact;
  td.setAttribute('data-exact', exact ?? '');
  td.setAttribute('data-value', String(shown.number));
  td.setAttribute('title', exact ?? shown.decimal);
  for (const [key, value] of Object.entries(attrs)) td.setAttribute(key, value);
  const [decimalSpan, second] = td.children as unknown as [HTMLElement, HTMLElement];
  decimalSpan.textContent = shown.decimal;
  if (exact !== null) {
    second.className = 'fraction';
    second.textContent = `= ${abbreviate(exact)}`;
  } else if (pending) {
    second.className = 'pending';
    second.textContent = ' (exact fraction: computing…)';
  } else {
    second.className = 'muted';
    second.textContent = ' (decimal)';
  }
}

function valueCell(): HTMLElement {
  return h('td', { class: 'value' }, h('span', { class: 'decimal' }), h('span'));
}

interface RowElements {
  tr: HTMLElement;
  acceptance: HTMLElement;
  optimum: HTMLElement;
  gap: HTMLElement;
  fill: HTMLElement;
  tick: HTMLElement;
}

const BAR_WIDTH = 84;

export class AcceptancePanel {
  private readonly table = h('table', { class: 'acceptance', id: 'acceptance-table' });
  private readonly summary = h('div', { class: 'summary', id: 'optimum-summary', 'aria-live': 'polite' });
  private readonly skipped = h('ul', { class: 'skipped', id: 'skipped' });

  constructor(root: HTMLElement, private readonly app: App) {
    const kSelect = select('k', 'Drafts k', [1, 2, 3, 4].map((k) => ({ value: String(k), text: String(k) })), String(app.state.k), (v) => app.update({ k: Number(v) }));
    const radio = (value: 'iid' | 'wor', text: string) => {
      const input = h('input', { type: 'radio', name: 'highlight', id: `hl-${value}`, value, onchange: () => app.update({ highlight: value }) });
      input.checked = app.state.highlight === value;
      return h('span', { class: 'control' }, input, h('label', { for: `hl-${value}` }, text));
    };
    root.append(
      h('div', { class: 'controls' }, kSelect, h('fieldset', { class: 'inline' }, h('legend', {}, 'Shade the minimising set of'), radio('iid', 'i.i.d. drafts'), radio('wor', 'w/o-replacement drafts'))),
      this.summary,
      this.table,
      this.skipped,
      h(
        'p',
        { class: 'note' },
        'Acceptance α = P(Y ∈ S(x̄)) (§0.2). α* of a draft law is the best acceptance of any exact verifier for it (§4); the gap is α* of the method’s own draft law minus its α, so 0 means the verifier is optimal for its drafts (SpecHub and the greedy verifiers always are, §4.5 H2, §2.8). The optimal-transport verifiers (otm, otm-wor, khisti) reach α* by construction.',
      ),
    );
  }

  private rowElements = new Map<string, RowElements>();
  private rowKey = '';
  private readonly caption = h('caption');
  private readonly body = h('tbody');

  /** A row's elements, built once per method list (afterwards only their text and attributes change). */
  private buildRow(r: AcceptanceRowView): RowElements {
    const fillBar = h('span', { class: 'fill', style: `background:${methodColor(r.id)}` });
    const tick = h('span', { class: 'tick', title: 'α* of its draft law' });
    const acceptance = valueCell();
    const optimum = valueCell();
    const gap = r.optimal ? h('td', { class: 'value' }, 'optimal') : valueCell();
    const tr = h(
      'tr',
      { 'data-method': r.id },
      h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${methodColor(r.id)}` }), ` ${methodLabel(r.id)}`, h('span', { class: 'id' }, `${r.id}, ${r.section}; drafts: ${SCHEME_TEXT[r.scheme] ?? r.scheme}`)),
      acceptance,
      optimum,
      gap,
      h('td', {}, h('span', { class: 'hbar', 'aria-hidden': 'true' }, fillBar, tick)),
    );
    return { tr, acceptance, optimum, gap, fill: fillBar, tick };
  }

  private updateRow(e: RowElements, r: AcceptanceRowView, best: number): void {
    e.tr.className = r.acceptance === best && best > 0 ? 'best' : '';
    setValue(e.acceptance, r.shown, r.pending, { 'data-role': 'acceptance', 'data-acceptance': String(r.acceptance) });
    setValue(e.optimum, r.optimum, r.pending);
    if (!r.optimal) setValue(e.gap, r.gap, r.pending, { 'data-role': 'gap' });
    e.fill.style.width = `${(r.acceptance * BAR_WIDTH).toFixed(1)}px`;
    e.tick.style.left = `${(r.optimum.number * BAR_WIDTH).toFixed(1)}px`;
  }

  render(view: AcceptanceView): void {
    const s = this.app.state;
    setSelect('k', String(s.k));
    const radio = document.getElementById(`hl-${s.highlight}`) as HTMLInputElement | null;
    if (radio) radio.checked = true;
    const best = Math.max(0, ...view.rows.filter((r) => !r.optimal).map((r) => r.acceptance));
    const key = view.rows.map((r) => r.id).join(',');
    if (key !== this.rowKey || this.table.childElementCount === 0) {
      this.rowKey = key;
      this.rowElements = new Map(view.rows.map((r) => [r.id, this.buildRow(r)]));
      fill(this.body, ...[...this.rowElements.values()].map((e) => e.tr));
      fill(
        this.table,
        this.caption,
        h('thead', {}, h('tr', {}, ...['Method (draft law)', 'Acceptance α', 'α* of its drafts', 'Gap', ''].map((t) => h('th', { scope: 'col' }, t)))),
        this.body,
      );
    }
    this.caption.textContent = `Acceptance of every verifier, n = ${view.n}, k = ${view.k}${view.exactInputs ? ' (exact fractions)' : ' (float64 inputs)'}`;
    for (const r of view.rows) this.updateRow(this.rowElements.get(r.id)!, r, best);
    const labels = s.labels;
    const optimum = (title: string, o: AcceptanceView['iid'], id: string) =>
      o === null
        ? h('li', { id }, `${title}: not defined for k = ${view.k} with this draft support`)
        : h(
            'li',
            { id, 'data-exact': o.value.exact ?? '', 'data-argmin': o.argminSet.join(','), 'aria-busy': o.pending ? 'true' : 'false' },
            h('strong', {}, `${title}: `),
            `${o.value.decimal}${o.value.exact !== null ? ` = ${abbreviate(o.value.exact)}` : o.pending ? ' (exact fraction: computing…)' : ''}, minimising set A = ${setText(o.argminSet, labels)} `,
            h('span', { class: 'muted' }, `(${o.method})`),
          );
    fill(
      this.summary,
      h(
        'ul',
        {},
        optimum('α* for i.i.d. drafts', view.iid, 'optimum-iid'),
        optimum('α* for drafts without replacement', view.wor, 'optimum-wor'),
        h('li', { id: 'overlap' }, `Single draft: ov(p, q) = ${view.overlap.decimal}${view.overlap.exact ? ` = ${abbreviate(view.overlap.exact)}` : ''}; membership bound Σ min(p, 1 − (1 − q)^k) = ${view.membershipBound.decimal}${view.membershipBound.exact ? ` = ${abbreviate(view.membershipBound.exact)}` : ''}`),
      ),
    );
    fill(this.skipped, ...Object.entries(view.skipped).map(([id, why]) => h('li', { 'data-method': id }, h('strong', {}, id), ` not applicable: ${why}`)));
  }
}
