// Generic mode: on a site Porte-voix does not know, nothing runs until the user asks (keyboard command
// Alt+Shift+G or the context menu, which grant activeTab for that tab); then the overlay works in any text
// box, and a Mastodon compose form on another instance is recognised by its own markers.
//
// The command is fired through the browser's own shortcut element (Firefox's XUL <key> for the extension's
// command, in the browser window), so the real path runs: the browser grants activeTab, the background's
// commands.onCommand listener injects the content scripts. Headless Chromium has no route to extension
// shortcuts or context menus (they belong to the browser UI, which CDP input does not reach).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const HOST = 'forum.example.org';

/** The overlay's counter, network and kind for the box `selector` (page world). */
function overlayOf(selector) {
  const box = document.querySelector(selector);
  const hosts = [...document.querySelectorAll('porte-voix-overlay')];
  const boxRect = box.getBoundingClientRect();
  for (const host of hosts) {
    const badge = host.shadowRoot.querySelector('.badge');
    const r = badge.getBoundingClientRect();
    if (badge.style.display !== 'none' && r.top >= boxRect.top - 1 && r.bottom <= boxRect.bottom + 1) {
      return {
        counter: host.shadowRoot.querySelector('.counter').textContent,
        network: host.shadowRoot.querySelector('select').value,
        kind: badge.dataset.kind,
        generic: badge.dataset.generic,
        parent: host.shadowRoot.querySelector('.kind').title,
      };
    }
  }
  return { overlays: hosts.length };
}

describeInBrowsers('generic mode', (ctx, browserName) => {
  test('an unknown site gets no overlay until the user asks; then every box works', async (t) => {
    if (browserName !== 'firefox') return t.skip('headless Chromium cannot fire extension shortcuts or context menus');
    const { session, server } = ctx;
    await session.open(server.url(HOST, '/forum'));
    await session.focus('#answer');
    await session.type('Allez chez Roue Libre');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await session.evaluate(overlayOf, '#answer'), { overlays: 0 }, 'nothing runs on a site nobody asked for');

    assert.equal(await session.fireCommand('generic-mode'), 'fired');
    const answer = await waitFor(() => session.evaluate(overlayOf, '#answer'), (o) => o.counter === '21 / 280', { what: 'the overlay in generic mode' });
    assert.equal(answer.network, 'x', 'an unknown site counts for the default network until the user picks one');
    assert.equal(answer.generic, 'true');
    assert.equal(answer.kind, 'reply', 'a box inside an <article> answers it');
    assert.match(answer.parent, /freins à disque/);

    // Another box on the same page, now that generic mode is on: a Mastodon form, recognised as such.
    await session.focus('#toot');
    await session.type('Ouvert de 9h à 18h');
    const toot = await waitFor(() => session.evaluate(overlayOf, '#toot'), (o) => o.counter?.startsWith('18 /'), { what: 'the Mastodon box' });
    assert.equal(toot.network, 'mastodon');
    assert.equal(toot.generic, 'false', "Mastodon's own markers, not the generic guess");
    assert.equal(toot.kind, 'reply');
    assert.match(toot.parent, /horaires le samedi/);

    // Asking again in a tab that already has the overlay does not inject twice.
    assert.equal(await session.fireCommand('generic-mode'), 'fired');
    await session.type('!');
    await waitFor(() => session.evaluate(overlayOf, '#toot'), (o) => o.counter?.startsWith('19 /'), { what: 'the count after a second activation' });
    assert.equal(await session.evaluate(() => document.querySelectorAll('porte-voix-overlay').length), 2);
  });
});
