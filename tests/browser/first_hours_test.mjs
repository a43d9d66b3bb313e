// The first-hours page in a real browser (docs/first-hours.md): Debian's chromium, driven by
// playwright-core, against `breachclock serve --port 0`.
//
//   node tests/browser/first_hours_test.mjs path/to/breachclock
//
// Enters the CWU seed's facts (rules/uk/examples/cwu-2024.toml) through the page as a user
// would, and checks: the ICO duty undetermined with the due instant `breachclock assess` gives;
// the personal-data question answered by keyboard leaves it to the risk, and the risk answered
// makes it required; the explanation, the
// timeline, the four downloads (the TOML one accepted by the server with the same assessment);
// a bad zone's diagnostic; a repeated local time (the autumn fold) resolved by the user's choice;
// a 390 px window without horizontal scrolling; the token asked of a
// server that needs one; no console error and no request to another host. Screenshots go to $BREACHCLOCK_SCREENSHOTS when set (docs/images
// holds the committed ones), else to the test's temporary folder. Exit 0 on success, 1 with a
// message on failure; the server and the browser are stopped on every path.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const CHROMIUM = process.env.BREACHCLOCK_CHROMIUM || '/usr/bin/chromium';
const LIMIT_MS = 150_000;
const USER_ZONE = 'America/Toronto';   // the browser's zone: not the regulator's, so both show

const binary = process.argv[2];
const work = mkdtempSync(path.join(tmpdir(), 'breachclock-browser-'));
const shots = process.env.BREACHCLOCK_SCREENSHOTS || work;
const servers = [];
let browser = null, step = 'start';

function fail(message) {
  const error = new Error(message);
  error.expected = true;
  throw error;
}
function check(condition, message) { if (!condition) fail(message); }

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  for (const server of servers.splice(0)) if (server.exitCode === null) server.kill('SIGTERM');
  if (!process.env.BREACHCLOCK_KEEP_TEMP) rmSync(work, { recursive: true, force: true });
}

const watchdog = setTimeout(async () => {
  console.error(`browser.first_hours: FAIL: timed out after ${LIMIT_MS / 1000} s (at: ${step})`);
  await cleanup();
  process.exit(1);
}, LIMIT_MS);

// Starts the server and learns its port from the line it prints on stderr.
function startServer(env = {}) {
  return new Promise((resolve, reject) => {
    const environment = { ...process.env, ...env };
    if (!env.BREACHCLOCK_TOKEN) delete environment.BREACHCLOCK_TOKEN;   // the first server needs none
    const server = spawn(binary, ['serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'], env: environment });
    servers.push(server);
    let err = '';
    server.on('error', (e) => reject(new Error(`cannot start ${binary} serve: ${e.message}`)));
    server.on('exit', (code) => reject(new Error(`${binary} serve exited (${code}) before listening: ${err.trim()}`)));
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (http:\/\/[^\s]+\/)/.exec(err);
      if (m) resolve(m[1]);
    });
  });
}

// `breachclock assess` of an incident file, as JSON, for comparison with the page.
function cli(file, asOf) {
  return JSON.parse(execFileSync(binary, ['assess', file, '--as-of', asOf, '--format', 'json'], { encoding: 'utf8' }));
}

