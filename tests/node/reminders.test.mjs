// Reminders' pure parts: which posts get an alarm, the text each network gets, the compose page a
// reminder opens (share URL with the draft, or the site for the content script to fill), and that the
// test-only "fire soon" and "click" messages are refused to web pages and content scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATCH_UP_MS, composeTarget, missedReminders, reminderTime, textFor } from '../../extension/background/reminders.js';
import { validateMessage } from '../../extension/background/messages.js';

const post = (fields) => ({ meta: { id: 'p1' }, text: 'Bonjour à tous', networks: ['x'], status: 'scheduled', schedule: { at: '2031-03-04T18:00:00Z', zone: 'UTC' }, ...fields });

test('only a scheduled, live post with a readable time gets a reminder', () => {
  assert.equal(reminderTime(post({})), Date.parse('2031-03-04T18:00:00Z'));
  for (const status of ['idea', 'draft', 'in-review', 'approved', 'published']) assert.equal(reminderTime(post({ status })), null, status);
  assert.equal(reminderTime(post({ meta: { id: 'p1', deleted: true } })), null);
  assert.equal(reminderTime(post({ schedule: undefined })), null);
  assert.equal(reminderTime(post({ schedule: { at: 'not a time', zone: 'UTC' } })), null);
  assert.equal(reminderTime(undefined), null);
  assert.equal(reminderTime('garbage'), null);
});

test('a reminder missed while the browser was closed is shown once, on the next start, if not too late', () => {
  const now = Date.parse('2031-03-04T20:00:00Z');
  const at = (iso) => post({ schedule: { at: iso, zone: 'UTC' } });
  const posts = new Map([
    ['missed', at('2031-03-04T18:00:00Z')],
    ['shown', at('2031-03-04T19:00:00Z')],
    ['moved-since-shown', at('2031-03-04T19:30:00Z')],
    ['too-old', at(new Date(now - CATCH_UP_MS - 60_000).toISOString())],
    ['ahead', at('2031-03-04T21:00:00Z')],
    ['draft', post({ status: 'draft', schedule: { at: '2031-03-04T18:00:00Z', zone: 'UTC' } })],
  ]);
  const shown = { shown: Date.parse('2031-03-04T19:00:00Z'), 'moved-since-shown': Date.parse('2031-03-04T19:00:00Z') };
  assert.deepEqual(missedReminders(posts, shown, now), ['missed', 'moved-since-shown']);
  assert.deepEqual(missedReminders(posts, undefined, now), ['missed', 'shown', 'moved-since-shown']);
});

test('a network posts its own variant, else the master text (a blank variant does not count)', () => {
  const p = post({ variants: { bluesky: 'Version courte', mastodon: '   ' } });
  assert.equal(textFor(p, 'bluesky'), 'Version courte');
  assert.equal(textFor(p, 'mastodon'), 'Bonjour à tous');
  assert.equal(textFor(p, 'x'), 'Bonjour à tous');
});

test('share URLs carry the draft, encoded; Mastodon uses the profile instance; LinkedIn and Facebook are filled by the content script', () => {
  const text = 'Café & vélo #atelier https://example.org/?a=1&b=2';
  const cases = {
    x: 'https://x.com/intent/post',
    bluesky: 'https://bsky.app/intent/compose',
    threads: 'https://www.threads.com/intent/post',
    mastodon: 'https://mastodon.social/share',
  };
  for (const [network, base] of Object.entries(cases)) {
    const { url, fill } = composeTarget(network, text);
    const parsed = new URL(url);
    assert.equal(`${parsed.origin}${parsed.pathname}`, base, network);
    assert.equal(parsed.searchParams.get('text'), text, network);
    assert.equal(fill, false);
  }
  assert.equal(new URL(composeTarget('mastodon', text, { mastodonInstance: 'piaille.fr' }).url).host, 'piaille.fr');
  // An instance that is not a host name is not put into a URL.
  assert.equal(new URL(composeTarget('mastodon', text, { mastodonInstance: 'evil.example/path?x' }).url).host, 'mastodon.social');
  for (const network of ['linkedin', 'facebook']) {
    const { url, fill } = composeTarget(network, text);
    assert.equal(fill, true, network);
    assert.ok(!url.includes('text='), 'no share URL takes plain text there');
  }
});

test('"fire soon" and "click" are for the extension\'s pages only; "compose-fill" is for content scripts too', () => {
  const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
  const page = { id: 'our-id', url: 'chrome-extension://our-id/panel/panel.html' };
  const tab = { id: 'our-id', url: 'https://x.com/home', tab: { id: 3 } };
  assert.deepEqual(validateMessage({ type: 'reminder-soon', id: 'p1', ms: 1000 }, page, self), { ok: true });
  assert.deepEqual(validateMessage({ type: 'reminder-click', id: 'p1', button: 1 }, page, self), { ok: true });
  assert.equal(validateMessage({ type: 'reminder-soon', id: 'p1', ms: 1000 }, tab, self).ok, false);
  assert.equal(validateMessage({ type: 'reminder-click', id: 'p1' }, tab, self).ok, false);
  assert.equal(validateMessage({ type: 'reminder-soon', id: 'p1', ms: 1000 }, { id: 'other', url: 'chrome-extension://other/x.html' }, self).ok, false);
  for (const ms of [0, 999, 600_001, 1.5, '1000']) assert.equal(validateMessage({ type: 'reminder-soon', id: 'p1', ms }, page, self).ok, false, String(ms));
  assert.equal(validateMessage({ type: 'reminder-click', id: 'p1', button: 2 }, page, self).ok, false);
  assert.deepEqual(validateMessage({ type: 'compose-fill' }, tab, self), { ok: true });
});
