/**
 * The distribution editor: target p and draft q as side-by-side bars over the vocabulary, each bar a keyboard
 * slider (`role="slider"`: arrows move one grid step of 1/360, Page Up/Down ten, Home/End to 0 and 1) that can
 * also be dragged with a mouse, pen or finger. Below the axis, the minimising sets A of the optimum (i.i.d. and
 * without replacement) are marked; the highlighted one also shades its tokens.
 *
 * The SVG is built once per vocabulary and only its attributes change afterwards, so a focused bar keeps the
 * focus while the values move.
 */
import { COLORS } from './colors.ts';
import { s } from './dom.ts';

export type Which = 'p' | 'q';

export interface BarEditorCallbacks {
  /** Set entry i of p or q to value ∈ [0, 1] (the caller puts it on the grid). */
  onSet(which: Which, index: number, value: number): void;
  /** Move entry i by `steps` grid steps. */
  onNudge(which: Which, index: number, steps: number): void;
  /** Set entry i to 0 or 1. */
  onExtreme(which: Which, index: number, value: 0 | 1): void;
}

export interface BarEditorValues {
  p: readonly number[];
  q: readonly number[];
  /** Text of each value (the exact fraction or a decimal). */
  pText: readonly string[];
  qText: readonly string[];
  argminIid: readonly number[] | null;
  argminWor: readonly number[] | null;
  highlight: 'iid' | 'wor';
  hub: number | null;
}

const WIDTH = 640;
const HEIGHT = 310;
const LEFT = 44;
const RIGHT = 10;
const TOP = 36;
const PLOT_H = 190;
const AXIS_Y = TOP + PLOT_H;

export class BarEditor {
  readonly element: SVGSVGElement;
  private readonly bars: Record<Which, SVGRectElement[]> = { p: [], q: [] };
  private readonly sliders: Record<Which, SVGGElement[]> = { p: [], q: [] };
  private readonly focusRings: Record<Which, SVGRectElement[]> = { p: [], q: [] };
  private readonly iidMarks: SVGRectElement[] = [];
  private readonly worMarks: SVGRectElement[] = [];
  private readonly bands: SVGRectElement[] = [];
  private readonly hubMarks: SVGTextElement[] = [];
  private readonly n: number;
  private readonly group: number;
  private readonly barW: number;

