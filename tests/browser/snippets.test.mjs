// Reply snippets and comment triage in the overlay, in headless Chromium and Firefox: a reply box under
// a complaint shows its triage; the picker offers the replies that fit, fills variables and inserts
// through the editor; a typed trigger (;merci) expands in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const HOST = 'porte-voix-overlay';

/** Reads the overlay's triage chip and picker. */
function readPicker() {
  const root = document.querySelector('porte-voix-overlay')?.shadowRoot;
  if (!root) return null;
  const chip = root.querySelector('.triage-chip');
  return {
    chip: chip && !chip.hidden ? { text: chip.textContent, class: chip.dataset.class, urgent: chip.dataset.urgent } : null,
    open: !root.querySelector('.picker').hidden,
    triage: root.querySelector('.picker .triage')?.dataset.class ?? null,
    snippets: [...root.querySelectorAll('.picker .snippet')].map((li) => li.dataset.id),
    inputs: [...root.querySelectorAll('.picker .variables input')].map((i) => i.name),
    preview: root.querySelector('.picker .preview')?.textContent ?? null,
  };
}

function valueOf(selector) {
  const el = document.querySelector(selector);
  return el instanceof HTMLTextAreaElement ? el.value : el.textContent;
}

describeInBrowsers('reply snippets and triage', (ctx, browserName) => {

  test('a reply box under a complaint shows its triage and inserts a fitting reply', async () => {
    await ctx.session.open(ctx.server.url('x.com', '/reply'));
    await ctx.session.focus('#reply');
    const chip = await waitFor(() => ctx.session.evaluate(readPicker), (s) => s?.chip, { what: 'the triage chip' });
    assert.equal(chip.chip.urgent, 'true', 'a legal threat is urgent');
    assert.ok(['complaint', 'urgent'].includes(chip.chip.class));

    await ctx.session.clickShadow(HOST, '.snippets-toggle');
    const open = await waitFor(() => ctx.session.evaluate(readPicker), (s) => s.open && s.snippets.length > 0, { what: 'the picker' });
    assert.ok(['complaint', 'urgent'].includes(open.triage));

    await ctx.session.clickShadow(HOST, '.picker .snippet');
    const form = await waitFor(() => ctx.session.evaluate(readPicker), (s) => s.preview, { what: 'the snippet form' });
    assert.ok(form.preview.length > 20);
    await ctx.session.clickShadow(HOST, '.picker .snippet-insert');
    const inserted = await waitFor(() => ctx.session.evaluate(valueOf, '#reply'), (v) => v.length > 20, { what: 'the reply in the box' });
    assert.equal(inserted, form.preview, 'the box holds exactly the previewed reply');
    assert.ok(!/\{[a-z_]+\}/.test(inserted), 'every variable is filled');
    const counter = await waitFor(
      () => ctx.session.evaluate(() => document.querySelector('porte-voix-overlay').shadowRoot.querySelector('.counter').textContent),
      (c) => !c.startsWith('0 /'),
      { what: 'the counter to follow the insertion' },
    );
    assert.match(counter, /^\d+ \/ 280$/);
  });

  test('praise is read as praise', async () => {
    await ctx.session.open(ctx.server.url('x.com', '/reply'));
    await ctx.session.focus('#reply-rich');
    const state = await waitFor(() => ctx.session.evaluate(readPicker), (s) => s?.chip, { what: 'the triage chip' });
    assert.equal(state.chip.class, 'praise');
    assert.equal(state.chip.urgent, 'false');
  });

  for (const selector of ['#plain', '#rich']) {
    test(`${selector}: typing a trigger expands the snippet in place`, async () => {
      await ctx.session.open(ctx.server.url('x.com', '/compose'));
      await ctx.session.focus(selector);
      await ctx.session.type('Bonjour ! ;merci');
      const text = await waitFor(() => ctx.session.evaluate(valueOf, selector), (v) => !v.includes(';merci') && v.length > 30, { what: 'the expansion' });
      assert.ok(text.startsWith('Bonjour ! '), JSON.stringify(text));
      assert.match(text, /merci/i);
    });
  }
});
