// A shared style guide from a URL, in headless Chromium and Firefox, against the fixture server's guide
// route (guide-feed.mjs: a Nextcloud-like WebDAV address with basic authentication, ETags, 304s, and
// switches to an invalid guide or a 500):
// - subscribing from the options page asks for the server's host permission, fetches the guide and
//   the overlay then flags the shared guide's words in a compose box;
// - a refresh with an unchanged ETag is a 304 that applies nothing (from "Refresh now" and from the
//   background's alarm); a new version is applied;
// - an invalid guide on the server is refused with its line, the previous guide stays in force, and
//   the side panel shows a notice;
// - a 500 keeps the guide and shows the error with the last successful refresh, and a retry is set;
// - for an intern the guide editor is read-only (and the background refuses an edit), for an
//   approver it is not;
// - without the host permission nothing is fetched; unsubscribing stops the requests and keeps the guide.
//
// The permission prompt itself cannot be clicked in a headless browser: Chromium's session grants the
// host first on the browser's extensions page (the site access a person can add there), after which the
// extension's own `permissions.request` resolves without a prompt; Firefox's session turns its
// optional-permission prompt off. The extension's `permissions.request` call runs either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowsers, waitFor } from './browsers.mjs';
import { GUIDE_FEED_PATH } from './guide-feed.mjs';

/** The team's server, as the browsers see it (the recorder connects it to the fixture server). */
const TEAM_HOST = 'cloud.example.org';
const HOST_PATTERN = `https://${TEAM_HOST}/*`;
const USER = 'anna';
const APP_PASSWORD = 'app-pässword-1';

const GUIDE_V1 = `version = 1
[brand]
name = "Atelier Partagé"
languages = ["fr"]
[terms.avoid]
"synergie" = ["entraide"]
`;
const GUIDE_V2 = GUIDE_V1.replace('Atelier Partagé', 'Atelier Partagé v2');
/** Fails validation on line 4 (an unknown language), as a slip in the shared file would. */
const GUIDE_BROKEN = `version = 1
[brand]
name = "Atelier Cassé"
languages = ["de"]
`;

/** The extension's storage.local items `keys`, read from an extension page. */
function readStorage(keys) {
  const api = globalThis.browser ?? globalThis.chrome;
  return api.storage.local.get(keys);
}

/** What the options page shows about the subscription and the guide editor. */
function readOptions() {
  const $ = (id) => document.getElementById(id);
  return {
    status: $('guide-sub').dataset.status ?? null,
    text: $('guide-sub-status').textContent,
    errors: [...document.querySelectorAll('.guide-sub-error')].map((li) => li.textContent),
    guideStatus: $('guide-status').textContent,
    lock: $('guide-lock').hidden ? null : { text: $('guide-lock').textContent, locked: $('guide-lock').dataset.locked === 'true' },
    editor: {
      readOnly: $('guide-source').readOnly,
      apply: $('guide-apply').disabled,
      reset: $('guide-reset').disabled,
      file: $('guide-file').disabled,
      unsubscribe: $('guide-sub-unsubscribe').disabled,
      refresh: $('guide-sub-refresh').disabled || $('guide-sub-refresh').hidden,
    },
  };
}

