// Suggestions in the overlay, on the real editors (Draft.js, Lexical, Quill, TipTap, a React textarea,
// a plain contenteditable), in headless Chromium and Firefox: a hashtag chip and a reply snippet are
// inserted through the editor and read back from the editor's own model; the next best time shows;
// an analytics export is imported from the options page, bad lines reported, and the history then
// explains the hashtag.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { EDITORS } from './editors/pages.mjs';

const HOST = 'porte-voix-overlay';
const HISTORY_CSV = fileURLToPath(new URL('./fixtures/data/meta-history.csv', import.meta.url));
const BUILT = fileURLToPath(new URL('./fixtures/editors/draft.html', import.meta.url));
const DRAFT = "Votre vélo grince ? Passez à l'atelier pour une réparation express";

/** The overlay's suggestions: hashtag chips (tag, reasons) and the best time. */
function readSuggestions() {
  const root = document.querySelector('porte-voix-overlay')?.shadowRoot;
  if (!root) return null;
  const time = root.querySelector('.best-time');
  return {
    chips: [...root.querySelectorAll('.hashtag')].map((b) => ({ tag: b.dataset.tag, text: b.textContent, reasons: b.title })),
    bestTime: time && !time.hidden ? { text: time.textContent, start: time.dataset.start } : null,
    preview: root.querySelector('.picker .preview')?.textContent ?? null,
  };
}

const editorText = () => window.__editor.text();

describeInBrowsers('suggestions', (ctx, browserName) => {
  before(() => {
    assert.ok(existsSync(BUILT), 'editor fixtures missing: run node tests/browser/editors/build.mjs');
  });

  async function openEditor(e) {
    await ctx.session.open(ctx.server.url(e.host, `/editors/${e.page}`));
    await waitFor(() => ctx.session.evaluate(() => document.documentElement.dataset.editorReady ?? null), (v) => v !== null, { what: `${e.page} to start` });
    await ctx.session.focus(e.box);
  }

  for (const e of EDITORS.filter((x) => x.page !== 'draft-dialog')) {
    test(`${e.page}: a hashtag chip inserts its tag into the editor's model`, async () => {
      await openEditor(e);
      await ctx.session.type(DRAFT);
      await waitFor(() => ctx.session.evaluate(editorText), (t) => t === DRAFT, { what: 'the draft in the model' });
      const seen = await waitFor(() => ctx.session.evaluate(readSuggestions), (s) => s?.chips.some((c) => c.tag === 'AtelierVelo'), { what: 'the #AtelierVelo chip' });
      assert.match(seen.chips.find((c) => c.tag === 'AtelierVelo').reasons, /atelier|réparation/i);
      await ctx.session.clickShadow(HOST, '.hashtag[data-tag="AtelierVelo"]');
      const text = await waitFor(() => ctx.session.evaluate(editorText), (t) => t.includes('#AtelierVelo'), { what: 'the tag in the model' });
      assert.ok(text.startsWith(DRAFT), JSON.stringify(text));
      await waitFor(() => ctx.session.evaluate(readSuggestions), (s) => !s.chips.some((c) => c.tag === 'AtelierVelo'), { what: 'the chip to go once used' });
    });

    test(`${e.page}: a reply snippet goes into the editor's model as previewed`, async () => {
      await openEditor(e);
      await ctx.session.clickShadow(HOST, '.snippets-toggle');
      // The snippets come from the planner module, which the background loads on this first use.
      await waitFor(() => ctx.session.evaluate(() => document.querySelector('porte-voix-overlay')?.shadowRoot?.querySelectorAll('.picker .snippet').length ?? 0), (n) => n > 0, { timeout: 20000, what: 'the snippet list' });
      await ctx.session.clickShadow(HOST, '.picker .snippet');
      const { preview } = await waitFor(() => ctx.session.evaluate(readSuggestions), (s) => s?.preview, { what: 'the preview' });
      await ctx.session.clickShadow(HOST, '.picker .snippet-insert');
      const text = await waitFor(() => ctx.session.evaluate(editorText), (t) => t.length > 0, { what: 'the snippet in the model' });
      assert.equal(text.replace(/\s+/g, ' ').trim(), preview.replace(/\s+/g, ' ').trim());
    });
  }

  test('the next best time to post shows for the network', async () => {
    await ctx.session.open(ctx.server.url('www.linkedin.com', '/compose'));
    await ctx.session.focus('#plain');
    const s = await waitFor(() => ctx.session.evaluate(readSuggestions), (x) => x?.bestTime, { what: 'the best time' });
    assert.ok(Date.parse(s.bestTime.start) > Date.now(), 'a slot in the future');
    assert.match(s.bestTime.text, /^⏱ /);
  });

  test('an analytics export is imported with its bad lines reported, and the history explains the hashtag', async () => {
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('history-status').textContent), (t) => t.length > 0, { what: 'history status' });
    await ctx.session.setFile('#history-file', HISTORY_CSV);
    await ctx.session.evaluate(() => { document.getElementById('history-preset').value = 'meta'; });
    await ctx.session.focus('#history-import');
    const errors = await waitFor(
      () => ctx.session.evaluate(() => [...document.querySelectorAll('.history-error')].map((li) => li.textContent)),
      (list) => list.length === 2,
      { what: 'the two bad lines' },
    );
    assert.match(errors[0], /meta-history\.csv:9\b.*not a date/);
    assert.match(errors[1], /meta-history\.csv:16\b/);
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('history-status').textContent), (t) => /30/.test(t), { what: '30 posts in the history' });

    await ctx.session.open(ctx.server.url('www.facebook.com', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.insertText(DRAFT);
    const s = await waitFor(() => ctx.session.evaluate(readSuggestions), (x) => x?.chips.some((c) => c.tag === 'AtelierVelo' && /posts?/.test(c.reasons)), { what: 'a history reason on the chip' });
    assert.match(s.chips.find((c) => c.tag === 'AtelierVelo').reasons, /\d+ (posts|publications)/);

    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await ctx.session.focus('#history-clear');
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('history-status').textContent), (t) => !/30/.test(t), { what: 'the history forgotten' });
  });
});
