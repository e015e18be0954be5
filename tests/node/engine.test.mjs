// The wasm build of the core, loaded from dist/node exactly as the extension ships it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, EngineCrashed } from '../../dist/node/index.mjs';

const engine = loadEngine();

test('the engine starts and reports its version', () => {
  assert.match(engine.version, /^\d+\.\d+\.\d+$/);
  assert.ok(engine.startMs >= 0);
});

test('counts a draft for a network, with the JSON fields the CLI documents', () => {
  const count = engine.count('Bonjour à tous', 'x');
  assert.equal(count.network, 'x');
  assert.equal(count.length, 14);
  assert.equal(count.limit, 280);
  assert.equal(count.remaining, 266);
  assert.equal(count.valid, true);
});

test('lists every network of the table', () => {
  const ids = engine.networks().map((n) => n.id);
  for (const id of ['x', 'bluesky', 'mastodon', 'threads', 'linkedin', 'facebook', 'instagram', 'youtube', 'tiktok']) {
    assert.ok(ids.includes(id), `${id} missing`);
  }
});

test('an unknown network is an ordinary error naming the known ones', () => {
  assert.throws(() => engine.count('x', 'myspace'), (e) => !(e instanceof EngineCrashed) && /unknown network 'myspace'.*bluesky/.test(e.message));
});

test('a limit override (a style guide setting) applies and survives a restart', () => {
  engine.setLimit('mastodon', 1000);
  assert.equal(engine.count('salut', 'mastodon').limit, 1000);
  assert.throws(() => engine.crashForTest(), EngineCrashed);
  assert.equal(engine.count('salut', 'mastodon').limit, 1000);
});

test('a panic in the core is reported and the next call works on a fresh instance', () => {
  const before = engine.restarts;
  assert.throws(
    () => engine.crashForTest(),
    (e) => e instanceof EngineCrashed && /deliberate panic/.test(e.panicMessage),
  );
  assert.equal(engine.restarts, before + 1);
  assert.equal(engine.count('encore', 'x').length, 6);
});
