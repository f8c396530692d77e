import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../../core/errors.ts';
import { STEP_PHASES, StepProfiler } from './stepProfiler.ts';

/** A profiler on a fake clock advanced by hand. */
function fake() {
  let now = 0;
  const profiler = new StepProfiler(() => now);
  return { profiler, advance: (ms: number) => (now += ms) };
}

test('laps charge the time since the previous lap; a step\'s phases add up to its wall time; remainder → other', () => {
  const { profiler, advance } = fake();
  profiler.lap('laws'); // outside a step: ignored
  profiler.begin();
  advance(4);
  profiler.lap('targetPass');
  advance(1);
  profiler.lap('draftPass');
  advance(0.5);
  profiler.lap('laws');
  advance(0.25);
  profiler.lap('laws');
  advance(0.125);
  profiler.end();
  assert.is(profiler.steps.length, 1);
  const s = profiler.steps[0]!;
  const at = (p: (typeof STEP_PHASES)[number]) => s[STEP_PHASES.indexOf(p)]!;
  assert.equal([at('targetPass'), at('draftPass'), at('laws'), at('other'), at('cache')], [4, 1, 0.75, 0.125, 0]);
  assert.is(s.reduce((a, b) => a + b, 0), 5.875);
});

test('summary: per-phase medians, shares of the typical step (add up to 1), overhead share, per-step overhead median; dropLast, reset', () => {
  const { profiler, advance } = fake();
  // Three steps: target 8/9/30 ms, draft 1 ms, cache 1/1/1 ms; the third step's target pass is "preempted".
  for (const t of [8, 9, 30]) {
    profiler.begin();
    advance(t);
    profiler.lap('targetPass');
    advance(1);
    profiler.lap('draftPass');
    advance(1);
    profiler.lap('cache');
    profiler.end();
  }
  const s = profiler.summary();
  assert.is(s.steps, 3);
  assert.is(s.medianStepMs, 11);
  assert.is(s.medianMs.targetPass, 9);
  assert.is(s.shares.targetPass, 9 / 11);
  assert.is(s.shares.cache, 1 / 11);
  assert.ok(Math.abs(STEP_PHASES.reduce((a, p) => a + s.shares[p], 0) - 1) < 1e-15);
  assert.is(s.overheadShare, 1 / 11);
  assert.is(s.medianStepOverheadShare, 1 / 11); // per step: 1/10, 1/11, 1/32
  profiler.dropLast();
  assert.is(profiler.summary().medianStepMs, 10.5);
  profiler.reset();
  assert.throws(() => profiler.summary(), (e: unknown) => e instanceof SpechubError && e.code === 'EMPTY');
});

test('read cost: taken off every lap, never below zero; calibrate measures the mean gap between reads', () => {
  let now = 0;
  const profiler = new StepProfiler(() => now, 0.5);
  profiler.begin();
  now += 3;
  profiler.lap('targetPass');
  now += 0.25;
  profiler.lap('laws');
  profiler.end();
  const s = profiler.steps[0]!;
  assert.equal([s[STEP_PHASES.indexOf('targetPass')], s[STEP_PHASES.indexOf('laws')]], [2.5, 0]);
  let t = 0;
  assert.ok(Math.abs(StepProfiler.calibrate(() => (t += 0.002), 11) - 0.002) < 1e-15);
  // A clock that ticks 0.001 every third read: most gaps are 0 (median 0), each read costs a third of a tick.
  let reads = 0;
  assert.ok(Math.abs(StepProfiler.calibrate(() => Math.floor(reads++ / 3) * 0.001, 3000) - 0.001 / 3) < 1e-9);
});

test.run();
