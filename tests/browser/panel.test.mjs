// The side panel on the split wasm: it loads the keystroke engine, then the planner module on opening
// the plan store, and says so with `document.body.dataset.ready`. The store's first open writes
// plan.meta once the planner's PlanBook has read storage, read back here from storage.local.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

describeInBrowsers('side panel', (ctx) => {
  test('the panel starts with the engine and the planner and opens the calendar', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('panel/panel.html'));
    const state = await waitFor(
      () => session.evaluate(() => ({ ready: document.body.dataset.ready ?? null, error: document.getElementById('engine-error')?.textContent ?? '' })),
      (s) => s.ready === 'true' || s.error,
      { timeout: 20000, what: 'the side panel to be ready' },
    );
    assert.equal(state.error, '', `the panel reported: ${state.error}`);
    assert.equal(state.ready, 'true');
    // plan.meta is written by the store after the planner's PlanBook read storage: the planner loaded.
    const meta = await session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      return (await api.storage.local.get('plan.meta'))['plan.meta'];
    });
    assert.equal(meta?.version, 1);
    assert.match(meta?.device ?? '', /\S/);
  });
});

/**
 * Page world (an extension page): writes `count` posts spread over a year around today straight to
 * storage.local, as an earlier Porte-voix left them (records only, no snapshot). Returns the count.
 */
async function seedYear(count) {
  const api = globalThis.browser ?? globalThis.chrome;
  await api.storage.local.clear();
  const start = Date.now() - 182 * 86_400_000;
  const created = new Date().toISOString();
  const items = {};
  for (let i = 0; i < count; i += 1) {
    const id = `year-${String(i).padStart(4, '0')}`;
    const post = { meta: { id, created, updated: created, clock: { seed: 1 } }, text: `Post ${i}`, networks: ['x'], status: 'draft' };
    if (i % 10 !== 9) post.schedule = { at: new Date(start + Math.floor((i / count) * 365 * 86_400_000)).toISOString(), zone: 'UTC' };
    items[`plan.post.${id}`] = post;
  }
  await api.storage.local.set(items);
  return count;
}

/** Page world (the panel, ready): the User Timing marks of its opening and the chips now on the grid. */
function openingMarks() {
  const mark = (name) => {
    const entry = performance.getEntriesByName(name)[0];
    return entry ? { at: entry.startTime, detail: entry.detail ?? null } : null;
  };
  return {
    first: mark('pv-plan-first'),
    rendered: mark('pv-calendar-rendered'),
    painted: mark('pv-calendar-painted'),
    complete: mark('pv-plan-complete'),
    chips: document.querySelectorAll('#view-calendar .cal-grid .chip').length,
    busy: document.querySelector('#view-calendar .cal-grid')?.getAttribute('aria-busy'),
    filtersDisabled: [...document.querySelectorAll('#view-calendar .filters select, #view-calendar .filters input')].map((control) => control.disabled),
  };
}

/**
 * Page world (the panel): opens a PlanStore on this month's grid through a storage wrapper that notes
 * every `local.get`, and reports what it read before and after `loadRest()`.
 */
async function readsOfAFirstView() {
  const api = globalThis.browser ?? globalThis.chrome;
  const url = (path) => api.runtime.getURL(path);
  const { PorteVoixEngine } = await import(url('engine/engine.js'));
  const { PlanStore } = await import(url('plan/store.js'));
  const { monthGridRange } = await import(url('panel/dates.js'));
  const reads = [];
  const counted = async (keys) => {
    const found = await api.storage.local.get(keys);
    reads.push({ everything: keys === null || keys === undefined, records: Object.keys(found).filter((k) => k.startsWith('plan.post.')).length });
    return found;
  };
  const storage = { local: { get: counted, set: (items) => api.storage.local.set(items), remove: (keys) => api.storage.local.remove(keys) }, onChanged: api.storage.onChanged };
  const engine = await PorteVoixEngine.load(url('engine/porte_voix_wasm_bg.wasm'));
  const range = monthGridRange(new Date());
  const store = await PlanStore.open({ engine, storage, first: range });
  const before = { partial: store.partial, reads: reads.slice(), shown: store.query(range).scheduled.length };
  await store.loadRest();
  const after = { partial: store.partial, reads: reads.slice(), shown: store.query(range).scheduled.length, posts: store.loadReport.posts };
  store.close();
  return { before, after };
}

describeInBrowsers('side panel opening on a big calendar', (ctx) => {
  test('the month is on screen from its snapshot before the rest of the calendar is read', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const total = await session.evaluate(seedYear, 1200);
    const ready = () => waitFor(() => session.evaluate(() => document.body.dataset.ready ?? ''), (r) => r === 'true', { timeout: 30000, what: 'the side panel to be ready' });
    const snapshotsWritten = () => session.evaluate(async () => Object.keys(await (globalThis.browser ?? globalThis.chrome).storage.local.get(null)).filter((k) => k.startsWith('plan.snap.')).length);

    // Saved before snapshots existed: the first opening reads everything, then writes them.
    await session.open(session.extensionUrl('panel/panel.html?first#calendar'));
    await ready();
    const cold = await session.evaluate(openingMarks);
    assert.equal(cold.first, null, 'no snapshot yet: no partial first view');
    assert.ok(cold.chips > 0);
    await waitFor(snapshotsWritten, (n) => n > 40, { timeout: 20000, what: 'the snapshots (a head and a week item per week with posts)' });

    // The next opening shows the month from the snapshots, and reads the rest only afterwards.
    await session.open(session.extensionUrl('panel/panel.html?second#calendar'));
    await ready();
    const warm = await session.evaluate(openingMarks);
    assert.ok(warm.first, 'the store served a first view');
    assert.equal(warm.first.detail.preview, true, 'from the snapshots alone, without waiting for the planner');
    assert.deepEqual(warm.filtersDisabled, [false, false, false, false, false], 'the filters work once the planner is there');
    assert.ok(warm.first.detail.records < total / 4, `the first view read ${warm.first.detail.records} of ${total} records`);
    assert.equal(warm.rendered.detail.partial, true, 'the grid was drawn before the whole calendar was in');
    assert.ok(warm.complete && warm.complete.at >= warm.rendered.at, 'the rest was read after the grid was drawn');
    assert.ok(warm.painted && warm.painted.at >= warm.rendered.at, 'the grid was on screen');
    assert.equal(warm.rendered.detail.chips, cold.chips, 'the first view showed the same chips as a full read');
    assert.equal(warm.chips, cold.chips);
    assert.equal(warm.busy, 'false');

    // The store itself, through a wrapper counting storage reads: named snapshot keys first, no record item.
    const { before, after } = await session.evaluate(readsOfAFirstView);
    assert.equal(before.partial, true);
    assert.deepEqual(before.reads.map((r) => r.everything), [false], 'one read of named keys before the first view');
    assert.equal(before.reads[0].records, 0, 'records come from the snapshots, not one item each');
    assert.equal(after.partial, false);
    assert.deepEqual(after.reads.map((r) => r.everything), [false, true], 'then one read of everything');
    assert.equal(after.posts, total);
    assert.equal(after.shown, before.shown, 'the month is the same either way');
  });
});
