// Editorial-line checks in the overlay, in headless Chromium and Firefox: findings listed and underlined,
// a fix applied through the editor's input path (and undoable), a finding ignored, the same findings
// as the CLI, and a style guide imported from the options page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const CLI = fileURLToPath(new URL('../../target/release/porte-voix', import.meta.url));
const HOST = 'porte-voix-overlay';

/** What the overlay shows: its findings (rule, level, fixes) and its underlines, with their boxes. */
function readFindings(boxSelector) {
  const root = document.querySelector('porte-voix-overlay')?.shadowRoot;
  if (!root) return null;
  const box = document.querySelector(boxSelector).getBoundingClientRect();
  return {
    toggle: root.querySelector('.findings-toggle')?.textContent ?? null,
    findings: [...root.querySelectorAll('.finding')].map((li) => ({
      rule: li.dataset.rule,
      level: li.dataset.level,
      fixes: [...li.querySelectorAll('.fix')].map((b) => b.textContent),
    })),
    underlines: [...root.querySelectorAll('.underline')].map((u) => {
      const r = u.getBoundingClientRect();
      return { rule: u.dataset.rule, inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top && r.bottom <= box.bottom + 1, width: r.width };
    }),
  };
}

function boxText(selector) {
  const el = document.querySelector(selector);
  return el instanceof HTMLTextAreaElement ? el.value : el.textContent;
}

const DRAFT = "Notre atelier roue libre ouvre samedi, venez nombreux";
const BAD_GUIDE = 'version = 1\n[brand]\nname = "Oups"\nlanguages = ["de"]\n';
const SMALL_GUIDE = 'version = 1\n[brand]\nname = "Atelier Test"\nlanguages = ["fr"]\n[terms]\nspellings = ["Atelier Test"]\n';

