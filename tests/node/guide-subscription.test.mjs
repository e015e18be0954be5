// The shared guide's pure parts (extension/background/guide-subscription.js): which addresses are
// accepted and which host permission they need, the conditional request headers, the backoff, the
// record after each kind of answer, the read-only rule and the messages users read. The whole flow
// (permission, fetch, 304, refusal, server errors, roles) runs in the browsers:
// tests/browser/guide-subscription.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseGuideUrl, retryDelayMs, guideFormatOf, basicAuthorization, requestHeaders, readSubscription, newSubscription,
  afterAttempt, guideEditLocked, statusMessage, subscriptionTrouble, SUBSCRIPTION_VERSION, DEFAULT_INTERVAL_MINUTES,
} from '../../extension/background/guide-subscription.js';
import { validateMessage } from '../../extension/background/messages.js';

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);
const GUIDE_URL = 'https://cloud.example.org/remote.php/dav/files/team/guide.toml';

test('only https addresses without embedded credentials are accepted; the permission is for the host, any port', () => {
  assert.deepEqual(parseGuideUrl(`  ${GUIDE_URL}#top `), { ok: true, url: GUIDE_URL, pattern: 'https://cloud.example.org/*' });
  assert.deepEqual(parseGuideUrl('https://files.example.org:8443/guide.json'), { ok: true, url: 'https://files.example.org:8443/guide.json', pattern: 'https://files.example.org/*' });
  assert.equal(parseGuideUrl('http://cloud.example.org/guide.toml').code, 'guideSubUrlHttps');
  assert.equal(parseGuideUrl('webdav://cloud.example.org/guide.toml').code, 'guideSubUrlHttps');
  assert.equal(parseGuideUrl('https://anna:secret@cloud.example.org/guide.toml').code, 'guideSubUrlCredentials');
  assert.equal(parseGuideUrl('cloud.example.org/guide.toml').code, 'guideSubUrlInvalid');
  assert.equal(parseGuideUrl('').code, 'guideSubUrlInvalid');
  assert.equal(parseGuideUrl(undefined).code, 'guideSubUrlInvalid');
});

test('the manifest declares the optional host permission every accepted address falls under, and README justifies it', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));
  assert.ok(manifest.optional_host_permissions.includes('https://*/*'));
  assert.equal(manifest.host_permissions, undefined, 'nothing is granted up front');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('## Permissions'));
  assert.match(table, /\| optional: `https:\/\/\*\/\*`[^\n]*shared style guide/);
});

test('a refresh sends the ETag it holds, else the date, never a validator without a guide, and basic auth in UTF-8', () => {
  const held = { source: 'version = 1', etag: '"v3"', lastModified: 'Sun, 01 Nov 2026 09:03:00 GMT' };
  assert.equal(requestHeaders(held, null)['if-none-match'], '"v3"');
  assert.equal(requestHeaders(held, null)['if-modified-since'], undefined, 'If-None-Match takes precedence');
  assert.equal(requestHeaders({ ...held, etag: null }, null)['if-modified-since'], held.lastModified);
  const first = requestHeaders({ source: null, etag: '"v3"', lastModified: held.lastModified }, null);
  assert.equal(first['if-none-match'], undefined, 'nothing held yet: the whole file is asked for');
  assert.equal(first['if-modified-since'], undefined);
  assert.equal(first.authorization, undefined);
  const auth = requestHeaders(held, { user: 'anaïs', password: 'pâte:à:sel' }).authorization;
  assert.match(auth, /^Basic /);
  assert.equal(Buffer.from(auth.slice(6), 'base64').toString('utf8'), 'anaïs:pâte:à:sel');
  assert.equal(basicAuthorization('a', ''), `Basic ${Buffer.from('a:').toString('base64')}`);
});

test('the format is the media type, else the file name, else the first character', () => {
  assert.equal(guideFormatOf(GUIDE_URL, 'application/json', '{}'), 'json');
  assert.equal(guideFormatOf('https://h/guide.json', 'text/plain', 'x = 1'), 'json');
  assert.equal(guideFormatOf('https://h/guide.toml', null, '{'), 'toml');
  assert.equal(guideFormatOf('https://h/guide', 'application/octet-stream', '  {"version": 1}'), 'json');
  assert.equal(guideFormatOf('https://h/guide', '', 'version = 1'), 'toml');
});

