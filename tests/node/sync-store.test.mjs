// The storage.sync layer (extension/sync/store.js) against the real wasm build in dist/node and
// an in-memory storage.sync that enforces Chrome's documented quotas (fake-storage.mjs says what
// it models and from where). Time is simulated: the store's timers run when a test advances it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../dist/node/index.mjs';
import { createSyncStore, LOCAL_KEYS, quotaCode } from '../../extension/sync/store.js';
import { FakeStorageArea, FakeSyncServer, SYNC_LIMITS, createClock, itemBytes } from './fake-storage.mjs';

// The sync functions live in the planner module, loaded here as the extension loads it.
const engine = await loadEngine().planner();

/** Lets every pending promise and storage event run. */
const settle = () => new Promise((resolve) => setImmediate(resolve)).then(() => new Promise((resolve) => setImmediate(resolve)));

/** One browser profile: its storage.sync (quota-enforcing) and storage.local, and a store on them. */
function device(name, { clock, server, limits = SYNC_LIMITS, callbackStyle = false, sync, local } = {}) {
  const runtime = { lastError: undefined };
  sync ??= new FakeStorageArea({ limits, clock, runtime, name: 'sync' });
  local ??= new FakeStorageArea({ clock, runtime, name: 'local' });
  if (server) server.connect(sync);
  const store = createSyncStore({
    sync,
    local,
    engine,
    runtime,
    callbackStyle,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    newDeviceId: () => name,
  });
  sync.addListener((changes, area) => store.handleStorageChange(changes, area));
  const events = [];
  store.subscribe((event) => events.push(event));
  return { name, sync, local, store, events, runtime };
}

/** The value stored under `key` in a sync area, read back through the engine. */
function syncedDoc(area, key) {
  return engine.planSyncRead(key, area.snapshot());
}

/** The largest number of writes in any window of `ms` in a write log. */
function busiest(writes, ms) {
  return Math.max(0, ...writes.map((w) => writes.filter((x) => x.at > w.at - ms && x.at <= w.at).length));
}

/** A guide source of about `kb` KB mixing accents, emoji, `<` and U+2028 (all cost more in JSON). */
function bigGuide(kb, seed = '') {
  const line = `[terms]\n# « Règle ${seed} » <strong>évitez</strong> les 🚲 et les 🇫🇷\u2028 "citations" \\ fin\n`;
  return line.repeat(Math.ceil((kb * 1024) / Buffer.byteLength(line)));
}

test('the fake storage.sync enforces the documented quotas, counting as Chromium does', async () => {
  const clock = createClock();
  const runtime = { lastError: undefined };
  const sync = new FakeStorageArea({ limits: SYNC_LIMITS, clock, runtime, name: 'sync' });
  // 8,192 bytes exactly: key "k" (1) + quotes (2) + 8,189 characters.
  await sync.set({ k: 'a'.repeat(8_189) });
  await assert.rejects(sync.set({ k: 'a'.repeat(8_190) }), /^Error: QUOTA_BYTES_PER_ITEM quota exceeded$/);
  // `<` counts six bytes (\u003C), so the same length of `<` does not fit.
  assert.equal(itemBytes('k', '<'.repeat(10)), 1 + 2 + 60);
  await assert.rejects(sync.set({ k: '<'.repeat(2_000) }), /QUOTA_BYTES_PER_ITEM/);
  assert.equal(itemBytes('n', 2 ** 40), 1 + String(2 ** 40).length + 2, 'a double gets ".0"');
  // Total: thirteen items of 8,000 bytes are 104,000 > 102,400.
  const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`t${String(i).padStart(2, '0')}`, 'x'.repeat(8_000 - 5)]));
  await assert.rejects(sync.set(many), /^Error: QUOTA_BYTES quota exceeded$/);
  await sync.clear();
  const items = Object.fromEntries(Array.from({ length: 513 }, (_, i) => [`i${i}`, 1]));
  await assert.rejects(sync.set(items), /^Error: MAX_ITEMS quota exceeded$/);
  assert.deepEqual(sync.snapshot(), {}, 'a rejected write changes nothing');
  // Rates: 120 calls in a minute pass, the 121st is refused; the next minute it passes.
  const fresh = new FakeStorageArea({ limits: SYNC_LIMITS, clock, runtime, name: 'sync' });
  for (let i = 0; i < 120; i += 1) await fresh.set({ n: i });
  await assert.rejects(fresh.set({ n: 120 }), /MAX_WRITE_OPERATIONS_PER_MINUTE/);
  await clock.advance(60_001);
  await fresh.set({ n: 120 });
  // Callback style: the error is in runtime.lastError while the callback runs.
  const seen = await new Promise((resolve) => sync.set({ k: 'a'.repeat(9_000) }, () => resolve(runtime.lastError?.message)));
  assert.equal(seen, 'QUOTA_BYTES_PER_ITEM quota exceeded');
  assert.equal(runtime.lastError, undefined);
});

