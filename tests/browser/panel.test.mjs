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
