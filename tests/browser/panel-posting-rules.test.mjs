// The side panel's calendar follows the posting rules of the user's style guide (issue 7 item 3),
// in Chromium and Firefox: without a [schedule] nor max_per_day, a Sunday post and two X posts four
// hours apart are fine (the defaults: every day 07:00-22:00, three X posts a day, 120 min apart);
// once the stored guide leaves Sunday out and allows one X post a day, the panel marks those posts
// (chip mark, accessible name, title, conflict list); a guide without those rules, or the guide
// removed (reset), clears them.
//
// Posts go in next month at local times (none overdue), in the browser's own time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const HEAD = 'version = 1\n[brand]\nname = "Roue Libre"\n';
const RULED = `${HEAD}[schedule]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat"]\nhours = "08:00-20:00"\n\n[networks.overrides.x]\nmax_per_day = 1\n`;

/** Plants the posts: a Mastodon post on next month's first Sunday at 12:00, two X posts on its first Tuesday at 10:00 and 14:00. */
async function plantPosts() {
  const api = globalThis.browser ?? globalThis.chrome;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const next = new Date(new Date().getFullYear(), new Date().getMonth() + 1, 1);
  const first = (weekday) => [1, 2, 3, 4, 5, 6, 7].find((d) => new Date(next.getFullYear(), next.getMonth(), d).getDay() === weekday);
  const at = (d, h) => new Date(next.getFullYear(), next.getMonth(), d, h).toISOString();
  const now = new Date().toISOString();
  const post = (id, network, when) => ({
    [`plan.post.${id}`]: { meta: { id, created: now, updated: now, clock: { other: 1 } }, text: `Post ${id}`, networks: [network], status: 'draft', schedule: { at: when, zone } },
  });
  await api.storage.local.set({ ...post('sun', 'mastodon', at(first(0), 12)), ...post('xa', 'x', at(first(2), 10)), ...post('xb', 'x', at(first(2), 14)) });
}

/** What the calendar shows about conflicts: the marked chips (accessible name, title) and the list (each message after its time button). */
function shownConflicts() {
  const box = document.querySelector('#view-calendar .cal-conflict-box');
  const chips = [...document.querySelectorAll('#view-calendar .cal-grid .chip')].map((c) => ({ id: c.dataset.postId, marked: c.classList.contains('has-conflict'), label: c.getAttribute('aria-label'), conflictLabel: c.dataset.conflictLabel, title: c.title }));
  const list = [...document.querySelectorAll('#view-calendar .cal-conflicts li')].map((li) => ({ kind: li.dataset.kind, posts: li.dataset.posts, text: li.textContent.slice(li.querySelector('button')?.textContent.length ?? 0).trim() }));
  return { checked: box?.dataset.count !== undefined, chips, list };
}

/** Stores `source` as the user's guide, as the options page does. */
async function storeGuide(source) {
  const api = globalThis.browser ?? globalThis.chrome;
  await api.storage.local.set({ guide: { version: 1, source, format: 'toml' } });
}

describeInBrowsers('side panel calendar under the guide posting rules', (ctx) => {
  const page = (fn, arg) => ctx.session.evaluate(fn, arg);
  const marked = (shown) => shown.chips.filter((c) => c.marked).map((c) => c.id).sort();

  test('a Sunday post and a second X post of the day are marked only when the guide says so', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('panel/panel.html#calendar'));
    await waitFor(() => page(() => document.body.dataset.ready), (r) => r === 'true', { what: 'the panel to be ready' });
    await page(plantPosts);
    await page(() => document.querySelector('#view-calendar .cal-next').click());

    // Without a guide: the built-in defaults, under which these three posts are fine.
    const plain = await waitFor(() => page(shownConflicts), (s) => s.checked && s.chips.length === 3, { what: 'three chips, checked' });
    assert.deepEqual(marked(plain), [], JSON.stringify(plain));
    assert.deepEqual(plain.list, []);
    assert.ok(plain.chips.every((c) => !c.label.endsWith(` · ${c.conflictLabel}`)), JSON.stringify(plain.chips));

    // The guide leaves Sunday out and allows one X post a day.
    await page(storeGuide, RULED);
    const ruled = await waitFor(() => page(shownConflicts), (s) => marked(s).length === 3, { what: 'the guide conflicts on the chips' });
    const kinds = ruled.list.map((c) => `${c.kind}:${c.posts}`).sort();
    assert.deepEqual(kinds, ['outside-hours:sun', 'too-many-in-a-day:xa xb'], JSON.stringify(ruled.list));
    for (const item of ruled.list) {
      for (const id of item.posts.split(' ')) {
        const chip = ruled.chips.find((c) => c.id === id);
        assert.ok(chip.title.includes(item.text), `chip ${id} title carries "${item.text}": ${chip.title}`);
        assert.ok(chip.conflictLabel && chip.label.endsWith(` · ${chip.conflictLabel}`), `chip ${id} says it has a conflict in its accessible name: ${chip.label}`);
      }
    }
    const sunday = ruled.list.find((c) => c.kind === 'outside-hours').text;
    assert.match(sunday, /a day without posts|jour sans publication/, sunday);
    const tooMany = ruled.list.find((c) => c.kind === 'too-many-in-a-day').text;
    assert.match(tooMany, /at most 1 a day|au plus 1 par jour/, tooMany);

    // A guide without posting rules: back to the defaults.
    await page(storeGuide, HEAD);
    const cleared = await waitFor(() => page(shownConflicts), (s) => marked(s).length === 0 && s.list.length === 0, { what: 'the conflicts cleared' });
    assert.equal(cleared.chips.length, 3);

    // The guide again, then reset in the options (the record removed): the built-in sample's defaults.
    await page(storeGuide, RULED);
    await waitFor(() => page(shownConflicts), (s) => marked(s).length === 3, { what: 'the guide conflicts again' });
    await page(() => (globalThis.browser ?? globalThis.chrome).storage.local.remove('guide'));
    await waitFor(() => page(shownConflicts), (s) => marked(s).length === 0 && s.list.length === 0, { what: 'the conflicts cleared by the reset' });
  });
});