test('a guide larger than an item is chunked, every item fits, and another device reads it exactly', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  const guide = bigGuide(60);
  await a.store.update('guide', { set: { guide } });
  await clock.advance(10_000, settle);

  const items = a.sync.snapshot();
  const chunks = Object.keys(items).filter((k) => /^guide\.\d+$/.test(k));
  assert.ok(chunks.length >= 8, `${chunks.length} chunks`);
  for (const [key, value] of Object.entries(items)) {
    assert.ok(itemBytes(key, value) <= 8_192, `${key}: ${itemBytes(key, value)} bytes by Chromium's count`);
    assert.ok(Buffer.byteLength(key + JSON.stringify(value)) <= 8_192, `${key} by JSON.stringify`);
  }
  assert.deepEqual(a.sync.rejections, []);
  assert.equal(a.store.view('guide').where, 'sync');

  server.deliverAll();
  await settle();
  assert.equal(b.store.view('guide').values.guide, guide, 'the phone assembled the exact text');
  assert.ok(b.events.some((e) => e.type === 'change' && e.key === 'guide' && e.origin === 'remote'));
  // A third device starting later reads it from its own copy of the synced items.
  const c = device('tablet', { clock });
  c.sync.receive(a.sync.snapshot(), []);
  await c.store.init();
  assert.equal(c.store.view('guide').values.guide, guide);
});

test('a value over the quota is kept in storage.local with a notice, decided before writing', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  await a.store.init();
  await a.store.update('settings', { set: { lang: 'fr' } });
  const huge = bigGuide(150);
  const view = await a.store.update('guide', { set: { guide: huge } });
  assert.equal(view.values.guide, huge, 'the change is there at once');
  await clock.advance(10_000, settle);

  const after = a.store.view('guide');
  assert.equal(after.where, 'local');
  assert.equal(after.notice.kind, 'local-fallback');
  assert.equal(after.notice.code, 'QUOTA_BYTES');
  assert.match(after.notice.message.en, /too big to sync.*kept on this device only/);
  assert.match(after.notice.message.fr, /trop volumineux.*gardé sur cet appareil seulement/);
  assert.deepEqual(a.store.notices(), [after.notice]);
  assert.ok(a.events.some((e) => e.type === 'notice' && e.key === 'guide' && e.notice?.code === 'QUOTA_BYTES'));
  assert.deepEqual(a.sync.rejections, [], 'the write was never attempted');
  assert.ok(!Object.keys(a.sync.snapshot()).some((k) => k.startsWith('guide')));
  assert.equal(syncedDoc(a.sync, 'settings').value.records[0].value, 'fr', 'the other documents still sync');
  const mirror = a.local.snapshot()[LOCAL_KEYS.mirror('guide')];
  assert.equal(mirror.doc.records[0].value, huge, 'storage.local holds the whole guide');
  assert.equal(mirror.where, 'local');

  // Once it fits again it syncs, and the notice goes away.
  await a.store.update('guide', { set: { guide: bigGuide(20) } });
  await clock.advance(10_000, settle);
  assert.equal(a.store.view('guide').where, 'sync');
  assert.equal(a.store.view('guide').notice, null);
  assert.equal(syncedDoc(a.sync, 'guide').value.records[0].value, bigGuide(20));
  assert.ok(a.events.some((e) => e.type === 'notice' && e.key === 'guide' && e.notice === null));
});

