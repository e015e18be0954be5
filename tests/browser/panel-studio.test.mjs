// Build first: bash tools/build.sh --no-sample && node tests/browser/editors/build.mjs
// The drafting studio in the side panel, driven in Chromium and Firefox: per-network variants counted as
// the engine counts them (the same wasm, loaded in Node from dist/node), a guide finding, the thread
// preview of a draft too long for X, a styled preview, a save read back from storage.local; the review
// flow (writer submits, approver sends back with a comment, writer resubmits, approver approves) with a
// sensitive word forcing review; and a reminder: alarm in step with the post's time, fired early through
// the page-only test message, notification read back, its click opening a tab on X's intent URL with the
// draft, the post marked published; a finding ignored on a post (every occurrence of its text, as the
// engine leaves it out) kept with the post and shown again on demand; Delete asks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { loadEngine } from '../../dist/node/index.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { site } from './sites/pages.mjs';
import { SITES_OUT } from './sites/build.mjs';
import { loadSite, openBox, readBox } from './sites/driver.mjs';

const engine = loadEngine();

const LONG_X = 'Samedi, atelier ouvert à tous : réparation de crevaisons, réglage des freins et des vitesses, '
  + 'graissage de chaîne, conseils pour rouler l’hiver. Venez avec votre vélo, on vous montre tout pas à pas, '
  + 'puis vous repartez en sachant le refaire seul. Inscription conseillée sur https://example.org/atelier '
  + 'avec @velo_lyon #atelier — entrée libre, café offert, et les enfants sont les bienvenus avec leur draisienne !';
const BLUESKY_TEXT = 'Atelier réparation samedi, entrée libre #atelier';

// ---- page-world helpers (run in the panel page) ----

