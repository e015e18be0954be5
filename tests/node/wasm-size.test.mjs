// The wasm size budget (issue 9): the keystroke engine the background loads on every wake-up must stay
// under 300 KB gzipped; planning lives in a second module (the planner) loaded only when the plan is used.
// Reads the files tools/build.sh wrote to dist/ (run `bash tools/build.sh --no-sample` first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../../dist/', import.meta.url);
const ENGINE_WASM = 'porte_voix_wasm_bg.wasm';
const PLANNER_WASM = 'porte_voix_planner_bg.wasm';
/** The budget of the engine module, in bytes gzipped (gzip -9, as tools/build.sh and the bench report it). */
const ENGINE_BUDGET = 300_000;
/**
 * A looser ceiling than the budget: passing it while over the budget means the engine grew a little, failing
 * it means something large joined the keystroke path.
 */
const ENGINE_CEILING = 400_000;

const built = existsSync(new URL(`node/${ENGINE_WASM}`, DIST));
const skip = built ? false : 'dist/node is missing: run `bash tools/build.sh --no-sample` first';

/** Bytes of `file` gzipped at level 9 (the gzip program when present, as tools/build.sh measures). */
function gzipped(url) {
  try {
    return execFileSync('gzip', ['-9', '-c', url.pathname], { maxBuffer: 1 << 28 }).length;
  } catch {
    return gzipSync(readFileSync(url), { level: 9 }).length;
  }
}

test('the keystroke engine stays under its size ceiling', { skip }, () => {
  const gz = gzipped(new URL(`node/${ENGINE_WASM}`, DIST));
  console.log(`# engine ${ENGINE_WASM}: ${gz.toLocaleString('en-US')} bytes gzipped (budget ${ENGINE_BUDGET.toLocaleString('en-US')})`);
  assert.ok(gz < ENGINE_CEILING, `the engine wasm is ${gz} bytes gzipped, above the ${ENGINE_CEILING} ceiling: something large joined the keystroke path`);
});

test('the keystroke engine is under the 300 KB gzipped budget', { skip }, () => {
  const gz = gzipped(new URL(`node/${ENGINE_WASM}`, DIST));
  assert.ok(gz < ENGINE_BUDGET, `the engine wasm is ${gz} bytes gzipped, over the ${ENGINE_BUDGET} budget`);
});

test('planning is in the planner module, not in the engine', { skip }, () => {
  const engineGlue = readFileSync(new URL('node/porte_voix_wasm.js', DIST), 'utf8');
  const plannerGlue = readFileSync(new URL('node/porte_voix_planner.js', DIST), 'utf8');
  for (const name of ['PlanBook', 'planSyncWrite', 'mergePlans']) {
    assert.ok(!new RegExp(`export (class|function) ${name}\\b`).test(engineGlue), `${name} is still exported by the engine module`);
    assert.match(plannerGlue, new RegExp(`export (class|function) ${name}\\b`), `${name} is missing from the planner module`);
  }
  assert.match(engineGlue, /export class Engine\b/);
  assert.doesNotMatch(plannerGlue, /export class Engine\b/);
});

test('each browser build ships both modules', { skip }, () => {
  for (const browser of ['chrome', 'firefox']) {
    for (const file of [ENGINE_WASM, PLANNER_WASM, 'porte_voix_wasm.js', 'porte_voix_planner.js', 'engine.js', 'planner.js', 'crash.js']) {
      assert.ok(existsSync(new URL(`${browser}/engine/${file}`, DIST)), `dist/${browser}/engine/${file} is missing`);
    }
  }
});
