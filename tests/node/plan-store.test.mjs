// The calendar's storage layer (extension/plan/store.js) on the real wasm build from dist/node, over
// an in-memory storage.local (tests/node/support/memory-storage.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../dist/node/index.mjs';
import { PlanStore, PlanSaveError } from '../../extension/plan/store.js';
import { memoryStorage, settle } from './support/memory-storage.mjs';

const engine = loadEngine();
const open = (storage, extra = {}) => PlanStore.open({ engine, storage, actor: { name: 'Léa', role: 'writer' }, ...extra });
const post = (text, more = {}) => ({ text, networks: ['x'], ...more });
const planKeys = (storage) => [...storage.data.keys()].filter((k) => k.startsWith('plan.')).sort();

test('a new calendar keeps its device in plan.meta and saving one post writes one item', async () => {
  const storage = memoryStorage();
  const store = await open(storage);
  assert.deepEqual(storage.data.get('plan.meta'), { version: 1, device: store.device });
  storage.writes.length = 0;
  const created = await store.createPost(post('Bonjour', { schedule: { at: '2026-12-01T08:00:00Z', zone: 'Europe/Paris' } }));
  assert.match(created.meta.id, /^[0-9a-z]{12}$/);
  assert.match(store.replica, new RegExp(`^${store.device}\\.r[0-9a-z]+$`), 'no Web Locks in Node: a random slot');
  assert.deepEqual(created.meta.clock, { [store.replica]: 1 });
  assert.deepEqual(storage.writes, [[`plan.post.${created.meta.id}`]]);
  assert.deepEqual(storage.data.get(`plan.post.${created.meta.id}`), created);
  const updated = await store.updatePost(created.meta.id, { text: 'Bonjour à tous' });
  assert.equal(updated.meta.clock[store.replica], 2);
  assert.deepEqual(storage.writes.at(-1), [`plan.post.${created.meta.id}`]);
  // A reopened store (the panel opened again) finds the same calendar and the same device.
  const again = await open(storage);
  assert.equal(again.device, store.device);
  assert.equal(again.get(created.meta.id).text, 'Bonjour à tous');
  store.close();
  again.close();
});

test('corrupt items are quarantined, shown, kept untouched and carried in the backup', async () => {
  const storage = memoryStorage();
  const store = await open(storage);
  const good = await store.createPost(post('Bon'), 'good');
  store.close();
  storage.data.set('plan.post.broken', { meta: { id: 'broken' }, status: 'draft' });
  storage.data.set('plan.campaign.c1', 'not an object');
  const reopened = await open(storage);
  const held = reopened.quarantine;
  assert.deepEqual(held.map((q) => q.key), ['plan.campaign.c1', 'plan.post.broken']);
  assert.match(held[1].reason, /^meta: missing field `created`/);
  assert.deepEqual(held[1].raw, { meta: { id: 'broken' }, status: 'draft' });
  assert.equal(reopened.loadReport.posts, 1);
  assert.equal(reopened.get(good.meta.id).text, 'Bon');
  await reopened.createPost(post('Encore'));
  await reopened.restore(reopened.backup());
  assert.deepEqual(storage.data.get('plan.post.broken'), { meta: { id: 'broken' }, status: 'draft' }, 'never rewritten');
  const backup = JSON.parse(reopened.backup());
  assert.equal(backup.quarantine.length, 2);
  // Only an explicit discard removes one.
  await reopened.dropQuarantined('plan.campaign.c1');
  assert.equal(storage.data.has('plan.campaign.c1'), false);
  assert.deepEqual(reopened.quarantine.map((q) => q.key), ['plan.post.broken']);
  await assert.rejects(reopened.dropQuarantined(`plan.post.${good.meta.id}`), /not a quarantined plan item/);
  reopened.close();
});

