/**
 * spechub playground: the page's controller. One state (in the URL fragment), one derived pair; every edit runs
 * `update`, which redraws the distributions and acceptance panels synchronously (that is the "≤ 50 ms per update"
 * path, timed into `window.__playground.updateTimes`) and the step-through, transport, Monte Carlo and tree
 * panels once input settles.
 */
import type { App } from './app.ts';
import { type AcceptanceView, computeAcceptance, type ExactWorResult } from './logic/acceptanceModel.ts';
import type { Pair } from './logic/pair.ts';
import { decodeState, encodeState, pairOf, type PlaygroundState } from './logic/state.ts';
import { AcceptancePanel } from './panels/acceptancePanel.ts';
import { DistributionsPanel } from './panels/distributionsPanel.ts';
import { MonteCarloPanel } from './panels/monteCarloPanel.ts';
import { StepPanel } from './panels/stepPanel.ts';
import { TransportPanel } from './panels/transportPanel.ts';
import { TreesPanel } from './panels/treesPanel.ts';
import type { ExactWorRequest } from './workers/protocol.ts';

interface PlaygroundHooks {
  /** Milliseconds of each synchronous update (state → pair → acceptance → distributions and acceptance DOM). */
  updateTimes: number[];
  /** The same updates split into the library's computation and the page's DOM work (milliseconds). */
  updateBreakdown: Array<{ compute: number; dom: number }>;
  /** True once the secondary panels have caught up with the latest state. */
  settled: boolean;
  /** Number of exact-worker answers applied. */
  exactAnswers: number;
  state: () => PlaygroundState;
  /** The current pair: floats, and exact fractions in probability mode. */
  pair: () => { p: number[]; q: number[]; exact: { p: string[]; q: string[] } | null };
}

declare global {
  interface Window {
    __playground: PlaygroundHooks;
  }
}

const SETTLE_MS = 160;
const PAIR_KEYS = new Set(['mode', 'p', 'q', 'targetLogits', 'draftLogits', 'targetTemperature', 'draftTemperature', 'k', 'labels', 'preset']);

function panel(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`#${id} .panel-body`);
  if (el === null) throw new Error(`missing panel #${id}`);
  return el;
}

class Playground implements App {
  state: PlaygroundState;
  pair: Pair;
  view: AcceptanceView;
  private readonly statusLine = document.getElementById('status')!;
  private readonly exactAnswers = new Map<string, ExactWorResult>();
  private exactWorker: Worker | null = null;
  private exactInFlight: string | null = null;
  private exactWanted: ExactWorRequest | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly hooks: PlaygroundHooks;
  private distributions!: DistributionsPanel;
  private acceptance!: AcceptancePanel;
  private steps!: StepPanel;
  private monteCarlo!: MonteCarloPanel;
  private transport!: TransportPanel;
  private trees!: TreesPanel;

  constructor() {
    const { state, problems } = decodeState(location.hash);
    this.state = state;
    this.pair = pairOf(state);
    this.view = computeAcceptance(this.pair, state.k);
    this.hooks = {
      updateTimes: [],
      updateBreakdown: [],
      settled: false,
      exactAnswers: 0,
      state: () => this.state,
      pair: () => ({ p: Array.from(this.pair.p), q: Array.from(this.pair.q), exact: this.pair.exact ? { p: this.pair.exact.p.map(String), q: this.pair.exact.q.map(String) } : null }),
    };
    window.__playground = this.hooks;
    if (problems.length > 0) this.report(`The link had problems, defaults used: ${problems.join('; ')}.`);
  }