describeInBrowsers('editorial-line checks', (ctx, browserName) => {

  async function typeAndWaitForRule(selector, text, rule) {
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    await ctx.session.focus(selector);
    await ctx.session.type(text);
    return waitFor(
      () => ctx.session.evaluate(readFindings, selector),
      (s) => s?.underlines.some((u) => u.rule === rule),
      { what: `a ${rule} underline in ${selector}` },
    );
  }

  for (const selector of ['#plain', '#rich']) {
    test(`${selector}: findings are listed, underlined inside the box, fixed through the editor, undoable`, async () => {
      const seen = await typeAndWaitForRule(selector, DRAFT, 'terms.spelling');
      assert.ok(seen.underlines.filter((u) => u.rule === 'terms.spelling').every((u) => u.inside && u.width > 20));
      await ctx.session.clickShadow(HOST, '.findings-toggle');
      const listed = await waitFor(() => ctx.session.evaluate(readFindings, selector), (s) => s.findings.length > 0, { what: 'the findings list' });
      const spelling = listed.findings.find((f) => f.rule === 'terms.spelling');
      assert.deepEqual(spelling.fixes, ['→ Roue Libre']);

      await ctx.session.clickShadow(HOST, '.finding[data-rule="terms.spelling"] .fix');
      await waitFor(() => ctx.session.evaluate(boxText, selector), (t) => t === DRAFT.replace('roue libre', 'Roue Libre'), { what: 'the fixed text' });
      await waitFor(
        () => ctx.session.evaluate(readFindings, selector),
        (s) => !s.findings.some((f) => f.rule === 'terms.spelling') && !s.underlines.some((u) => u.rule === 'terms.spelling'),
        { what: 'the spelling finding to go away' },
      );
      // The edit went through the editor's history: undo brings the original text back.
      await ctx.session.evaluate((sel) => { document.querySelector(sel).focus(); document.execCommand('undo'); }, selector);
      await waitFor(() => ctx.session.evaluate(boxText, selector), (t) => t === DRAFT, { what: 'undo to restore the draft' });
    });
  }

  for (const selector of ['#plain', '#rich']) {
    test(`${selector}: a 100 KB paste with thousands of findings keeps the page responsive`, async () => {
      // 2,500 copies of a sentence with a misspelt brand: thousands of findings. Underlines used to be
      // measured one layout per finding, which froze, then crashed, the page.
      await ctx.session.open(ctx.server.url('x.com', '/compose'));
      await ctx.session.focus(selector);
      await ctx.session.insertText('Notre atelier roue libre ouvre samedi!! '.repeat(2500));
      await waitFor(
        () => ctx.session.evaluate(() => document.querySelector('porte-voix-overlay')?.shadowRoot.querySelector('.counter').textContent),
        (c) => c === '100000 / 280',
        { timeout: 30000, what: 'the count of the paste' },
      );
      // The findings follow the count (the background answers the count first), underlines a frame later.
      await waitFor(
        () => ctx.session.evaluate(() => document.querySelector('porte-voix-overlay').shadowRoot.querySelector('.findings-toggle').textContent),
        (t) => Number(t.replace(/\D/g, '')) > 2500,
        { timeout: 30000, what: 'the findings of the paste' },
      ).catch(() => {}); // the assertion below says what was shown
      await ctx.session.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const shown = await ctx.session.evaluate(() => {
        const root = document.querySelector('porte-voix-overlay').shadowRoot;
        return { toggle: root.querySelector('.findings-toggle').textContent, listed: root.querySelectorAll('.finding').length, more: root.querySelector('.more')?.textContent ?? null, underlines: root.querySelectorAll('.underline').length };
      });
      assert.ok(Number(shown.toggle.replace(/\D/g, '')) > 2500, `the toggle counts every finding: ${shown.toggle}`);
      assert.equal(shown.listed, 200, 'the list shows the first 200');
      assert.match(shown.more, /\d+/);
      assert.ok(shown.underlines > 0 && shown.underlines <= 400, `only what is on screen is underlined: ${shown.underlines}`);
      const started = Date.now();
      await ctx.session.evaluate(() => 1);
      assert.ok(Date.now() - started < 2000, 'the page answers');
    });
  }

  test('a finding can be ignored in this draft', async () => {
    await typeAndWaitForRule('#plain', `${DRAFT}, des prix pas cher`, 'terms.avoid');
    await ctx.session.clickShadow(HOST, '.findings-toggle');
    await ctx.session.clickShadow(HOST, '.finding[data-rule="terms.spelling"] .ignore');
    const after = await waitFor(
      () => ctx.session.evaluate(readFindings, '#plain'),
      (s) => !s.findings.some((f) => f.rule === 'terms.spelling'),
      { what: 'the ignored finding to disappear' },
    );
    assert.ok(after.findings.some((f) => f.rule === 'terms.avoid'), 'the other findings stay');
  });

  test('a rule switched off stays off on every draft until switched back on', async () => {
    await typeAndWaitForRule('#plain', `${DRAFT}, des prix pas cher`, 'terms.avoid');
    await ctx.session.clickShadow(HOST, '.findings-toggle');
    await ctx.session.clickShadow(HOST, '.finding[data-rule="terms.avoid"] .disable');
    await waitFor(() => ctx.session.evaluate(readFindings, '#plain'), (s) => !s.findings.some((f) => f.rule === 'terms.avoid'), { what: 'the rule to go' });
    // A new page, a new draft: still off.
    const again = await typeAndWaitForRule('#rich', 'Des prix pas cher chez roue libre', 'terms.spelling');
    assert.ok(!again.underlines.some((u) => u.rule === 'terms.avoid'));
    // The options page lists it and switches it back on.
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await waitFor(() => ctx.session.evaluate(() => [...document.querySelectorAll('.disabled-rule')].map((li) => li.dataset.value)), (r) => r.includes('terms.avoid'), { what: 'the disabled rule listed' });
    await ctx.session.focus('.disabled-rule[data-value="terms.avoid"] button');
    await waitFor(() => ctx.session.evaluate(() => document.querySelectorAll('.disabled-rule').length), (n) => n === 0, { what: 'the rule back on' });
    await typeAndWaitForRule('#plain', 'Des prix pas cher', 'terms.avoid');
  });

  test('the overlay and the CLI report the same findings for the same text', async () => {
    const text = "Grande nouvelle : l'atelier roue libre ouvre samedi!!! Tu viens ? Nos prix pas cher #atelier";
    const cli = JSON.parse(
      execFileSync(CLI, ['check', '--network', 'x', '--lang', 'en', '--format', 'json', '-'], { input: text, encoding: 'utf8' }),
    );
    const expected = cli.findings.map((f) => `${f.rule}@${f.start}`).sort();
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.insertText(text);
    const shown = await waitFor(
      () => ctx.session.evaluate(() => [...document.querySelector('porte-voix-overlay').shadowRoot.querySelectorAll('.underline')].length),
      (n) => n > 0,
      { what: 'findings' },
    );
    assert.ok(shown > 0);
    const overlay = await ctx.session.evaluate(() => {
      const root = document.querySelector('porte-voix-overlay').shadowRoot;
      return [...root.querySelectorAll('.finding')].map((li) => li.dataset.rule);
    });
    assert.deepEqual([...overlay].sort(), cli.findings.map((f) => f.rule).sort());
    assert.ok(expected.length >= 6, `the draft has several findings: ${expected}`);
  });

  test('the options page refuses a bad guide with located errors and applies a good one', async () => {
    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('guide-status').textContent), (s) => s.length > 0, { what: 'guide status' });
    await ctx.session.evaluate((src) => { document.getElementById('guide-source').value = src; }, BAD_GUIDE);
    await ctx.session.focus('#guide-apply');
    const errors = await waitFor(
      () => ctx.session.evaluate(() => [...document.querySelectorAll('.guide-error')].map((li) => li.textContent)),
      (list) => list.length > 0,
      { what: 'the guide errors' },
    );
    assert.match(errors[0], /^4:\d+ brand\.languages/);
    const status = await ctx.session.evaluate(() => document.getElementById('guide-status').textContent);
    assert.match(status, /refused|refusée/);

    await ctx.session.evaluate((src) => { document.getElementById('guide-source').value = src; }, SMALL_GUIDE);
    await ctx.session.focus('#guide-apply');
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('guide-status').textContent), (s) => /Atelier Test/.test(s), { what: 'the new guide to be active' });

    const seen = await typeAndWaitForRule('#plain', 'Bienvenue chez atelier test', 'terms.spelling');
    assert.ok(seen.underlines.length > 0);

    await ctx.session.open(ctx.session.extensionUrl('options/options.html'));
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('guide-status').textContent), (s) => /Atelier Test/.test(s), { what: 'the guide to be kept in storage' });
    await ctx.session.focus('#guide-reset');
    await waitFor(() => ctx.session.evaluate(() => document.getElementById('guide-status').textContent), (s) => /Roue Libre/.test(s), { what: 'the sample guide back' });
  });
});
