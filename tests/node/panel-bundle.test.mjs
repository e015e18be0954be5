// The side panel's first script, as built (tools/build.sh): panel.html loads one bundled file that
// fetches nothing else before it runs (each static import would cost the opening a round over the
// extension protocol), the planner wasm it compiles is preloaded by the page, and the bundle holds
// the views' and the engine's code only behind dynamic imports (run when first shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const PANEL = new URL('../../dist/chrome/panel/', import.meta.url);
const read = (name) => readFileSync(new URL(name, PANEL), 'utf8');

test('panel.html loads one bundled script, with no static import, and preloads the planner wasm', () => {
  const html = read('panel.html');
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ['boot.bundle.js'], 'the panel page runs exactly the bundle');
  const bundle = read('boot.bundle.js');
  assert.doesNotMatch(bundle, /^\s*import\s[^(]/m, 'the bundle imports no module statically');
  assert.doesNotMatch(bundle, /(?<![\w#.])import\(/, 'dynamic imports are inside the bundle too (no file fetched later)');
  const preload = html.match(/<link rel="preload" href="([^"]+)" as="fetch"[^>]*crossorigin>/);
  assert.ok(preload, 'the planner wasm is preloaded');
  assert.ok(existsSync(new URL(preload[1], PANEL)), `${preload[1]} is in the package`);
  assert.match(bundle, new RegExp(preload[1].split('/').pop().replace('.', '\\.')), 'boot compiles the file the page preloads');
});

test('the bundle runs the views and the keystroke engine only when first needed', () => {
  const bundle = read('boot.bundle.js');
  // esbuild turns `import('./studio.js')` into a lazy `init_studio()` call: the module's body is not run at load.
  for (const name of ['studio', 'board', 'engine', 'porte_voix_wasm']) {
    assert.match(bundle, new RegExp(`var init_${name} = __esm\\(`), `${name} is wrapped to run when first imported`);
  }
});