for (const callbackStyle of [false, true]) {
  test(`a write the browser rejects falls back to storage.local with a notice (${callbackStyle ? 'runtime.lastError' : 'rejected promise'})`, async () => {
    const clock = createClock();
    // A browser stricter than the documented 8,192 bytes per item: the planner's chunks are refused.
    const a = device('laptop', { clock, callbackStyle, limits: { ...SYNC_LIMITS, QUOTA_BYTES_PER_ITEM: 4_096 } });
    await a.store.init();
    const guide = bigGuide(12);
    await a.store.update('guide', { set: { guide } });
    await clock.advance(10_000, settle);

    assert.equal(a.sync.rejections.length, 1);
    assert.equal(a.sync.rejections[0].message, 'QUOTA_BYTES_PER_ITEM quota exceeded');
    const view = a.store.view('guide');
    assert.equal(view.where, 'local');
    assert.equal(view.notice.kind, 'local-fallback');
    assert.equal(view.notice.code, 'QUOTA_BYTES_PER_ITEM');
    assert.match(view.notice.message.en, /refused to sync “guide” \(QUOTA_BYTES_PER_ITEM quota exceeded\)/);
    assert.match(view.notice.message.fr, /refusé de synchroniser « guide »/);
    assert.equal(view.values.guide, guide);
    assert.equal(a.local.snapshot()[LOCAL_KEYS.mirror('guide')].doc.records[0].value, guide);
    assert.deepEqual(a.sync.snapshot(), {});
  });
}

test('bursts of changes are coalesced and the write rates are never exceeded', async () => {
  const clock = createClock();
  const a = device('laptop', { clock });
  await a.store.init();
  // 200 changes at once: one write.
  for (let i = 0; i < 200; i += 1) await a.store.update('settings', { set: { counter: i } });
  await clock.advance(5_000, settle);
  assert.equal(a.sync.writes.length, 1);
  // One change a second for ten minutes.
  for (let i = 0; i < 600; i += 1) {
    await a.store.update('settings', { set: { counter: 1_000 + i } });
    await clock.advance(1_000, settle);
  }
  await clock.advance(10_000, settle);
  assert.deepEqual(a.sync.rejections, []);
  assert.ok(a.sync.writes.length <= 1 + 600 / 4 + 1, `${a.sync.writes.length} writes`);
  assert.ok(busiest(a.sync.writes, 60_000) <= 120);
  const doc = syncedDoc(a.sync, 'settings').value;
  assert.equal(doc.records.find((r) => r.meta.id === 'counter').value, 1_599, 'the last change is synced');
});

test('near the hourly write quota the store waits for the time the engine says instead of being refused', async () => {
  const clock = createClock();
  const a = device('laptop', { clock });
  // 1,800 writes in the last hour (this device's, before a restart), the oldest 58 min 20 s ago.
  const history = Array.from({ length: 1_800 }, (_, i) => clock.now() - 3_500_000 + i * 1_000);
  a.sync.writes.push(...history.map((at) => ({ at, method: 'set', keys: ['x'] })));
  await a.local.set({ [LOCAL_KEYS.writes]: history });
  await a.store.init();
  await a.store.update('settings', { set: { lang: 'en' } });
  await clock.advance(5_000, settle);

  const view = a.store.view('settings');
  assert.equal(view.notice.kind, 'sync-delayed');
  assert.equal(view.notice.code, 'MAX_WRITE_OPERATIONS_PER_HOUR');
  assert.match(view.notice.message.fr, /sera synchronisé dans \d+ s/);
  assert.equal(view.pending, true);
  assert.deepEqual(a.sync.rejections, []);
  assert.equal(syncedDoc(a.sync, 'settings').missing, true);
  // The oldest write leaves the hour 100 s after the start: the write goes out then.
  await clock.advance(100_000, settle);
  assert.deepEqual(a.sync.rejections, []);
  assert.equal(syncedDoc(a.sync, 'settings').value.records[0].value, 'en');
  assert.equal(a.store.view('settings').notice, null);
});

