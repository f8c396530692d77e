/**
 * Panel 6, trees (§5): a four-token Markov-chain language and a full binary tree `2^D`; exact tokens per
 * target call (§5.3 recursion, rationals) beside a seeded Monte Carlo estimate of the same walk (§5.1), and one
 * drafted tree with its walk animated.
 */
import { createRng } from '../../../src/random/createRng.ts';
import { expectedTokensPerStep } from '../../../src/tree/expectedTokensPerStep.ts';
import { simulateTreeWalk } from '../../../src/tree/simulateTreeWalk.ts';
import { fullTree } from '../../../src/tree/tokenTree.ts';
import type { App } from '../app.ts';
import { abbreviate } from '../logic/format.ts';
import { TREE_METHODS } from '../logic/state.ts';
import { type AnimatedStep, animatedStep, CHAIN_LABELS, CHAIN_TEXT, exactChain, floatChain } from '../logic/treeLanguage.ts';
import { methodColor, methodLabel } from '../ui/colors.ts';
import { fill, h, s, select, setSelect } from '../ui/dom.ts';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export class TreesPanel {
  private readonly table = h('table', { class: 'trees', id: 'tree-table' });
  private readonly animation = h('div', { class: 'chart-host', id: 'tree-animation' });
  private readonly emitted = h('p', { id: 'tree-emitted', 'aria-live': 'polite' });
  private key = '';
  private walks = 0;
  private walk: AnimatedStep | null = null;
  private shown = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(root: HTMLElement, private readonly app: App) {
    const st = app.state;
    const depth = select('tree-depth', 'Tree', [2, 3, 4, 5].map((d) => ({ value: String(d), text: `2^${d} (depth ${d - 1}, ${2 ** d - 2} drafts)` })), String(st.treeDepth), (v) => app.update({ treeDepth: Number(v) }));
    const method = select('tree-method', 'Animated verifier', TREE_METHODS.map((m) => ({ value: m, text: methodLabel(m) })), st.treeMethod, (v) => app.update({ treeMethod: v }));
    const start = select('tree-start', 'Last committed token', CHAIN_LABELS.map((l, i) => ({ value: String(i), text: l })), String(st.treeStart), (v) => app.update({ treeStart: Number(v) }));
    const steps = select('tree-steps', 'Simulated steps', [1000, 2000, 5000, 20000].map((n) => ({ value: String(n), text: n.toLocaleString('en-US') })), String(st.treeSteps), (v) => app.update({ treeSteps: Number(v) }));
    const matrix = (title: string, rows: readonly string[]) =>
      h('table', { class: 'matrix' }, h('caption', {}, title), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'after'), ...CHAIN_LABELS.map((l) => h('th', { scope: 'col' }, l)))), h('tbody', {}, ...rows.map((row, x) => h('tr', {}, h('th', { scope: 'row' }, CHAIN_LABELS[x]!), ...row.split(',').map((c) => h('td', {}, c))))));
    root.append(
      h('div', { class: 'controls' }, depth, start, steps),
      h('details', { id: 'chain-details' }, h('summary', {}, 'The language: target and draft next-token laws'), h('div', { class: 'matrices' }, matrix('target p(·|x)', CHAIN_TEXT.target), matrix('draft q(·|x)', CHAIN_TEXT.draft))),
      this.table,
      h('h3', {}, 'One target call, animated'),
      h(
        'div',
        { class: 'controls' },
        method,
        h('button', { type: 'button', id: 'tree-walk', onclick: () => this.newWalk() }, 'Draft a tree and walk it'),
        h('button', { type: 'button', id: 'tree-step', onclick: () => this.advance(false) }, 'Next node'),
      ),
      this.animation,
      this.emitted,
    );
  }

  render(): void {
    const st = this.app.state;
    setSelect('tree-depth', String(st.treeDepth));
    setSelect('tree-method', st.treeMethod);
    setSelect('tree-start', String(st.treeStart));
    setSelect('tree-steps', String(st.treeSteps));
    const key = `${st.treeDepth}|${st.treeStart}|${st.treeSteps}`;
    if (key !== this.key) {
      this.key = key;
      this.renderTable();
      this.walk = null;
    }
    if (this.walk === null || this.walk.tree.parents.length !== 2 ** st.treeDepth - 1) this.newWalk();
  }

  private renderTable(): void {
    const st = this.app.state;
    const tree = fullTree(2, st.treeDepth);
    const exact = exactChain();
    const float = floatChain();
    const rows = TREE_METHODS.map((m) => {
      const e = expectedTokensPerStep(exact, tree, m, { start: st.treeStart });
      const sim = simulateTreeWalk(float, tree, m, { steps: st.treeSteps, seed: `playground/${m}/${st.treeDepth}/${st.treeStart}`, start: st.treeStart });
      const exactText = e.exact ? abbreviate(e.value.toString(), 26) : '(irrational ρ*)';
      const inside = sim.ci95[0] <= e.value.toNumber() && e.value.toNumber() <= sim.ci95[1];
      return h(
        'tr',
        { 'data-method': m, 'data-exact': e.exact ? e.value.toString() : '', 'data-simulated': String(sim.tokensPerStep) },
        h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${methodColor(m)}` }), ` ${methodLabel(m)}`),
        h('td', { class: 'value', title: e.value.toString() }, e.value.toNumber().toFixed(6), h('span', { class: 'fraction' }, e.exact ? ` = ${exactText}` : ` ${exactText}`)),
        h('td', { class: 'value' }, `${sim.tokensPerStep.toFixed(4)} (95 %: ${sim.ci95[0].toFixed(4)} – ${sim.ci95[1].toFixed(4)})`),
        h('td', {}, inside ? 'inside' : 'outside'),
      );
    });
    fill(
      this.table,
      h('caption', {}, `Tokens per target call, tree 2^${st.treeDepth}, last committed token “${CHAIN_LABELS[st.treeStart]}”`),
      h('thead', {}, h('tr', {}, ...['Verifier', 'Exact (§5.3 recursion)', `Simulated, ${st.treeSteps.toLocaleString('en-US')} steps`, 'Exact in the interval?'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows),
    );
  }

  private newWalk(): void {
    const st = this.app.state;
    if (this.timer !== null) clearTimeout(this.timer);
    this.walks++;
    this.walk = animatedStep(floatChain(), st.treeDepth, st.treeMethod, st.treeStart, createRng(`playground/walk/${this.walks}`));
    this.shown = reducedMotion() ? this.walk.path.length : 1;
    this.draw();
    if (!reducedMotion()) this.timer = setTimeout(() => this.advance(true), 700);
  }

  private advance(auto: boolean): void {
    const w = this.walk;
    if (w === null) return;
    if (!auto && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.shown < w.path.length) this.shown++;
    this.draw();
    if (auto && this.shown < w.path.length) this.timer = setTimeout(() => this.advance(true), 700);
  }

  private draw(): void {
    const w = this.walk;
    if (w === null) return;
    const tree = w.tree;
    const labels = CHAIN_LABELS;
    const width = 640;
    const levelH = 56;
    const height = 30 + tree.depth * levelH + 30;
    const depthOf = new Array<number>(tree.parents.length).fill(0);
    for (let v = 1; v < tree.parents.length; v++) depthOf[v] = depthOf[tree.parents[v]!]! + 1;
    const indexInLevel = new Array<number>(tree.parents.length).fill(0);
    const counts = new Array<number>(tree.depth + 1).fill(0);
    for (let v = 0; v < tree.parents.length; v++) indexInLevel[v] = counts[depthOf[v]!]!++;
    const x = (v: number) => ((indexInLevel[v]! + 0.5) / counts[depthOf[v]!]!) * width;
    const y = (v: number) => 24 + depthOf[v]! * levelH;
    const onPath = new Set(w.path.slice(0, this.shown));
    const color = methodColor(this.app.state.treeMethod);
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart tree', role: 'img', 'aria-label': `Drafted tree 2^${tree.depth + 1}; accepted path: ${w.path.slice(0, this.shown).map((v) => labels[w.tokens[v]!]).join(' → ')}` });
    for (let v = 1; v < tree.parents.length; v++) {
      const u = tree.parents[v]!;
      const active = onPath.has(v) && onPath.has(u);
      svg.append(s('line', { x1: x(u), y1: y(u), x2: x(v), y2: y(v), stroke: active ? color : '#bbbbbb', 'stroke-width': active ? 4 : 1.5 }));
    }
    for (let v = 0; v < tree.parents.length; v++) {
      const t = w.tokens[v]!;
      const active = onPath.has(v);
      svg.append(
        s(
          'g',
          {},
          s('circle', { cx: x(v), cy: y(v), r: 16, fill: active ? color : 'white', stroke: active ? '#222222' : '#888888', 'stroke-width': active ? 2 : 1 }),
          s('text', { x: x(v), y: y(v) + 4, 'text-anchor': 'middle', class: active ? 'node active' : 'node' }, t >= 0 ? labels[t]! : '–'),
        ),
      );
    }
    const done = this.shown >= w.path.length;
    if (done) {
      const lastNode = w.path[w.path.length - 1]!;
      const final = w.emitted[w.emitted.length - 1]!;
      svg.append(s('text', { x: x(lastNode), y: y(lastNode) + 34, 'text-anchor': 'middle', class: 'legend' }, `${w.ending === 'bonus' ? 'bonus' : 'residual'}: ${labels[final]}`));
    }
    fill(this.animation, svg);
    this.emitted.setAttribute('data-count', String(w.emitted.length));
    this.emitted.textContent = done
      ? `This call emitted ${w.emitted.length} token${w.emitted.length === 1 ? '' : 's'}: “${w.emitted.map((t) => labels[t]).join(' ')}” (${w.path.length - 1} accepted draft${w.path.length === 2 ? '' : 's'}, then a ${w.ending === 'bonus' ? 'bonus token at the leaf' : 'residual token'}).`
      : `Walking: ${w.path.slice(1, this.shown).map((v) => labels[w.tokens[v]!]).join(' → ') || '(at the root)'}…`;
  }
}
