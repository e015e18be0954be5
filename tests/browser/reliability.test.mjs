// Reliability where the real thing runs: the browsers' own storage.local and storage.sync (with their real
// quotas), the real service worker stopped in the middle of a save, and the real wasm engine. What each
// test shows is that nothing is lost:
// - corrupt calendar items are quarantined with their reasons, listed, carried in the backup and left in
//   storage exactly as they were;
// - a synced document over storage.sync's quota stays whole in storage.local with a notice in both
//   languages, while one that fits is written in chunks the real browser accepts and reads back exactly;
// - two devices changing the same synced data at the same time both keep their change;
// - the service worker stopped while a draft is being saved to the plan: the post is either all there
//   (reads back, nothing quarantined) or the overlay told the user the save failed.
// The fake-storage Node tests (tests/node/*-store.test.mjs) cover the same stores' edge cases with
// simulated time; the merge rules themselves are property-tested in the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { site } from './sites/pages.mjs';
import { loadSite, openBox, typeInto, boxSelector } from './sites/driver.mjs';

/**
 * Runs in an extension page: opens a PlanStore on the real storage, creates one post, then writes corrupt
 * items next to it (derived from the real post item, so only the corruption differs) and opens a second
 * store on the same storage. Returns what the second store shows and what storage holds.
 */
async function corruptItems() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  const { PlanStore } = await import(url('plan/store.js'));
  const engine = await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'));
  await api.storage.local.clear();
  const first = await PlanStore.open({ engine, storage: api.storage });
  const good = await first.createPost({ text: 'Bon article', networks: ['x'], status: 'draft' });
  first.close();
  const goodKey = `plan.post.${good.meta.id}`;
  const stored = (await api.storage.local.get(goodKey))[goodKey];
  const corrupt = {
    'plan.post.bad-date': { ...stored, meta: { ...stored.meta, id: 'bad-date', created: 'mardi dernier' } },
    'plan.post.not-an-object': 'just a string',
    'plan.post.wrong-key': { ...stored, meta: { ...stored.meta, id: 'someone-else' } },
    'plan.post.unknown-field': { ...stored, meta: { ...stored.meta, id: 'unknown-field' }, colour: 'blue' },
    'plan.campaign.bad-status': { meta: { ...stored.meta, id: 'bad-status' }, name: 42 },
  };
  await api.storage.local.set(corrupt);
  const before = await api.storage.local.get(null);
  const second = await PlanStore.open({ engine, storage: api.storage });
  const quarantine = second.quarantine.map((q) => ({ key: q.key, reason: q.reason }));
  const shown = second.get(good.meta.id)?.text ?? null;
  const backup = JSON.parse(second.backup());
  // A change to the good post must not touch the held items either.
  await second.updatePost(good.meta.id, { text: 'Bon article, relu' });
  second.close();
  const after = await api.storage.local.get(null);
  const untouched = Object.keys(corrupt).every((key) => JSON.stringify(after[key]) === JSON.stringify(before[key]));
  await api.storage.local.clear();
  return { quarantine, shown, backupHeld: backup.quarantine?.length ?? 0, untouched, corruptKeys: Object.keys(corrupt) };
}

/**
 * Runs in an extension page: a SyncStore on the real storage.sync and storage.local writes a guide of
 * `kb` KB and a setting, and reports where each ended up, its notice, and whether what storage.sync holds
 * reads back to the same value.
 */
