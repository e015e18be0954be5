// The first feature through the whole stack, in headless Chromium and Firefox: the content script finds
// a compose box on a strict-CSP page, the background's wasm engine counts, the overlay shows the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

/** Reads the overlay drawn over the box `selector` (the badge must sit inside the box's rectangle). */
function readOverlayFor(selector) {
  const box = document.querySelector(selector).getBoundingClientRect();
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const badge = host.shadowRoot?.querySelector('.badge');
    if (!badge) continue;
    const r = badge.getBoundingClientRect();
    const inside = r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    if (inside && r.width > 0) {
      return {
        counter: badge.querySelector('.counter').textContent,
        state: badge.dataset.state,
        color: getComputedStyle(badge).color,
        network: badge.querySelector('select').value,
        networks: [...badge.querySelectorAll('option')].map((o) => o.value),
      };
    }
  }
  return null;
}

async function overlayShows(session, selector, counter) {
  return waitFor(
    () => session.evaluate(readOverlayFor, selector),
    (o) => o?.counter === counter,
    { what: `overlay of ${selector} to show "${counter}"` },
  );
}

describeInBrowsers('overlay', (ctx, browserName) => {

  test('the fixture page really forbids wasm (strict CSP)', async () => {
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    // The page's own script tries to compile wasm (a test driver's script would bypass the CSP).
    const outcome = await waitFor(
      () => ctx.session.evaluate(() => document.documentElement.dataset.wasm ?? null),
      (v) => v !== null,
      { what: 'the page CSP probe' },
    );
    assert.equal(outcome, 'CompileError');
  });

  for (const selector of ['#plain', '#rich']) {
    test(`typing into ${selector} shows a live count for X`, async () => {
      await ctx.session.open(ctx.server.url('x.com', '/compose'));
      await ctx.session.focus(selector);
      await ctx.session.type('Bonjour à tous, la tournée commence !');
      const overlay = await overlayShows(ctx.session, selector, '37 / 280');
      assert.equal(overlay.state, 'ok');
      assert.equal(overlay.network, 'x');
      assert.ok(overlay.networks.includes('bluesky') && overlay.networks.length >= 9, 'picker lists the engine networks');
      await ctx.session.type(' Oui.');
      await overlayShows(ctx.session, selector, '42 / 280');
    });

    test(`${selector} turns red past the limit`, async () => {
      await ctx.session.open(ctx.server.url('x.com', '/compose'));
      await ctx.session.focus(selector);
      await ctx.session.insertText('a'.repeat(280));
      let overlay = await overlayShows(ctx.session, selector, '280 / 280');
      assert.equal(overlay.state, 'warn');
      await ctx.session.type('b');
      overlay = await overlayShows(ctx.session, selector, '281 / 280');
      assert.equal(overlay.state, 'over');
      assert.equal(overlay.color, 'rgb(198, 40, 40)');
    });
  }

  test('a box focused before the content script ran still gets its overlay', async () => {
    await ctx.session.open(ctx.server.url('x.com', '/autofocus'));
    assert.equal(await ctx.session.evaluate(() => document.activeElement?.id), 'plain', 'the page focused its box itself');
    await ctx.session.type('sans clic');
    await overlayShows(ctx.session, '#plain', '9 / 280');
  });

  test('each box gets its own overlay', async () => {
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.type('premier');
    await ctx.session.focus('#other');
    await ctx.session.type('deux');
    await overlayShows(ctx.session, '#plain', '7 / 280');
    await overlayShows(ctx.session, '#other', '4 / 280');
  });

  test('the network comes from the site: Bluesky counts against 300', async () => {
    await ctx.session.open(ctx.server.url('bsky.app', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.type('Salut Bluesky');
    const overlay = await overlayShows(ctx.session, '#plain', '13 / 300');
    assert.equal(overlay.network, 'bluesky');
  });

  test('the overlay keeps working after the background was stopped (Chrome stops idle workers)', async (t) => {
    if (browserName !== 'chromium') return t.skip('service workers are a Chrome background; Firefox keeps its background page');
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.type('avant');
    await overlayShows(ctx.session, '#plain', '5 / 280');
    // The worker, its engine and its state are gone.
    await ctx.session.stopServiceWorker();
    await ctx.session.type(' après');
    await overlayShows(ctx.session, '#plain', '11 / 280');
  });

  test("after a wake-up the first count uses the stored guide's limits, kept in step with the guide", async (t) => {
    if (browserName !== 'chromium') return t.skip('service workers are a Chrome background; Firefox keeps its background page');
    const send = (message) => ctx.session.evaluate((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
    const storedLimits = () => ctx.session.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('countLimits')).countLimits ?? null);
    const guide = (limit) => `version = 1\n[brand]\nname = "Limites"\nlanguages = ["fr"]\n[networks.overrides.x]\nlimit = ${limit}\n`;
    // Types 'ab' and lets the overlay settle (its first messages would wake the worker again), stops
    // the worker, types 'c' and waits for `counter`.
    const typeAfterWake = async (limitBefore, counter) => {
      await ctx.session.open(ctx.server.url('x.com', '/compose'));
      await ctx.session.focus('#plain');
      await ctx.session.type('ab');
      await overlayShows(ctx.session, '#plain', `2 / ${limitBefore}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await ctx.session.stopServiceWorker();
      await ctx.session.type('c');
      await overlayShows(ctx.session, '#plain', counter);
      // The woken worker counted before it compiled the guide (marks of background.js).
      return ctx.session.evaluateInWorker(() => {
        const at = (name) => performance.getEntriesByName(`porte-voix:${name}`)[0]?.startTime ?? Infinity;
        return at('count-posted') < at('engine-configured');
      });
    };
    try {
      await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
      assert.equal((await send({ type: 'guide-set', source: guide(250), format: 'toml' })).result.ok, true);
      const saved = await storedLimits();
      assert.equal(saved.limits.x, 250, 'saved with the guide');
      assert.equal(await typeAfterWake(250, '3 / 250'), true, 'counted before the guide was compiled');
      // A damaged snapshot that still names the guide is repaired once the guide is compiled.
      await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
      await ctx.session.evaluate((bad) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ countLimits: bad }), { ...saved, limits: { ...saved.limits, x: 99 } });
      await typeAfterWake(250, '3 / 250');
      await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
      await waitFor(storedLimits, (l) => l?.limits?.x === 250, { what: 'the repaired snapshot' });
      // A new guide brings new limits: the next wake-up counts with them, not with the old snapshot.
      assert.equal((await send({ type: 'guide-set', source: guide(200), format: 'toml' })).result.ok, true);
      assert.equal(await typeAfterWake(200, '3 / 200'), true, 'saved with the new guide, its limits count at once');
    } finally {
      await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
      await send({ type: 'guide-reset' });
    }
    await typeAfterWake(280, '3 / 280');
  });

  test('the options page reports the engine, which survives a panic in the core', async () => {
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    const status = await waitFor(
      () => ctx.session.evaluate(() => document.getElementById('engine-status').textContent),
      (s) => /0\.1\.0/.test(s),
      { what: 'engine status on the options page' },
    );
    assert.match(status, /(Engine|Moteur) 0\.1\.0/);
    const result = await ctx.session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const crash = await api.runtime.sendMessage({ type: 'crash-for-test' });
      const count = await api.runtime.sendMessage({ type: 'count', network: 'x', text: 'encore là' });
      const status = await api.runtime.sendMessage({ type: 'status' });
      return { crash, count, status };
    });
    assert.equal(result.crash.ok, false);
    assert.equal(result.crash.crashed, true);
    assert.match(result.crash.error, /deliberate panic/);
    assert.equal(result.count.ok, true);
    assert.equal(result.count.result.length, 9);
    assert.equal(result.status.result.restarts, 1);
  });

  test('a content script cannot ask for the test-only crash', async () => {
    // The crash request is only honoured from the extension's own pages.
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    const answer = await ctx.session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      return api.runtime.sendMessage({ type: 'no-such-thing' });
    });
    assert.equal(answer.ok, false);
    assert.match(answer.error, /unknown message type/);
  });
});
