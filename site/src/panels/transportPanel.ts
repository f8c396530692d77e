/**
 * Panel 5, transport (§4.2–4.5): an optimal coupling of draft sets and target tokens from the library's
 * max-flow (the compact membership LP, solved exactly without GLPK) as a heat map, beside SpecHub's own plan for
 * the hub pair (the coupling its verifier realises; its member mass equals its compact-LP optimum, §4.5 H2).
 */
import { type Field, floatField, rationalField } from '../../../src/core/field.ts';
import type { DraftSchemeId } from '../../../src/draws/draftScheme.ts';
import { getMethod } from '../../../src/methods.ts';
import type { App } from '../app.ts';
import { abbreviate, setText, show } from '../logic/format.ts';
import { type Plan, optimalPlan, specHubPlan } from '../logic/transport.ts';
import { heatMap } from '../ui/charts.ts';
import { fill, h, select, setSelect } from '../ui/dom.ts';

const SCHEMES: Array<{ value: DraftSchemeId; text: string; method: string }> = [
  { value: 'iid', text: 'i.i.d. drafts', method: 'otm' },
  { value: 'wor', text: 'drafts without replacement', method: 'otm-wor' },
  { value: 'hub', text: 'SpecHub hub pair (k = 2)', method: 'spechub' },
];

function cellText<T>(F: Field<T>, v: T): string {
  const s = show(F, v);
  return s.exact !== null ? abbreviate(s.exact, 22) : s.decimal;
}

export class TransportPanel {
  private readonly left = h('div', { class: 'plan', id: 'transport-optimal' });
  private readonly right = h('div', { class: 'plan', id: 'transport-spechub' });
  private key = '';

  constructor(root: HTMLElement, private readonly app: App) {
    root.append(
      h('div', { class: 'controls' }, select('transport-scheme', 'Optimal coupling for', SCHEMES.map((x) => ({ value: x.value, text: x.text })), app.state.transportScheme, (v) => app.update({ transportScheme: v as 'iid' | 'wor' | 'hub' }))),
      h('div', { class: 'plans' }, this.left, this.right),
      h(
        'p',
        { class: 'note' },
        'Rows are draft sets S (left) or ordered hub pairs x̄ (right), columns the target tokens y; darker cells carry more mass; outlined cells are members y ∈ S, whose mass is acceptance. The left flow is the one the library’s exact max-flow returns (optimal flows are not unique, §2.5); the grey column is the leftover ℓ_S that the OTM verifier sends to its residual draw. Hover a cell for its exact value.',
      ),
    );
  }

  private planView<T>(F: Field<T>, plan: Plan<T>, caption: string, id: string): HTMLElement[] {
    const labels = this.app.state.labels;
    const rowLabel = (r: Plan<T>['rows'][number]) => (r.ordered ? `(${r.tokens.map((t) => labels[t]).join(', ')})` : setText(r.tokens, labels));
    const shown = show(F, plan.value);
    return [
      h('h3', {}, caption),
      h('p', { id: `${id}-value`, 'data-exact': shown.exact ?? '', 'data-value': String(shown.number) }, `Mass on members = ${shown.decimal}${shown.exact ? ` = ${abbreviate(shown.exact)}` : ''}`, plan.argminSet ? `; minimum cut A = ${setText(plan.argminSet, labels)}` : '', plan.hub !== null ? `; the hub a is token ${labels[plan.hub]}` : ''),
      h(
        'div',
        { class: 'chart-host scroll' },
        heatMap({
          title: caption,
          rowLabels: plan.rows.map(rowLabel),
          columnLabels: labels,
          values: plan.rows.map((r) => r.cells.map((c) => F.toNumber(c))),
          outline: plan.rows.map((r) => r.member),
          texts: plan.rows.map((r) => r.cells.map((c) => `${cellText(F, c)} (row mass ${cellText(F, r.probability)})`)),
          extra: plan.rows.some((r) => !r.ordered) ? { label: 'ℓ', values: plan.rows.map((r) => F.toNumber(r.leftover)), texts: plan.rows.map((r) => cellText(F, r.leftover)) } : undefined,
          columnMarks: plan.argminSet ?? (plan.hub !== null ? [plan.hub] : []),
        }),
      ),
    ];
  }

  render(): void {
    const s = this.app.state;
    const pair = this.app.pair;
    setSelect('transport-scheme', s.transportScheme);
    const scheme = s.transportScheme;
    const k = scheme === 'hub' ? 2 : s.k;
    const key = `${Array.from(pair.p).join(',')}|${Array.from(pair.q).join(',')}|${scheme}|${k}|${s.labels.join(',')}|${pair.exact !== null}`;
    if (key === this.key) return;
    this.key = key;
    const run = <T>(F: Field<T>, p: ArrayLike<T>, q: ArrayLike<T>) => {
      try {
        getMethod(SCHEMES.find((x) => x.value === scheme)!.method).scheme.check(F, q, k);
        fill(this.left, ...this.planView(F, optimalPlan(F, scheme, p, q, k), `Optimal membership flow, ${SCHEMES.find((x) => x.value === scheme)!.text}, k = ${k}`, 'transport-optimal'));
      } catch (e) {
        fill(this.left, h('h3', {}, 'Optimal membership flow'), h('p', { class: 'error' }, `Not drawn: ${(e as Error).message}`));
      }
      try {
        getMethod('spechub').scheme.check(F, q, 2);
        fill(this.right, ...this.planView(F, specHubPlan(F, p, q), 'SpecHub’s own plan for the hub pair (k = 2)', 'transport-spechub'));
      } catch (e) {
        fill(this.right, h('h3', {}, 'SpecHub’s plan'), h('p', { class: 'error' }, `Not drawn: ${(e as Error).message}`));
      }
    };
    if (pair.exact) run(rationalField, pair.exact.p, pair.exact.q);
    else run(floatField, pair.p, pair.q);
  }
}
