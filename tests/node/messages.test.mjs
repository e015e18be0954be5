// What the background accepts from content scripts and pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateMessage, MAX_TEXT_LENGTH } from '../../extension/background/messages.js';

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
