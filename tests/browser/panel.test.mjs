// The side panel on the split wasm: it loads the keystroke engine, then the planner module on opening
// the plan store, and says so with `document.body.dataset.ready`. The store's first open writes
// plan.meta through the planner's PlanBook, read back here from storage.local.
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
    const loaded = await session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const { 'plan.meta': meta } = await api.storage.local.get('plan.meta');
      const wasm = performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()).filter((n) => n.endsWith('.wasm'));
      return { meta, wasm };
    });
    assert.equal(loaded.meta?.version, 1);
    assert.equal(typeof loaded.meta?.device, 'string');
    assert.ok(loaded.wasm.includes('porte_voix_wasm_bg.wasm'), `engine wasm not fetched: ${loaded.wasm}`);
    assert.ok(loaded.wasm.includes('porte_voix_planner_bg.wasm'), `planner wasm not fetched: ${loaded.wasm}`);
  });
});