async function syncGuide(kb) {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  // The storage.sync functions are the planner module's, as in the extension.
  const wasm = await (await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'))).planner();
  const { createSyncStore } = await import(url('sync/store.js'));
  await api.storage.sync.clear();
  await api.storage.local.clear();
  const store = createSyncStore({ sync: api.storage.sync, local: api.storage.local, engine: wasm, runtime: api.runtime, debounceMs: 0, minIntervalMs: 0 });
  await store.init();
  const line = '[terms]\n# « Règle » évitez les 🚲 et les 🇫🇷 "citations" \\ fin\n';
  const guide = line.repeat(Math.ceil((kb * 1024) / new TextEncoder().encode(line).length));
  await store.update('settings', { set: { lang: 'fr' } });
  await store.update('guide', { set: { guide } });
  await store.flush();
  const items = await api.storage.sync.get(null);
  const read = wasm.planSyncRead('guide', items);
  const settings = wasm.planSyncRead('settings', items);
  const mirror = (await api.storage.local.get('syncStore.doc.guide'))['syncStore.doc.guide'];
  const view = store.view('guide');
  // What the real browser says when an item is over its quota (the store reads the code from it).
  let refusal = null;
  try {
    await api.storage.sync.set({ oversize: 'x'.repeat(9000) });
  } catch (error) {
    refusal = String(error?.message ?? error);
  }
  await api.storage.sync.clear();
  await api.storage.local.clear();
  return {
    where: view.where,
    notice: view.notice,
    keptWhole: view.values.guide === guide && mirror?.doc?.records?.[0]?.value === guide,
    syncedBack: read.value?.records?.[0]?.value === guide,
    syncKeys: Object.keys(items).filter((k) => k.startsWith('guide')).length,
    settingSynced: settings.value?.records?.[0]?.value === 'fr',
    refusal,
  };
}

/**
 * Runs in an extension page: a write the real storage.sync refuses. Another writer (another device's
 * data arriving) fills storage.sync between the store's read, which planned a write that fitted, and
 * the write itself; the browser refuses it in its own words. Returns where the guide ended up.
 */
async function refusedWrite() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  // The storage.sync functions are the planner module's, as in the extension.
  const wasm = await (await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'))).planner();
  const { createSyncStore } = await import(url('sync/store.js'));
  await api.storage.sync.clear();
  await api.storage.local.clear();
  const refusals = [];
  const sync = {
    get: (keys) => api.storage.sync.get(keys),
    remove: (keys) => api.storage.sync.remove(keys),
    async set(items) {
      const other = {};
      for (let i = 0; i < 13; i++) other[`other${i}`] = 'z'.repeat(7800);
      await api.storage.sync.set(other);
      try {
        return await api.storage.sync.set(items);
      } catch (error) {
        refusals.push(String(error?.message ?? error));
        throw error;
      }
    },
  };
  const store = createSyncStore({ sync, local: api.storage.local, engine: wasm, runtime: api.runtime, debounceMs: 0, minIntervalMs: 0 });
  await store.init();
  const guide = '[terms]\n# une règle\n'.repeat(1200);
  await store.update('guide', { set: { guide } });
  await store.flush();
  const view = store.view('guide');
  const mirror = (await api.storage.local.get('syncStore.doc.guide'))['syncStore.doc.guide'];
  const left = Object.keys(await api.storage.sync.get(null)).filter((k) => k.startsWith('guide'));
  await api.storage.sync.clear();
  await api.storage.local.clear();
  return { refusals, where: view.where, notice: view.notice, keptWhole: view.values.guide === guide && mirror?.doc?.records?.[0]?.value === guide, left };
}

/**
 * Runs in an extension page: two devices (two SyncStores with their own device ids and their own
 * storage.local copies) on the same real storage.sync. Both change the same setting at once and each
 * changes another setting; then they exchange through storage.sync. Returns both devices' views.
 */
async function twoDevices() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  // The storage.sync functions are the planner module's, as in the extension.
  const wasm = await (await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'))).planner();
  const { createSyncStore } = await import(url('sync/store.js'));
  await api.storage.sync.clear();
  await api.storage.local.clear();
  /** storage.local under a prefix: each device keeps its own copy. */
  const localOf = (prefix) => ({
    async get(keys) {
      const got = await api.storage.local.get(keys.map((k) => prefix + k));
      return Object.fromEntries(Object.entries(got).map(([k, v]) => [k.slice(prefix.length), v]));
    },
    set: (items) => api.storage.local.set(Object.fromEntries(Object.entries(items).map(([k, v]) => [prefix + k, v]))),
  });
  const device = (name) => {
    const store = createSyncStore({ sync: api.storage.sync, local: localOf(`${name}:`), engine: wasm, runtime: api.runtime, debounceMs: 0, minIntervalMs: 0, newDeviceId: () => name });
    api.storage.onChanged.addListener((changes, area) => store.handleStorageChange(changes, area));
    return store;
  };
  const laptop = device('laptop');
  const phone = device('phone');
  await laptop.init();
  await phone.init();
  // Offline at the same time: the same setting to different values, and one other setting each.
  await laptop.update('settings', { set: { lang: 'fr', theme: 'dark' } });
  await phone.update('settings', { set: { lang: 'en', zone: 'Europe/Paris' } });
  await laptop.flush();
  await phone.flush();
  // Let storage.onChanged reach both, and any merged write-back settle.
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await laptop.flush();
    await phone.flush();
  }
  const view = (store) => {
    const v = store.view('settings');
    return { values: v.values, conflicts: v.conflicts.map((c) => ({ id: c.id, value: c.value })) };
  };
  const result = { laptop: view(laptop), phone: view(phone) };
  await api.storage.sync.clear();
  await api.storage.local.clear();
  return result;
}

/**
 * Runs in an extension page: two calendars open on the same profile (two side panels, or a panel and
 * the background) change the same post at the same moment. Returns the texts storage and each store end
 * up with, and the conflicts each store keeps.
 */
