#!/usr/bin/env node
// `npm run test:browser`: the playground in a real, headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; playwright never downloads a browser here). Starts `spechub playground --port 0` (which builds
// site/dist when stale), then:
//   - loads every preset and checks the displayed acceptances against `spechub acceptance --json` (the CLI, run as
//     a child process) for the same vectors;
//   - drags a bar with the mouse and moves one with the arrow keys, and checks again (k = 2 and k = 3, where the
//     exact optimum without replacement arrives from a web worker);
//   - times the acceptance update at n = 12 (≤ 50 ms per update, median; printed);
//   - steps through SpecHub on E1 (the nine steps of §2.6) and checks the probabilities shown;
//   - runs 20,000 Monte Carlo trials and reads the G-test p-value; toggles the biased verifier and sees the rejection;
//   - checks the tree and transport panels, that a reloaded link reproduces the view, and saves a screenshot of
//     each panel under site/screenshots/;
//   - bundles the replay's dense closed forms (esbuild) into a blank page and checks there that the WebAssembly first
//     pass loads (compiled on the main thread from its base64 bytes) and gives the JavaScript loop's values, bit for bit;
//   - fails on any console error or page error, and on any request to a host other than the local server.
// Ends with the line `N passed, N failed`; exit code 0 only when nothing failed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const UPDATE_BUDGET_MS = 50;
/**
 * Runs in the page (bundled by esbuild from the sources): the fused closed forms of the replay (every method, k = 2)
 * on eight laws of 7 to 32,000 tokens with zeros, with the WebAssembly first pass and with the JavaScript loop.
 */
const KERNEL_CHECK = `
import { denseAcceptances } from './src/traces/_internals/denseAcceptances.ts';
import { firstPassKernelUsed, firstPassWithBuckets, useFirstPassKernel } from './src/traces/_internals/ratioBuckets.ts';
(window as unknown as { __spechubKernelCheck: () => unknown }).__spechubKernelCheck = () => {
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const ids = ['rrs', 'rrsw', 'kseq', 'spechub', 'greedy', 'greedy-q', 'otm', 'otm-wor', 'khisti'];
  const mismatches: string[] = [];
  let compared = 0;
  let used = true;
  try {
    for (const n of [7, 300, 5000, 32000]) {
      for (let c = 0; c < 2; c++) {
        const p = new Float64Array(n);
        const q = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          p[i] = rand() < 0.1 ? 0 : (i + 1) ** -1.1 * Math.exp(rand());
          q[i] = rand() < 0.1 && i > 1 ? 0 : (i + 1) ** -1.1 * Math.exp(2 * rand());
        }
        for (const v of [p, q]) {
          let sum = 0;
          for (const x of v) sum += x;
          for (let i = 0; i < n; i++) v[i] = v[i]! / sum;
        }
        useFirstPassKernel(true);
        const withKernel = denseAcceptances(p, q, 2, ids);
        firstPassWithBuckets(p, q, 2);
        used = used && firstPassKernelUsed();
        useFirstPassKernel(false);
        const withoutKernel = denseAcceptances(p, q, 2, ids);
        for (const [id, value] of withKernel) {
          compared++;
          if (!Object.is(value, withoutKernel.get(id))) mismatches.push(n + '/' + id);
        }
      }
    }
  } finally {
    useFirstPassKernel(true);
  }
  return { used, compared, mismatches };
};
`;

let passed = 0;
let failed = 0;
const log = (line) => process.stdout.write(`${line}\n`);
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  log(`${ok ? '  ✓' : '  ✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
function finish(code) {
  log(`\n${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed === 0 ? 0 : 1));
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The browser: Debian's chromium, installed with apt-get when missing.
function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!isRoot && !hasSudo) {
    check('Chromium available', false, `${CHROMIUM} is missing and this user can neither run apt-get as root nor use sudo without a password; install it with: sudo apt-get install -y chromium`);
    return false;
  }
  log(`• ${CHROMIUM} is missing: installing Debian's chromium with apt-get (${isRoot ? 'root' : 'sudo'})`);
  const run = (args) => spawnSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const update = run(['apt-get', 'update']);
  const install = update.status === 0 ? run(['apt-get', 'install', '-y', 'chromium']) : update;
  return check('Chromium installed with apt-get', install.status === 0 && existsSync(CHROMIUM), install.status === 0 ? '' : `apt-get exited with ${install.status}`);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The CLI: the server, and `acceptance --json` as the reference.