test('two devices changing different settings both keep their change', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  await a.store.update('settings', { set: { lang: 'fr' } });
  await b.store.update('settings', { set: { theme: 'dark' } });
  await clock.advance(10_000, settle);
  // Each wrote before seeing the other's write; sync delivers both ways.
  server.deliverAll();
  await clock.advance(10_000, settle);
  server.deliverAll();
  await clock.advance(10_000, settle);
  for (const d of [a, b]) {
    assert.deepEqual(d.store.view('settings').values, { lang: 'fr', theme: 'dark' }, d.name);
    assert.deepEqual(d.store.view('settings').conflicts, []);
  }
  assert.deepEqual(a.sync.snapshot(), b.sync.snapshot(), 'both sync areas hold the same items');
});

test('the same guide edited on two devices keeps both versions until one is chosen, everywhere', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  await a.store.update('guide', { set: { guide: 'version 1' } });
  await clock.advance(10_000, settle);
  server.deliverAll();
  await clock.advance(10_000, settle);
  assert.equal(b.store.view('guide').values.guide, 'version 1');

  await a.store.update('guide', { set: { guide: 'laptop edit' } });
  await clock.advance(1_000, settle);
  await b.store.update('guide', { set: { guide: 'phone edit' } });
  await clock.advance(10_000, settle);
  for (let round = 0; round < 3; round += 1) {
    server.deliverAll();
    await clock.advance(10_000, settle);
  }
  const va = a.store.view('guide');
  const vb = b.store.view('guide');
  assert.equal(va.values.guide, vb.values.guide, 'the same version is shown on both');
  assert.equal(va.values.guide, 'phone edit', 'the later edit is shown');
  assert.deepEqual(va.conflicts.map((c) => c.value), ['laptop edit']);
  assert.deepEqual(vb.conflicts, va.conflicts);

  // The user picks on the phone; the choice reaches the laptop and the conflict is gone.
  await b.store.update('guide', { set: { guide: 'laptop edit, phone wording' } });
  await clock.advance(10_000, settle);
  server.deliverAll();
  await clock.advance(10_000, settle);
  for (const d of [a, b]) {
    assert.equal(d.store.view('guide').values.guide, 'laptop edit, phone wording', d.name);
    assert.deepEqual(d.store.view('guide').conflicts, [], d.name);
  }
});

test('deleting a snippet on one device while the other edits it keeps the edit and shows the deletion', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  await a.store.update('snippets', { set: { merci: { body: 'Merci !' }, bonjour: { body: 'Bonjour' } } });
  await clock.advance(10_000, settle);
  server.deliverAll();
  await clock.advance(10_000, settle);
  await a.store.update('snippets', { remove: ['merci'] });
  await b.store.update('snippets', { set: { merci: { body: 'Merci beaucoup !' } }, remove: ['bonjour'] });
  await clock.advance(10_000, settle);
  for (let round = 0; round < 3; round += 1) {
    server.deliverAll();
    await clock.advance(10_000, settle);
  }
  for (const d of [a, b]) {
    const view = d.store.view('snippets');
    assert.deepEqual(view.values, { merci: { body: 'Merci beaucoup !' } }, d.name);
    assert.deepEqual(view.conflicts.map((c) => [c.id, c.deleted]), [['merci', true]], d.name);
  }
});

