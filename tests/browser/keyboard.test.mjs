// Findings are reachable without a mouse and with one: the keyboard command moves the focus into the
// overlay, Tab reaches a fix, Enter applies it through the editor; hovering an underlined word shows the
// finding's card, whose fix works the same. Checked against Draft.js's own model (X's editor).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { EDITORS } from './editors/pages.mjs';

const DRAFT = 'Notre atelier roue libre ouvre samedi';
const FIXED = DRAFT.replace('roue libre', 'Roue Libre');
const draft = EDITORS.find((e) => e.page === 'draft');

/** Where the overlay's focus is: the class of the focused element inside its shadow root (page world). */
function overlayFocus() {
  const host = document.activeElement;
  if (host?.tagName !== 'PORTE-VOIX-OVERLAY') return { outside: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName };
  const inner = host.shadowRoot.activeElement;
  return { inside: inner?.className || inner?.tagName };
}

/** The viewport rectangle of the first underline of `rule` (page world). */
function underlineOf(rule) {
  const line = document.querySelector('porte-voix-overlay')?.shadowRoot.querySelector(`.underline[data-rule="${rule}"]`);
  if (!line) return null;
  const r = line.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top - 4 };
}

/** Presses Tab until the focused overlay control has class `name` (at most 10 presses). */
async function tabTo(session, name) {
  for (let i = 0; i < 10 && (await session.evaluate(overlayFocus)).inside !== name; i += 1) await session.type(session.Key.TAB);
  assert.equal((await session.evaluate(overlayFocus)).inside, name, `Tab reaches the ${name} control`);
}

async function typeDraft(session, server) {
  await session.open(server.url(draft.host, '/editors/draft'));
  await waitFor(() => session.evaluate(() => document.documentElement.dataset.editorReady ?? ''), (v) => v !== '', { what: 'Draft.js ready' });
  await session.focus(draft.box);
  await session.type(DRAFT);
  return waitFor(() => session.evaluate(underlineOf, 'terms.spelling'), Boolean, { what: 'the spelling finding underlined' });
}

describeInBrowsers('overlay by keyboard and pointer', (ctx, browserName) => {
  test('hovering an underlined word shows its card; the card fixes the draft in the editor', async () => {
    const { session, server } = ctx;
    const at = await typeDraft(session, server);
    await session.hover(at.x, at.y);
    const card = await waitFor(
      () => session.evaluate(() => {
        const c = document.querySelector('porte-voix-overlay').shadowRoot.querySelector('.card');
        return c.hidden ? null : { rule: c.querySelector('.finding')?.dataset.rule, fixes: [...c.querySelectorAll('.fix')].map((b) => b.textContent) };
      }),
      Boolean,
      { what: 'the finding card' },
    );
    assert.equal(card.rule, 'terms.spelling');
    assert.deepEqual(card.fixes, ['→ Roue Libre']);
    await session.clickShadow('porte-voix-overlay', '.card .fix');
    await waitFor(() => session.evaluate(() => window.__editor.text()), (t) => t === FIXED, { what: "Draft.js's model to hold the fix" });
  });

  test('the keyboard command focuses the overlay; Tab reaches the fix, Enter applies it, Escape goes back', async (t) => {
    if (browserName !== 'firefox') return t.skip('headless Chromium cannot fire extension shortcuts');
    const { session, server } = ctx;
    await typeDraft(session, server);
    assert.equal(await session.fireCommand('focus-overlay'), 'fired');
    await waitFor(() => session.evaluate(overlayFocus), (f) => f.inside === 'SELECT', { what: 'the focus in the overlay' });
    // Open the findings with the keyboard, then Tab to the first fix.
    await tabTo(session, 'findings-toggle');
    await session.type(session.Key.ENTER);
    await tabTo(session, 'fix');
    await session.type(session.Key.ESCAPE);
    await waitFor(() => session.evaluate(overlayFocus), (f) => f.outside === 'tweetTextarea_0', { what: 'Escape to give the focus back to the box' });
    // Back in (Escape closed the findings): open them again and press Enter on the fix this time.
    await session.fireCommand('focus-overlay');
    await waitFor(() => session.evaluate(overlayFocus), (f) => f.inside === 'SELECT', { what: 'the focus in the overlay again' });
    await tabTo(session, 'findings-toggle');
    await session.type(session.Key.ENTER);
    await tabTo(session, 'fix');
    await session.type(session.Key.ENTER);
    await waitFor(() => session.evaluate(() => window.__editor.text()), (text) => text === FIXED, { what: "Draft.js's model to hold the fix" });
  });
});
