// The user can hide Porte-voix on one box (until the page reloads) or on a whole site (kept; switched
// back on from the options page). Hiding one box leaves the other boxes alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

/** The counters of the visible overlays, by the id of the box each sits on (page world). */
function overlaysByBox() {
  const out = {};
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const badge = host.shadowRoot.querySelector('.badge');
    if (badge.style.display === 'none') continue;
    const r = badge.getBoundingClientRect();
    for (const box of document.querySelectorAll('textarea, [contenteditable="true"]')) {
      const b = box.getBoundingClientRect();
      if (r.top >= b.top - 1 && r.bottom <= b.bottom + 1) out[box.id] = host.shadowRoot.querySelector('.counter').textContent;
    }
  }
  return out;
}

/** Opens the hide menu of the overlay on box `id` and picks `choice` ('hide-box' or 'hide-site') (page world). */
function hideFrom({ id, choice }) {
  const b = document.getElementById(id).getBoundingClientRect();
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const r = host.shadowRoot.querySelector('.badge').getBoundingClientRect();
    if (r.top >= b.top - 1 && r.bottom <= b.bottom + 1) {
      host.shadowRoot.querySelector('.hide-toggle').click();
      const item = host.shadowRoot.querySelector(`.menu .${choice}`);
      const open = !host.shadowRoot.querySelector('.menu').hidden;
      item.click();
      return open;
    }
  }
  return false;
}

describeInBrowsers('hiding the overlay', (ctx) => {
  test('"not on this box" hides one overlay; the other boxes keep theirs', async () => {
    const { session, server } = ctx;
    await session.open(server.url('x.com', '/compose'));
    await session.focus('#plain');
    await session.type('Un');
    await session.focus('#other');
    await session.type('Deux');
    await waitFor(() => session.evaluate(overlaysByBox), (o) => o.plain === '2 / 280' && o.other === '4 / 280', { what: 'two overlays' });
    assert.equal(await session.evaluate(hideFrom, { id: 'plain', choice: 'hide-box' }), true, 'the menu opened');
    await waitFor(() => session.evaluate(overlaysByBox), (o) => !('plain' in o) && o.other === '4 / 280', { what: 'the first overlay gone' });
    await session.focus('#plain');
    await session.type(' encore');
    await session.focus('#other');
    await session.type('!');
    const after = await waitFor(() => session.evaluate(overlaysByBox), (o) => o.other === '5 / 280', { what: 'the other box still counted' });
    assert.equal(after.plain, undefined, 'the hidden box stays hidden while the page lives');
  });

  test('"not on this site" hides every overlay, survives a reload, and the options page brings it back', async () => {
    const { session, server } = ctx;
    await session.open(server.url('x.com', '/compose'));
    await session.focus('#plain');
    await session.type('Un');
    await waitFor(() => session.evaluate(overlaysByBox), (o) => o.plain === '2 / 280', { what: 'the overlay' });
    await session.evaluate(hideFrom, { id: 'plain', choice: 'hide-site' });
    await waitFor(() => session.evaluate(() => document.querySelectorAll('porte-voix-overlay').length), (n) => n === 0, { what: 'every overlay gone' });

    await session.open(server.url('x.com', '/compose'));
    await session.focus('#rich');
    await session.type('Trois');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await session.evaluate(() => document.querySelectorAll('porte-voix-overlay').length), 0, 'still hidden after a reload');

    await session.open(session.extensionUrl('options/options.html'));
    await waitFor(() => session.evaluate(() => [...document.querySelectorAll('.hidden-site')].map((li) => li.dataset.value)), (h) => h.includes('x.com'), { what: 'x.com listed' });
    await session.focus('.hidden-site[data-value="x.com"] button');
    await waitFor(() => session.evaluate(() => document.querySelectorAll('.hidden-site').length), (n) => n === 0, { what: 'x.com shown again' });

    await session.open(server.url('x.com', '/compose'));
    await session.focus('#rich');
    await session.type('Quatre');
    await waitFor(() => session.evaluate(overlaysByBox), (o) => o.rich === '6 / 280', { what: 'the overlay back' });
  });
});
