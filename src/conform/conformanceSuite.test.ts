// The suites are what docs/conformance.md promises: exact laws summing to exactly 1, unique names, quick ⊂
// standard ⊂ full, ≥ 40 standard cases covering the families issue 12 lists, and stable (same vectors each call).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argmax } from '../core/distribution.ts';
import { rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { conformanceSuite, SUITE_NAMES } from './conformanceSuite.ts';

test('every case is an exact pair of laws of one length; names are unique', () => {
  for (const name of SUITE_NAMES) {
    const suite = conformanceSuite(name);
    assert.is(suite.version, 1);
    const names = new Set<string>();
    for (const c of suite.cases) {
      assert.not.ok(names.has(c.name), `${name}: duplicate ${c.name}`);
      names.add(c.name);
      assert.is(c.p.length, c.q.length, c.name);
      for (const v of [c.p, c.q]) {
        assert.ok(v.reduce((s, x) => s.add(x), Rational.ZERO).equals(Rational.ONE), `${c.name} sums to 1`);
        assert.ok(v.every((x) => x.sign() >= 0), `${c.name} non-negative`);
      }
    }
  }
});

test('quick ⊂ standard ⊂ full; sizes and trials as documented', () => {
  const [quick, standard, full] = SUITE_NAMES.map((n) => conformanceSuite(n));
  assert.equal([quick!.cases.length, standard!.cases.length, full!.cases.length], [13, 46, 62]);
  assert.equal([quick!.trials, standard!.trials, full!.trials], [20_000, 100_000, 1_000_000]);
  const names = (s: typeof quick) => new Set(s!.cases.map((c) => c.name));
  for (const c of quick!.cases) assert.ok(names(standard).has(c.name));
  for (const c of standard!.cases) assert.ok(names(full).has(c.name));
  assert.throws(() => conformanceSuite('everything'), /unknown suite/);
});

test('the standard suite covers what issue 12 asks for', () => {
  const cases = conformanceSuite('standard').cases;
  const family = (f: string) => cases.filter((c) => c.family.includes(f));
  assert.ok(cases.length >= 40);
  for (const f of ['spec vectors', 'zeros', 'ties', 'one-hot', 'disjoint', 'near-degenerate', 'hub mass > 0.999', 'duplicate', 'Zipf', 'Dirichlet', 'large sparse']) {
    assert.ok(family(f).length >= 1, f);
  }
  assert.is(Math.max(...cases.map((c) => c.p.length)), 32_000);
  assert.is(Math.min(...cases.map((c) => c.p.length)), 2);
  // 1e-12 masses are exact, and p(hub) > 0.999 where the family says so.
  assert.ok(cases.some((c) => c.p.some((x) => x.equals(Rational.parse('1e-12')))));
  for (const c of family('hub mass > 0.999')) {
    const a = argmax(F, c.q);
    assert.ok(c.p[a]!.compare(Rational.parse('0.999')) > 0, `${c.name}: p(hub) = ${c.p[a]}`);
  }
  // Hub ties (E6, ties-hub3, hub999-tie) and disjoint supports.
  const tiedHub = (q: Rational[]) => {
    const top = q[argmax(F, q)]!;
    return q.filter((x) => x.equals(top)).length > 1;
  };
  assert.ok(cases.filter((c) => tiedHub(c.q)).length >= 3);
  const disjoint = cases.find((c) => c.name === 'disjoint-halves')!;
  assert.ok(disjoint.p.every((x, i) => x.sign() === 0 || disjoint.q[i]!.sign() === 0));
});

test('stable: the same vectors on every call (a versioned contract)', () => {
  const a = conformanceSuite('full').cases;
  const b = conformanceSuite('full').cases;
  for (let i = 0; i < a.length; i++) assert.ok(a[i]!.p.every((x, j) => x.equals(b[i]!.p[j]!)) && a[i]!.q.every((x, j) => x.equals(b[i]!.q[j]!)), a[i]!.name);
  const e4 = a.find((c) => c.name === 'E4')!;
  assert.equal(e4.p.map(String), ['1/10', '1/5', '3/10', '2/5']);
});

test.run();