test('a value still arriving from another device is never read half-written', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  await a.store.update('guide', { set: { guide: 'short' } });
  await clock.advance(10_000, settle);
  server.deliverAll();
  await clock.advance(10_000, settle);
  const long = bigGuide(30, 'v2');
  await a.store.update('guide', { set: { guide: long } });
  await clock.advance(10_000, settle);

  // Only the manifest has arrived on the phone.
  assert.equal(server.deliver(b.sync, (key) => key === 'guide'), 1);
  await settle();
  assert.equal(b.store.view('guide').values.guide, 'short', 'the previous complete value stays');
  const incomplete = b.events.find((e) => e.type === 'incomplete');
  assert.equal(incomplete.error.code, 'incomplete');
  assert.match(incomplete.error.message.en, /still arriving/);
  // The chunks arrive.
  server.deliver(b.sync);
  await settle();
  assert.equal(b.store.view('guide').values.guide, long);
  assert.deepEqual(b.store.view('guide').conflicts, []);
});

test('if the rest of a write is slow to arrive, the device writes its copy over it and nothing is lost', async () => {
  const clock = createClock();
  const server = new FakeSyncServer();
  const a = device('laptop', { clock, server });
  const b = device('phone', { clock, server });
  await a.store.init();
  await b.store.init();
  await b.store.update('settings', { set: { theme: 'dark' } });
  await a.store.update('guide', { set: { guide: bigGuide(30, 'never whole') } });
  await clock.advance(10_000, settle);
  server.deliver(b.sync, (key) => key === 'guide'); // the manifest arrives, the chunks are late
  server.deliver(a.sync);
  await clock.advance(60_000, settle);
  // The phone gave up waiting and wrote its own (complete) copy; the laptop still has the guide.
  assert.ok(b.sync.writes.some((w) => w.keys.includes('guide')));
  assert.ok(!('error' in syncedDoc(b.sync, 'guide')), 'the phone repaired its sync area');
  server.deliverAll(); // the late chunks, and the phone's copy to the laptop
  await clock.advance(60_000, settle);
  server.deliverAll();
  await clock.advance(60_000, settle);
  for (const d of [a, b]) {
    assert.equal(d.store.view('guide').values.guide, bigGuide(30, 'never whole'), d.name);
    assert.deepEqual(d.store.view('settings').values, { theme: 'dark' }, d.name);
  }
});

test('a change saved just before the worker stopped is written when it starts again', async () => {
  const clock = createClock();
  const first = device('laptop', { clock });
  await first.store.init();
  await first.store.update('disabledRules', { set: { 'terms.spelling': true } });
  assert.equal(first.sync.writes.length, 0, 'not written yet when the worker stops');
  // A new worker: a new store on the same storage areas.
  const second = device('laptop', { clock, sync: first.sync, local: first.local });
  await second.store.init();
  assert.deepEqual(second.store.view('disabledRules').values, { 'terms.spelling': true });
  assert.equal(second.store.deviceId, 'laptop');
  await clock.advance(10_000, settle);
  assert.equal(syncedDoc(first.sync, 'disabledRules').value.records[0].meta.id, 'terms.spelling');
  // Re-enabling removes it everywhere (a tombstone), without a conflict.
  await second.store.update('disabledRules', { remove: ['terms.spelling'] });
  await clock.advance(10_000, settle);
  assert.deepEqual(second.store.view('disabledRules').values, {});
  assert.equal(syncedDoc(first.sync, 'disabledRules').value.records[0].meta.deleted, true);
});