async function twoPagesOneProfile() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  const { PlanStore } = await import(url('plan/store.js'));
  const engine = await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'));
  await api.storage.local.clear();
  const a = await PlanStore.open({ engine, storage: api.storage });
  const post = await a.createPost({ text: 'Brouillon', networks: ['x'], status: 'draft' });
  const b = await PlanStore.open({ engine, storage: api.storage });
  await Promise.all([a.updatePost(post.meta.id, { text: 'Relu par Ana' }), b.updatePost(post.meta.id, { text: 'Relu par Léo' })]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const key = `plan.post.${post.meta.id}`;
  const kept = (store) => [store.get(post.meta.id)?.text, ...JSON.parse(store.backup()).conflicts?.map((c) => c.version.post?.text) ?? []];
  const result = { stored: (await api.storage.local.get(key))[key]?.text, a: kept(a), b: kept(b) };
  a.close();
  b.close();
  const reopened = await PlanStore.open({ engine, storage: api.storage });
  result.reopened = kept(reopened);
  reopened.close();
  await api.storage.local.clear();
  return result;
}

/** The save button of the overlay of box `id`: hidden, saved, and the badge state (page world). */
function saveState(id) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`).getBoundingClientRect();
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const badge = host.shadowRoot.querySelector('.badge');
    const r = badge.getBoundingClientRect();
    if (badge.style.display === 'none' || r.right <= box.left || r.left >= box.right || r.bottom < box.top - 6 || r.top > box.bottom + 1) continue;
    const save = host.shadowRoot.querySelector('.save-plan');
    return { hidden: save.hidden, saved: save.dataset.saved ?? null, state: badge.dataset.state, error: badge.querySelector('.counter')?.title ?? '' };
  }
  return null;
}

function clickSave(id) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`).getBoundingClientRect();
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const r = host.shadowRoot.querySelector('.badge').getBoundingClientRect();
    if (r.right > box.left && r.left < box.right && r.bottom >= box.top - 6 && r.top <= box.bottom + 1) host.shadowRoot.querySelector('.save-plan').click();
  }
}

/** Runs in an extension page: every plan post as a fresh store reads it, and what it quarantined. */
async function readCalendar() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  const { PlanStore } = await import(url('plan/store.js'));
  const engine = await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'));
  const store = await PlanStore.open({ engine, storage: api.storage });
  const items = await api.storage.local.get(null);
  const posts = Object.keys(items).filter((k) => k.startsWith('plan.post.')).map((k) => store.get(k.slice('plan.post.'.length)) ?? { unreadable: k });
  const quarantine = store.quarantine.map((q) => q.key);
  store.close();
  return { posts: posts.map((p) => ({ text: p.text, networks: p.networks, status: p.status, unreadable: p.unreadable })), quarantine };
}

/** Stops the service worker; one caught while starting ignores the first stop, so it gets a second. */
async function stop(session) {
  try {
    await session.stopServiceWorker();
  } catch {
    await session.stopServiceWorker();
  }
}