function startServer() {
  const child = spawn(process.execPath, [join(root, 'bin/spechub.js'), 'playground', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the playground server printed no URL in 180 s: ${stderr}`)), 180_000);
    child.stdout.on('data', (d) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`the playground server exited with ${code}: ${stderr.trim()}`)));
  });
  return { child, url };
}

function cliAcceptance(target, draft, k) {
  const out = execFileSync(process.execPath, [join(root, 'bin/spechub.js'), 'acceptance', '--target', target, '--draft', draft, '--k', String(k), '--json'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

// ---------------------------------------------------------------------------------------------------------------
async function main() {
  if (!ensureChromium()) finish(1);
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    check('playwright-core installed', false, `${e.message.split('\n')[0]} (run npm ci)`);
    finish(1);
  }
  const server = startServer();
  let url;
  try {
    url = await server.url;
  } catch (e) {
    check('playground server starts', false, e.message);
    server.child.kill('SIGTERM');
    finish(1);
  }
  check('spechub playground prints a localhost URL', /^http:\/\/127\.0\.0\.1:\d+\/$/.test(url), url);
  const origin = new URL(url).origin;

  const userDataDir = mkdtempSync(join(tmpdir(), 'spechub-chromium-'));
  const context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const consoleErrors = [];
  const foreignRequests = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    const local = (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && u.origin === origin;
    if (local || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin && u.protocol !== 'data:') foreignRequests.push(r.url());
  });
  page.setDefaultTimeout(30_000);

  const settled = () => page.waitForFunction(() => window.__playground && window.__playground.settled === true, null, { timeout: 180_000 });
  const pairNow = () => page.evaluate(() => window.__playground.pair());
  const rows = () =>
    page.$$eval('#acceptance-table tbody tr', (trs) =>
      trs.map((tr) => {
        const cell = tr.querySelector('td[data-role="acceptance"]');
        return { id: tr.getAttribute('data-method'), exact: cell.getAttribute('data-exact'), acceptance: Number(cell.getAttribute('data-acceptance')), text: cell.textContent };
      }),
    );
  const skippedIds = () => page.$$eval('#skipped li', (lis) => lis.map((li) => li.getAttribute('data-method')).sort());

  /** The displayed table equals the CLI's JSON for the page's current vectors and k. */
  async function compareWithCli(label) {
    await settled();
    const pair = await pairNow();
    const k = await page.evaluate(() => window.__playground.state().k);
    const target = pair.exact ? pair.exact.p.join(',') : pair.p.map(String).join(',');
    const draft = pair.exact ? pair.exact.q.join(',') : pair.q.map(String).join(',');
    const cli = cliAcceptance(target, draft, k);
    const shown = await rows();
    const problems = [];
    const ids = shown.map((r) => r.id);
    if (ids.join(',') !== Object.keys(cli.methods).join(',')) problems.push(`methods ${ids} vs CLI ${Object.keys(cli.methods)}`);
    for (const r of shown) {
      const c = cli.methods[r.id];
      if (!c) continue;
      const exactShown = r.exact === '' ? null : r.exact;
      if (exactShown !== c.exact) problems.push(`${r.id}: fraction ${exactShown} vs CLI ${c.exact}`);
      const tolerance = c.exact === null && !pair.exact ? 1e-12 : 0;
      if (!(Math.abs(r.acceptance - c.acceptance) <= tolerance)) problems.push(`${r.id}: ${r.acceptance} vs CLI ${c.acceptance}`);
      if (!r.text.includes(c.acceptance.toFixed(6))) problems.push(`${r.id}: the cell text "${r.text}" does not show ${c.acceptance.toFixed(6)}`);
    }
    const skipped = await skippedIds();
    if (skipped.join(',') !== Object.keys(cli.skipped).sort().join(',')) problems.push(`skipped ${skipped} vs CLI ${Object.keys(cli.skipped)}`);
    return check(`${label}: acceptances equal \`spechub acceptance --json\` (n = ${cli.n}, k = ${k}, ${shown.length} methods)`, problems.length === 0, problems.slice(0, 3).join('; '));
  }

  try {
    await page.goto(url);
    await settled();
    check('the page loads with the acceptance table', (await rows()).length > 0);

    // ---- presets ------------------------------------------------------------------------------------------
    log('• presets');
    const presets = await page.$$eval('#preset option', (os) => os.map((o) => o.value).filter((v) => v !== 'custom'));
    for (const preset of presets) {
      await page.selectOption('#preset', preset);
      await compareWithCli(`preset ${preset}`);
    }

    // ---- drag a bar --------------------------------------------------------------------------------------
    log('• drag and keys');
    await page.selectOption('#preset', 'E1');
    await settled();
    const bar = page.locator('#bar-p-0 .hit');
    const box = await bar.boundingBox();
    const before = (await pairNow()).exact.p;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.9);
    await page.mouse.down();
    for (const f of [0.8, 0.7, 0.6, 0.5]) await page.mouse.move(box.x + box.width / 2, box.y + box.height * f, { steps: 3 });
    await page.mouse.up();
    await settled();
    const dragged = await pairNow();
    const sum = dragged.exact.p.reduce((s, x) => { const [a, b = '1'] = x.split('/'); return s + Number(a) / Number(b); }, 0);
    check('dragging the bar of p(a) moves it to about 1/2 and keeps Σ p = 1', Math.abs(dragged.p[0] - 0.5) < 0.02 && dragged.exact.p[0] !== before[0] && Math.abs(sum - 1) < 1e-12, `p = (${dragged.exact.p.join(', ')})`);
    check('after the drag the preset is “custom” and the URL holds the vectors', (await page.evaluate(() => location.hash)).includes(`p=${encodeURIComponent(dragged.exact.p.join(',')).replace(/%2C/g, '%2C')}`) || (await page.evaluate(() => decodeURIComponent(location.hash))).includes(`p=${dragged.exact.p.join(',')}`));
    await compareWithCli('after dragging p(a)');
    await page.focus('#bar-q-1');
    const q1 = Number(await page.getAttribute('#bar-q-1', 'aria-valuenow'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await settled();
    const q1After = Number(await page.getAttribute('#bar-q-1', 'aria-valuenow'));
    check('two ArrowUp presses on q(b) raise it by 2/360', Math.abs(q1After - (Math.round(q1 * 360) + 2) / 360) < 1e-12, `${q1} → ${q1After}`);
    await compareWithCli('after the arrow keys');
    // Typed entries: a fraction in one cell (the others rescale exactly), a whole vector (normalised exactly).
    await page.click('#panel-distributions summary');
    await page.fill('#p-0', '1/7');
    await page.press('#p-0', 'Enter');
    await settled();
    const typed = await pairNow();
    check('typing 1/7 into p(a) sets it exactly and rescales the rest exactly', typed.exact.p[0] === '1/7' && typed.exact.p.length === 3, `p = (${typed.exact.p.join(', ')})`);
    await page.fill('#q-vector', '1,2,3,4');
    await page.click('#q-vector-apply');
    await settled();
    const applied = await pairNow();
    check('applying the draft vector 1,2,3,4 gives q = (1/10, 1/5, 3/10, 2/5) on n = 4', applied.exact.q.join(',') === '1/10,1/5,3/10,2/5' && applied.exact.p.length === 4, `q = (${applied.exact.q.join(', ')})`);
    await compareWithCli('after typing fractions');
    await page.fill('#q-vector', '1,-1');
    await page.click('#q-vector-apply');
    check('a negative entry is refused with a message, the pair is unchanged', /negative/.test(await page.textContent('#status')) && (await pairNow()).exact.q.join(',') === applied.exact.q.join(','));
    // Temperature sliders, with the keyboard.
    await page.selectOption('#preset', 'logits');
    await settled();
    await page.focus('#target-temperature');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    await settled();
    const tp = await page.evaluate(() => window.__playground.state().targetTemperature);
    check('the target temperature slider moves with the arrow keys (1 → 0.7)', Math.abs(tp - 0.7) < 1e-9, String(tp));
    await compareWithCli('logits at T = 0.7 (float64)');
    await page.selectOption('#preset', 'E1');
    await settled();
    await page.focus('#bar-q-1');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await settled();
    await page.selectOption('#k', '3');
    await page.waitForFunction(() => document.querySelector('#optimum-wor')?.getAttribute('aria-busy') === 'false', null, { timeout: 60_000 });
    await compareWithCli('k = 3 (exact optimum w/o replacement from the worker)');
    await page.selectOption('#k', '2');
    await settled();

    // ---- the URL reproduces the view ---------------------------------------------------------------------
    const hash = await page.evaluate(() => location.hash);
    const tableBefore = await rows();
    await page.goto(`${url}${hash}`);
    await page.reload();
    await settled();
    check('reloading the link reproduces the vectors and the table', JSON.stringify(await rows()) === JSON.stringify(tableBefore));

    // ---- performance at n = 12 -------------------------------------------------------------------------
    log('• update time at n = 12');
    await page.selectOption('#vocab-size', '12');
    await settled();
    const measure = async (k) => {
      await page.selectOption('#k', String(k));
      await settled();
      await page.focus('#bar-p-3');
      const start = await page.evaluate(() => window.__playground.updateTimes.length);
      for (let i = 0; i < 24; i++) await page.keyboard.press(i % 2 === 0 ? 'ArrowUp' : 'PageDown');
      const times = (await page.evaluate((s) => window.__playground.updateTimes.slice(s), start)).sort((a, b) => a - b);
      const parts = await page.evaluate((s) => window.__playground.updateBreakdown.slice(s), start);
      const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      const median = times[Math.floor(times.length / 2)];
      const p90 = times[Math.floor(times.length * 0.9)];
      log(`  acceptance update at n = 12, k = ${k}: median ${median.toFixed(1)} ms (library ${med(parts.map((x) => x.compute)).toFixed(1)} ms + DOM ${med(parts.map((x) => x.dom)).toFixed(1)} ms), fastest ${times[0].toFixed(1)} ms, 90th percentile ${p90.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${times.length} key presses`);
      return { median, count: times.length };  // 24 key presses, plus one redraw when a worker's exact answer lands
    };
    const k2 = await measure(2);
    check(`update at n = 12, k = 2 within ${UPDATE_BUDGET_MS} ms (median)`, k2.count >= 24 && k2.median <= UPDATE_BUDGET_MS, `${k2.median.toFixed(1)} ms`);
    const k4 = await measure(4);
    check(`update at n = 12, k = 4 within ${UPDATE_BUDGET_MS} ms (median; the exact α* w/o replacement follows from the worker)`, k4.count >= 24 && k4.median <= UPDATE_BUDGET_MS, `${k4.median.toFixed(1)} ms`);
    await page.waitForFunction(() => document.querySelector('#optimum-wor')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
    await compareWithCli('n = 12, k = 4 after the arrow keys');

    // ---- step-through: SpecHub on E1 ---------------------------------------------------------------------
    log('• step-through');
    await page.selectOption('#k', '2');
    await page.selectOption('#preset', 'E1');
    await settled();
    await page.selectOption('#step-method', 'spechub');
    await settled();
    await page.selectOption('#draft-0', '0');
    await page.selectOption('#draft-1', '1');
    await settled();
    await page.click('#step-first');
    const visited = [];
    for (let i = 0; i < 20; i++) {
      const frame = await page.evaluate(() => ({
        line: [...document.querySelectorAll('#step-code li')].findIndex((li) => li.getAttribute('aria-current') === 'step'),
        probability: document.querySelector('#step-test')?.getAttribute('data-probability') ?? null,
        ok: document.querySelector('#library-check')?.getAttribute('data-ok'),
        end: document.querySelector('#step-branch-law') !== null,
      }));
      visited.push(frame);
      if (frame.end) break;
      await page.click('#step-next');
      await page.waitForFunction((n) => document.querySelector('#step-position')?.textContent?.startsWith(`step ${n + 1} `), visited.length);
    }
    const lines = visited.map((f) => f.line);
    check('SpecHub on E1 with drafts (a, b) walks the nine steps of §2.6 in order', lines.join(',') === '0,1,2,3,4,5,6,7,8,9', lines.join(','));
    // By hand from §2.6: hub a = 0; P1(b) = (1/3 − 1/3)⁺ = 0 → line 3 accepts b with 0; S_ai = Qai(b) = 1/3 → line 5 accepts a with (1/6)/(1/3) = 1/2.
    const tests = Object.fromEntries(visited.filter((f) => f.probability !== null).map((f) => [f.line, f.probability]));
    check('the accept probabilities shown are 0 (line 3) and 1/2 (line 5)', tests[3] === '0' && tests[5] === '1/2', JSON.stringify(tests));
    check('every step is checked against the library’s own SpecHub verifier', visited.every((f) => f.ok === 'true'));
    const branch = await page.$eval('#step-branch-law svg', (svg) => svg.getAttribute('aria-label'));
    // Given (a, b): a accepted w.p. 1/2, the residual norm(P2) = c w.p. 1/2.
    check('the branch ends in the output law (a: 1/2 accepted, c: 1/2 residual)', /accepted as a draft: a 1\/2, b 0, c 0; residual draw: a 0, b 0, c 1\/2/.test(branch), branch);
    await shoot('#panel-step', 'step-through');

    // Every verifier on a tie-breaking vector (E6) and on disjoint supports: the page's steps match the library's.
    for (const preset of ['E6', 'disjoint']) {
      await page.selectOption('#preset', preset);
      await settled();
      const methods = await page.$$eval('#step-method option', (os) => os.map((o) => o.value));
      const bad = [];
      for (const m of methods) {
        await page.selectOption('#step-method', m);
        await settled();
        await page.click('#step-last');
        const state = await page.evaluate(() => ({ ok: document.querySelector('#library-check')?.getAttribute('data-ok') ?? null, error: document.querySelector('#step-error')?.textContent ?? null }));
        if (state.ok !== 'true') bad.push(`${m}: ${state.error ?? 'library check failed'}`);
      }
      check(`${preset}: every verifier's step-through (${methods.length}) matches the library's own verifier`, bad.length === 0, bad.join(', '));
    }

    // ---- Monte Carlo -------------------------------------------------------------------------------------
    log('• Monte Carlo');
    await page.selectOption('#preset', 'E4');
    await settled();
    await page.selectOption('#mc-method', 'rrs');
    await page.selectOption('#mc-trials', '20000');
    await settled();
    const runTrials = async () => {
      await page.click('#mc-run');
      await page.waitForFunction(() => document.querySelector('#mc-progress')?.getAttribute('data-state') === 'done', null, { timeout: 120_000 });
      return page.$eval('#mc-gtest', (p) => ({ pValue: Number(p.getAttribute('data-p-value')), rejected: p.getAttribute('data-rejected') === 'true', trials: Number(p.getAttribute('data-trials')) }));
    };
    const fair = await runTrials();
    log(`  RRS on E4, 20,000 trials: G-test p-value ${fair.pValue}`);
    check('20,000 trials of RRS on E4: the p-value is read and the output law is not rejected at 0.001', fair.trials === 20000 && Number.isFinite(fair.pValue) && !fair.rejected, `p = ${fair.pValue}`);
    await page.check('#mc-biased');
    await settled();
    const biased = await runTrials();
    log(`  biased RRS (skips duplicates) on E4, 20,000 trials: G-test p-value ${biased.pValue}`);
    check('the biased verifier (duplicate-skipping RRS) is rejected', biased.trials === 20000 && biased.rejected && biased.pValue < 0.001, `p = ${biased.pValue}`);
    await shoot('#panel-montecarlo', 'monte-carlo');
    await page.uncheck('#mc-biased');
    await page.click('#mc-run');
    await page.waitForFunction(() => document.querySelector('#mc-progress')?.getAttribute('data-state') === 'done', null, { timeout: 120_000 });

    // ---- transport and trees -------------------------------------------------------------------------------
    log('• transport and trees');
    await page.selectOption('#preset', 'E1');
    await settled();
    const optimal = await page.getAttribute('#transport-optimal-value', 'data-exact');
    const hubPlan = await page.getAttribute('#transport-spechub-value', 'data-exact');
    const iid = await page.getAttribute('#optimum-iid', 'data-exact');
    const spechubRow = (await rows()).find((r) => r.id === 'spechub');
    check('the optimal flow carries α*_iid and SpecHub’s plan carries its acceptance (E1: 29/36 and 5/6)', optimal === iid && optimal === '29/36' && hubPlan === spechubRow.exact && hubPlan === '5/6', `${optimal}, ${hubPlan}`);
    await page.selectOption('#tree-depth', '4');
    await settled();
    const treeRows = await page.$$eval('#tree-table tbody tr', (trs) => trs.map((tr) => ({ exact: tr.getAttribute('data-exact'), simulated: Number(tr.getAttribute('data-simulated')) })));
    check('the tree table has exact and simulated tokens per step for 5 verifiers', treeRows.length === 5 && treeRows.every((r) => r.simulated >= 1));
    await page.click('#tree-walk');
    const emitted = Number(await page.getAttribute('#tree-emitted', 'data-count'));
    check('a drafted tree is walked and emits between 1 and D tokens', emitted >= 1 && emitted <= 4, String(emitted));
    await page.selectOption('#tree-depth', '3');
    await settled();

    // ---- screenshots ---------------------------------------------------------------------------------------
    log('• screenshots');
    mkdirSync(join(root, 'site/screenshots'), { recursive: true });
    await page.selectOption('#preset', 'E4');
    await settled();
    for (const [id, file] of [['#panel-distributions', 'distributions'], ['#panel-acceptance', 'acceptance'], ['#panel-transport', 'transport'], ['#panel-trees', 'trees']]) {
      await shoot(id, file);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(root, 'site/screenshots/overview.png') });
    check('screenshots saved under site/screenshots/', ['distributions', 'acceptance', 'step-through', 'monte-carlo', 'transport', 'trees', 'overview'].every((f) => existsSync(join(root, `site/screenshots/${f}.png`))));

    // ---- the replay's WebAssembly first pass in the page ------------------------------------------------------
    log('• the replay kernel (WebAssembly) in the page');
    const { build } = await import('esbuild');
    const bundled = await build({ stdin: { contents: KERNEL_CHECK, resolveDir: root, loader: 'ts', sourcefile: 'kernel-check.ts' }, bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
    // A blank page of its own: the playground's Content-Security-Policy (script-src 'self') allows neither an
    // inline script nor WebAssembly compilation (the playground does not use the kernel).
    const blank = await context.newPage();
    await blank.goto('about:blank');
    await blank.addScriptTag({ content: bundled.outputFiles[0].text });
    const kernel = await blank.evaluate(() => window.__spechubKernelCheck());
    await blank.close();
    check('the replay’s WebAssembly first pass runs in Chromium and every fused acceptance equals the JavaScript loop’s, bit for bit', kernel.used && kernel.compared >= 60 && kernel.mismatches.length === 0, `${kernel.compared} values, kernel ${kernel.used ? 'used' : 'NOT used'}, mismatches: ${kernel.mismatches.slice(0, 5).join(', ') || 'none'}`);
  } catch (e) {
    check('browser session', false, e.message.split('\n')[0]);
  } finally {
    check('no console errors', consoleErrors.length === 0, consoleErrors.slice(0, 3).join(' | '));
    check('no request to a host other than the local server', foreignRequests.length === 0, foreignRequests.slice(0, 3).join(' | '));
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    server.child.kill('SIGTERM');
  }
  finish();

  async function shoot(selector, file) {
    mkdirSync(join(root, 'site/screenshots'), { recursive: true });
    await page.locator(selector).screenshot({ path: join(root, `site/screenshots/${file}.png`), animations: 'disabled' });
  }
}

main().catch((e) => {
  check('browser test', false, e.stack ?? String(e));
  finish(1);
});
