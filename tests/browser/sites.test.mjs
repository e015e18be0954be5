// The site adapters on every network's fixture app (tests/browser/sites/: the real editors, the networks' DOM
// markers, client-side routing, dialogs), in headless Chromium and Firefox. For every box a person can open:
// the overlay counts the editor's text for the right network (compared with the wasm engine in Node) and
// says post or reply, with the message answered. Per site: a finding fixed through the editor and undone,
// a hashtag chip and a snippet trigger typed into the editor's model, two boxes at once, SPA navigation,
// a re-render, dark + right-to-left + zoom.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { SITES } from './sites/pages.mjs';
import { boxSelector, loadSite, openBox, readBox, typeInto } from './sites/driver.mjs';
import { loadEngine } from '../../dist/node/index.mjs';

const WORD = 'Bonjour a tous';
const DRAFT = 'Notre atelier roue libre ouvre samedi';
const FIXED = DRAFT.replace('roue libre', 'Roue Libre');

/**
 * What the overlay of box `id` shows (page world): the badge just inside the box's bottom corner, or
 * just under a short box. Null when no overlay belongs to it.
 */
function overlayOf(id) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`);
  if (!box) return null;
  const b = box.getBoundingClientRect();
  let best = null;
  for (const host of document.querySelectorAll('porte-voix-overlay')) {
    const badge = host.shadowRoot.querySelector('.badge');
    if (badge.style.display === 'none') continue;
    const r = badge.getBoundingClientRect();
    const overlapsX = r.right > b.left && r.left < b.right;
    const nearBottom = r.top >= b.top - 1 && r.top <= b.bottom + 6;
    if (!overlapsX || !nearBottom) continue;
    const distance = Math.abs(r.bottom - b.bottom);
    if (!best || distance < best.distance) {
      best = {
        distance,
        counter: badge.querySelector('.counter').textContent,
        network: badge.querySelector('select').value,
        kind: badge.dataset.kind,
        generic: badge.dataset.generic,
        parent: badge.querySelector('.kind').title,
        theme: host.dataset.theme,
        badgeLeftOfCentre: r.right < (b.left + b.right) / 2,
        findings: [...host.shadowRoot.querySelectorAll('.finding')].map((f) => f.dataset.rule),
        hashtags: [...host.shadowRoot.querySelectorAll('.hashtag')].map((h) => h.dataset.tag),
      };
    }
  }
  return best;
}

/** How many overlays sit on boxes the page no longer has (page world). */
function strayOverlays() {
  return [...document.querySelectorAll('porte-voix-overlay')].filter((h) => h.shadowRoot.querySelector('.badge').style.display !== 'none').length -
    document.querySelectorAll('[data-fixture-box]').length;
}

/** Clicks, inside the overlay of box `id`, the first element matching `selector` (page world). */
function clickInOverlay({ id, selector }) {
  const box = document.querySelector(`[data-fixture-box="${id}"]`).getBoundingClientRect();
  const hosts = [...document.querySelectorAll('porte-voix-overlay')].filter((h) => {
    const r = h.shadowRoot.querySelector('.badge').getBoundingClientRect();
    return r.right > box.left && r.left < box.right && r.top >= box.top - 1 && r.top <= box.bottom + 6;
  });
  for (const host of hosts) {
    const target = host.shadowRoot.querySelector(selector);
    if (target) {
      target.click();
      return true;
    }
  }
  return false;
}

describeInBrowsers('site adapters', (ctx) => {
  let engine;
  before(() => {
    engine = loadEngine();
  });

  /** The counter the overlay must show for `text` on `network` (the same engine and sample guide). */
  const expectedCounter = (text, network) => {
    const count = engine.count(text, network);
    return `${count.length} / ${count.limit}`;
  };

  const overlay = (id, accept, what) => waitFor(() => ctx.session.evaluate(overlayOf, id), (o) => o !== null && accept(o), { what, timeout: 10000 });

  for (const site of SITES) {
    for (const box of site.boxes) {
      test(`${site.network} ${box.case}: counted for ${box.network}, a ${box.kind}${box.parent ? ' to its message' : ''}`, async () => {
        const { session, server } = ctx;
        await loadSite(session, server, site, box.route);
        await openBox(session, box.open, box.id);
        const typed = await typeInto(session, box.id, WORD, box.prefill + WORD);
        const counter = expectedCounter(typed.text, box.network);
        const seen = await overlay(box.id, (o) => o.counter === counter, `the overlay of ${box.id} to show ${counter}`);
        assert.equal(seen.network, box.network);
        assert.equal(seen.kind, box.kind);
        assert.equal(seen.generic, 'false', 'the site adapter recognised the box (not generic mode)');
        if (box.parent) assert.ok(seen.parent.includes(box.parent), `parent ${JSON.stringify(seen.parent)} includes ${JSON.stringify(box.parent)}`);
      });
    }

    const main = site.boxes.find((b) => b.case === site.together[0]);

    test(`${site.network}: a finding fixed through the editor and undone; a hashtag chip and a ;trigger typed into its model`, async () => {
      const { session, server } = ctx;
      await loadSite(session, server, site, main.route);
      await openBox(session, main.open, main.id);
      await typeInto(session, main.id, DRAFT, main.prefill + DRAFT);
      await overlay(main.id, (o) => o.findings.includes('terms.spelling'), 'the brand-spelling finding');
      assert.ok(await session.evaluate(clickInOverlay, { id: main.id, selector: '.finding[data-rule="terms.spelling"] .fix' }));
      await waitFor(() => session.evaluate(readBox, main.id), (s) => s.text === main.prefill + FIXED, { what: 'the fix in the editor model' });
      await session.evaluate((id) => window.__boxes.undo(id), main.id);
      await waitFor(() => session.evaluate(readBox, main.id), (s) => s.text === main.prefill + DRAFT, { what: "the editor's undo to bring the draft back" });

      const { hashtags } = await overlay(main.id, (o) => o.hashtags.length > 0, 'hashtag chips');
      assert.ok(await session.evaluate(clickInOverlay, { id: main.id, selector: `.hashtag[data-tag="${hashtags[0]}"]` }));
      const tagged = await waitFor(() => session.evaluate(readBox, main.id), (s) => s.text.includes(`#${hashtags[0]}`), { what: 'the hashtag in the editor model' });

      await session.focus(boxSelector(main.id));
      await session.evaluate((id) => window.__boxes.focus(id), main.id);
      await session.type(' ;merci');
      const expanded = await waitFor(() => session.evaluate(readBox, main.id), (s) => !s.text.includes(';merci') && s.text.length > tagged.text.length + 10, { what: 'the snippet expanded in the editor model' });
      assert.equal(expanded.dom, expanded.text, 'the page shows what the model holds');
    });

    test(`${site.network}: boxes open together (${site.together.join(', ')}) each have their own overlay`, async () => {
      const { session, server } = ctx;
      const cases = site.together.map((name) => site.boxes.find((b) => b.case === name));
      await loadSite(session, server, site, cases[0].route);
      const clicked = new Set();
      const texts = {};
      for (const [i, box] of cases.entries()) {
        const steps = box.open.filter((selector) => !clicked.has(selector));
        steps.forEach((selector) => clicked.add(selector));
        await openBox(session, steps, box.id);
        const word = 'x'.repeat(i + 2);
        texts[box.id] = (await typeInto(session, box.id, word, box.prefill + word)).text;
      }
      for (const box of cases) {
        const counter = expectedCounter(texts[box.id], box.network);
        await overlay(box.id, (o) => o.counter === counter, `the overlay of ${box.id} to show ${counter}`);
      }
    });

    test(`${site.network}: SPA navigation drops the old overlays and the new route's boxes get theirs`, async () => {
      const { session, server } = ctx;
      const [home, second] = site.routes;
      const first = site.boxes.find((b) => b.route === home.name && site.together.includes(b.case)) ?? site.boxes[0];
      await loadSite(session, server, site, home.name);
      await openBox(session, first.open, first.id);
      await typeInto(session, first.id, WORD, first.prefill + WORD);
      await overlay(first.id, (o) => o.counter.length > 0, 'the first overlay');
      const secondPath = site.routes.find((r) => r.name === second.name).path;
      await session.evaluate((path) => window.__app.navigate(path), secondPath);
      await waitFor(() => session.evaluate(strayOverlays), (n) => n <= 0, { what: 'no overlay left on a removed box' });
      const target = site.boxes.find((b) => b.route === second.name && b.id !== first.id) ?? site.boxes.find((b) => b.route === second.name);
      await openBox(session, target.open, target.id);
      const typed = await typeInto(session, target.id, 'Merci', target.prefill + 'Merci');
      const seen = await overlay(target.id, (o) => o.counter === expectedCounter(typed.text, target.network), `the overlay of ${target.id} after navigating`);
      assert.equal(seen.kind, target.kind);
      if (target.parent) assert.ok(seen.parent.includes(target.parent));
    });

    test(`${site.network}: a re-rendered box gets a fresh overlay; the old one goes`, async () => {
      const { session, server } = ctx;
      await loadSite(session, server, site, main.route);
      await openBox(session, main.open, main.id);
      await typeInto(session, main.id, WORD, main.prefill + WORD);
      await overlay(main.id, (o) => o.counter.length > 0, 'the overlay');
      await session.evaluate((id) => window.__app.rerender(id), main.id);
      await waitFor(() => session.evaluate(strayOverlays), (n) => n <= 0, { what: 'the old overlay removed' });
      await session.evaluate((id) => window.__boxes.focus(id), main.id);
      await typeInto(session, main.id, 'abc', 'abc');
      await overlay(main.id, (o) => o.counter === expectedCounter('abc', main.network), 'the new overlay');
    });

    test(`${site.network}: dark theme, right-to-left text and 150% zoom`, async () => {
      const { session, server } = ctx;
      await loadSite(session, server, site, main.route, { theme: 'dark', dir: 'rtl' });
      await session.evaluate(() => (document.documentElement.style.zoom = '1.5'));
      await openBox(session, main.open, main.id);
      const typed = await typeInto(session, main.id, WORD, main.prefill + WORD);
      const seen = await overlay(main.id, (o) => o.counter === expectedCounter(typed.text, main.network), 'the overlay in dark, rtl, zoomed');
      assert.equal(seen.theme, 'dark', "the overlay follows the site's own dark theme");
      assert.equal(seen.badgeLeftOfCentre, true, 'in a right-to-left box the badge sits at the start (left) corner');
    });
  }
});
