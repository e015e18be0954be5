// One source manifest, two browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deriveManifest, GECKO_ID } from '../../tools/manifest.mjs';

const source = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));

test('the source manifest is MV3 with a module service worker and the strict page CSP', () => {
  assert.equal(source.manifest_version, 3);
  assert.equal(source.background.type, 'module');
  assert.equal(source.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
});

test('permissions stay minimal, each justified in README.md; no host permissions, no tabs', () => {
  // scripting + activeTab: generic mode injects the content scripts into the tab the user asked for, only then.
  assert.deepEqual(source.permissions, ['storage', 'unlimitedStorage', 'sidePanel', 'activeTab', 'scripting', 'contextMenus', 'alarms', 'notifications']);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('## Permissions'));
  for (const permission of source.permissions) assert.match(table, new RegExp('\\| `' + permission + '`'), `README.md must justify ${permission}`);
  assert.equal(source.host_permissions, undefined);
  // The team calendar's server is asked for at run time, for its origin only (options page, "Connect"):
  // any https server, plain http only on this machine (the password would travel in clear).
  assert.deepEqual(source.optional_host_permissions, ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*']);
  assert.match(table, /\| optional: `https:\/\/\*\/\*`[^\n]*Team calendar \(CalDAV\)/);
  for (const cs of source.content_scripts) for (const m of cs.matches) assert.match(m, /^https:\/\/[a-z.]+\/\*$/);
});

test('the Firefox variant uses a background script, a gecko id and a sidebar', () => {
  const firefox = deriveManifest('firefox', source);
  assert.deepEqual(firefox.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(firefox.browser_specific_settings.gecko.id, GECKO_ID);
  assert.equal(firefox.sidebar_action.default_panel, source.side_panel.default_path);
  assert.equal(firefox.side_panel, undefined);
  assert.ok(!firefox.permissions.includes('sidePanel'));
  assert.equal(firefox.content_security_policy.extension_pages, source.content_security_policy.extension_pages);
});

test('the Chrome variant is the source', () => {
  assert.deepEqual(deriveManifest('chrome', source), source);
  assert.throws(() => deriveManifest('safari', source), /unknown browser/);
});