describeInBrowsers('shared style guide from a URL', (ctx, browserName) => {
  const guideUrl = () => ctx.server.url(TEAM_HOST, GUIDE_FEED_PATH);
  const feed = () => ctx.server.guideFeed;
  const options = () => ctx.session.evaluate(readOptions);
  const subscription = async () => (await ctx.session.evaluate(readStorage, ['guideSubscription'])).guideSubscription;

  let visits = 0;
  async function openOptions() {
    // A new URL each time: Firefox's session.open waits for the URL to change, so reopening the same one
    // could return while the old document is still there (and its elements go stale under the test).
    visits += 1;
    await ctx.session.open(ctx.session.extensionUrl(`options/options.html?visit=${visits}`));
    await waitFor(options, (o) => o.text.length > 0 && o.guideStatus.length > 0, { what: 'the options page' });
  }

  /** Presses "Refresh now" and waits for the refresh to be recorded (its attempt time changes). */
  async function refreshNow() {
    const before = (await subscription())?.lastAttemptAt;
    await ctx.session.focus('#guide-sub-refresh');
    const done = await waitFor(subscription, (s) => s?.lastAttemptAt && s.lastAttemptAt !== before, { what: 'the refresh to finish' });
    return waitFor(options, (o) => o.status === done.status, { what: 'the page to show it' });
  }

  /** Types `text` into the x.com fixture's compose box and waits for an underline of `rule`. */
  async function flagged(text, rule) {
    await ctx.session.open(ctx.server.url('x.com', '/compose'));
    await ctx.session.focus('#plain');
    await ctx.session.type(text);
    return waitFor(
      () => ctx.session.evaluate(() => [...(document.querySelector('porte-voix-overlay')?.shadowRoot?.querySelectorAll('.underline') ?? [])].map((u) => u.dataset.rule)),
      (rules) => rules.includes(rule),
      { what: `a ${rule} underline` },
    );
  }

  /** What a person does to let the extension read the team's server (see the file's header). */
  async function allowTeamHostPrompt() {
    const { session } = ctx;
    if (browserName === 'chromium') {
      await session.open('chrome://extensions');
      const added = await session.evaluate(
        ([id, pattern]) => chrome.developerPrivate.addHostPermission(id, pattern).then(() => 'ok', (e) => e.message),
        [session.extensionId, HOST_PATTERN],
      );
      assert.equal(added, 'ok');
    } else {
      await session.driver.setContext('chrome');
      try {
        await session.driver.executeScript("Services.prefs.setBoolPref('extensions.webextOptionalPermissionPrompts', false);");
      } finally {
        await session.driver.setContext('content');
      }
    }
  }

  test('nothing is requested before subscribing, and the permission is not held', async () => {
    await openOptions();
    const contains = await ctx.session.evaluate((pattern) => (globalThis.browser ?? globalThis.chrome).permissions.contains({ origins: [pattern] }), HOST_PATTERN);
    assert.equal(contains, false, 'no host permission at install');
    assert.equal((await options()).status, 'none');
    assert.deepEqual(feed().requests, []);
  });

  test('subscribing asks for the host, fetches the guide with the credentials, and the overlay uses its rules', async () => {
    feed().requireAuth(USER, APP_PASSWORD);
    feed().serve(GUIDE_V1);
    await allowTeamHostPrompt();
    await openOptions();
    await ctx.session.evaluate(([url, user, password]) => {
      document.getElementById('guide-sub-url').value = url;
      document.getElementById('guide-sub-user').value = user;
      document.getElementById('guide-sub-password').value = password;
    }, [guideUrl(), USER, APP_PASSWORD]);
    await ctx.session.focus('#guide-sub-subscribe');
    const shown = await waitFor(options, (o) => o.status === 'applied' && /Atelier Partagé/.test(o.guideStatus), { what: 'the shared guide to be applied' });
    assert.match(shown.text, /Atelier Partagé/);

    const contains = await ctx.session.evaluate((pattern) => (globalThis.browser ?? globalThis.chrome).permissions.contains({ origins: [pattern] }), HOST_PATTERN);
    assert.equal(contains, true, 'the host permission was granted through permissions.request');
    const [first] = feed().requests;
    assert.equal(first.status, 200);
    assert.equal(first.ifNoneMatch, null, 'the first fetch asks for the whole file');
    assert.equal(Buffer.from(first.authorization.replace(/^Basic /, ''), 'base64').toString('utf8'), `${USER}:${APP_PASSWORD}`);

    const stored = await ctx.session.evaluate(readStorage, ['guideSubscription', 'guideSubscriptionAuth', 'guide']);
    assert.equal(stored.guideSubscription.version, 1);
    assert.equal(stored.guideSubscription.source, GUIDE_V1);
    assert.equal(stored.guideSubscription.etag, '"guide-v1"');
    assert.equal(stored.guide.source, GUIDE_V1);
    assert.equal(stored.guide.sharedFrom, guideUrl());
    assert.equal(stored.guideSubscriptionAuth.password, APP_PASSWORD, 'credentials in storage.local');
    const alarm = await ctx.session.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.get('guide-subscription'));
    assert.equal(alarm.periodInMinutes, 60, 'refreshed every hour');

    await flagged('Une belle synergie entre nous', 'terms.avoid');
  });

  test('an unchanged ETag gets a 304 and applies nothing, from Refresh now and from the alarm; a new version is applied', async () => {
    await openOptions();
    const before = await ctx.session.evaluate(readStorage, ['guideSubscription', 'guide']);
    const seen = feed().requests.length;
    await refreshNow();
    const conditional = feed().requests.at(-1);
    assert.equal(feed().requests.length, seen + 1);
    assert.equal(conditional.ifNoneMatch, '"guide-v1"');
    assert.equal(conditional.status, 304);
    const after = await ctx.session.evaluate(readStorage, ['guideSubscription', 'guide']);
    assert.equal(after.guideSubscription.status, 'unchanged');
    assert.equal(after.guideSubscription.appliedAt, before.guideSubscription.appliedAt, 'not applied again');
    assert.equal(after.guide.savedAt, before.guide.savedAt, 'the guide in force was not rewritten');
    assert.notEqual(after.guideSubscription.lastSuccessAt, before.guideSubscription.lastSuccessAt);

    // The background's own schedule: the retry alarm, due now, refreshes the same way.
    await ctx.session.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.create('guide-subscription-retry', { when: Date.now() + 500 }));
    await waitFor(() => feed().requests.length, (n) => n === seen + 2, { timeout: 90000, what: 'the alarm refresh' });
    assert.equal(feed().requests.at(-1).status, 304);

    feed().serve(GUIDE_V2);
    await refreshNow();
    const shown = await waitFor(options, (o) => /Atelier Partagé v2/.test(o.guideStatus), { what: 'the new version in force' });
    assert.equal(shown.status, 'applied');
    assert.equal(feed().requests.at(-1).status, 200);
    assert.equal((await subscription()).etag, '"guide-v2"');
  });

  test('an invalid guide on the server is not applied: its errors with their line are shown and the previous guide stays', async () => {
    feed().serve(GUIDE_BROKEN);
    await openOptions();
    await refreshNow();
    const shown = await waitFor(options, (o) => o.status === 'invalid' && o.errors.length > 0, { what: 'the refusal' });
    assert.match(shown.errors[0], /^4:\d+ brand\.languages/);
    assert.match(shown.text, /refused|refusée/);
    assert.match(shown.guideStatus, /Atelier Partagé v2/, 'the previous guide stays in force');
    const stored = await ctx.session.evaluate(readStorage, ['guideSubscription', 'guide']);
    assert.equal(stored.guide.source, GUIDE_V2);
    assert.equal(stored.guideSubscription.source, GUIDE_V2);
    assert.equal(stored.guideSubscription.etag, '"guide-v2"', 'the refused version is asked for again next time');

    await ctx.session.open(ctx.session.extensionUrl('panel/panel.html'));
    const notice = await waitFor(
      () => ctx.session.evaluate(() => { const n = document.getElementById('guide-notice'); return n.hidden ? null : n.textContent; }),
      (text) => text !== null,
      { what: 'the side panel notice' },
    );
    assert.match(notice, /refused|refusée/);
    await flagged('Encore une synergie', 'terms.avoid');
  });

  test('a 500 keeps the guide, shows the error with the last successful refresh, and sets a retry', async () => {
    await openOptions();
    const lastSuccess = (await subscription()).lastSuccessAt;
    feed().fail(500);
    await refreshNow();
    const shown = await waitFor(options, (o) => o.status === 'http-error', { what: 'the server error' });
    assert.match(shown.text, /500/);
    assert.doesNotMatch(shown.text, /\bnever\b|jamais/, 'the last successful refresh has a time');
    assert.match(shown.guideStatus, /Atelier Partagé v2/);
    const sub = await subscription();
    assert.equal(sub.lastSuccessAt, lastSuccess);
    assert.equal(sub.failures, 1);
    const retry = await ctx.session.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.get('guide-subscription-retry'));
    assert.ok(retry && Math.abs(retry.scheduledTime - Date.parse(sub.nextRetryAt)) < 1000, 'a retry is scheduled');
    assert.ok(Date.parse(sub.nextRetryAt) - Date.parse(sub.lastAttemptAt) === 60_000, 'the first retry comes a minute later');

    feed().serve(GUIDE_V2);
    await refreshNow();
    await waitFor(options, (o) => o.status === 'applied' || o.status === 'unchanged', { what: 'the recovery' });
    assert.equal((await subscription()).failures, 0);
  });

  test("an intern's guide editor is read-only while the shared guide is in force; an approver's is not", async () => {
    await openOptions();
    await ctx.session.evaluate(() => { document.getElementById('profile-role').value = 'intern'; });
    await ctx.session.focus('#profile button[type=submit]');
    const locked = await waitFor(options, (o) => o.lock?.locked === true, { what: 'the editor to lock' });
    assert.deepEqual(locked.editor, { readOnly: true, apply: true, reset: true, file: true, unsubscribe: true, refresh: false });
    assert.match(locked.lock.text, new RegExp(guideUrl().replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')));
    const refused = await ctx.session.evaluate((source) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'guide-set', source, format: 'toml' }), GUIDE_BROKEN);
    assert.equal(refused.ok, false, 'the background refuses the edit too');
    assert.match(refused.error, /read-only|lecture seule/);
    assert.equal((await ctx.session.evaluate(readStorage, ['guide'])).guide.source, GUIDE_V2);

    await ctx.session.evaluate(() => { document.getElementById('profile-role').value = 'approver'; });
    await ctx.session.focus('#profile button[type=submit]');
    const open = await waitFor(options, (o) => o.lock?.locked === false, { what: 'the editor to unlock' });
    assert.deepEqual(open.editor, { readOnly: false, apply: false, reset: false, file: false, unsubscribe: false, refresh: false });
    assert.match(open.lock.text, /local|locale/, 'an approver is warned that a local edit does not last');
  });

  test('without the host permission nothing is fetched; unsubscribing stops the requests and keeps the guide', async () => {
    await openOptions();
    await ctx.session.evaluate((pattern) => (globalThis.browser ?? globalThis.chrome).permissions.remove({ origins: [pattern] }), HOST_PATTERN);
    const seen = feed().requests.length;
    await refreshNow();
    const shown = await waitFor(options, (o) => o.status === 'no-permission', { what: 'the missing permission' });
    assert.match(shown.text, new RegExp(TEAM_HOST.replace(/\./g, '\\.')));
    assert.equal(feed().requests.length, seen, 'no request without the permission');

    await ctx.session.focus('#guide-sub-unsubscribe');
    await waitFor(options, (o) => o.status === 'none', { what: 'the subscription to end' });
    const stored = await ctx.session.evaluate(readStorage, ['guideSubscription', 'guideSubscriptionAuth', 'guide']);
    assert.equal(stored.guideSubscription, undefined);
    assert.equal(stored.guideSubscriptionAuth, undefined, 'credentials deleted');
    assert.equal(stored.guide.source, GUIDE_V2, 'the guide stays, as this browser’s own');
    assert.equal(stored.guide.sharedFrom, undefined);
    const alarms = await ctx.session.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.getAll().then((all) => all.map((a) => a.name)));
    assert.ok(!alarms.some((name) => name.startsWith('guide-subscription')), `no refresh left: ${alarms}`);
    assert.equal((await options()).lock, null);
  });
});
