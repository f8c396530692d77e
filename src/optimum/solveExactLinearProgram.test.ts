// The exact simplex: textbook optima, Beale's cycling example (Bland's rule terminates), cuts added after a
// solve (dual simplex), agreement with GLPK on random small LPs, and the errors.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpechubError } from '../core/errors.ts';
import { rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { ExactSimplex } from './solveExactLinearProgram.ts';
import { solveLinearProgram } from './solveLinearProgram.ts';

const R = (s: string | number) => (typeof s === 'number' ? Rational.of(s) : Rational.parse(s));

test('textbook LP: max x0 + x1 s.t. x0 + 2x1 ≤ 4, 3x0 + x1 ≤ 6 → 14/5 at (8/5, 6/5); a cut then moves the optimum', () => {
  const lp = new ExactSimplex(F, [R(1), R(1)]);
  lp.addRow([[0, R(1)], [1, R(2)]], R(4));
  lp.addRow([[0, R(3)], [1, R(1)]], R(6));
  const s = lp.solve();
  assert.is(s.value.toString(), '14/5');
  assert.equal(s.x.map(String), ['8/5', '6/5']);
  lp.addRow([[0, R(1)], [1, R(1)]], R(2)); // violated by (8/5, 6/5): dual simplex
  const t = lp.solve();
  assert.is(t.value.toString(), '2');
  lp.addRow([[1, R(1)]], R('1/2'));
  assert.is(lp.solve().value.toString(), '2'); // x1 ≤ 1/2 still allows x0 + x1 = 2 (x0 = 3/2 ≤ 2 − x1)
});

test("Beale's example (cycles under Dantzig's rule): Bland's rule reaches the optimum 5/4 (x4 = x6 = 1), as GLPK does", async () => {
  // max 3/4 x4 − 20 x5 + 1/2 x6 − 6 x7 s.t. 1/4 x4 − 8 x5 − x6 + 9 x7 ≤ 0; 1/2 x4 − 12 x5 − 1/2 x6 + 3 x7 ≤ 0; x6 ≤ 1
  const lp = new ExactSimplex(F, [R('3/4'), R(-20), R('1/2'), R(-6)]);
  lp.addRow([[0, R('1/4')], [1, R(-8)], [2, R(-1)], [3, R(9)]], R(0));
  lp.addRow([[0, R('1/2')], [1, R(-12)], [2, R('-1/2')], [3, R(3)]], R(0));
  lp.addRow([[2, R(1)]], R(1));
  assert.is(lp.solve().value.toString(), '5/4');
  const glpk = await solveLinearProgram({
    name: 'beale', direction: 'max', variableCount: 4, objective: [0.75, -20, 0.5, -6],
    rows: [
      { indices: [0, 1, 2, 3], coefficients: [0.25, -8, -1, 9], kind: 'le', bound: 0 },
      { indices: [0, 1, 2, 3], coefficients: [0.5, -12, -0.5, 3], kind: 'le', bound: 0 },
      { indices: [2], kind: 'le', bound: 1 },
    ],
  });
  assert.ok(Math.abs(glpk.value - 1.25) < 1e-12);
});

test('random LPs (≤ 6 variables, ≤ 6 rows, integer data): the exact optimum agrees with GLPK to 1e-9', async () => {
  const samples = fc.sample(
    fc.record({
      vars: fc.integer({ min: 1, max: 6 }),
      rows: fc.array(fc.tuple(fc.array(fc.integer({ min: -3, max: 5 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 6 }),
      c: fc.array(fc.integer({ min: -2, max: 5 }), { minLength: 6, maxLength: 6 }),
    }),
    { seed: 7, numRuns: 60 },
  );
  let compared = 0;
  for (const { vars, rows, c } of samples) {
    // A box keeps every instance bounded.
    const all = [...rows, ...Array.from({ length: vars }, (_, j) => [Array.from({ length: 6 }, (_, i) => (i === j ? 1 : 0)), 7] as [number[], number])];
    const lp = new ExactSimplex(F, c.slice(0, vars).map((x) => R(x)));
    for (const [a, b] of all) lp.addRow(a.slice(0, vars).map((x, j) => [j, R(x)] as const).filter(([, x]) => !x.isZero()), R(b));
    const exact = lp.solve().value.toNumber();
    const glpk = await solveLinearProgram({
      name: 'random', direction: 'max', variableCount: vars, objective: c.slice(0, vars),
      rows: all.map(([a, b]) => ({ indices: a.slice(0, vars).map((_, j) => j), coefficients: a.slice(0, vars), kind: 'le' as const, bound: b })),
    });
    assert.ok(Math.abs(exact - glpk.value) < 1e-9, `exact ${exact} vs GLPK ${glpk.value}`);
    compared++;
  }
  assert.is(compared, 60);
});

test('errors: unbounded, an infeasible cut, a bad index, a negative bound before the first solve', () => {
  const unbounded = new ExactSimplex(F, [R(1)]);
  unbounded.addRow([[0, R(-1)]], R(1));
  assert.throws(() => unbounded.solve(), (e: unknown) => e instanceof SpechubError && e.code === 'SOLVER_FAILURE');
  const lp = new ExactSimplex(F, [R(1)]);
  lp.addRow([[0, R(1)]], R(1));
  lp.solve();
  lp.addRow([[0, R(-1)]], R(-2)); // x ≥ 2 with x ≤ 1
  assert.throws(() => lp.solve(), (e: unknown) => e instanceof SpechubError && e.code === 'SOLVER_FAILURE');
  assert.throws(() => new ExactSimplex(F, [R(1)]).addRow([[3, R(1)]], R(1)), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
  const early = new ExactSimplex(F, [R(1)]);
  early.addRow([[0, R(1)]], R(-1));
  assert.throws(() => early.solve(), (e: unknown) => e instanceof SpechubError && e.code === 'INVALID_ARGUMENT');
});

test.run();