test('failures back off 1, 2, 4... minutes, never past the refresh interval', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 60) / 60_000), [1, 2, 4, 8, 16, 32, 60]);
  assert.equal(retryDelayMs(3, 15), 4 * 60_000);
  assert.equal(retryDelayMs(9, 15), 15 * 60_000);
  assert.equal(retryDelayMs(10_000, 1440), 1440 * 60_000, 'no overflow after many failures');
});

test('records of another schema version are not read', () => {
  const sub = newSubscription(GUIDE_URL, 60, NOW);
  assert.equal(sub.version, SUBSCRIPTION_VERSION);
  assert.equal(readSubscription(sub), sub);
  assert.equal(readSubscription({ ...sub, version: 2 }), null);
  assert.equal(readSubscription({ version: 1 }), null);
  assert.equal(readSubscription(undefined), null);
  assert.equal(newSubscription(GUIDE_URL, 7, NOW).intervalMinutes, DEFAULT_INTERVAL_MINUTES, 'an interval not offered falls back to the default');
});

test('each answer leaves the record as the user must see it: a refused or failed refresh keeps the guide held', () => {
  const subscribed = newSubscription(GUIDE_URL, 60, NOW);
  const applied = afterAttempt(subscribed, { kind: 'applied', source: 'v1', format: 'toml', etag: '"v1"', lastModified: 'd1', brand: 'Team' }, NOW);
  assert.equal(applied.status, 'applied');
  assert.equal(applied.source, 'v1');
  assert.equal(applied.appliedAt, new Date(NOW).toISOString());
  assert.equal(applied.lastSuccessAt, applied.appliedAt);

  const later = NOW + 3_600_000;
  const unchanged = afterAttempt(applied, { kind: 'unchanged', httpStatus: 304 }, later);
  assert.equal(unchanged.status, 'unchanged');
  assert.equal(unchanged.appliedAt, applied.appliedAt, 'a 304 applies nothing');
  assert.equal(unchanged.lastSuccessAt, new Date(later).toISOString());
  assert.equal(unchanged.etag, '"v1"');

  const errors = [{ line: 4, column: 13, path: 'brand.languages', message: 'unknown language "de"', start: 40, end: 44 }];
  const invalid = afterAttempt(unchanged, { kind: 'invalid', errors }, later + 1000);
  assert.equal(invalid.status, 'invalid');
  assert.deepEqual(invalid.errors, [{ line: 4, column: 13, path: 'brand.languages', message: 'unknown language "de"' }]);
  assert.equal(invalid.source, 'v1', 'the refused text replaces nothing');
  assert.equal(invalid.etag, '"v1"', 'the next refresh asks again, so a fix on the server is picked up');
  assert.equal(invalid.lastSuccessAt, unchanged.lastSuccessAt);
  assert.equal(invalid.nextRetryAt, null, 'no early retry: the file will not fix itself');

  const down = afterAttempt(invalid, { kind: 'http', status: 500 }, later + 2000);
  assert.equal(down.status, 'http-error');
  assert.equal(down.httpStatus, 500);
  assert.equal(down.failures, 1);
  assert.equal(down.source, 'v1');
  assert.deepEqual(down.errors, []);
  assert.equal(Date.parse(down.nextRetryAt), later + 2000 + 60_000);
  const stillDown = afterAttempt(down, { kind: 'network', detail: 'Failed to fetch' }, later + 70_000);
  assert.equal(stillDown.status, 'network-error');
  assert.equal(stillDown.failures, 2);
  assert.equal(Date.parse(stillDown.nextRetryAt), later + 70_000 + 120_000);
  assert.equal(stillDown.detail, 'Failed to fetch');
  const back = afterAttempt(stillDown, { kind: 'unchanged', httpStatus: 304 }, later + 200_000);
  assert.equal(back.failures, 0);
  assert.equal(back.nextRetryAt, null);
  assert.equal(back.detail, null);

  const noPermission = afterAttempt(back, { kind: 'no-permission' }, later + 300_000);
  assert.equal(noPermission.status, 'no-permission');
  assert.equal(noPermission.nextRetryAt, null, 'retrying cannot help: the user must grant access');
  assert.throws(() => afterAttempt(back, { kind: 'teapot' }, NOW), /unknown refresh outcome/);
});