test('another page\'s writes reach an open store through storage.onChanged', async () => {
  const storage = memoryStorage();
  const panel = await open(storage);
  const background = await open(storage);
  const seen = [];
  panel.subscribe((change) => seen.push(change.key));
  const p = await background.createPost(post('Du fond', { schedule: { at: '2026-12-03T08:00:00Z', zone: 'UTC' } }));
  await settle();
  assert.equal(panel.get(p.meta.id).text, 'Du fond');
  assert.deepEqual(seen, [`plan.post.${p.meta.id}`]);
  await background.reschedule(p.meta.id, '2026-12-20T08:00:00Z');
  await settle();
  const december = { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  assert.deepEqual(panel.query({ ...december, to: '2026-12-10T00:00:00Z' }).scheduled, []);
  assert.equal(panel.query(december).scheduled[0].schedule.at, '2026-12-20T08:00:00Z');
  // Both pages are this browser: one device, but each page counts its changes under its own replica.
  assert.equal(panel.device, background.device);
  assert.notEqual(panel.replica, background.replica);
  const edited = await panel.updatePost(p.meta.id, { notes: 'vu' });
  assert.deepEqual(edited.meta.clock, { [background.replica]: 2, [panel.replica]: 1 });
  await settle();
  assert.equal(background.get(p.meta.id).notes, 'vu');
  await background.deletePost(p.meta.id);
  await settle();
  assert.equal(panel.get(p.meta.id), undefined);
  assert.equal(storage.data.get(`plan.post.${p.meta.id}`).meta.deleted, true, 'a tombstone, not a removal');
  // A page's own writes are not echoed back to its listeners.
  const own = [];
  background.subscribe((c) => own.push(c.key));
  await background.createPost(post('à moi'));
  await settle();
  assert.deepEqual(own, []);
  panel.close();
  background.close();
});

test('two pages changing the same post at once both keep their edit, and storage ends up holding both', async () => {
  const storage = memoryStorage();
  const panel = await open(storage);
  const p = await panel.createPost(post('Brouillon'));
  const options = await open(storage);
  const key = `plan.post.${p.meta.id}`;
  await Promise.all([panel.updatePost(p.meta.id, { text: 'Relu par Ana' }), options.updatePost(p.meta.id, { text: 'Relu par Léo' })]);
  for (let i = 0; i < 5; i += 1) await settle();
  const kept = (store) => [store.get(p.meta.id).text, ...(JSON.parse(store.backup()).conflicts ?? []).map((c) => c.version.post.text)];
  assert.deepEqual(kept(panel).toSorted(), ['Relu par Ana', 'Relu par Léo']);
  assert.deepEqual(kept(options), kept(panel), 'both pages show the same version and keep the other');
  assert.equal(storage.data.get(key).text, kept(panel)[0], 'storage holds the shown version');
  const conflictKeys = planKeys(storage).filter((k) => k.startsWith('plan.conflict.'));
  assert.equal(conflictKeys.length, 1);
  assert.equal(storage.data.get(conflictKeys[0]).version.post.text, kept(panel)[1]);
  // It converged: no page writes again.
  const writes = storage.writes.length;
  for (let i = 0; i < 3; i += 1) await settle();
  assert.equal(storage.writes.length, writes, 'no ping-pong');
  // A page opened afterwards reads both.
  panel.close();
  options.close();
  const reopened = await open(storage);
  assert.deepEqual(kept(reopened), kept(panel));
  // A later edit builds on the shown version; the other pages take it in without writing back.
  const later = await reopened.updatePost(p.meta.id, { notes: 'vu' });
  const other = await open(storage);
  const before = storage.writes.length;
  await reopened.updatePost(p.meta.id, { notes: 'vu deux fois' });
  for (let i = 0; i < 3; i += 1) await settle();
  assert.equal(other.get(p.meta.id).notes, 'vu deux fois');
  assert.equal(storage.writes.length, before + 1, 'a newer version is taken in, not written back');
  assert.ok(later.meta.clock[reopened.replica] >= 1);
  reopened.close();
  other.close();
});

test('an older version arriving late is merged away and storage gets the newer one back', async () => {
  const storage = memoryStorage();
  const panel = await open(storage);
  const background = await open(storage);
  const p = await panel.createPost(post('v1'));
  await settle();
  const old = storage.data.get(`plan.post.${p.meta.id}`);
  await panel.updatePost(p.meta.id, { text: 'v2' });
  await settle();
  // A stale write (a page that had not seen v2) lands last in storage.
  await storage.local.set({ [`plan.post.${p.meta.id}`]: old });
  for (let i = 0; i < 4; i += 1) await settle();
  assert.equal(panel.get(p.meta.id).text, 'v2');
  assert.equal(background.get(p.meta.id).text, 'v2');
  assert.equal(storage.data.get(`plan.post.${p.meta.id}`).text, 'v2', 'written back');
  assert.deepEqual(planKeys(storage).filter((k) => k.startsWith('plan.conflict.')), [], 'an older version is no conflict');
  panel.close();
  background.close();
});

test('the review flow answers with coded errors in the chosen language', async () => {
  const storage = memoryStorage();
  const store = await open(storage, { actor: { name: 'Noé', role: 'intern' }, sensitiveTerms: engine.sensitiveTerms() });
  const p = await store.createPost(post('Nouveaux horaires'));
  await assert.rejects(store.setStatus(p.meta.id, 'approved'), (e) => e.code === 'transition' && e.from === 'draft' && e.to === 'approved' && /interns' posts are always reviewed/.test(e.message));
  store.setLang('fr');
  await assert.rejects(store.setStatus(p.meta.id, 'approved'), (e) => /impossible de passer de « brouillon » à « validé »/.test(e.message));
  await store.review(p.meta.id, 'submit');
  const camille = { name: 'Camille', role: 'approver' };
  await assert.rejects(store.review(p.meta.id, 'send-back', '', camille), (e) => e.code === 'transition' && /commentaire/.test(e.message));
  const sent = await store.review(p.meta.id, 'send-back', 'Ajoutez les horaires du samedi', camille);
  assert.equal(sent.status, 'draft');
  assert.deepEqual(sent.review.map((e) => [e.action, e.by]), [['submitted', 'Noé'], ['sent-back', 'Camille']]);
  // The sample guide's sensitive words force review for a writer too.
  store.setActor('Léa', 'writer');
  const s = await store.createPost(post('Grève des transports : atelier fermé'));
  assert.deepEqual(store.reviewNeed(s.meta.id), { intern: false, sensitive: ['grève'], required: true, reason: 'il contient un mot sensible du guide (« grève »)' });
  await assert.rejects(store.setStatus(s.meta.id, 'approved'), (e) => e.code === 'transition');
  await assert.rejects(store.createPost({ text: 'x', networks: ['myspace'] }), (e) => e.code === 'invalid' && e.field === 'networks[0]');
  await assert.rejects(store.createPost({ txt: 'typo' }), (e) => e.code === 'bad-input' && /txt/.test(e.message));
  await assert.rejects(store.updatePost('nope', { text: 'x' }), (e) => e.code === 'not-found');
  store.close();
});

test('a backup restores exactly into another browser, replacing what was there', async () => {
  const source = await open(memoryStorage());
  await source.createCampaign({ name: 'Printemps', starts: '2026-03-01', hashtags: ['#RoueLibre'] }, 'printemps');
  await source.createPillar({ name: 'Atelier', targetPercent: 40, color: '#2a9d8f' }, 'atelier');
  const a = await source.createPost(post('Atelier ouvert', { pillar: 'atelier', campaign: 'printemps', schedule: { at: '2026-03-07T08:30:00Z', zone: 'Europe/Paris' } }));
  await source.deletePost((await source.createPost(post('Effacé'))).meta.id);
  const text = source.backup();

  const storage = memoryStorage();
  const target = await open(storage);
  const old = await target.createPost(post('Ancien'), 'old');
  const bad = await target.restore('{\n  "version": 1,\n  "posts": [,]\n}');
  assert.equal(bad.ok, false);
  assert.deepEqual([bad.error.line, bad.error.column], [3, 13]);
  assert.equal(target.get(old.meta.id).text, 'Ancien', 'a failed restore changes nothing');
  const report = await target.restore(text);
  assert.equal(report.ok, true);
  assert.deepEqual([report.posts, report.campaigns, report.pillars], [2, 1, 1]);
  assert.equal(target.backup(), text, 'the same plan, byte for byte');
  assert.equal(target.get('old'), undefined);
  assert.equal(storage.data.has('plan.post.old'), false, 'records not in the backup leave storage');
  assert.deepEqual(planKeys(storage).filter((k) => k.startsWith('plan.post.')).length, 2);
  // And what storage now holds loads to the same plan.
  const reopened = await open(storage);
  assert.equal(reopened.backup(), text);
  assert.equal(reopened.get(a.meta.id).pillar, 'atelier');
  for (const s of [source, target, reopened]) s.close();
});

test('a refused write is undone in the book', async () => {
  const storage = memoryStorage({ quotaBytes: 600 });
  const store = await open(storage);
  const small = await store.createPost(post('ok'), 'small');
  await assert.rejects(store.createPost(post('x'.repeat(1000)), 'big'), (e) => e instanceof PlanSaveError && e.key === 'plan.post.big');
  assert.equal(store.get('big'), undefined);
  await assert.rejects(store.updatePost('small', { text: 'y'.repeat(1000) }), PlanSaveError);
  assert.equal(store.get('small').text, 'ok');
  assert.deepEqual(store.get('small'), small);
  store.close();
});

test('older records are migrated and written back; a newer calendar is refused untouched', async () => {
  const storage = memoryStorage();
  storage.data.set('plan.meta', { version: 0 });
  storage.data.set('plan.post.p1', { id: 'p1', text: 'Ancien', network: 'x', status: 'review', scheduled: '2026-03-02T08:00:00.000Z', tz: 'Europe/Paris' });
  const store = await open(storage);
  assert.equal(store.loadReport.migratedFrom, 0);
  assert.equal(store.get('p1').status, 'in-review');
  assert.equal(storage.data.get('plan.meta').version, 1);
  assert.equal(storage.data.get('plan.post.p1').meta.id, 'p1');
  store.close();

  const newer = memoryStorage();
  newer.data.set('plan.meta', { version: 9, device: 'd' });
  newer.data.set('plan.post.x', { future: true });
  await assert.rejects(open(newer), (e) => e.code === 'newer-version' && /update Porte-voix/.test(e.message));
  assert.deepEqual(newer.data.get('plan.post.x'), { future: true });
  assert.deepEqual(newer.data.get('plan.meta'), { version: 9, device: 'd' });
});

test('after a planner restart the store rebuilds its book from storage', async () => {
  const storage = memoryStorage();
  const store = await open(storage);
  const planner = await engine.planner();
  const p = await store.createPost(post('Survit'));
  const restarts = planner.restarts;
  assert.throws(() => planner.crashForTest(), (e) => e.name === 'EngineCrashed' && /deliberate panic/.test(e.panicMessage));
  assert.equal(planner.restarts, restarts + 1);
  assert.equal(store.get(p.meta.id).text, 'Survit');
  const q = await store.createPost(post('Après'));
  assert.equal(store.query({}).unscheduled.length, 2);
  assert.equal(storage.data.get(`plan.post.${q.meta.id}`).text, 'Après');
  store.close();
});

test('a panic in the keystroke engine leaves the planner and its book alone', async () => {
  const storage = memoryStorage();
  const store = await open(storage);
  const planner = await engine.planner();
  const p = await store.createPost(post('Intact'));
  const restarts = planner.restarts;
  assert.throws(() => engine.crashForTest(), { name: 'EngineCrashed' });
  assert.equal(engine.count('encore', 'x').length, 6);
  assert.equal(planner.restarts, restarts);
  assert.equal(store.get(p.meta.id).text, 'Intact');
  store.close();
});

test('5,000 posts: load and a month view, save one post (figures printed)', async () => {
  const storage = memoryStorage();
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 5000; i++) {
    const at = new Date(start + i * 2.1 * 3600e3).toISOString();
    const id = `p${i}`;
    storage.data.set(`plan.post.${id}`, {
      meta: { id, created: '2025-12-01T00:00:00Z', updated: '2025-12-01T00:00:00Z', clock: { bench: 1 } },
      text: `Post ${i} : les coulisses de l'atelier, épisode ${i} #RoueLibre`,
      networks: i % 3 ? ['x', 'linkedin'] : ['instagram'],
      pillar: ['atelier', 'conseils', 'coulisses'][i % 3],
      status: 'scheduled',
      schedule: { at, zone: 'Europe/Paris' },
    });
  }
  let t = performance.now();
  const store = await open(storage);
  const month = store.query({ from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
  const openMs = performance.now() - t;
  t = performance.now();
  await store.updatePost('p2500', { text: 'changé' });
  const saveMs = performance.now() - t;
  console.log(`# 5,000 posts: open + month view (${month.scheduled.length} posts) ${openMs.toFixed(1)} ms; save one post ${saveMs.toFixed(2)} ms`);
  assert.ok(month.scheduled.length > 300);
  assert.equal(store.loadReport.posts, 5000);
  store.close();
});
