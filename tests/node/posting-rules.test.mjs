// The guide's posting rules across the wasm boundary, on the build from dist/node: the engine hands
// them out (`postingRules`) for the plan store's conflict check (`setPostingRules`), `bestTimes` follows them,
// and a reset gives the defaults back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../dist/node/index.mjs';
import { PlanStore } from '../../extension/plan/store.js';
import { memoryStorage } from './support/memory-storage.mjs';

const RULED = `version = 1
[brand]
name = "Atelier Test"
[schedule]
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
hours = "08:00-20:00"
[networks.overrides.x]
max_per_day = 1
`;

test('postingRules: only what the guide sets, then nothing after a reset', () => {
  const engine = loadEngine();
  assert.deepEqual(engine.postingRules(), { minGapMinutes: {}, maxPerDay: {} }, 'the sample guide sets no posting rules');
  assert.equal(engine.setGuide(RULED, 'toml').ok, true);
  const rules = engine.postingRules();
  assert.deepEqual(rules.maxPerDay, { x: 1 });
  assert.deepEqual(rules.allowedHours, [...Array(6).fill({ start: 480, end: 1200 }), null]);
  engine.resetGuide();
  assert.deepEqual(engine.postingRules(), { minGapMinutes: {}, maxPerDay: {} });
  assert.equal(engine.guideBrand(), 'Roue Libre', 'back to the built-in sample guide');
});

test('the plan store conflicts follow the rules given, and only then', async () => {
  const engine = loadEngine();
  assert.equal(engine.setGuide(RULED, 'toml').ok, true);
  const store = await PlanStore.open({ engine, storage: memoryStorage(), actor: { name: 'Léa', role: 'writer' }, lang: 'en' });
  // Sunday 2 March 2031 at noon; Tuesday 4 March at 10:00 and 14:00 (UTC).
  for (const [text, at] of [['sun', '2031-03-02T12:00:00Z'], ['xa', '2031-03-04T10:00:00Z'], ['xb', '2031-03-04T14:00:00Z']]) {
    await store.createPost({ text, networks: ['x'], schedule: { at, zone: 'UTC' } });
  }
  const period = { from: '2031-03-01T00:00:00Z', to: '2031-03-08T00:00:00Z' };
  assert.deepEqual(store.conflicts(period), [], 'the defaults allow these three posts');
  store.setPostingRules(engine.postingRules());
  const found = store.conflicts(period);
  assert.deepEqual(found.map((c) => c.kind), ['outside-hours', 'too-many-in-a-day']);
  assert.match(found[0].message, /on a Sunday \(2031-03-02 at 12:00, UTC\), a day without posts/);
  assert.match(found[1].message, /2 X posts on 2031-03-04 \(at most 1 a day\)/);
  // Rules given with the period win over the store's.
  assert.deepEqual(store.conflicts({ ...period, maxPerDay: { x: 3 }, allowedHours: Array(7).fill({ start: 0, end: 1440 }) }), []);
  store.setPostingRules({});
  assert.deepEqual(store.conflicts(period), [], 'no rules: the defaults again');
  store.close();
});

test('bestTimes (the planner module, given the engine\'s rules) keeps to the guide schedule and posts per day', async () => {
  const engine = loadEngine();
  const options = { network: 'x', tz: 'UTC', now: '2031-03-01T00:00:00Z', top: 10, days: 7 };
  const outside = (s) => s.weekday === 'Sunday' || Number(s.local.slice(11, 13)) < 8 || Number(s.local.slice(11, 13)) >= 20;
  const plain = (await engine.bestTimes(options)).slots;
  assert.ok(new Set(plain.map((s) => s.local.slice(0, 10))).size < plain.length, 'by default, several X posts a day');
  assert.equal(engine.setGuide(RULED.replace('08:00-20:00', '15:00-19:00'), 'toml').ok, true);
  const ruled = (await engine.bestTimes(options)).slots;
  assert.ok(ruled.length > 0);
  for (const s of ruled) {
    const hour = Number(s.local.slice(11, 13));
    assert.ok(s.weekday !== 'Sunday' && hour >= 15 && hour < 19, JSON.stringify(s));
  }
  assert.equal(new Set(ruled.map((s) => s.local.slice(0, 10))).size, ruled.length, 'one X post a day');
  assert.ok(plain.some(outside) || plain.some((s) => Number(s.local.slice(11, 13)) < 15), 'the default slots differ');
});