test('the shared guide is read-only for writers and interns once one is in force, never for approvers and managers', () => {
  const inForce = { source: 'version = 1' };
  assert.equal(guideEditLocked(inForce, 'intern'), true);
  assert.equal(guideEditLocked(inForce, 'writer'), true);
  assert.equal(guideEditLocked(inForce, 'approver'), false);
  assert.equal(guideEditLocked(inForce, 'admin'), false);
  assert.equal(guideEditLocked(inForce, undefined), false, 'no profile: the person who set things up');
  assert.equal(guideEditLocked({ source: null }, 'intern'), false, 'nothing fetched yet: an intern can still fix a mistyped address');
  assert.equal(guideEditLocked(null, 'intern'), false);
});

test('every status has a message in English and French with the times the user needs', () => {
  const en = JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8'));
  const fr = JSON.parse(readFileSync(new URL('../../extension/_locales/fr/messages.json', import.meta.url), 'utf8'));
  const when = (iso) => `<${iso}>`;
  const base = { ...newSubscription(GUIDE_URL, 60, NOW), brand: 'Team', lastSuccessAt: '2026-11-23T09:00:00.000Z', nextRetryAt: '2026-11-23T10:01:00.000Z' };
  const cases = [
    [{ ...base, status: 'pending' }, 'guideSubPending', [GUIDE_URL]],
    [{ ...base, status: 'applied' }, 'guideSubUpToDate', ['Team', '<2026-11-23T09:00:00.000Z>']],
    [{ ...base, status: 'invalid', errors: [{}, {}] }, 'guideSubInvalid', ['2', '<2026-11-23T09:00:00.000Z>']],
    [{ ...base, status: 'http-error', httpStatus: 500 }, 'guideSubHttpError', ['500', '<2026-11-23T09:00:00.000Z>', '<2026-11-23T10:01:00.000Z>']],
    [{ ...base, status: 'http-error', httpStatus: 401 }, 'guideSubAuthRefused', ['401', '<2026-11-23T09:00:00.000Z>', '<2026-11-23T10:01:00.000Z>']],
    [{ ...base, status: 'http-error', httpStatus: 404 }, 'guideSubNotFound', ['404', '<2026-11-23T09:00:00.000Z>', '<2026-11-23T10:01:00.000Z>']],
    [{ ...base, status: 'network-error', detail: 'Failed to fetch', lastSuccessAt: null }, 'guideSubNetworkError', ['Failed to fetch', 'never', '<2026-11-23T10:01:00.000Z>']],
    [{ ...base, status: 'no-permission' }, 'guideSubNoPermission', ['cloud.example.org']],
  ];
  for (const [sub, key, substitutions] of cases) {
    assert.deepEqual(statusMessage(sub, when, 'never'), { key, substitutions }, sub.status);
    for (const messages of [en, fr]) {
      const entry = messages[key];
      assert.ok(entry, `${key} exists in both languages`);
      assert.equal(Object.keys(entry.placeholders ?? {}).length, substitutions.length, `${key} takes every substitution`);
    }
  }
  assert.equal(statusMessage(null, when, 'never'), null);
  assert.equal(subscriptionTrouble({ status: 'invalid' }), true);
  assert.equal(subscriptionTrouble({ status: 'unchanged' }), false);
  for (const key of Object.keys(en).filter((k) => k.startsWith('guideSub'))) assert.ok(fr[key], `${key} is translated`);
});

test('pages may send the subscription messages with an https address, content scripts may not', () => {
  const self = { id: 'ext', origin: 'chrome-extension://ext/' };
  const page = { id: 'ext', url: 'chrome-extension://ext/options/options.html' };
  const content = { id: 'ext', url: 'https://x.com/compose', tab: { id: 1 } };
  assert.deepEqual(validateMessage({ type: 'guide-subscribe', url: GUIDE_URL, user: 'anna', password: 'pw', interval: 60 }, page, self), { ok: true });
  assert.deepEqual(validateMessage({ type: 'guide-refresh' }, page, self), { ok: true });
  assert.equal(validateMessage({ type: 'guide-subscribe', url: 'http://cloud.example.org/g.toml' }, page, self).ok, false);
  assert.equal(validateMessage({ type: 'guide-subscribe', url: GUIDE_URL, interval: 1 }, page, self).ok, false);
  assert.equal(validateMessage({ type: 'guide-subscribe', url: GUIDE_URL, password: 'x'.repeat(501) }, page, self).ok, false);
  assert.equal(validateMessage({ type: 'guide-unsubscribe' }, content, self).ok, false);
});
