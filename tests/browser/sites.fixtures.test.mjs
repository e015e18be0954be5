// The site-app fixtures themselves, in headless Chromium and Firefox (with the extension loaded, as the
// adapter tests will run them): every box of tests/browser/sites/pages.mjs opens the way a person opens
// it, sits where docs/site-adapters.md says (marker, container, parent message), takes real key presses
// into its EDITOR'S OWN MODEL and gives them back with the editor's undo; boxes open together keep their
// own text; SPA navigation unmounts and mounts boxes; a re-render replaces the editor; ?theme=dark and
// ?dir=rtl change the page. Nothing here checks the overlay: that is the adapters' tests' job.
//
// Build first: bash tools/build.sh --no-sample && node tests/browser/editors/build.mjs
import { test, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { SITES, routePath } from './sites/pages.mjs';
import { boxSelector, loadSite, openBox as openFixtureBox, readBox, typeInto as typeIntoBox } from './sites/driver.mjs';
import { SITES_OUT } from './sites/build.mjs';

/** Typed with real key presses (ASCII, so that both drivers type it the same way). */
const WORDS = ['Bonjour a tous', 'Merci Roue Libre', 'On arrive samedi'];

/** Where a box is and what it says about itself (page world). */
function inspectBox({ id, marker, within, parentAt }) {
  const element = document.querySelector(`[data-fixture-box="${id}"]`);
  if (!element) return null;
  const scope = parentAt ? (parentAt.closest ? element.closest(parentAt.closest) : document) : null;
  return {
    matchesMarker: element.matches(marker),
    within: within ? element.closest(within) !== null : null,
    data: { network: element.dataset.expectedNetwork, kind: element.dataset.expectedKind, parent: element.dataset.expectedParent ?? null },
    parentText: scope?.querySelector(parentAt.select)?.textContent ?? null,
    api: window.__boxes.expected(id),
    ids: window.__boxes.ids(),
  };
}

/** The page's own failures: CSP violations and Lexical errors (page world). */
function pageErrors() {
  return { csp: window.__cspViolations ?? [], lexical: window.__lexicalErrors ?? [] };
}

/** The relative luminance (0 black … 1 white) of the body's background (page world). */
function backgroundLuminance() {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describeInBrowsers('site fixtures', (ctx) => {
  before(() => {
    if (!existsSync(join(SITES_OUT, 'x.html'))) throw new Error('site fixtures are missing: run node tests/browser/editors/build.mjs');
  });

  afterEach(async () => {
    // Every test leaves a page open: it must have run whole under the strict CSP.
    const errors = await ctx.session.evaluate(pageErrors).catch(() => null);
    if (errors) assert.deepEqual(errors, { csp: [], lexical: [] });
  });

  const load = (site, route, params) => loadSite(ctx.session, ctx.server, site, route, params);
  const openBox = (selectors, id) => openFixtureBox(ctx.session, selectors, id);
  const typeInto = (id, word, expected) => typeIntoBox(ctx.session, id, word, expected);

  /** Asserts that box `box` is where the table says, with the truth it says, in `dir`. */
  async function checkPlacement(box, rtl = false) {
    const parent = rtl ? box.parentRtl : box.parent;
    const seen = await ctx.session.evaluate(inspectBox, { id: box.id, marker: box.marker, within: box.within, parentAt: box.parentAt });
    assert.ok(seen, `box ${box.id} is on the page`);
    assert.ok(seen.matchesMarker, `box ${box.id} matches the adapter marker ${box.marker}`);
    if (box.within) assert.ok(seen.within, `box ${box.id} sits inside ${box.within}`);
    assert.deepEqual(seen.data, { network: box.network, kind: box.kind, parent });
    assert.deepEqual(seen.api, { network: box.network, kind: box.kind, parent, editor: box.editor });
    assert.ok(seen.ids.includes(box.id));
    if (parent) assert.ok(seen.parentText?.includes(parent), `the parent of ${box.id} (${JSON.stringify(parent)}) is at ${JSON.stringify(box.parentAt)}; found ${JSON.stringify(seen.parentText)}`);
  }

  for (const site of SITES) {
    const [home, second] = site.routes;

    for (const box of site.boxes) {
      test(`${site.network} ${box.case}: opens, sits where the adapters look, types into the ${box.editor} model and undoes`, async () => {
        await load(site, box.route);
        await openBox(box.open, box.id);
        await checkPlacement(box);

        const word = WORDS[0];
        const typed = await typeInto(box.id, word, box.prefill + word);
        assert.equal(typed.dom, typed.text, 'the page shows what the model holds');
        if (typed.canUndo !== null) assert.equal(typed.canUndo, true);

        // The editor's own undo takes the typing back; editors group keystrokes differently (a React
        // textarea in Chromium undoes one character at a time), so undo until the box is as opened.
        await ctx.session.evaluate((id) => window.__boxes.undo(id), box.id);
        const once = (await ctx.session.evaluate(readBox, box.id)).text;
        assert.ok(once.length < typed.text.length && typed.text.startsWith(once) && once.startsWith(box.prefill), `one undo took some typing back: ${JSON.stringify(once)}`);
        let state = await ctx.session.evaluate(readBox, box.id);
        for (let i = 0; i < 40 && state.text !== box.prefill; i += 1) {
          await ctx.session.evaluate((id) => window.__boxes.undo(id), box.id);
          state = await ctx.session.evaluate(readBox, box.id);
        }
        assert.equal(state.text, box.prefill, 'undo brings the box back to what it was when opened');
        if (state.canUndo !== null && box.prefill === '') assert.equal(state.canUndo, false);

        if (box.dialog) {
          // The shortcut for tests: __app.openDialog mounts the same box, with the same truth.
          await ctx.session.evaluate(() => window.__app.closeDialog());
          assert.equal(await ctx.session.evaluate((sel) => document.querySelector(sel), boxSelector(box.id)), null, 'closing the dialog unmounts its box');
          await ctx.session.evaluate((name) => window.__app.openDialog(name), box.dialog);
          await checkPlacement(box);
        }
      });
    }

    test(`${site.network}: boxes open at the same time (${site.together.join(', ')}) keep their own text`, async () => {
      const cases = site.together.map((name) => site.boxes.find((b) => b.case === name));
      await load(site, cases[0].route);
      const clicked = new Set();
      const expected = {};
      for (const [i, box] of cases.entries()) {
        const steps = box.open.filter((selector) => !clicked.has(selector));
        steps.forEach((selector) => clicked.add(selector));
        await openBox(steps, box.id);
        expected[box.id] = box.prefill + WORDS[i % WORDS.length];
        await typeInto(box.id, WORDS[i % WORDS.length], expected[box.id]);
      }
      const texts = await ctx.session.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, window.__boxes.text(id)])), Object.keys(expected));
      assert.deepEqual(texts, expected);
      const mounted = await ctx.session.evaluate(() => window.__boxes.ids());
      for (const id of Object.keys(expected)) assert.ok(mounted.includes(id), `${id} is still mounted`);
    });

    test(`${site.network}: SPA navigation to ${second.name} unmounts and mounts boxes; back and __app.navigate work`, async () => {
      const homeBoxes = site.boxes.filter((b) => b.route === home.name);
      const secondBoxes = site.boxes.filter((b) => b.route === second.name);
      const persistent = new Set(homeBoxes.filter((b) => secondBoxes.some((s) => s.id === b.id)).map((b) => b.id));
      const first = homeBoxes.find((b) => site.together.includes(b.case)) ?? homeBoxes[0];
      await load(site, home.name);
      await openBox(first.open, first.id);
      await ctx.session.evaluate((sel) => (window.__before = document.querySelector(sel)), boxSelector(first.id));

      // A real click on the data-nav link; when the box is in a (modal) dialog, the app's own navigation,
      // which closes the dialog as the sites do on a route change (the real click is tested below).
      const secondPath = routePath(site, second.name).slice(site.path.length);
      const inDialog = (await ctx.session.evaluate(() => window.__app.dialog())) !== null;
      if (inDialog) await ctx.session.evaluate((path) => window.__app.navigate(path), secondPath);
      else await ctx.session.focus(second.link);
      await waitFor(() => ctx.session.evaluate(() => window.__app.route()), (r) => r === secondPath, { what: `the route to become ${secondPath}` });
      assert.equal(await ctx.session.evaluate(() => window.history.length > 1), true);
      const after = await ctx.session.evaluate((ids) => ({ present: ids.map((id) => document.querySelector(`[data-fixture-box="${id}"]`) !== null), stillThere: window.__before.isConnected }), homeBoxes.map((b) => b.id));
      homeBoxes.forEach((b, i) => assert.equal(after.present[i], persistent.has(b.id), `${b.id} after navigating (${persistent.has(b.id) ? 'stays, as on the site' : 'unmounted'})`));
      assert.equal(after.stillThere, persistent.has(first.id));

      const target = secondBoxes.find((b) => !persistent.has(b.id)) ?? secondBoxes[0];
      await openBox(target.open, target.id);
      await checkPlacement(target);
      await typeInto(target.id, WORDS[1], target.prefill + WORDS[1]);

      await ctx.session.evaluate(() => window.history.back());
      const homePath = routePath(site, home.name).slice(site.path.length);
      await waitFor(() => ctx.session.evaluate(() => window.__app.route()), (r) => r === homePath, { what: `back to ${homePath}` });
      const back = await ctx.session.evaluate(() => window.__boxes.ids());
      if (!persistent.has(target.id)) assert.ok(!back.includes(target.id), `${target.id} is gone after going back`);
      for (const b of homeBoxes.filter((b) => b.open.length === 0 && b.case === b.id)) assert.ok(back.includes(b.id), `${b.id} is mounted again`);

      if (inDialog) await ctx.session.focus(second.link);
      else await ctx.session.evaluate((path) => window.__app.navigate(path), secondPath);
      await waitFor(() => ctx.session.evaluate(() => window.__app.route()), (r) => r === secondPath, { what: `the route to become ${secondPath} again` });
    });

    test(`${site.network}: a re-render replaces the box's editor by a new, empty instance that works`, async () => {
      const box = site.boxes.find((b) => b.case === site.together[0]);
      await load(site, box.route);
      await openBox(box.open, box.id);
      await typeInto(box.id, WORDS[0], box.prefill + WORDS[0]);
      await ctx.session.evaluate((sel) => (window.__before = document.querySelector(sel)), boxSelector(box.id));
      await ctx.session.evaluate((id) => window.__app.rerender(id), box.id);
      const swapped = await ctx.session.evaluate((sel) => ({ oldConnected: window.__before.isConnected, same: window.__before === document.querySelector(sel) }), boxSelector(box.id));
      assert.deepEqual(swapped, { oldConnected: false, same: false });
      await checkPlacement(box);
      assert.equal((await ctx.session.evaluate(readBox, box.id)).text, '');
      // The editor's own focus rather than a click: the extension's badge of the replaced box stays
      // where it was (over the new box) until something makes it move, and would take the click.
      await ctx.session.evaluate((id) => window.__boxes.focus(id), box.id);
      await typeInto(box.id, WORDS[2], WORDS[2]);
    });

    test(`${site.network}: ?theme=dark darkens the page, ?dir=rtl turns it right-to-left with Arabic`, async () => {
      await load(site, home.name);
      assert.ok((await ctx.session.evaluate(backgroundLuminance)) > 0.75, 'light by default');
      await load(site, home.name, { theme: 'dark', dir: 'rtl' });
      assert.ok((await ctx.session.evaluate(backgroundLuminance)) < 0.25, 'dark with ?theme=dark');
      assert.deepEqual(await ctx.session.evaluate(() => [document.documentElement.dir, document.documentElement.dataset.theme]), ['rtl', 'dark']);
      const rtlBox = site.boxes.find((b) => b.route === home.name && b.parentRtl !== b.parent);
      await openBox(rtlBox.open, rtlBox.id);
      await checkPlacement(rtlBox, true);
      assert.match(rtlBox.parentRtl, /[\u0600-\u06ff]/, 'the right-to-left post is in Arabic');
    });
  }
});
