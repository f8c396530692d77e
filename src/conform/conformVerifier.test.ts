// The in-process API: every built-in verifier passes; the duplicate-skipping RRS (§8 item 1) is rejected in
// Monte Carlo mode and in exact mode, with a shrunk counterexample that is checked independently (the core
// enumerator on the same biased program); an exact verifier tested against the wrong method's acceptance is
// rejected in both modes; the Bonferroni split is as stated.
// CI-time reduction (stated): 3,000 trials per case for the pass tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactOutputLawUnchecked } from '../analysis/outputLaw.ts';
import { rationalField as F } from '../core/field.ts';
import { Rational } from '../core/rational.ts';
import { getMethod, methodIds } from '../methods.ts';
import { biasedMethod, duplicateSkippingRrs, E4 } from '../../property-tests/helpers.ts';
import type { ConformanceSuite } from './conformanceSuite.ts';
import { conformVerifier } from './conformVerifier.ts';
import { totalVariation } from './_internals/exactLaws.ts';

const one = (name: string, p: Rational[], q: Rational[]): ConformanceSuite => ({ name: 'custom', version: 1, trials: 100_000, cases: [{ name, family: 'test', description: '', p, q }] });

test('every built-in verifier passes the quick suite in process, both modes, k = 1…3', async () => {
  for (const id of methodIds()) {
    const { verifier } = getMethod(id);
    const report = await conformVerifier(verifier, { method: id, suite: 'quick', trials: 3000, k: [1, 2, 3].filter((k) => verifier.supportsK(k)) });
    const failures = report.cases.filter((c) => c.rejected).map((c) => `${c.name} k=${c.k}: ${c.failures.join('; ')}`);
    assert.is(report.rejected, false, `${id}\n${failures.join('\n')}`);
    assert.ok(report.cases.length > 0 && report.cases.every((c) => c.outputLaw !== null), id);
    assert.ok(report.cases.filter((c) => c.exact !== null).length >= 10, `${id}: exact mode ran`);
    assert.ok(report.cases.every((c) => c.declined === null || /entries \(limit/.test(c.declined)), `${id}: declines`);
  }
});

test('duplicate-skipping RRS: rejected in Monte Carlo mode on E4 (TV 3/112 above the stated power)', async () => {
  const report = await conformVerifier(duplicateSkippingRrs, { k: 2, mode: 'monte-carlo', suite: one('E4', E4.p, E4.q), method: 'rrs' });
  const c = report.cases[0]!;
  assert.ok(c.powerTv! < 3 / 112, `power ${c.powerTv}`);
  assert.ok(c.outputLaw!.rejected && report.rejected, `p-value ${c.outputLaw!.pValue}`);
  assert.is(report.tests, 2);
  assert.is(report.levelPerTest, 0.0005);
});

test('duplicate-skipping RRS: exact TV 3/112 on E4 and a shrunk counterexample that the core enumerator confirms', async () => {
  const report = await conformVerifier(duplicateSkippingRrs, { k: 2, mode: 'exact', suite: 'standard', method: 'rrs' });
  const e4 = report.cases.find((c) => c.name === 'E4')!;
  assert.is(e4.exact!.tv, '3/112');
  assert.is(e4.exact!.law, 'differs');
  const x = e4.exact!.counterexample!;
  assert.ok(x.p.length <= 4, `shrunk to n = ${x.p.length}`);
  const p = x.p.map((s) => Rational.parse(s));
  const q = x.q.map((s) => Rational.parse(s));
  const law = exactOutputLawUnchecked(F, biasedMethod, p, q, 2).law;
  assert.is(totalVariation(law, p).toString(), x.tv, 'the counterexample fails by the stated TV');
  assert.ok(totalVariation(law, p).sign() > 0);
  // The tuple where it departs from RRS repeats a token (the bug needs duplicates).
  assert.ok(x.drafts !== null && x.drafts.length === 2 && x.drafts[0] === x.drafts[1], `drafts ${x.drafts}`);
  assert.not.equal(x.programLawOnDrafts, x.referenceLawOnDrafts);
  // Cases without duplicate drafts are not flagged.
  for (const name of ['onehot-draft', 'onehot-same', 'disjoint-halves']) assert.is(report.cases.find((c) => c.name === name)!.rejected, false, name);
});

test('an exact verifier tested against another method\'s acceptance is rejected (acceptance teeth)', async () => {
  const report = await conformVerifier(getMethod('rrs').verifier, { k: 2, suite: one('E4', E4.p, E4.q), method: 'khisti', trials: 20_000, shrink: false });
  const c = report.cases[0]!;
  assert.is(c.exact!.law, 'equal');
  assert.is(c.exact!.acceptance, '18/25');
  assert.is(c.exact!.expectedAcceptance, '79/100');
  assert.is(c.exact!.acceptanceEqual, false);
  assert.ok(c.acceptance!.rejected, `z-test p-value ${c.acceptance!.pValue}`);
  assert.ok(c.rejected);
});

test('bad options are typed errors', async () => {
  const rrs = getMethod('rrs').verifier;
  const rejects = async (options: Parameters<typeof conformVerifier>[1], pattern: RegExp) => {
    await conformVerifier(rrs, options).then(
      () => assert.unreachable(),
      (e) => assert.match(String(e), pattern),
    );
  };
  await rejects({ draws: 'hub', method: 'rrs' }, /exact for iid drafts, not hub drafts/);
  await rejects({ k: 0 }, /k must be an integer in \[1, 64\]/);
  await rejects({ level: 2 }, /level must lie in \(0, 1\)/);
  await rejects({ suite: 'everything' }, /unknown suite 'everything'/);
  await rejects({ trials: 0 }, /trials must be a positive integer/);
  const law = exactOutputLawUnchecked(F, biasedMethod, E4.p, E4.q, 2).law;
  assert.is(totalVariation(law, E4.p).toString(), '3/112', 'the §7.2 value, by the core enumerator');
});

test.run();