describeInBrowsers('reliability', (ctx, browserName) => {
  test('corrupt calendar items are quarantined with their reasons, kept in storage and in the backup', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const r = await session.evaluate(corruptItems);
    assert.equal(r.shown, 'Bon article', 'the good post is still shown');
    assert.deepEqual(r.quarantine.map((q) => q.key).sort(), [...r.corruptKeys].sort(), 'every corrupt item is held, under its own key');
    for (const q of r.quarantine) assert.ok(q.reason.length > 5, `${q.key} says why: ${q.reason}`);
    assert.match(r.quarantine.find((q) => q.key === 'plan.post.bad-date').reason, /created/);
    assert.match(r.quarantine.find((q) => q.key === 'plan.post.unknown-field').reason, /colour/);
    assert.equal(r.backupHeld, r.corruptKeys.length, 'the backup carries the held items');
    assert.ok(r.untouched, 'the corrupt items are left in storage exactly as they were');
  });

  test('storage.sync: a document over the quota stays whole in storage.local with a notice; one that fits syncs exactly', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const fits = await session.evaluate(syncGuide, 60);
    assert.equal(fits.where, 'sync');
    assert.equal(fits.notice, null);
    assert.ok(fits.keptWhole && fits.syncedBack, 'the real storage.sync took every chunk and gives the guide back exactly');
    assert.ok(fits.syncKeys > 5, `written as chunks (${fits.syncKeys} items)`);
    // The real browser enforces a per-item quota: the planner's decision before writing is what saves data.
    assert.ok(fits.refusal, 'the browser refuses an item over its per-item quota');
    console.log(`${browserName} refuses an oversize storage.sync item with: ${fits.refusal}`);

    const over = await session.evaluate(syncGuide, 150);
    assert.equal(over.where, 'local');
    assert.equal(over.notice?.kind, 'local-fallback');
    assert.equal(over.notice?.code, 'QUOTA_BYTES');
    assert.match(over.notice.message.en, /too big to sync/);
    assert.match(over.notice.message.fr, /trop volumineux/);
    assert.ok(over.keptWhole, 'the whole guide is in storage.local');
    assert.equal(over.syncKeys, 0, 'nothing half-written in storage.sync');
    assert.ok(over.settingSynced, 'the other documents still sync');
  });

  test('storage.sync refuses a write in its own words: the document stays whole in storage.local with a notice', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const r = await session.evaluate(refusedWrite);
    assert.equal(r.refusals.length, 1, `the real browser refused the write: ${JSON.stringify(r.refusals)}`);
    console.log(`${browserName} refuses a write over storage.sync's total quota with: ${r.refusals[0]}`);
    assert.equal(r.where, 'local', 'kept on this device, not retried forever as an unknown error');
    assert.equal(r.notice?.kind, 'local-fallback');
    assert.equal(r.notice?.code, 'QUOTA_BYTES');
    assert.ok(r.notice.message.en.includes(r.refusals[0]) && r.notice.message.fr.length > 0, 'the notice quotes the browser');
    assert.ok(r.keptWhole, 'the whole guide is in storage.local');
  });

  test('two devices on one synced area: the same setting changed on both keeps both values, other changes all arrive', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const { laptop, phone } = await session.evaluate(twoDevices);
    assert.deepEqual(laptop, phone, 'both devices show the same thing');
    assert.equal(laptop.values.theme, 'dark');
    assert.equal(laptop.values.zone, 'Europe/Paris');
    const langs = [laptop.values.lang, ...laptop.conflicts.filter((c) => c.id === 'lang').map((c) => c.value)].sort();
    assert.deepEqual(langs, ['en', 'fr'], 'both concurrent values are kept: one shown, one to resolve');
  });

  // Each store counts its changes under its own replica id and merges another page's write of a record
  // with its own version (PlanBook::put_stored), writing the merge back when storage lacks it: both
  // edits are kept, one shown, one to resolve, in both pages, in storage and in a page opened afterwards.
  test('two pages of one profile changing the same post at once both keep their edit', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const r = await session.evaluate(twoPagesOneProfile);
    console.log(`two pages, one post: ${JSON.stringify(r)}`);
    assert.deepEqual(r.reopened.filter(Boolean).sort(), ['Relu par Ana', 'Relu par Léo']);
    assert.deepEqual(r.a, r.b, 'both pages show the same version and keep the other');
    assert.deepEqual(r.reopened, r.a);
    assert.equal(r.stored, r.a[0], 'storage holds the version shown');
  });

  if (browserName === 'chromium') {
    test('the service worker stopped while saving to the plan: the post is all there or the user is told', async () => {
      const { session, server } = ctx;
      const x = site('x');
      const compose = x.boxes.find((b) => b.id === 'compose');
      const outcomes = [];
      // Stopped at once and after a while: before, during and after the engine start and the storage write.
      for (const [i, delay] of [0, 20, 50, 100, 150, 250, 400].entries()) {
        await loadSite(session, server, x, compose.route);
        await openBox(session, compose.open, compose.id);
        const draft = `Atelier ouvert samedi, essai ${i}`;
        await typeInto(session, compose.id, draft, draft);
        await waitFor(() => session.evaluate(saveState, compose.id), (s) => s && !s.hidden && s.state !== 'error', { what: 'the save button' });
        // Stopped first, the click wakes the worker, which loads the engine, opens the calendar and
        // writes: the second stop lands somewhere in that start-up and write.
        await stop(session);
        await session.evaluate(clickSave, compose.id);
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        await stop(session);
        const told = await waitFor(() => session.evaluate(saveState, compose.id), (s) => s?.saved === 'true' || s?.state === 'error', { timeout: 15000, what: 'the overlay to say saved or failed' });
        outcomes.push({ draft, saved: told.saved === 'true' });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await session.open(session.extensionUrl('options/options.html'));
      const calendar = await session.evaluate(readCalendar);
      assert.deepEqual(calendar.quarantine, [], 'nothing half-written');
      for (const post of calendar.posts) {
        assert.equal(post.unreadable, undefined);
        assert.deepEqual(post.networks, ['x']);
        assert.equal(post.status, 'draft');
      }
      for (const { draft, saved } of outcomes) {
        const found = calendar.posts.filter((p) => p.text === draft).length;
        if (saved) assert.equal(found, 1, `"${draft}": the overlay said saved, so it is in the calendar`);
        else assert.ok(found <= 1, `"${draft}": the user was told it failed; at most one whole copy`);
      }
      console.log(`service worker stopped mid-save: ${outcomes.map((o) => (o.saved ? 'saved' : 'told')).join(', ')}`);
    });
  }
});