  start(): void {
    this.distributions = new DistributionsPanel(panel('panel-distributions'), this);
    this.acceptance = new AcceptancePanel(panel('panel-acceptance'), this);
    this.steps = new StepPanel(panel('panel-step'), this);
    this.monteCarlo = new MonteCarloPanel(panel('panel-montecarlo'), this);
    this.transport = new TransportPanel(panel('panel-transport'), this);
    this.trees = new TreesPanel(panel('panel-trees'), this);
    this.renderNow();
    this.settle();
    window.addEventListener('hashchange', () => {
      if (location.hash.replace(/^#/, '') === encodeState(this.state)) return;
      const { state, problems } = decodeState(location.hash);
      if (problems.length > 0) this.report(`The link had problems, defaults used: ${problems.join('; ')}.`);
      this.state = state;
      this.renderNow();
      this.scheduleSettle();
    });
  }

  report(message: string): void {
    this.statusLine.textContent = message;
    this.statusLine.classList.add('visible');
  }

  update(patch: Partial<PlaygroundState>, options: { edit?: boolean } = {}): void {
    const next: PlaygroundState = { ...this.state, ...patch };
    if (options.edit) next.preset = 'custom';
    try {
      pairOf(next);
    } catch (e) {
      this.report(`Refused: ${(e as Error).message}`);
      return;
    }
    this.state = next;
    this.statusLine.classList.remove('visible');
    this.statusLine.textContent = '';
    this.renderNow();
    // Edits of the pair or k settle after input stops (dragging); other controls redraw their panel at once.
    if (Object.keys(patch).some((key) => PAIR_KEYS.has(key))) this.scheduleSettle();
    else {
      if (this.settleTimer !== null) clearTimeout(this.settleTimer);
      this.settle();
    }
  }

  /** The timed, synchronous part of an update. */
  private renderNow(): void {
    const started = performance.now();
    this.pair = pairOf(this.state);
    this.view = computeAcceptance(this.pair, this.state.k, this.answerFor(this.state));
    const computed = performance.now();
    this.distributions.render(this.pair, this.view);
    this.acceptance.render(this.view);
    this.monteCarlo.render();
    const ended = performance.now();
    this.hooks.updateTimes.push(ended - started);
    this.hooks.updateBreakdown.push({ compute: computed - started, dom: ended - computed });
    this.hooks.settled = false;
    if (this.view.exactWorRequest) this.requestExact(this.view.exactWorRequest);
  }

  private answerFor(state: PlaygroundState): ExactWorResult | null {
    if (state.mode !== 'prob') return null;
    const key = `${state.p.join(',')}|${state.q.join(',')}|${state.k}`;
    return this.exactAnswers.get(key) ?? null;
  }

  private requestExact(request: ExactWorRequest): void {
    this.exactWanted = request;
    if (this.exactInFlight !== null) return;
    if (this.exactWorker === null) {
      this.exactWorker = new Worker(new URL('./exactWorker.js', import.meta.url), { type: 'module', name: 'exact' });
      this.exactWorker.onmessage = (e: MessageEvent<ExactWorResult>) => {
        const answer = e.data;
        this.exactInFlight = null;
        // A refusal is kept too: the float64 value stays on screen, no longer pending, so the page settles.
        this.exactAnswers.set(answer.key, answer);
        if ('error' in answer) this.report(`Exact optimum (w/o replacement): ${answer.error}`);
        else this.hooks.exactAnswers++;
        const wanted = this.exactWanted;
        if (wanted !== null && !this.exactAnswers.has(wanted.key) && wanted.key !== answer.key) this.send(wanted);
        else if (this.view.exactWorRequest?.key === answer.key) {
          this.renderNow();
          this.scheduleSettle();
        }
      };
    }
    this.send(request);
  }

  private send(request: ExactWorRequest): void {
    this.exactInFlight = request.key;
    this.exactWorker!.postMessage(request);
  }

  /** Written when input settles (Chrome throttles a flood of history updates while a bar is dragged). */
  private writeUrl(): void {
    const fragment = encodeState(this.state);
    if (location.hash.replace(/^#/, '') !== fragment) history.replaceState(null, '', `#${fragment}`);
  }

  private scheduleSettle(): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
  }

  private settle(): void {
    this.settleTimer = null;
    this.steps.render();
    this.transport.render();
    this.trees.render();
    this.writeUrl();
    this.hooks.settled = this.view.exactWorRequest === null;
  }
}

const app = new Playground();
app.start();