/** Sets a form control's value as typing does (an input event). */
function setValue([selector, value]) {
  const control = document.querySelector(selector);
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

/** Clicks `selector` (a checkbox click fires change too). */
function click(selector) {
  document.querySelector(selector).click();
  return true;
}

/** What the studio shows for each network card. */
function cardsState() {
  return [...document.querySelectorAll('#studio-variants .variant')].map((card) => ({
    network: card.dataset.network,
    length: Number(card.dataset.length),
    limit: Number(card.dataset.limit),
    remaining: Number(card.dataset.remaining),
    remainingText: card.querySelector('.remaining').textContent,
    state: card.dataset.state,
    findings: [...card.querySelectorAll('.finding')].map((f) => ({ rule: f.dataset.rule, message: f.querySelector('.finding-message').textContent })),
    parts: [...card.querySelectorAll('.thread .part .part-text')].map((p) => p.textContent),
    hashtags: [...card.querySelectorAll('.hashtag')].map((h) => h.dataset.tag),
    preview: {
      text: card.querySelector('.preview .preview-text')?.textContent ?? null,
      entities: [...card.querySelectorAll('.preview .entity')].map((e) => ({ kind: e.dataset.entity, text: e.textContent, href: e.getAttribute('href') })),
      overflow: [...card.querySelectorAll('.preview .overflow')].map((e) => e.textContent).join(''),
    },
  }));
}

/** The studio's state line, messages and review section. */
function studioState() {
  return {
    postId: document.getElementById('view-studio').dataset.postId,
    status: document.getElementById('studio-status').dataset.status,
    message: document.getElementById('studio-message').textContent,
    error: document.getElementById('studio-error').textContent,
    need: document.getElementById('review-need').hidden ? null : document.getElementById('review-need').textContent,
    sensitive: document.getElementById('review-need').dataset.sensitive,
    history: [...document.querySelectorAll('#review-history li')].map((li) => ({ action: li.dataset.action, text: li.textContent })),
  };
}

/** A stored item of storage.local. */
async function storedItem(key) {
  const api = globalThis.browser ?? globalThis.chrome;
  return (await api.storage.local.get(key))[key] ?? null;
}

async function setProfile(profile) {
  const api = globalThis.browser ?? globalThis.chrome;
  await api.storage.local.set({ profile });
  return true;
}

/** Sends a message to the background from this extension page; resolves with its answer. */
async function ask(message) {
  const api = globalThis.browser ?? globalThis.chrome;
  return api.runtime.sendMessage(message);
}

async function alarmOf(name) {
  const api = globalThis.browser ?? globalThis.chrome;
  return (await api.alarms.get(name)) ?? null;
}

async function notificationIds() {
  const api = globalThis.browser ?? globalThis.chrome;
  return Object.keys(await api.notifications.getAll());
}

/**
 * Starts noting the extension's notifications as the notifications API reports them: open ones
 * (getAll) and any shown or closed meanwhile (headless Firefox closes a notification at once, having no
 * desktop to show it on, so getAll alone could miss it).
 */
function noteNotifications() {
  const api = globalThis.browser ?? globalThis.chrome;
  // Kept in the DOM: the test's scripts may each run in their own scope.
  const note = (id) => {
    document.body.dataset.notified = `${document.body.dataset.notified ?? ''} ${id}`;
  };
  api.notifications.onShown?.addListener(note);
  api.notifications.onClosed.addListener(note);
  return true;
}

async function notificationsSeen() {
  const api = globalThis.browser ?? globalThis.chrome;
  return [...new Set([...Object.keys(await api.notifications.getAll()), ...(document.body.dataset.notified ?? '').split(' ').filter(Boolean)])];
}

/**
 * Starts noting the addresses tabs go to (the extension may not read other sites' tab URLs, and the
 * networks' real port 443 is not the fixture server's, so the browser itself is asked): resolves with
 * a function that lists them. Chromium: every request the browser context makes; Firefox: each tab's
 * current address, read from the browser window.
 */
function watchNavigations(session) {
  if (session.name === 'chromium') {
    const seen = [];
    session.context.on('request', (request) => seen.push(request.url()));
    return async () => seen;
  }
  return async () => {
    await session.driver.setContext('chrome');
    try {
      return await session.driver.executeScript(
        `const win = Services.wm.getMostRecentWindow('navigator:browser');
         return win.gBrowser.tabs.map((tab) => tab.linkedBrowser.currentURI.spec);`,
      );
    } finally {
      await session.driver.setContext('content');
    }
  };
}

async function openStudio(session) {
  await session.open(session.extensionUrl('panel/panel.html#studio'));
  await waitFor(() => session.evaluate(() => document.body.dataset.ready === 'true' && document.querySelector('#studio-text') !== null), Boolean, {
    timeout: 20000,
    what: 'the studio to be ready',
  });
}

const state = (session) => session.evaluate(studioState);

/** Starts a new draft, then opens post `postId` from the board (show('studio', { postId })); resolves with the studio's state. */
async function reopenFromBoard(session, postId) {
  await session.evaluate(click, '#studio-new');
  await waitFor(() => state(session), (v) => v.postId === '', { what: 'a new draft' });
  await session.evaluate(click, '#tab-board');
  const chip = `#view-board .chip[data-post-id="${postId}"]`;
  await waitFor(() => session.evaluate((sel) => document.querySelector(sel) !== null, chip), Boolean, { timeout: 15000, what: 'the post on the board' });
  await session.evaluate(click, chip);
  return waitFor(() => state(session), (v) => v.postId === postId, { what: 'the post back in the studio' });
}

describeInBrowsers('panel studio', (ctx) => {
  test('variants are counted per network as the engine counts them; findings, thread, preview; the save reads back', async () => {
    const { session } = ctx;
    await openStudio(session);
    await session.evaluate(setValue, ['#studio-text', `${LONG_X} Pas cheap du tout.`]);
    await session.evaluate(click, '#studio-networks input[value="bluesky"]');
    await session.evaluate(click, '#studio-networks input[value="linkedin"]');
    await session.evaluate(click, '.variant[data-network="bluesky"] .adapt');
    await session.evaluate(setValue, ['.variant[data-network="bluesky"] .variant-text', BLUESKY_TEXT]);

    const master = `${LONG_X} Pas cheap du tout.`;
    const expected = { x: master, linkedin: master, bluesky: BLUESKY_TEXT };
    const cards = await waitFor(
      () => session.evaluate(cardsState),
      (list) => list.length === 3 && list.every((c) => c.length === engine.count(expected[c.network], c.network).length),
      { what: 'three cards counted' },
    );
    for (const card of cards) {
      const count = engine.count(expected[card.network], card.network);
      assert.equal(card.length, count.length, `${card.network} length`);
      assert.equal(card.limit, count.limit, `${card.network} limit`);
      assert.equal(card.remaining, count.remaining, `${card.network} remaining`);
      assert.match(card.remainingText, new RegExp(String(count.remaining)));
    }
    const x = cards.find((c) => c.network === 'x');
    assert.equal(x.state, 'over', 'the draft is over X’s limit');
    // The guide's finding ("cheap" is a word to avoid in the sample guide), as the engine reports it for X.
    const engineFindings = engine.check(master, { network: 'x', lang: 'en' });
    const avoid = engineFindings.find((f) => /cheap/i.test(master.slice(f.span.start, f.span.end)));
    assert.ok(avoid, 'the engine finds "cheap"');
    assert.ok(x.findings.some((f) => f.rule === avoid.rule), `the studio lists the ${avoid.rule} finding on X`);
    // The thread preview: exactly the engine's parts.
    const parts = engine.split(master, 'x');
    assert.ok(parts.length >= 2);
    assert.deepEqual(x.parts, parts.map((p) => p.text));
    // Bluesky's own text fits: no thread there.
    const bluesky = cards.find((c) => c.network === 'bluesky');
    assert.equal(bluesky.parts.length, 0);
    assert.equal(bluesky.state, 'ok');
    // The preview: the text with its link, mention and hashtag styled; the part past X's limit marked.
    assert.equal(x.preview.text, master);
    assert.ok(x.preview.entities.some((e) => e.kind === 'link' && e.href === 'https://example.org/atelier'));
    assert.ok(x.preview.entities.some((e) => e.kind === 'mention' && e.text === '@velo_lyon'));
    assert.ok(x.preview.entities.some((e) => e.kind === 'hashtag' && e.text === '#atelier'));
    const overflowStart = engine.count(master, 'x').overflow_start;
    assert.equal(x.preview.overflow, master.slice(overflowStart));
    assert.deepEqual(bluesky.preview.entities.map((e) => e.text), ['#atelier']);

    // A hashtag chip adds the engine's suggestion to Bluesky's own text, where the engine says to.
    if (bluesky.hashtags.length) {
      const tag = bluesky.hashtags[0];
      const insertion = engine.hashtagInsertion(BLUESKY_TEXT, tag);
      await session.evaluate(click, `.variant[data-network="bluesky"] .hashtag[data-tag="${tag}"]`);
      const withTag = BLUESKY_TEXT.slice(0, insertion.offset) + insertion.text + BLUESKY_TEXT.slice(insertion.offset);
      await waitFor(() => session.evaluate(() => document.querySelector('.variant[data-network="bluesky"] .variant-text').value), (v) => v === withTag, { what: 'the hashtag added' });
      await session.evaluate(setValue, ['.variant[data-network="bluesky"] .variant-text', BLUESKY_TEXT]);
    }
    // Best times: a click puts the slot in the time field, in the chosen zone.
    await session.evaluate(setValue, ['#studio-zone', 'Europe/Paris']);
    const slot = await waitFor(() => session.evaluate(() => document.querySelector('#studio-best-times .best-time')?.dataset.start ?? null), Boolean, { what: 'a best time' });
    await session.evaluate(click, '#studio-best-times .best-time');
    const wall = await session.evaluate(() => document.getElementById('studio-when').value);
    const paris = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(slot)).replace(' ', 'T');
    assert.equal(wall, paris, 'the best time, as Paris wall time');

    // Plan fields, then save; the item in storage.local holds what the form held.
    await session.evaluate(setValue, ['#studio-when', '2030-07-01T09:30']);
    await session.evaluate(setValue, ['#studio-zone', 'Europe/Paris']);
    await session.evaluate(setValue, ['#studio-assignee', 'Lou']);
    await session.evaluate(setValue, ['#studio-notes', 'Photo de l’atelier à joindre']);
    await session.evaluate(click, '#studio-save');
    const saved = await waitFor(() => state(session), (s) => s.postId !== '', { what: 'the post to be saved' });
    const stored = await session.evaluate(storedItem, `plan.post.${saved.postId}`);
    assert.equal(stored.text, master);
    assert.deepEqual(stored.variants, { bluesky: BLUESKY_TEXT });
    assert.deepEqual([...stored.networks].sort(), ['bluesky', 'linkedin', 'x']);
    assert.deepEqual(stored.schedule, { at: '2030-07-01T07:30:00Z', zone: 'Europe/Paris' }, '09:30 in Paris in July is 07:30 UTC');
    assert.equal(stored.assignee, 'Lou');
    assert.equal(stored.notes, 'Photo de l’atelier à joindre');
    assert.equal(stored.status, 'draft');

    // The board opens a post in the studio (show('studio', { postId })): the form holds it again.
    const reopened = await reopenFromBoard(session, saved.postId);
    assert.equal(reopened.status, 'draft');
    assert.equal(await session.evaluate(() => document.getElementById('studio-text').value), master);
    assert.equal(await session.evaluate(() => document.querySelector('.variant[data-network="bluesky"] .variant-text').value), BLUESKY_TEXT);
  });

  test('a finding ignored on a post leaves every occurrence of its text, stays ignored when reopened, and shows again on demand; Delete asks first', async () => {
    const { session } = ctx;
    await openStudio(session);
    await session.evaluate(click, '#studio-new');
    const text = 'Pas cheap du tout. Vraiment cheap, et pas cher non plus !!';
    await session.evaluate(setValue, ['#studio-text', text]);
    const lang = await session.evaluate(() => ((globalThis.browser ?? globalThis.chrome).i18n.getUILanguage().startsWith('fr') ? 'fr' : 'en'));
    const all = engine.check(text, { network: 'x', lang });
    const cheap = all.filter((f) => /cheap/i.test(text.slice(f.span.start, f.span.end)));
    assert.equal(cheap.length, 2, 'the engine finds "cheap" twice');
    const rulesOf = (list) => list.map((f) => f.rule);
    const xFindings = async () => (await session.evaluate(cardsState)).find((c) => c.network === 'x')?.findings ?? [];
    await waitFor(xFindings, (f) => f.length === all.length, { what: 'the findings on X' });
    // Ignore the first "cheap": both occurrences go, the other findings stay — as the engine leaves them out.
    await session.evaluate((rule) => {
      const item = [...document.querySelectorAll('.variant[data-network="x"] .finding')].find((f) => f.dataset.rule === rule);
      item.querySelector('.finding-ignore').click();
      return true;
    }, cheap[0].rule);
    const expected = engine.check(text, { network: 'x', lang, ignored_texts: { [cheap[0].rule]: ['cheap'] } });
    assert.equal(expected.length, all.length - 2);
    const left = await waitFor(xFindings, (f) => f.length === expected.length, { what: 'the ignored finding to go' });
    assert.deepEqual(rulesOf(left), rulesOf(expected));
    assert.match(await session.evaluate(() => document.getElementById('studio-ignored').textContent), /^1 /);
    await session.evaluate(click, '#studio-save');
    const saved = await waitFor(() => state(session), (s) => s.postId !== '', { what: 'the post to be saved' });
    const stored = await session.evaluate(storedItem, `plan.post.${saved.postId}`);
    assert.deepEqual(stored.ignoredFindings, { [cheap[0].rule]: ['cheap'] });

    // Reopened from the board: still ignored; "Show them again" brings both back.
    await reopenFromBoard(session, saved.postId);
    assert.deepEqual(rulesOf(await waitFor(xFindings, (f) => f.length === expected.length, { what: 'the reopened findings' })), rulesOf(expected));
    await session.evaluate(click, '#studio-unignore');
    await waitFor(xFindings, (f) => f.length === all.length, { what: 'the findings shown again' });
    assert.equal(await session.evaluate(() => document.getElementById('studio-ignored').hidden), true);

    // Delete asks first; Cancel keeps the post; confirmed, it is a tombstone and the studio starts afresh.
    await session.evaluate(click, '#studio-delete');
    assert.equal(await session.evaluate(() => document.getElementById('studio-delete-confirm').hidden), false);
    await session.evaluate(click, '#studio-delete-no');
    assert.equal(await session.evaluate(() => document.getElementById('studio-delete-confirm').hidden), true);
    assert.notEqual((await session.evaluate(storedItem, `plan.post.${saved.postId}`)).meta.deleted, true, 'Cancel deletes nothing');
    await session.evaluate(click, '#studio-delete');
    await session.evaluate(click, '#studio-delete-yes');
    const after = await waitFor(() => state(session), (v) => v.postId === '' && v.message !== '', { what: 'the post deleted' });
    assert.match(after.message, /Post deleted|Publication supprimée/);
    assert.equal((await session.evaluate(storedItem, `plan.post.${saved.postId}`)).meta.deleted, true);
    await session.evaluate(click, '#tab-board');
    await waitFor(() => session.evaluate((id) => document.querySelector(`#view-board .chip[data-post-id="${id}"]`) === null, saved.postId), Boolean, { what: 'the post gone from the board' });
  });

  test('review: a sensitive word forces review; writer submits, approver sends back with a comment, writer resubmits, approver approves', async () => {
    const { session } = ctx;
    await openStudio(session);
    await session.evaluate(setProfile, { version: 1, name: 'Lou', role: 'writer' });
    await session.evaluate(click, '#studio-new');
    await session.evaluate(setValue, ['#studio-text', 'Product recall: check the brakes of your VéloBox before riding.']);
    await session.evaluate(setValue, ['#studio-when', '2030-07-02T10:00']);
    await session.evaluate(setValue, ['#studio-zone', 'Europe/Paris']);
    // A writer may not schedule it: the core refuses with its reason, and the studio says review is required.
    await session.evaluate(click, '#studio-schedule');
    let s = await waitFor(() => state(session), (v) => v.error !== '' && v.postId !== '', { what: 'the refusal' });
    assert.match(s.error, /recall/);
    assert.equal(s.status, 'draft');
    assert.equal(s.sensitive, 'recall');
    assert.match(s.need, /recall/);
    const id = s.postId;

    await session.evaluate(click, '#review-submit');
    s = await waitFor(() => state(session), (v) => v.status === 'in-review', { what: 'in review' });
    // The writer cannot approve their own post.
    await session.evaluate(click, '#review-approve');
    s = await waitFor(() => state(session), (v) => v.error !== '', { what: 'the writer’s approval refused' });
    assert.equal(s.status, 'in-review');

    // The approver (set on the options page, followed live) sends it back: first without a comment (refused).
    await session.evaluate(setProfile, { version: 1, name: 'Camille', role: 'approver' });
    await new Promise((r) => setTimeout(r, 200));
    await session.evaluate(click, '#review-send-back');
    s = await waitFor(() => state(session), (v) => /comment/i.test(v.error), { what: 'a comment to be required' });
    await session.evaluate(setValue, ['#review-comment', 'Say which models are concerned.']);
    await session.evaluate(click, '#review-send-back');
    s = await waitFor(() => state(session), (v) => v.status === 'draft', { what: 'sent back to draft' });
    assert.ok(s.history.some((h) => h.action === 'sent-back' && h.text.includes('Say which models are concerned.') && h.text.includes('Camille')));

    await session.evaluate(setProfile, { version: 1, name: 'Lou', role: 'writer' });
    await new Promise((r) => setTimeout(r, 200));
    await session.evaluate(setValue, ['#studio-text', 'Product recall: VéloBox 2024 models only, check the brakes before riding.']);
    await session.evaluate(click, '#review-submit');
    await waitFor(() => state(session), (v) => v.status === 'in-review', { what: 'resubmitted' });
    await session.evaluate(setProfile, { version: 1, name: 'Camille', role: 'approver' });
    await new Promise((r) => setTimeout(r, 200));
    await session.evaluate(click, '#review-approve');
    s = await waitFor(() => state(session), (v) => v.status === 'approved', { what: 'approved' });
    assert.deepEqual(s.history.map((h) => h.action), ['submitted', 'sent-back', 'submitted', 'approved']);

    const stored = await session.evaluate(storedItem, `plan.post.${id}`);
    assert.equal(stored.status, 'approved');
    assert.equal(stored.text, 'Product recall: VéloBox 2024 models only, check the brakes before riding.');
    assert.deepEqual(stored.review.map((e) => [e.action, e.by]), [['submitted', 'Lou'], ['sent-back', 'Camille'], ['submitted', 'Lou'], ['approved', 'Camille']]);
    assert.equal(stored.review[1].comment, 'Say which models are concerned.');
  });

  test('reminder: the alarm follows the post; fired early it notifies, its click opens X’s intent URL, then the post is marked published', async () => {
    const { session } = ctx;
    await openStudio(session);
    await session.evaluate(setProfile, { version: 1, name: 'Lou', role: 'writer' });
    await session.evaluate(click, '#studio-new');
    const text = 'Atelier ouvert samedi de 9h à 18h #velo';
    await session.evaluate(setValue, ['#studio-text', text]);
    await session.evaluate(setValue, ['#studio-when', '2031-03-04T18:00']);
    await session.evaluate(setValue, ['#studio-zone', 'UTC']);
    await session.evaluate(click, '#studio-schedule');
    const s = await waitFor(() => state(session), (v) => v.status === 'scheduled', { what: 'scheduled' });
    const name = `post:${s.postId}`;
    let alarm = await waitFor(() => session.evaluate(alarmOf, name), Boolean, { what: 'the alarm' });
    assert.equal(alarm.scheduledTime, Date.parse('2031-03-04T18:00:00Z'));

    // Rescheduled in the studio: the alarm moves.
    await session.evaluate(setValue, ['#studio-when', '2031-03-05T08:15']);
    await session.evaluate(click, '#studio-save');
    alarm = await waitFor(() => session.evaluate(alarmOf, name), (a) => a?.scheduledTime === Date.parse('2031-03-05T08:15:00Z'), { what: 'the alarm to move' });

    // Changed by another page (unscheduled straight in storage): the alarm goes; back again, it returns.
    // Each change of that page counts in its own entry of the version vector, as a real page's does (a
    // write with the same clock and other content would be a conflict, which the open studio keeps).
    const byAnotherPage = (post, fields, changes) => ({ ...post, ...fields, meta: { ...post.meta, clock: { ...post.meta.clock, 'other-page': changes } } });
    const key = `plan.post.${s.postId}`;
    const record = await session.evaluate(storedItem, key);
    await session.evaluate(async ([k, value]) => {
      const api = globalThis.browser ?? globalThis.chrome;
      await api.storage.local.set({ [k]: value });
      return true;
    }, [key, byAnotherPage(record, { status: 'approved', schedule: undefined }, 1)]);
    await waitFor(() => session.evaluate(alarmOf, name), (a) => a === null, { what: 'the alarm to be cleared' });
    await session.evaluate(async ([k, value]) => {
      const api = globalThis.browser ?? globalThis.chrome;
      await api.storage.local.set({ [k]: value });
      return true;
    }, [key, byAnotherPage(record, {}, 2)]);
    await waitFor(() => session.evaluate(alarmOf, name), (a) => a?.scheduledTime === Date.parse('2031-03-05T08:15:00Z'), { what: 'the alarm back' });

    // A web page or content script cannot shorten it (the message is for extension pages only); this page can.
    await session.evaluate(noteNotifications);
    const early = await session.evaluate(ask, { type: 'reminder-soon', id: s.postId, ms: 1000 });
    assert.equal(early.ok, true, JSON.stringify(early));
    await waitFor(() => session.evaluate(notificationsSeen), (ids) => ids.includes(name), { timeout: 15000, what: 'the notification' });

    const navigations = watchNavigations(session);
    const clicked = await session.evaluate(ask, { type: 'reminder-click', id: s.postId });
    assert.equal(clicked.ok, true, JSON.stringify(clicked));
    const url = new URL(clicked.result);
    assert.equal(`${url.origin}${url.pathname}`, 'https://x.com/intent/post');
    assert.equal(url.searchParams.get('text'), text);
    await waitFor(navigations, (urls) => urls.includes(clicked.result), { what: 'a tab to open the intent URL' });
    // The tab really asked for x.com (port 443, not the fixture server's): the request recorder refused it,
    // so nothing left the machine. Forgotten here, having been checked, so the session's own check passes.
    const intent = (r) => r.url === 'https://x.com:443/';
    await waitFor(async () => session.network.outside().filter(intent).length, (n) => n > 0, { what: 'the recorder to refuse x.com' });
    await waitFor(() => session.evaluate(notificationIds), (ids) => !ids.includes(name), { what: 'the notification to close' });

    // "Mark as published" (the notification's second button on Chrome; the studio's button everywhere).
    const published = await session.evaluate(ask, { type: 'reminder-click', id: s.postId, button: 1 });
    assert.equal(published.ok, true, JSON.stringify(published));
    const after = await waitFor(() => session.evaluate(storedItem, key), (p) => p?.status === 'published', { what: 'published in storage' });
    assert.ok(Date.parse(after.metrics.publishedAt) > 0);
    await waitFor(() => state(session), (v) => v.status === 'published', { what: 'the studio to follow' });
    assert.equal(await session.evaluate(alarmOf, name), null);
    session.network.forget(intent);
    // Leave one tab, as the test found it: the intent tab took the focus.
    await session.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const own = await api.tabs.getCurrent();
      const others = (await api.tabs.query({})).map((tab) => tab.id).filter((id) => id !== own.id);
      if (others.length) await api.tabs.remove(others);
      await api.tabs.update(own.id, { active: true });
      return true;
    });
  });

  test('LinkedIn has no share URL: the tab a reminder opened gets the draft typed into its compose box by the editor', async () => {
    const { session, server } = ctx;
    assert.ok(existsSync(join(SITES_OUT, 'linkedin.html')), 'site fixtures are missing: run node tests/browser/editors/build.mjs');
    const linkedin = site('linkedin');
    const dialog = linkedin.boxes.find((b) => b.id === 'dialog');
    const draft = 'Atelier ouvert samedi : venez réparer votre vélo avec nous.';
    // What the reminder's click leaves for the tab it opens (background/reminders.js), set for this tab:
    // the networks' real address (port 443) is not the fixture server's, so the test brings the site here.
    await openStudio(session);
    await session.evaluate(async (text) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const tab = await api.tabs.getCurrent();
      await api.storage.session.set({ [`reminder.fill.${tab.id}`]: { network: 'linkedin', text } });
      return tab.id;
    }, draft);
    await loadSite(session, server, linkedin, dialog.route);
    await openBox(session, dialog.open, dialog.id);
    const box = await waitFor(() => session.evaluate(readBox, dialog.id), (b) => b.text.trim() === draft, { what: 'the draft in the LinkedIn box' });
    assert.equal(box.canUndo, true, 'typed through the editor (its undo history has it)');
    // Taken once: a second visit leaves the box empty.
    await loadSite(session, server, linkedin, dialog.route);
    await openBox(session, dialog.open, dialog.id);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await session.evaluate(readBox, dialog.id)).text.trim(), '');
  });
});
