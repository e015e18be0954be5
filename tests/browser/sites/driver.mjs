// Driving the site-app fixtures as a person does, shared by the fixture smoke test and the adapter tests:
// load a route, open a box by real clicks, type real keys and wait for the editor's own model.
import { waitFor } from '../browsers.mjs';
import { routePath } from './pages.mjs';

/** The CSS selector of fixture box `id`. */
export const boxSelector = (id) => `[data-fixture-box="${id}"]`;

/** The box's model text, what the page shows, and whether the editor says it can undo (page world). */
export function readBox(id) {
  return { text: window.__boxes.text(id), dom: window.__boxes.domText(id), canUndo: window.__boxes.canUndo(id) };
}

/** Loads `route` of `site` (with fixture `params` such as { theme, dir }) and waits for the app to mount it. */
export async function loadSite(session, server, site, route, params = {}) {
  await session.open(server.url(site.host, routePath(site, route, params)));
  await waitFor(() => session.evaluate(() => document.documentElement.dataset.appReady ?? null), (v) => v === '1', { what: `${site.network} app to start` });
}

/** Clicks `selectors` in order (real clicks), then waits for box `id`. */
export async function openBox(session, selectors, id) {
  for (const selector of selectors) await session.focus(selector);
  await waitFor(() => session.evaluate((sel) => document.querySelector(sel) !== null, boxSelector(id)), Boolean, { what: `box ${id} to appear` });
}

/**
 * Types `word` into box `id` and waits until the editor's model holds `expected`. A box the site has just
 * focused (dialogs, reply boxes: the caret after any prefilled mention) is typed into as it is, as a person
 * would; any other is clicked into first.
 */
export async function typeInto(session, id, word, expected) {
  const focused = await session.evaluate((sel) => document.activeElement === document.querySelector(sel), boxSelector(id));
  if (!focused) await session.focus(boxSelector(id));
  await session.type(word);
  return waitFor(() => session.evaluate(readBox, id), (s) => s.text === expected, { what: `the model of ${id} to hold ${JSON.stringify(expected)}` });
}
