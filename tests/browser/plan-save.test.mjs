// "Save to plan" from a compose box: the draft, its network and the proposed time (the next best time the
// overlay shows) become a draft post in the editorial calendar (storage.local, one item per post), read
// back from the extension's storage. A reply box offers no such button: replies are answered, not planned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { site } from './sites/pages.mjs';
import { loadSite, openBox, typeInto } from './sites/driver.mjs';

/** The save button and best time of the overlay nearest box `id` (page world). */
function saveState(id) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`).getBoundingClientRect();
  let found = null;
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const badge = host.shadowRoot.querySelector('.badge');
    const r = badge.getBoundingClientRect();
    if (badge.style.display === 'none' || r.right <= box.left || r.left >= box.right) continue;
    if (r.bottom < box.top - 6 || r.top > box.bottom + 1) continue;
    const save = host.shadowRoot.querySelector('.save-plan');
    const best = host.shadowRoot.querySelector('.best-time');
    found = { hidden: save.hidden, saved: save.dataset.saved ?? null, label: save.getAttribute('aria-label'), bestStart: best.hidden ? null : best.dataset.start };
  }
  return found;
}

function clickSave(id) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`).getBoundingClientRect();
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const r = host.shadowRoot.querySelector('.badge').getBoundingClientRect();
    if (r.right > box.left && r.left < box.right && r.bottom >= box.top - 6 && r.top <= box.bottom + 1) host.shadowRoot.querySelector('.save-plan').click();
  }
}

describeInBrowsers('save to plan', (ctx) => {
  test('a draft on X goes to the calendar with its network and the best time; a reply box offers no save', async () => {
    const { session, server } = ctx;
    const x = site('x');
    const compose = x.boxes.find((b) => b.id === 'compose');
    await loadSite(session, server, x, compose.route);
    await openBox(session, compose.open, compose.id);
    const draft = 'Atelier ouvert samedi de 9h a 18h, venez avec votre velo';
    await typeInto(session, compose.id, draft, draft);
    const before = await waitFor(() => session.evaluate(saveState, compose.id), (s) => s?.bestStart, { what: 'the save button and the best time' });
    assert.equal(before.hidden, false);
    await session.evaluate(clickSave, compose.id);
    const after = await waitFor(() => session.evaluate(saveState, compose.id), (s) => s?.saved === 'true', { what: 'the overlay to say the draft was saved' });
    assert.ok(after.label.length > 0);

    await session.open(session.extensionUrl('options/options.html'));
    const posts = await session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const all = await api.storage.local.get(null);
      return Object.entries(all).filter(([key]) => key.startsWith('plan.post.')).map(([key, value]) => ({ key, value }));
    });
    assert.equal(posts.length, 1, 'one post item in storage.local');
    const [{ key, value }] = posts;
    assert.equal(key, `plan.post.${value.meta.id}`);
    assert.equal(value.text, draft);
    assert.deepEqual(value.networks, ['x']);
    assert.equal(value.status, 'draft');
    assert.equal(Date.parse(value.schedule.at), Date.parse(before.bestStart), 'scheduled at the best time the overlay proposed');
    assert.ok(value.schedule.zone.length > 0);

    const reply = x.boxes.find((b) => b.id === 'reply-1');
    await loadSite(session, server, x, reply.route);
    await openBox(session, reply.open, reply.id);
    await typeInto(session, reply.id, 'Merci', 'Merci');
    const replyState = await waitFor(() => session.evaluate(saveState, reply.id), Boolean, { what: 'the reply overlay' });
    assert.equal(replyState.hidden, true, 'replies are answered now, not planned');
  });
});