const fmt = (instant, zone) => {
  const d = new Date(instant);
  const opts = { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short', hourCycle: 'h23' };
  if (d.getUTCSeconds()) opts.second = '2-digit';
  return new Intl.DateTimeFormat('en-GB', opts).format(d);
};

async function main() {
  check(binary && existsSync(binary), `usage: first_hours_test.mjs BREACHCLOCK (got ${binary})`);
  check(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    fail(`playwright-core is missing in tests/browser/node_modules: run scripts/install-deps (npm ci there): ${e.message}`);
  }

  step = 'start the server';
  const base = await startServer();
  const origin = new URL(base).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: USER_ZONE,
    acceptDownloads: true, locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [], foreign = [];
  let allowed422 = false;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (allowed422 && /status of 422/.test(m.text())) return;   // the bad zone, on purpose
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['blob:', 'data:'].includes(u.protocol) && u.origin !== origin) foreign.push(r.url());
  });
  const settled = () => page.waitForFunction(() => document.body.dataset.pending === '0', null, { timeout: 15000 });
  const duty = (id) => page.locator(`[data-obligation="${id}"]`);
  // A screenshot of the top of the page in a tall window: the incident, the first questions and
  // the first duties.
  const snapshot = async (name) => {
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.evaluate(() => {
      document.getElementById('q-other-box').open = false;
      window.scrollTo(0, 0);
      document.getElementById('duties').scrollTop = 0;
    });
    await page.screenshot({ path: path.join(shots, name) });
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  const question = async (fact) => {
    const li = page.locator(`li[data-fact="${fact}"]`);
    const box = li.locator('xpath=ancestor::details');
    if (await box.count() && !(await box.evaluate((d) => d.open))) await box.locator('summary').first().click();
    return li;
  };

  step = 'open the page';
  await page.goto(base);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 15000 });
  await settled();

  step = 'enter the CWU seed';
  await page.getByLabel('Id', { exact: true }).fill('cwu-2024-03');
  await page.getByLabel('Title', { exact: true }).fill('CWU: cyber attack on IT systems, email down, member data held on them');
  await page.getByLabel('Time zone (IANA)').fill('Europe/London');
  await page.getByLabel('Scope', { exact: true }).fill('GB');
  await page.getByLabel('detected', { exact: true }).fill('2024-03-21T09:00');
  await page.getByLabel('As of (incident\'s zone)').fill('2024-03-22T18:00');
  await settled();
  const answer = async (fact, value) => {
    const li = await question(fact);
    if (await li.locator('select').count()) await li.locator('select').selectOption(value);
    else await li.getByRole('radio', { name: value === true ? 'Yes' : 'No', exact: true }).check();
    await settled();
  };
  await answer('uk_processing', true);
  await answer('uk_data_regime', 'uk_gdpr');
  await answer('role', 'controller');
  for (const fact of ['pecs_provider', 'rdsp', 'oes', 'trust_service_provider', 'canadian_personal_information']) {
    await answer(fact, false);
  }

  step = 'the ICO duty undetermined';
  const seed = cli(path.join(root, 'rules/uk/examples/cwu-2024.toml'), '2024-03-22T18:00:00Z');
  const ico = seed.obligations.find((o) => o.id === 'uk-gdpr/notify-ico');
  check(ico && ico.status === 'undetermined', `the CLI gives the ICO duty ${ico?.status}, expected undetermined`);
  check(await duty('uk-gdpr/notify-ico').getAttribute('data-status') === 'undetermined', 'the page does not show the ICO duty undetermined');
  check((await duty('uk-gdpr/notify-ico').locator('.badge').innerText()).toLowerCase() === 'undetermined', 'the ICO duty\'s status word is not "undetermined"');
  const due = duty('uk-gdpr/notify-ico').locator('time[data-role="due-regulator"]');
  check(await due.getAttribute('datetime') === ico.deadline.due, `the page's due instant ${await due.getAttribute('datetime')} is not the CLI's ${ico.deadline.due}`);
  check(await due.innerText() === fmt(ico.deadline.due, 'Europe/London'), `the due instant reads "${await due.innerText()}", expected "${fmt(ico.deadline.due, 'Europe/London')}"`);
  const mine = await duty('uk-gdpr/notify-ico').locator('time[data-role="due-user"]').innerText();
  check(mine === fmt(ico.deadline.due, USER_ZONE), `the due instant in the user's zone reads "${mine}"`);
  const left = await duty('uk-gdpr/notify-ico').locator('[role="timer"]').innerText();
  check(left === '1d 15h 00m 00s left', `the countdown at as-of reads "${left}", expected 1d 15h 00m 00s left (${ico.deadline.remaining_seconds} s)`);
  // The whole list agrees with the CLI, status by status.
  const shown = await page.locator('[data-obligation]').evaluateAll((n) => n.map((x) => [x.dataset.obligation, x.dataset.status]));
  const expected = seed.obligations.map((o) => [o.id, o.status]);
  check(JSON.stringify(shown.sort()) === JSON.stringify(expected.sort()), 'the page\'s statuses differ from the CLI\'s');
  // The most decisive question comes first.
  const first = await page.locator('#q-open > li').first().getAttribute('data-fact');
  check(first === seed.questions[0].fact, `the first question is ${first}, the CLI's is ${seed.questions[0].fact}`);
  await snapshot('first-hours-undetermined.png');

  step = 'labels and roles';
  // Every control has a name, every group a legend, every image a text alternative.
  const unnamed = await page.evaluate(() => {
    const bad = [];
    for (const c of document.querySelectorAll('input, select, textarea, button')) {
      if (c.type === 'hidden' || c.closest('[hidden]')) continue;
      const named = c.labels?.length || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')
        || (c.tagName === 'BUTTON' && c.textContent.trim());
      if (!named) bad.push(c.outerHTML.slice(0, 80));
    }
    for (const f of document.querySelectorAll('fieldset')) if (!f.querySelector(':scope > legend')?.textContent.trim()) bad.push('fieldset without legend');
    for (const i of document.querySelectorAll('img:not([hidden])')) if (!i.alt) bad.push('img without alt');
    return bad;
  });
  check(!unnamed.length, `controls without a name:\n  ${unnamed.join('\n  ')}`);
  check(await page.getByRole('group', { name: seed.questions[0].question }).count() === 1, 'the first question is not a group named by its question');

  step = 'explain';
  const button = duty('uk-gdpr/notify-ico').getByRole('button', { name: 'Explain' });
  await button.click();
  await page.waitForFunction(() => !/Loading/.test(document.getElementById('x-uk-gdpr/notify-ico').textContent));
  check(await button.getAttribute('aria-expanded') === 'true', 'Explain does not set aria-expanded');
  const text = await duty('uk-gdpr/notify-ico').locator('pre').innerText();
  check(text.includes('uk-gdpr/notify-ico') && text.length > 200, `the explanation is not shown: ${text.slice(0, 200)}`);

  step = 'the timeline';
  await page.waitForFunction(() => document.getElementById('timeline-img').complete && document.getElementById('timeline-img').naturalWidth > 0);
  const img = page.locator('#timeline-img');
  check((await img.getAttribute('src')).startsWith('blob:'), 'the timeline is not a blob: image');
  check((await img.getAttribute('alt')).includes('Report the personal data breach to the ICO'), 'the timeline has no useful alt text');

  step = 'answer the personal-data question with the keyboard';
  // Tab from the incident's id to a question; true when the focus is inside it.
  const tabTo = async (fact) => {
    await page.locator('#inc-id').focus();
    for (let i = 0; i < 250; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((f) => document.activeElement?.closest('li[data-fact]')?.dataset.fact === f, fact)) return;
    }
    fail(`Tab never reaches the question ${fact}`);
  };
  const focused = (fact) => page.evaluate((f) => document.activeElement?.closest('li[data-fact]')?.dataset.fact === f, fact);
  await tabTo('personal_data_breach');
  check(await page.evaluate(() => document.activeElement.type === 'radio' && document.activeElement.value === ''), 'the question is not a radio group at "Unknown"');
  await page.keyboard.press('ArrowDown');   // Unknown -> Yes
  await settled();
  check(await focused('personal_data_breach'), 'the focus left the question answered');
  // A personal data breach is notifiable unless unlikely to result in a risk (UK GDPR Art. 33(1)):
  // with the risk unknown the duty stays undetermined, decided by the risk alone.
  const withBreach = (extra) => {
    const text = readFileSync(path.join(root, 'rules/uk/examples/cwu-2024.toml'), 'utf8').replace('[facts]', `[facts]\n${extra}`);
    const file = path.join(work, 'answered.toml');
    writeFileSync(file, text);
    return cli(file, '2024-03-22T18:00:00Z').obligations.find((o) => o.id === 'uk-gdpr/notify-ico');
  };
  const breach = withBreach('personal_data_breach = true');
  check(await duty('uk-gdpr/notify-ico').getAttribute('data-status') === breach.status, `the page gives ${await duty('uk-gdpr/notify-ico').getAttribute('data-status')} after the breach, the CLI ${breach.status}`);
  const deciders = await duty('uk-gdpr/notify-ico').locator('.depends a, .depends code').allInnerTexts();
  check(JSON.stringify(deciders) === JSON.stringify(breach.depends_on), `decided by ${deciders}, the CLI says ${breach.depends_on}`);
  check(await page.locator('#q-open > li').first().getAttribute('data-fact') === 'risk', 'the risk is not the first question once the breach is known');
  check(await page.locator('#q-answered li[data-fact="personal_data_breach"]').count() === 1, 'the answered question is not among the answered');

  step = 'answer the risk question with the keyboard';
  await tabTo('risk');
  check(await page.evaluate(() => document.activeElement.tagName === 'SELECT'), 'the risk question is not a select');
  await page.keyboard.press('ArrowDown');   // unknown -> unlikely
  await page.keyboard.press('ArrowDown');   // unlikely -> risk
  await settled();
  check(await page.locator('#f-risk').inputValue() === 'risk', 'the keyboard did not choose "risk"');
  const after = withBreach('personal_data_breach = true\nrisk = "risk"');
  check(after.status === 'required', `the CLI gives ${after.status}`);
  check(await duty('uk-gdpr/notify-ico').getAttribute('data-status') === 'required', 'the ICO duty is not required once the breach and its risk are known');
  check((await duty('uk-gdpr/notify-ico').locator('.badge').innerText()).toLowerCase() === 'required', 'the status word is not "required"');
  const announced = await page.locator('#announce').innerText();
  check(/uk-gdpr\/notify-ico\): now required, was undetermined/.test(announced), `the live region says: ${announced}`);
  check(await due.getAttribute('datetime') === after.deadline.due, 'the required duty\'s due instant is not the CLI\'s');
  await button.click();
  check(await button.getAttribute('aria-expanded') === 'false' && await duty('uk-gdpr/notify-ico').locator('pre').isHidden(), 'Explain does not close');
  await snapshot('first-hours-required.png');

  step = 'the downloads';
  const grab = async (name) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const saved = path.join(work, dl.suggestedFilename());
    await dl.saveAs(saved);
    return readFileSync(saved, 'utf8');
  };
  const toml = await grab('Incident file (TOML)');
  const json = await grab('Incident file (JSON)');
  const post = async (body, type) => {
    const r = await fetch(`${base}v1/assess?as_of=2024-03-22T18:00:00Z&format=json`, { method: 'POST', body, headers: { 'Content-Type': type } });
    const t = await r.text();
    check(r.ok, `the server refuses the page's ${type} incident (${r.status}): ${t}\n${body}`);
    return JSON.parse(t);
  };
  const fromToml = await post(toml, 'application/toml');
  const fromJson = await post(json, 'application/json');
  check(JSON.stringify(fromToml) === JSON.stringify(fromJson), 'the TOML download gives another assessment than the JSON one');
  check(fromToml.obligations.find((o) => o.id === 'uk-gdpr/notify-ico').status === 'required', 'the downloaded incident lost the answer');
  check((await grab('Calendar (ICS)')).startsWith('BEGIN:VCALENDAR'), 'the ICS download is not a calendar');
  check((await grab('Report (Markdown)')).includes('uk-gdpr/notify-ico'), 'the Markdown report does not name the ICO duty');

  step = 'a new incident, then the TOML file opened';
  const before = await page.locator('[data-obligation]').evaluateAll((n) => n.map((x) => [x.dataset.obligation, x.dataset.status]));
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'New incident' }).click();
  await settled();
  check(await page.locator('#inc-scope').inputValue() === '' && await page.locator('#ev-detected').inputValue() === '', 'New incident does not clear the page');
  await page.getByLabel('Open an incident file').setInputFiles(path.join(work, 'cwu-2024-03.toml'));
  await page.waitForFunction(() => document.getElementById('inc-scope').value === 'GB');
  await settled();
  check(/^2024-03-21T09:00(:00)?$/.test(await page.locator('#ev-detected').inputValue()), `the opened file's detected reads ${await page.locator('#ev-detected').inputValue()}`);
  const reopened = await page.locator('[data-obligation]').evaluateAll((n) => n.map((x) => [x.dataset.obligation, x.dataset.status]));
  check(JSON.stringify(reopened) === JSON.stringify(before), 'the TOML file opened gives other duties than before');

  step = 'a bad zone';
  allowed422 = true;
  await page.getByLabel('Time zone (IANA)').fill('Europe/Lundon');
  await settled();
  const alert = page.getByRole('alert');
  check(await alert.isVisible(), 'no alert for a bad zone');
  const said = await alert.innerText();
  check(/Europe\/Lundon/.test(said) && /Europe\/London/.test(said), `the alert does not show the diagnostic: ${said}`);
  check(await page.locator('#inc-zone').getAttribute('aria-invalid') === 'true', 'the zone field is not marked invalid');
  check(/Lundon/.test(await page.locator('#inc-zone-diag').innerText()), 'the diagnostic is not next to the zone field');
  check(await page.locator('#duties').evaluate((n) => n.classList.contains('stale')), 'the old duties are not marked out of date');
  // Typed letter by letter, the zone is assessed once the typing pauses, not at each letter.
  let assessed = 0;
  const count = (r) => { if (/\/v1\/assess\?.*format=json/.test(r.url())) assessed++; };
  page.on('request', count);
  await page.getByLabel('Time zone (IANA)').fill('');
  await page.getByLabel('Time zone (IANA)').pressSequentially('Europe/London', { delay: 60 });
  await settled();
  page.off('request', count);
  allowed422 = false;
  check(assessed === 1, `typing the zone made ${assessed} assessments, not one`);
  check(!(await alert.isVisible()), 'the alert stays after the zone is fixed');
  check(await page.locator('#inc-zone').getAttribute('aria-invalid') === null, 'the zone field stays marked invalid');

  step = 'a local time that the clock change repeats';
  allowed422 = true;
  await page.getByLabel('detected', { exact: true }).fill('2024-10-27T01:30');
  await settled();
  check(/occurs twice in Europe\/London/.test(await page.locator('#ev-detected-diag').innerText()), 'the repeated local time is not refused at its field');
  await page.getByRole('button', { name: 'The second 01:30 (UTC+00:00)' }).click();
  await settled();
  check(!(await alert.isVisible()), 'the event with the offset chosen is still refused');
  check((await page.locator('#ev-detected-at').innerText()).includes('UTC+00:00'), 'the chosen offset is not shown');
  await page.getByLabel('detected', { exact: true }).fill('2024-03-21T09:00');
  await settled();
  allowed422 = false;
  check(await page.locator('#ev-detected-at').innerText() === '', 'a new time keeps the old offset');

  step = 'a narrow window';
  await page.setViewportSize({ width: 390, height: 800 });
  await page.waitForTimeout(200);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(widths[0] <= widths[1], `at 390 px the page scrolls sideways (${widths[0]} > ${widths[1]})`);
  await page.screenshot({ path: path.join(work, 'first-hours-narrow.png'), fullPage: true });

  step = 'a server that needs a token';
  const TOKEN = 'first-hours-test-0123456789abcdef';
  const guarded = await startServer({ BREACHCLOCK_TOKEN: TOKEN });
  const other = await context.newPage();
  const otherErrors = [];
  other.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) otherErrors.push(m.text()); });
  other.on('pageerror', (e) => otherErrors.push(String(e)));
  await other.goto(guarded);
  const field = other.getByLabel('Token');
  await field.waitFor({ state: 'visible', timeout: 10000 });
  check(await field.getAttribute('type') === 'password', 'the token field is not a password field');
  await field.fill(TOKEN);
  await field.press('Enter');
  await other.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.pending === '0', null, { timeout: 15000 });
  check(await other.evaluate(() => sessionStorage.getItem('breachclock.token')) === TOKEN, 'the token is not kept in session storage');
  check(await other.locator('[data-obligation]').count() > 0, 'no duties once the token is given');
  check(!otherErrors.length, `console errors with a token:\n  ${otherErrors.join('\n  ')}`);
  await other.close();

  step = 'the console and the network';
  check(!errors.length, `console errors:\n  ${errors.join('\n  ')}`);
  check(!foreign.length, `requests to other hosts:\n  ${foreign.join('\n  ')}`);
}

main().then(async () => {
  clearTimeout(watchdog);
  await cleanup();
  console.log('browser.first_hours: ok');
  process.exit(0);
}, async (e) => {
  clearTimeout(watchdog);
  console.error(`browser.first_hours: FAIL (at: ${step}): ${e.expected ? e.message : e.stack || e}`);
  await cleanup();
  process.exit(1);
});
