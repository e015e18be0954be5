// The background's team calendar sync (extension/background/caldav.js) on the real planner wasm from
// dist/node, with Node's fetch, against a real Radicale (tests/browser/radicale.mjs): what the driver
// does between requests (checkpoints, merging with edits made meanwhile, backoff alarms) is checked here
// quickly; the browser tests (tests/browser/caldav.test.mjs) run the same code in Chromium and Firefox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaldav, SETTINGS_KEY, STATUS_KEY, STATE_KEY, RETRY_ALARM, SYNC_ALARM, checkServer, basicAuth } from '../../extension/background/caldav.js';
import { PlanStore } from '../../extension/plan/store.js';
import { memoryStorage, settle } from './support/memory-storage.mjs';
import { wasmEngine } from './support/wasm-engine.mjs';
import { radicaleOrSkip, startRadicale, porteVoix, USER, PASSWORD } from '../browser/radicale.mjs';

const engine = wasmEngine();

/** A Radicale server for test `t`, closed after it; null when the test is skipped (see radicaleOrSkip). */
async function radicaleFor(t) {
  const py = radicaleOrSkip(t);
  if (!py) return null;
  const server = await startRadicale(py);
  t.after(() => server.close());
  return server;
}

/** The extension APIs the driver uses: storage, alarms (fired by the test), permissions, runtime events. */
function fakeApi(storage, granted) {
  const alarms = new Map();
  const listeners = [];
  return {
    storage,
    alarms: {
      create: (name, info) => alarms.set(name, { name, scheduledTime: info.when ?? Date.now() + (info.delayInMinutes ?? 0) * 60_000, periodInMinutes: info.periodInMinutes }),
      get: async (name) => alarms.get(name),
      clear: async (name) => alarms.delete(name),
      onAlarm: { addListener: (fn) => listeners.push(fn) },
    },
    permissions: { contains: async ({ origins }) => origins.every((o) => granted.has(o)) },
    runtime: { onStartup: { addListener() {} }, onInstalled: { addListener() {} } },
    /** Fires alarm `name` as the browser would; resolves with the status saved next (or null after `ms` without one). */
    async fire(name, ms = 30_000) {
      const before = JSON.stringify((await storage.local.get(STATUS_KEY))[STATUS_KEY]);
      for (const fn of listeners) fn({ name });
      for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        const status = (await storage.local.get(STATUS_KEY))[STATUS_KEY];
        if (JSON.stringify(status) !== before) return status;
      }
      return null;
    },
    alarmsSet: alarms,
  };
}

/** A browser profile: storage, the driver, and its plan store (the side panel). */
async function profile(server, { fetcher, password = PASSWORD } = {}) {
  const storage = memoryStorage();
  const granted = new Set([checkServer(server).pattern]);
  const api = fakeApi(storage, granted);
  await storage.local.set({ [SETTINGS_KEY]: { version: 1, server, user: USER, password } });
  const caldav = startCaldav({ api, planner: () => engine.planner(), fetch: fetcher });
  const store = await PlanStore.open({ engine, storage, actor: { name: 'Léa', role: 'writer' } });
  return { storage, api, caldav, store, granted };
}

const at = (day, hour = 9) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const post = (text, day) => ({ text, networks: ['x'], schedule: { at: at(day), zone: 'Europe/Paris' } });

