// The team calendar sync, end to end in Chromium and Firefox against a real Radicale (radicale.mjs) on
// 127.0.0.1: the options page's "Connect" asks for that server's origin and syncs the side panel's posts,
// which Python's `caldav` reads; the `porte-voix` toolkit edits the same calendar concurrently and every post
// survives, the conflict shows in the side panel and keeping one version resolves it for the toolkit too;
// Radicale killed mid-sync and started again, the queue drains through the background's retry alarm; the
// worker stopped mid-sync (Chromium) loses nothing; a post changed in the browser is synced by itself shortly
// after (and the sync's own writes schedule nothing); a wrong password gives the clear message; Disconnect
// forgets the password, stops every sync and gives the server's access back, keeping the plan.
//
// The network recorder lets the Radicale origin through in this file only (`network.allow`). The optional
// host permission is granted the way each browser lets a test do it: Chromium through its extensions
// page (the site-access grant a user can give there), after which the options page's own
// `permissions.request` resolves at once; Firefox with optional-permission prompts switched off, so the
// same request is granted on the click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { python, startRadicale, porteVoix, USER, PASSWORD } from './radicale.mjs';

const py = python();
if (!py && process.env.CI) throw new Error('Radicale or Python caldav missing: CI must run the CalDAV tests (bash tools/setup.sh installs them in .tools/py)');
if (!py) console.error('\n*** SKIPPED: Radicale / Python caldav not installed; the team calendar sync was NOT tested in the browsers ***\n');

/** In an extension page: a plan store of its own (as another page of the profile), then `ops` run on it. */
async function withStore(ops) {
  const api = globalThis.browser ?? globalThis.chrome;
  const { PorteVoixEngine } = await import(api.runtime.getURL('engine/engine.js'));
  const { PlanStore } = await import(api.runtime.getURL('plan/store.js'));
  const engine = await PorteVoixEngine.load(api.runtime.getURL('engine/porte_voix_wasm_bg.wasm'));
  const store = await PlanStore.open({ engine, storage: api.storage, lang: 'en' });
  try {
    for (const op of ops) {
      if (op.create) await store.createPost(op.create.fields, op.create.id);
      if (op.update) await store.updatePost(op.update.id, op.update.fields);
    }
  } finally {
    store.close();
  }
  return true;
}

/** In an extension page: every readable stored post by id, and the keys of the other items named. */
async function stored() {
  const api = globalThis.browser ?? globalThis.chrome;
  const all = await api.storage.local.get(null);
  const posts = Object.fromEntries(Object.entries(all).filter(([k, v]) => k.startsWith('plan.post.') && v?.meta).map(([, v]) => [v.meta.id, v]));
  return { posts, conflictKeys: Object.keys(all).filter((k) => k.startsWith('plan.conflict.')), state: all['caldav.state'] ?? null, status: all['caldav.status'] ?? null, settings: all['caldav.settings'] ?? null };
}

const at = (day) => `2026-12-${String(day).padStart(2, '0')}T09:00:00Z`;
const scheduled = (id, text, day) => ({ create: { id, fields: { text, networks: ['x'], schedule: { at: at(day), zone: 'Europe/Paris' } } } });

