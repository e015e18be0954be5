// What the background accepts from content scripts and pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateMessage, validateCheckRequest, MAX_TEXT_LENGTH, MAX_GUIDE_LENGTH, MAX_CSV_LENGTH } from '../../extension/background/messages.js';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const tab = { id: 'our-id', url: 'https://x.com/home', tab: { id: 1 } };
const page = { id: 'our-id', url: 'chrome-extension://our-id/options/options.html' };

test('accepts well-formed requests from our content scripts', () => {
  assert.deepEqual(validateMessage({ type: 'analyze', network: 'x', text: 'salut' }, tab, self), { ok: true });
  assert.deepEqual(validateMessage({ type: 'networks' }, tab, self), { ok: true });
});

test('refuses other senders', () => {
  const verdict = validateMessage({ type: 'networks' }, { id: 'someone-else', url: 'https://evil.example/' }, self);
  assert.equal(verdict.ok, false);
  assert.equal(validateMessage({ type: 'networks' }, undefined, self).ok, false);
});

test('refuses bad shapes and sizes', () => {
  for (const message of [null, 'count', [], { type: 'count', network: 'x' }, { type: 'count', network: 'X!', text: 'a' },
    { type: 'count', network: 'x', text: 42 }, { type: 'count', network: 'x', text: 'a'.repeat(MAX_TEXT_LENGTH + 1) },
    { type: '__proto__' }, { type: 'constructor' }]) {
    assert.equal(validateMessage(message, tab, self).ok, false, JSON.stringify(message)?.slice(0, 60));
  }
});

test('rule ids are checked before a rule is switched off', () => {
  assert.equal(validateMessage({ type: 'rule-disable', rule: 'terms.avoid' }, tab, self).ok, true);
  assert.equal(validateMessage({ type: 'rule-disable', rule: 'Terms Avoid!' }, tab, self).ok, false);
  assert.equal(validateMessage({ type: 'rule-enable', rule: 'terms.avoid' }, tab, self).ok, false, 'only the options page re-enables');
  assert.equal(validateMessage({ type: 'rule-enable', rule: 'terms.avoid' }, page, self).ok, true);
});

test('the test-only crash is honoured from our pages only', () => {
  assert.equal(validateMessage({ type: 'crash-for-test' }, tab, self).ok, false);
  assert.equal(validateMessage({ type: 'crash-for-test' }, page, self).ok, true);
});

test('every content message type is accepted with exactly its fields, from a tab and from our pages', () => {
  const samples = {
    analyze: { text: 'salut', network: 'x', lang: 'fr', ignored: ['terms.avoid:x:0'] },
    count: { text: 'a', network: 'bluesky' },
    entities: { text: '#a' },
    split: { text: 'a', network: 'mastodon' },
    networks: {},
    status: {},
    'rule-disable': { rule: 'terms.avoid' },
    'reply-advice': { text: 'merci', lang: 'en' },
    'snippets-search': { query: 'livraison', lang: 'fr' },
    'snippet-variables': {},
    'snippet-render': { id: 'merci-fr', values: { prenom: 'Léa' } },
    'snippet-expand': { text: ';merci' },
    hashtags: { text: 'vélo', network: 'instagram' },
    'hashtag-insertion': { text: 'vélo', tag: 'Velo' },
    'best-times': { network: 'linkedin' },
  };
  for (const [type, fields] of Object.entries(samples)) {
    for (const sender of [tab, page]) {
      assert.deepEqual(validateMessage({ type, ...fields }, sender, self), { ok: true }, type);
    }
    // Each required field is required, and a field the type does not take is refused.
    for (const name of Object.keys(fields)) {
      const without = { type, ...fields };
      delete without[name];
      const optional = ['lang', 'ignored', 'values'].includes(name);
      assert.equal(validateMessage(without, tab, self).ok, optional, `${type} without ${name}`);
    }
    const extra = validateMessage({ type, ...fields, sneaky: 1 }, tab, self);
    assert.equal(extra.ok, false, `${type} with an extra field`);
    assert.match(extra.error, /takes no field 'sneaky'/);
  }
});

test('page-only types are refused from content scripts and from look-alike origins', () => {
  const pageOnly = [{ type: 'guide-set', source: 'version = 1', format: 'toml' }, { type: 'guide-get' }, { type: 'guide-reset' },
    { type: 'rules-get' }, { type: 'history-import', csv: 'a,b', preset: 'x' }, { type: 'history-get' }, { type: 'history-clear' }];
  const lookalikes = [
    // The same id, but a URL that only starts like our origin.
    { id: 'our-id', url: 'chrome-extension://our-id.evil.example/options.html' },
    { id: 'our-id', url: 'https://chrome-extension//our-id/' },
    { id: 'our-id', url: 'not a url' },
    { id: 'our-id' },
  ];
  for (const message of pageOnly) {
    assert.equal(validateMessage(message, page, self).ok, true, message.type);
    assert.equal(validateMessage(message, tab, self).ok, false, `${message.type} from a content script`);
    for (const sender of lookalikes) assert.equal(validateMessage(message, sender, self).ok, false, `${message.type} from ${sender.url}`);
  }
  // Firefox: moz-extension origins compare the same way.
  const fx = { id: 'our-id', origin: 'moz-extension://0b6c1a52-uuid/' };
  assert.equal(validateMessage({ type: 'guide-get' }, { id: 'our-id', url: 'moz-extension://0b6c1a52-uuid/options/options.html' }, fx).ok, true);
  assert.equal(validateMessage({ type: 'guide-get' }, { id: 'our-id', url: 'moz-extension://other-uuid/options/options.html' }, fx).ok, false);
});