  constructor(readonly labels: readonly string[], private readonly callbacks: BarEditorCallbacks) {
    this.n = labels.length;
    this.group = (WIDTH - LEFT - RIGHT) / this.n;
    this.barW = Math.min(30, this.group * 0.36);
    this.element = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, class: 'chart editor', 'aria-label': 'Target p and draft q; each bar is a slider' });
    this.build();
  }

  private y(v: number): number {
    return AXIS_Y - Math.max(0, Math.min(1, v)) * PLOT_H;
  }

  private build(): void {
    const svg = this.element;
    for (let i = 0; i < this.n; i++) {
      const band = s('rect', { x: LEFT + i * this.group, y: TOP, width: this.group, height: PLOT_H, fill: COLORS.law, 'fill-opacity': 0, class: 'band' });
      this.bands.push(band);
      svg.append(band);
    }
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      svg.append(s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: this.y(t), y2: this.y(t), stroke: COLORS.grid }));
      svg.append(s('text', { x: LEFT - 5, y: this.y(t) + 4, 'text-anchor': 'end', class: 'tick' }, String(t)));
    }
    svg.append(s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: AXIS_Y, y2: AXIS_Y, stroke: COLORS.axis }));
    svg.append(s('rect', { x: LEFT, y: 4, width: 11, height: 11, fill: COLORS.target }), s('text', { x: LEFT + 15, y: 14, class: 'legend' }, 'target p'));
    svg.append(s('rect', { x: LEFT + 90, y: 4, width: 11, height: 11, fill: COLORS.draft }), s('text', { x: LEFT + 105, y: 14, class: 'legend' }, 'draft q'));
    svg.append(s('text', { x: WIDTH - RIGHT, y: 14, 'text-anchor': 'end', class: 'legend muted' }, 'drag a bar, or focus it and use the arrow keys'));
    for (let i = 0; i < this.n; i++) {
      const cx = LEFT + i * this.group + this.group / 2;
      (['p', 'q'] as const).forEach((which, j) => {
        const x = cx - this.barW - 1 + j * (this.barW + 2);
        const name = which === 'p' ? 'target p' : 'draft q';
        const g = s('g', {
          role: 'slider',
          tabindex: 0,
          id: `bar-${which}-${i}`,
          class: 'slider',
          'aria-label': `${name}(${this.labels[i]})`,
          'aria-valuemin': 0,
          'aria-valuemax': 1,
          'aria-orientation': 'vertical',
        });
        const hit = s('rect', { x, y: TOP, width: this.barW, height: PLOT_H, fill: 'transparent', class: 'hit' });
        const bar = s('rect', { x, y: AXIS_Y, width: this.barW, height: 0, fill: which === 'p' ? COLORS.target : COLORS.draft, class: 'bar' });
        const ring = s('rect', { x: x - 3, y: TOP - 3, width: this.barW + 6, height: PLOT_H + 6, fill: 'none', stroke: '#222222', 'stroke-width': 2, 'stroke-dasharray': '4 2', visibility: 'hidden' });
        g.append(hit, bar, ring);
        this.bars[which].push(bar);
        this.sliders[which].push(g);
        this.focusRings[which].push(ring);
        g.addEventListener('focus', () => ring.setAttribute('visibility', 'visible'));
        g.addEventListener('blur', () => ring.setAttribute('visibility', 'hidden'));
        g.addEventListener('keydown', (e) => this.onKey(e, which, i));
        g.addEventListener('pointerdown', (e) => this.onPointerDown(e, g, which, i));
        this.element.append(g);
      });
      this.element.append(s('text', { x: cx, y: AXIS_Y + 15, 'text-anchor': 'middle', class: 'tick strong' }, this.labels[i] ?? String(i)));
      const hub = s('text', { x: cx, y: TOP - 6, 'text-anchor': 'middle', class: 'legend', visibility: 'hidden' }, 'hub (argmax q)');
      this.hubMarks.push(hub);
      this.element.append(hub);
      const iid = s('rect', { x: cx - 5, y: AXIS_Y + 24, width: 10, height: 10, fill: 'none', stroke: COLORS.observed });
      const wor = s('rect', { x: cx - 5, y: AXIS_Y + 40, width: 10, height: 10, fill: 'none', stroke: COLORS.law });
      this.iidMarks.push(iid);
      this.worMarks.push(wor);
      this.element.append(iid, wor);
    }
    this.element.append(s('text', { x: LEFT - 5, y: AXIS_Y + 33, 'text-anchor': 'end', class: 'tick' }, 'A iid'));
    this.element.append(s('text', { x: LEFT - 5, y: AXIS_Y + 49, 'text-anchor': 'end', class: 'tick' }, 'A w/o'));
    this.element.append(s('text', { x: LEFT, y: HEIGHT - 6, class: 'legend muted' }, 'filled square: token in the minimising set A of the optimum (shaded: the highlighted one)'));
  }

  update(v: BarEditorValues): void {
    for (const which of ['p', 'q'] as const) {
      const values = which === 'p' ? v.p : v.q;
      const texts = which === 'p' ? v.pText : v.qText;
      values.forEach((value, i) => {
        const bar = this.bars[which][i]!;
        const top = this.y(value);
        bar.setAttribute('y', String(top));
        bar.setAttribute('height', String(Math.max(0, AXIS_Y - top)));
        const g = this.sliders[which][i]!;
        g.setAttribute('aria-valuenow', String(value));
        g.setAttribute('aria-valuetext', `${texts[i]} (${value.toFixed(4)})`);
      });
    }
    const inIid = new Set(v.argminIid ?? []);
    const inWor = new Set(v.argminWor ?? []);
    const chosen = v.highlight === 'iid' ? inIid : inWor;
    for (let i = 0; i < this.n; i++) {
      this.iidMarks[i]!.setAttribute('fill', inIid.has(i) ? COLORS.observed : 'none');
      this.worMarks[i]!.setAttribute('fill', inWor.has(i) ? COLORS.law : 'none');
      this.bands[i]!.setAttribute('fill-opacity', chosen.has(i) ? '0.10' : '0');
      this.hubMarks[i]!.setAttribute('visibility', v.hub === i ? 'visible' : 'hidden');
    }
  }

  private onKey(e: KeyboardEvent, which: Which, i: number): void {
    const steps: Record<string, number> = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };
    if (e.key in steps) {
      e.preventDefault();
      this.callbacks.onNudge(which, i, steps[e.key]!);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      this.callbacks.onExtreme(which, i, e.key === 'Home' ? 0 : 1);
    }
  }

  private valueAt(e: PointerEvent): number {
    const m = this.element.getScreenCTM();
    if (m === null) return 0;
    const point = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return Math.max(0, Math.min(1, (AXIS_Y - point.y) / PLOT_H));
  }

  private onPointerDown(e: PointerEvent, g: SVGGElement, which: Which, i: number): void {
    e.preventDefault();
    g.focus();
    g.setPointerCapture(e.pointerId);
    this.callbacks.onSet(which, i, this.valueAt(e));
    const move = (ev: PointerEvent) => this.callbacks.onSet(which, i, this.valueAt(ev));
    const up = () => {
      g.removeEventListener('pointermove', move);
      g.removeEventListener('pointerup', up);
      g.removeEventListener('pointercancel', up);
    };
    g.addEventListener('pointermove', move);
    g.addEventListener('pointerup', up);
    g.addEventListener('pointercancel', up);
  }
}