function cli(device, ...args) {
  const run = porteVoix(device, args);
  assert.equal(run.status, 0, `porte-voix ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

describeInBrowsers('team calendar sync (CalDAV)', (ctx, browserName) => {
  let server = null;
  let calendar = null;
  const page = (fn, arg) => ctx.session.evaluate(fn, arg);
  /** Opens the options page and waits for its team calendar section to have read storage. */
  async function openOptions() {
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await waitFor(() => page(() => document.getElementById('caldav').dataset.loaded), (loaded) => loaded === 'true', { what: 'the options page to load its settings' });
  }
  /** A real click on `selector` once the status line is marked, so that a status shown before the click cannot pass for its answer. */
  async function click(selector) {
    await page(() => {
      document.getElementById('caldav-status').dataset.state = 'clicked';
    });
    await ctx.session.focus(selector);
  }
  const granted = () => page(() => (globalThis.browser ?? globalThis.chrome).permissions.contains({ origins: ['http://127.0.0.1/*'] }));
  /** The pending sync after an edit (`caldav.soon`), or null. */
  const soonAlarm = () => page(() => (globalThis.browser ?? globalThis.chrome).alarms.get('caldav.soon').then((alarm) => alarm ?? null));
  const status = () => page(() => ({ state: document.getElementById('caldav-status').dataset.state, line: document.getElementById('caldav-status').textContent, details: [...document.querySelectorAll('#caldav-details li')].map((li) => li.textContent) }));
  /** Waits for the options page's status to leave "running" and reach `state`. */
  const statusIs = (state, timeout = 60000) => waitFor(status, (s) => s.state === state, { timeout, what: `the sync status "${state}"` });
  /** Clicks "Sync now" on the options page (a real click) and waits for `state`. */
  async function syncNow(state = 'ok') {
    await click('#caldav-sync');
    return statusIs(state);
  }

  before(async () => {
    if (!py) return;
    server = await startRadicale(py);
    calendar = server.makeCalendar('Équipe');
    ctx.session.network.allow('127.0.0.1', server.port);
    if (browserName === 'chromium') {
      await ctx.session.open('chrome://extensions/');
      await page((id) => chrome.developerPrivate.addHostPermission(id, 'http://127.0.0.1/*'), ctx.session.extensionId);
    } else {
      const { driver } = ctx.session;
      await driver.setContext('chrome');
      try {
        await driver.executeScript("Services.prefs.setBoolPref('extensions.webextOptionalPermissionPrompts', false);");
      } finally {
        await driver.setContext('content');
      }
    }
  });
  after(() => server?.close());

  test('Connect asks for the server, syncs the posts of the panel, and Python caldav reads them', async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    await openOptions();
    await syncNow('not-configured');
    assert.match((await status()).details.join(' '), /No team calendar is set up|Aucun calendrier/);
    await page(withStore, [scheduled('p1', 'Bonjour à tous', 1), scheduled('p2', 'Deux', 2), { create: { id: 'idea', fields: { text: 'Une idée', networks: ['x'], status: 'idea' } } }]);
    await page(({ root, user, password }) => {
      document.getElementById('caldav-server').value = root;
      document.getElementById('caldav-user').value = user;
      document.getElementById('caldav-password').value = password;
    }, { root: server.root, user: USER, password: PASSWORD });
    assert.equal(await granted(), false, 'nothing granted before Connect');
    await click('#caldav-connect');
    const shown = await statusIs('ok');
    assert.equal(await granted(), true, "Connect's request granted the server's origin");
    assert.match(shown.line, /2 sent|2 envoyé/, shown.line);
    assert.ok(shown.details.some((d) => /1 post\(s\) without a time|1 publication\(s\) sans heure/.test(d)), JSON.stringify(shown.details));
    const events = server.events(calendar);
    assert.deepEqual(events.map((e) => [e.meta.id, e.text, e.zone]), [['p1', 'Bonjour à tous', 'Europe/Paris'], ['p2', 'Deux', 'Europe/Paris']]);
    assert.match(events[0].summary, /Bonjour à tous/);
    // The credentials stay in storage.local; storage.sync has nothing of the calendar.
    const s = await page(stored);
    assert.deepEqual(s.settings, { version: 1, server: server.root, user: USER, password: PASSWORD });
    const synced = await page(() => (globalThis.browser ?? globalThis.chrome).storage.sync.get(null));
    assert.ok(!JSON.stringify(synced).includes(PASSWORD) && !Object.keys(synced).some((k) => k.startsWith('caldav')), JSON.stringify(synced));
    // Only the extension reached the server, through the recorder.
    assert.ok(ctx.session.network.requests.some((r) => r.allowed && r.url.startsWith(server.root)), 'requests to Radicale went through the recorder');
  });

  test('the toolkit edits the same calendar concurrently: every post survives, the conflict shows in the panel and is resolved once', async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    const file = join(mkdtempSync(join(tmpdir(), `porte-voix-caldav-${browserName}-`)), 'plan.json');
    cli('laptop', 'sync', '--caldav', calendar, '--plan', file);
    cli('laptop', 'plan', '--plan', file, 'set', 'p1', '--text', 'Bonjour de la ligne de commande');
    cli('laptop', 'plan', '--plan', file, 'add', '--id', 'p3', '--text', 'Trois', '--network', 'x', '--at', '2026-12-03T09:00', '--tz', 'Europe/Paris');
    cli('laptop', 'plan', '--plan', file, 'delete', 'p2');
    await page(withStore, [{ update: { id: 'p1', fields: { text: 'Bonjour du panneau' } } }]);
    cli('laptop', 'sync', '--caldav', calendar, '--plan', file);
    const shown = await syncNow('ok');
    assert.ok(shown.details.some((d) => /1 post\(s\) changed on both sides|1 publication\(s\) modifiée/.test(d)), JSON.stringify(shown.details));
    const s = await page(stored);
    assert.equal(s.posts.p2.meta.deleted, true, 'the deletion reached the extension');
    assert.equal(s.posts.p3.text, 'Trois');
    assert.equal(s.conflictKeys.length, 1);

    // The side panel lists p1 with both versions side by side.
    await ctx.session.open(ctx.session.extensionUrl('panel/panel.html'));
    const cards = await waitFor(
      () => page(() => [...document.querySelectorAll('#conflicts:not([hidden]) article[data-post-id="p1"] .conflict-version')].map((c) => ({ version: c.dataset.version, text: c.querySelector('[data-field=text]').textContent, differs: c.querySelector('[data-field=text]').classList.contains('differs') }))),
      (list) => list.length === 2,
      { timeout: 20000, what: 'the conflict in the side panel' },
    );
    assert.deepEqual(cards.map((c) => c.text).sort(), ['Bonjour de la ligne de commande', 'Bonjour du panneau']);
    assert.ok(cards.every((c) => c.differs), 'the text is marked as what differs');
    // Keep the panel's version (a real click on its button).
    await page(() => {
      const card = [...document.querySelectorAll('article[data-post-id="p1"] .conflict-version')].find((c) => c.querySelector('[data-field=text]').textContent === 'Bonjour du panneau');
      card.querySelector('.conflict-keep').id = 'keep-mine';
    });
    await ctx.session.focus('#keep-mine');
    await waitFor(() => page(() => document.getElementById('conflicts').hidden), (hidden) => hidden === true, { what: 'the conflict list to empty' });
    const resolved = await page(stored);
    assert.deepEqual(resolved.conflictKeys, []);
    assert.equal(resolved.posts.p1.text, 'Bonjour du panneau');

    // The resolution reaches the server and the toolkit: no conflict left anywhere.
    await openOptions();
    // (A run started by the edit itself, 30 s later, may have sent it first: the server is what counts.)
    await syncNow('ok');
    cli('laptop', 'sync', '--caldav', calendar, '--plan', file);
    const cliPlan = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(cliPlan.conflicts, undefined);
    assert.equal(cliPlan.posts.find((p) => p.meta.id === 'p1').text, 'Bonjour du panneau');
    assert.deepEqual(server.events(calendar).map((e) => [e.meta.id, e.text, e.conflicts.length]), [['p1', 'Bonjour du panneau', 0], ['p3', 'Trois', 0]]);
  });

  test('Radicale killed mid-sync: the changes stay queued, and once it is back the retry alarm drains the queue', async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    await openOptions();
    const ops = Array.from({ length: 60 }, (_, i) => scheduled(`q${i}`, `En file ${i}`, 1 + (i % 28)));
    await page(withStore, ops);
    const before = server.objectsOnDisk();
    await click('#caldav-sync');
    await waitFor(async () => server.objectsOnDisk(), (n) => n >= before + 5, { interval: 5, timeout: 30000, what: 'the sync to be under way' });
    await server.stop();
    const down = await statusIs('network');
    assert.ok(down.details.some((d) => /could not be reached|injoignable/.test(d)), JSON.stringify(down.details));
    assert.ok(down.details.some((d) => /Next try|Prochain essai/.test(d)), JSON.stringify(down.details));
    const s = await page(stored);
    assert.equal(s.state.retry.failures, 1);
    const written = server.objectsOnDisk() - before;
    assert.ok(written < 60, `stopped mid-sync (${written} of 60 written)`);
    assert.equal(s.status.report.queued, 60 - s.status.report.sent, 'what was not sent is queued');
    await server.start();
    // The retry alarm, brought forward (the backoff would wait 30 s).
    const moved = await page(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'caldav-retry-soon', ms: 1000 }));
    assert.equal(moved.ok, true, JSON.stringify(moved));
    const drained = await statusIs('ok');
    assert.doesNotMatch(drained.details.join(' '), /waiting to be sent|en attente/);
    assert.equal(server.objectsOnDisk(), before + 60);
    const ids = server.events(calendar).map((e) => e.meta.id);
    assert.equal(ids.filter((id) => id.startsWith('q')).length, 60, 'Python caldav reads every queued post');
  });

  if (browserName === 'chromium') {
    test('the worker stopped mid-sync loses nothing: the next run finishes the job', async (t) => {
      if (!py) return t.skip('Radicale is not installed');
      await openOptions();
      await page(withStore, Array.from({ length: 60 }, (_, i) => scheduled(`w${i}`, `Travailleur ${i}`, 1 + (i % 28))));
      const before = server.objectsOnDisk();
      await click('#caldav-sync');
      await waitFor(async () => server.objectsOnDisk(), (n) => n >= before + 5, { interval: 5, timeout: 30000, what: 'the sync to be under way' });
      await ctx.session.stopServiceWorker();
      const cut = server.objectsOnDisk() - before;
      assert.ok(cut < 60, `stopped mid-sync (${cut} of 60 written)`);
      await openOptions();
      const done = await syncNow('ok');
      assert.doesNotMatch(done.details.join(' '), /waiting to be sent/);
      assert.equal(server.objectsOnDisk(), before + 60, 'every post once on the server, none twice');
      const s = await page(stored);
      assert.equal(Object.keys(s.state.objects).filter((id) => id.startsWith('w')).length, 60);
    });
  }

  test("a post changed in the browser is synced by itself shortly after; the sync's own writes schedule nothing", async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    await openOptions();
    assert.equal(await soonAlarm(), null, 'nothing pending before the edit');
    // Meanwhile a teammate changes p3 on the server, so that the run also writes a post here.
    const file = join(mkdtempSync(join(tmpdir(), `porte-voix-caldav-soon-${browserName}-`)), 'plan.json');
    cli('phone', 'sync', '--caldav', calendar, '--plan', file);
    cli('phone', 'plan', '--plan', file, 'set', 'p3', '--text', 'Trois, revu');
    cli('phone', 'sync', '--caldav', calendar, '--plan', file);
    const before = (await page(stored)).status.at;
    await page(withStore, [scheduled('s1', 'Envoyée toute seule', 5)]);
    const alarm = await waitFor(soonAlarm, (a) => a !== null, { what: 'the sync after an edit to be scheduled' });
    const wait = alarm.scheduledTime - Date.now();
    assert.ok(wait > 0 && wait <= 30_000, `scheduled ${wait} ms ahead`);
    // Brought forward (instead of waiting 30 s).
    const moved = await page(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'caldav-retry-soon', ms: 1000, which: 'soon' }));
    assert.equal(moved.ok, true, JSON.stringify(moved));
    const done = await waitFor(() => page(stored), (s) => s.status?.at !== before && s.posts.p3?.text === 'Trois, revu', { timeout: 30000, what: 'the run after the edit' });
    assert.equal(done.status.ok, true, JSON.stringify(done.status));
    assert.ok(server.events(calendar).some((e) => e.meta.id === 's1' && e.text === 'Envoyée toute seule'), 'the edit reached the server');
    // The run wrote p3 here: that is not an edit to send back.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await soonAlarm(), null, "the sync's own writes scheduled no other run");
  });

  test('a wrong password gives the clear message, and no retry is scheduled', async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    await openOptions();
    await page(() => {
      document.getElementById('caldav-password').value = 'not the password';
    });
    await click('#caldav-connect');
    const refused = await statusIs('unauthorized');
    assert.ok(refused.details.some((d) => /refused the user name or password \(HTTP 401\)|refusé le nom d'utilisateur ou le mot de passe/.test(d)), JSON.stringify(refused.details));
    assert.ok(!refused.details.some((d) => /Next try|Prochain essai/.test(d)));
    const s = await page(stored);
    assert.equal(s.settings.password, 'not the password');
    assert.equal(s.state.retry, undefined);
  });

  test("Disconnect forgets the password, stops every sync and gives the server's access back; the plan stays", async (t) => {
    if (!py) return t.skip('Radicale is not installed');
    await openOptions();
    assert.equal(await page(() => document.getElementById('caldav-disconnect').hidden), false, 'offered while set up');
    const kept = await page(stored);
    await click('#caldav-disconnect');
    const shown = await statusIs('disconnected');
    assert.match(shown.line, /Disconnected from|Déconnecté de/, shown.line);
    assert.ok(shown.details.some((d) => /access to that server was withdrawn|accès du navigateur à ce serveur a été retiré/.test(d)), JSON.stringify(shown.details));
    const s = await page(stored);
    assert.equal(s.settings, null, 'the password is forgotten');
    assert.deepEqual(Object.keys(s.posts).sort(), Object.keys(kept.posts).sort(), 'every post stays');
    assert.deepEqual(s.state, kept.state, 'what the plan remembers of the calendar stays, to go on if connected again');
    const alarms = await page(() => (globalThis.browser ?? globalThis.chrome).alarms.getAll().then((list) => list.map((a) => a.name).filter((n) => n.startsWith('caldav.'))));
    assert.deepEqual(alarms, []);
    assert.equal(await granted(), false, "the server's access is given back");
    assert.deepEqual(await page(() => [document.getElementById('caldav-password').value, document.getElementById('caldav-disconnect').hidden]), ['', true]);
    // An edit now schedules nothing.
    await page(withStore, [scheduled('after', 'Après la déconnexion', 6)]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await soonAlarm(), null);
  });
});