test('sizes are capped on every free-text field', () => {
  const cases = [
    { type: 'guide-set', source: 'x'.repeat(MAX_GUIDE_LENGTH + 1), format: 'toml' },
    { type: 'history-import', csv: 'x'.repeat(MAX_CSV_LENGTH + 1), preset: 'x' },
    { type: 'snippets-search', query: 'x'.repeat(201) },
    { type: 'hashtag-insertion', text: 'a', tag: 'x'.repeat(141) },
    { type: 'hashtag-insertion', text: 'a', tag: '' },
    { type: 'snippet-render', id: 'x'.repeat(101) },
    { type: 'snippet-render', id: 'a', values: { v: 'x'.repeat(501) } },
    { type: 'snippet-render', id: 'a', values: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`v${'_'.repeat(i)}`, 'x'])) },
    { type: 'analyze', text: 'a', network: 'x', ignored: Array(501).fill('id') },
    { type: 'analyze', text: 'a', network: 'x', ignored: ['x'.repeat(301)] },
    { type: 'rule-disable', rule: `a${'b'.repeat(80)}` },
    { type: 'count', text: 'a', network: `a${'b'.repeat(32)}` },
  ];
  for (const message of cases) assert.equal(validateMessage(message, page, self).ok, false, JSON.stringify(message).slice(0, 80));
});

test('prototype keys and non-plain objects never get through', () => {
  // As a browser delivers them: JSON-parsed, so "__proto__" is an own key.
  const polluted = [
    JSON.parse('{"type":"snippet-render","id":"a","values":{"__proto__":"x"}}'),
    JSON.parse('{"type":"snippet-render","id":"a","values":{"constructor":"x"}}'),
    JSON.parse('{"type":"snippet-render","id":"a","values":{"prototype":"x"}}'),
    JSON.parse('{"type":"count","text":"a","network":"x","__proto__":{"admin":true}}'),
    { type: 'snippet-render', id: 'a', values: [] },
    { type: 'snippet-render', id: 'a', values: new Date(0) },
    { type: 'snippet-render', id: 'a', values: null },
    { type: 'analyze', text: 'a', network: 'x', ignored: { length: 1, 0: 'id' } },
    new Date(0),
    { type: 42 },
    { type: ['count'] },
    { type: 'toString' },
    { type: 'hasOwnProperty' },
  ];
  for (const message of polluted) assert.equal(validateMessage(message, page, self).ok, false, JSON.stringify(message));
  assert.equal({}.admin, undefined, 'Object.prototype untouched');
  // A field inherited from a prototype is not a field: the message below has no own 'text'.
  const inherited = Object.assign(Object.create({ text: 'from the prototype' }), { type: 'entities' });
  assert.equal(validateMessage(inherited, tab, self).ok, false);
  // A null-prototype object is a plain message all the same.
  const bare = Object.assign(Object.create(null), { type: 'entities', text: 'a' });
  assert.equal(validateMessage(bare, tab, self).ok, true);
});

test('senders: only our own extension, whatever the message claims', () => {
  for (const sender of [null, 'our-id', {}, { id: 'OUR-ID', url: 'chrome-extension://our-id/' }, { id: undefined, url: 'chrome-extension://our-id/x.html' }]) {
    assert.equal(validateMessage({ type: 'networks' }, sender, self).ok, false, JSON.stringify(sender));
  }
});

test('the check port takes numbered analyze requests from our content scripts, validated like messages', () => {
  const analyze = { type: 'analyze', network: 'x', text: 'salut', lang: 'fr', ignored: [] };
  assert.deepEqual(validateCheckRequest({ id: 7, message: analyze }, tab, self), { ok: true });
  // The message inside is held to the same rules as a sendMessage one, and the refusal names the request.
  const tooLong = validateCheckRequest({ id: 8, message: { ...analyze, text: 'a'.repeat(MAX_TEXT_LENGTH + 1) } }, tab, self);
  assert.equal(tooLong.ok, false);
  assert.equal(tooLong.id, 8);
  assert.match(tooLong.error, /longer than/);
  assert.equal(validateCheckRequest({ id: 9, message: { ...analyze, extra: 1 } }, tab, self).ok, false);
  // Only the per-keystroke type travels on the port, even when the sender could send others.
  const other = validateCheckRequest({ id: 10, message: { type: 'networks' } }, tab, self);
  assert.deepEqual([other.ok, other.id], [false, 10]);
  assert.equal(validateCheckRequest({ id: 11, message: { type: 'guide-reset' } }, page, self).ok, false);
  // Another extension or a page cannot use the port.
  assert.equal(validateCheckRequest({ id: 1, message: analyze }, { id: 'someone-else', url: 'https://evil.example/' }, self).ok, false);
});

test('check requests must be plain objects with a counter id and nothing else', () => {
  const analyze = { type: 'analyze', network: 'x', text: 'a' };
  for (const request of [null, 'analyze', [], { message: analyze }, { id: -1, message: analyze }, { id: 1.5, message: analyze },
    { id: '1', message: analyze }, { id: 2 ** 60, message: analyze }, { id: 1 }, { id: 1, message: analyze, reply: true },
    JSON.parse('{"id": 1, "message": {"type": "analyze", "network": "x", "text": "a"}, "__proto__": {"ok": true}}')]) {
    const verdict = validateCheckRequest(request, tab, self);
    assert.equal(verdict.ok, false, JSON.stringify(request));
    assert.equal(typeof verdict.error, 'string');
  }
  assert.equal(validateCheckRequest({ id: 3, message: analyze, extra: 1 }, tab, self).id, 3);
});