test('the wasm functions check what they are given', () => {
  assert.throws(() => engine.planSyncWrite('a.b', 1, {}), /without '\.'/);
  assert.throws(() => engine.planSyncWrite('k', undefined, {}), /not a JSON value/);
  assert.throws(() => engine.editSyncDocument(undefined, { set: { a: 1 } }, 'd', 'yesterday'), /RFC 3339/);
  assert.throws(() => engine.editSyncDocument(undefined, { set: { a: 1 } }, '', new Date().toISOString()), /device/);
  assert.throws(() => engine.mergePlans({ version: 1, posts: [{ meta: { id: 'p' } }] }, { version: 1 }), /bad first plan: missing field `created`/);
  // Writing what is already stored takes no write at all: the planner compares with what
  // JSON.stringify gives for the stored items, character for character.
  const tricky = { text: 'é\u0001"<\u2028\\🚲'.repeat(3_000), n: 0.1 + 0.2, big: 2 ** 60 };
  const first = engine.planSyncWrite('guide', tricky, {});
  const again = engine.planSyncWrite('guide', tricky, first.set);
  assert.deepEqual([again.set, again.remove, again.operations], [{}, [], 0]);
  assert.deepEqual(engine.planSyncRead('guide', first.set).value, tricky);
  const plan = engine.planSyncWrite('settings', { lang: 'fr' }, {}, { recentWrites: Array(120).fill(Date.now()), now: Date.now() });
  assert.equal(plan.fitsQuota, false);
  assert.equal(plan.reason.code, 'MAX_WRITE_OPERATIONS_PER_MINUTE');
  assert.ok(plan.reason.retryAfterMs > 59_000);
});

test('mergePlans merges two plans: concurrent edits kept as a conflict, quarantine unioned', () => {
  const meta = (clock, updated) => ({ id: 'p1', created: '2026-01-05T09:00:00Z', updated, clock });
  const post = (text, clock, updated) => ({ meta: meta(clock, updated), text, networks: ['x'], status: 'draft' });
  const laptop = { version: 1, posts: [post('Bonjour à tous', { laptop: 2 }, '2026-01-05T10:00:00Z')], quarantine: [{ collection: 'posts', raw: { x: 1 }, reason: 'r1' }] };
  const phone = { version: 1, posts: [post('Bonjour tout le monde', { laptop: 1, phone: 1 }, '2026-01-05T11:00:00Z')], quarantine: [{ collection: 'posts', raw: { y: 2 }, reason: 'r2' }] };
  const merged = engine.mergePlans(laptop, phone);
  assert.deepEqual(merged, engine.mergePlans(phone, laptop));
  assert.equal(merged.posts[0].text, 'Bonjour tout le monde');
  assert.equal(merged.conflicts[0].id, 'p1');
  assert.equal(merged.conflicts[0].version.post.text, 'Bonjour à tous');
  assert.equal(merged.quarantine.length, 2);
  assert.deepEqual(engine.mergePlans(merged, merged), merged);
});

test('refusals are read in every browser\'s wording (as Chromium 156 and Firefox ESR word them)', () => {
  // Chromium 156 names the quota after its internal enum; Firefox names none (tests/browser/reliability.test.mjs
  // checks these against the real browsers).
  assert.equal(quotaCode('Resource::kQuotaBytesPerItem quota exceeded'), 'QUOTA_BYTES_PER_ITEM');
  assert.equal(quotaCode('Resource::kQuotaBytes quota exceeded'), 'QUOTA_BYTES');
  assert.equal(quotaCode('Resource::kMaxItems quota exceeded'), 'MAX_ITEMS');
  assert.equal(quotaCode('QuotaExceededError: storage.sync API call exceeded its quota limitations.'), 'QUOTA_BYTES');
  assert.equal(quotaCode('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'), 'MAX_WRITE_OPERATIONS_PER_MINUTE');
  assert.equal(quotaCode('QUOTA_BYTES_PER_ITEM quota exceeded'), 'QUOTA_BYTES_PER_ITEM');
  assert.equal(quotaCode('Resource::kSomethingNew quota exceeded'), 'SYNC_ERROR');
  assert.equal(quotaCode('network down'), 'SYNC_ERROR');
});