function cli(device, plan, ...args) {
  const run = porteVoix(device, args);
  assert.equal(run.status, 0, `porte-voix ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

test('posts go to the calendar, the CLI edits the same one concurrently, every post survives and the conflict is resolved once', async (t) => {
  const server = await radicaleFor(t);
  if (!server) return;
  const calendar = server.makeCalendar('Équipe');
  const ext = await profile(server.root);
  await ext.store.createPost(post('Bonjour à tous', 1), 'p1');
  await ext.store.createPost(post('Deux', 2), 'p2');
  await ext.store.createPost({ text: 'Une idée sans date', networks: ['x'], status: 'idea' }, 'idea');
  const first = await ext.caldav.syncNow();
  assert.equal(first.ok, true, JSON.stringify(first.error));
  assert.equal(first.report.sent, 2);
  assert.deepEqual(first.report.notScheduled, ['idea']);
  assert.equal(first.calendar, calendar, 'discovery from the server root found the one calendar');
  assert.ok(ext.api.alarmsSet.has(SYNC_ALARM), 'the periodic sync is scheduled');
  // A third-party client reads what the extension wrote.
  const events = server.events(calendar);
  assert.deepEqual(events.map((e) => [e.meta.id, e.text, e.zone]), [['p1', 'Bonjour à tous', 'Europe/Paris'], ['p2', 'Deux', 'Europe/Paris']]);
  assert.match(events[0].summary, /Bonjour à tous/);

  // The CLI joins, then both sides change p1; the CLI adds p3 and deletes p2.
  const file = join(mkdtempSync(join(tmpdir(), 'porte-voix-caldav-node-')), 'plan.json');
  cli('laptop', file, 'sync', '--caldav', calendar, '--plan', file);
  cli('laptop', file, 'plan', '--plan', file, 'set', 'p1', '--text', 'Bonjour de la ligne de commande');
  cli('laptop', file, 'plan', '--plan', file, 'add', '--id', 'p3', '--text', 'Trois', '--network', 'x', '--at', '2026-12-03T09:00', '--tz', 'Europe/Paris');
  cli('laptop', file, 'plan', '--plan', file, 'delete', 'p2');
  await ext.store.updatePost('p1', { text: 'Bonjour du panneau' });
  cli('laptop', file, 'sync', '--caldav', calendar, '--plan', file);
  const second = await ext.caldav.syncNow();
  assert.equal(second.ok, true, JSON.stringify(second.error));
  assert.deepEqual(second.report.conflicts, ['p1']);
  await settle();
  assert.equal(ext.store.get('p2'), undefined, 'the deletion reached the extension');
  assert.equal(ext.store.get('p3').text, 'Trois');
  const [conflict] = ext.store.postConflicts();
  assert.deepEqual([conflict.shown.text, ...conflict.kept.map((p) => p.text)].sort(), ['Bonjour de la ligne de commande', 'Bonjour du panneau']);
  // The conflict went to the server with the post, so the CLI sees it too.
  cli('laptop', file, 'sync', '--caldav', calendar, '--plan', file);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).conflicts.length, 1);

  // The user keeps the panel's version; the resolution reaches the CLI and the conflict is gone everywhere.
  const mine = [conflict.shown, ...conflict.kept].find((p) => p.text === 'Bonjour du panneau');
  await ext.store.resolvePost(mine);
  assert.deepEqual(ext.store.postConflicts(), []);
  const third = await ext.caldav.syncNow();
  assert.equal(third.ok, true, JSON.stringify(third.error));
  assert.equal(third.report.sent, 1);
  cli('laptop', file, 'sync', '--caldav', calendar, '--plan', file);
  const cliPlan = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(cliPlan.conflicts, undefined, 'resolved for the whole team');
  assert.equal(cliPlan.posts.find((p) => p.meta.id === 'p1').text, 'Bonjour du panneau');
  assert.deepEqual(server.events(calendar).map((e) => [e.meta.id, e.conflicts.length]), [['p1', 0], ['p3', 0]]);
  ext.store.close();
});

test('an edit made in the panel while a sync runs is kept and sent on the next run', async (t) => {
  const server = await radicaleFor(t);
  if (!server) return;
  const calendar = server.makeCalendar('Équipe');
  let onFirstPut = null;
  const fetcher = async (url, init) => {
    if (init.method === 'PUT' && onFirstPut) {
      const edit = onFirstPut;
      onFirstPut = null;
      await edit();
    }
    return fetch(url, init);
  };
  const ext = await profile(calendar, { fetcher });
  for (let i = 1; i <= 5; i += 1) await ext.store.createPost(post(`Post ${i}`, i), `p${i}`);
  // No page stays open to merge the sync's writes back: the driver itself must not overwrite the edit,
  // made by a panel that closes right after (as a person closes the side panel).
  ext.store.close();
  onFirstPut = async () => {
    const panel = await PlanStore.open({ engine, storage: ext.storage, actor: { name: 'Léa', role: 'writer' } });
    await panel.updatePost('p5', { text: 'Post 5, corrigé pendant la synchro' });
    panel.close();
  };
  const status = await ext.caldav.syncNow();
  assert.equal(status.ok, true, JSON.stringify(status.error));
  await settle();
  assert.equal((await ext.storage.local.get('plan.post.p5'))['plan.post.p5'].text, 'Post 5, corrigé pendant la synchro', 'the sync did not overwrite the edit');
  assert.equal(status.report.queued, 1, 'the edit waits for the next run');
  const next = await ext.caldav.syncNow();
  assert.equal(next.report.sent, 1);
  assert.equal(next.report.queued, 0);
  assert.equal(server.events(calendar).find((e) => e.meta.id === 'p5').text, 'Post 5, corrigé pendant la synchro');
});

test('the server stopped mid-sync: changes stay queued, a retry is scheduled with backoff, and after a restart the queue drains', async (t) => {
  const server = await radicaleFor(t);
  if (!server) return;
  const calendar = server.makeCalendar('Équipe');
  let puts = 0;
  const fetcher = async (url, init) => {
    if (init.method === 'PUT' && ++puts === 8) await server.stop();
    return fetch(url, init);
  };
  const ext = await profile(calendar, { fetcher });
  for (let i = 1; i <= 20; i += 1) await ext.store.createPost(post(`Post ${i}`, i), `p${i}`);
  const failed = await ext.caldav.syncNow();
  assert.equal(failed.ok, false);
  assert.equal(failed.error.error, 'network');
  assert.equal(failed.error.retryable, true);
  assert.equal(failed.report.sent, 7);
  assert.equal(failed.report.queued, 13);
  assert.equal(failed.retry.failures, 1);
  const retry = ext.api.alarmsSet.get(RETRY_ALARM);
  const wait = retry.scheduledTime - Date.parse(failed.at);
  assert.ok(wait > 25_000 && wait < 35_000, `first retry after about 30 s, not ${wait} ms`);
  const state = (await ext.storage.local.get(STATE_KEY))[STATE_KEY];
  assert.equal(Object.keys(state.objects).length, 7, 'the state saved with the plan names the 7 objects written');
  // A periodic run before the retry time waits; the retry alarm, once the server is back, drains the queue.
  assert.equal(await ext.api.fire(SYNC_ALARM, 500), null, 'the periodic run waits for the retry time');
  assert.equal(server.objectsOnDisk(), 7);
  await server.start();
  const drained = await ext.api.fire(RETRY_ALARM);
  assert.equal(drained.ok, true, JSON.stringify(drained.error));
  assert.equal(drained.report.sent, 13);
  assert.equal(drained.report.queued, 0);
  assert.equal(ext.api.alarmsSet.has(RETRY_ALARM), false, 'no retry left');
  assert.equal(server.objectsOnDisk(), 20);
  assert.equal(server.events(calendar).length, 20);
  ext.store.close();
});

test('a wrong password, a missing permission and a bad address each stop with their own reason', async (t) => {
  const server = await radicaleFor(t);
  if (!server) return;
  server.makeCalendar('Équipe');
  const ext = await profile(server.root, { password: 'wrong' });
  await ext.store.createPost(post('Bonjour', 1), 'p1');
  const refused = await ext.caldav.syncNow();
  assert.equal(refused.ok, false);
  assert.equal(refused.error.error, 'unauthorized');
  assert.equal(refused.error.retryable, false);
  assert.equal(ext.api.alarmsSet.has(RETRY_ALARM), false, 'no retry: the user must fix the password');
  assert.equal(server.objectsOnDisk(), 0);
  ext.granted.clear();
  const denied = await ext.caldav.syncNow();
  assert.deepEqual(denied.error, { error: 'permission', url: server.root.replace(/\/$/, ''), retryable: false });
  await ext.storage.local.remove(SETTINGS_KEY);
  assert.equal((await ext.caldav.syncNow()).error.error, 'not-configured');
  ext.store.close();
});

test('addresses: https anywhere, plain http only on this machine; Basic credentials in UTF-8', () => {
  assert.deepEqual(checkServer('https://cloud.example.org:8443/remote.php/dav'), { ok: true, url: 'https://cloud.example.org:8443/remote.php/dav', origin: 'https://cloud.example.org:8443', pattern: 'https://cloud.example.org/*' });
  assert.equal(checkServer('http://127.0.0.1:5232/').pattern, 'http://127.0.0.1/*');
  assert.deepEqual(checkServer('http://cloud.example.org/dav'), { ok: false, reason: 'insecure' });
  assert.deepEqual(checkServer('cloud.example.org'), { ok: false, reason: 'not-url' });
  assert.deepEqual(checkServer('ftp://x/'), { ok: false, reason: 'scheme' });
  assert.deepEqual(checkServer('https://anna:pw@x/'), { ok: false, reason: 'credentials' });
  assert.deepEqual(checkServer('  '), { ok: false, reason: 'empty' });
  assert.equal(basicAuth('léa', 'pâté'), `Basic ${Buffer.from('léa:pâté', 'utf8').toString('base64')}`);
  assert.equal(basicAuth('', 'x'), null);
});
