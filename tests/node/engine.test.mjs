// The wasm build of the core, loaded from dist/node exactly as the extension ships it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('a count has the fields and values of the core’s own Count, on every draft and every network', () => {
  // engine.count reads the figures the wasm packs; analyze() serialises the core's Count field by
  // field. Both must give the same object, absent fields included.
  const drafts = JSON.parse(readFileSync(new URL('../corpus/drafts.json', import.meta.url), 'utf8')).map((d) => d.text);
  drafts.push('', '   ', 'é'.repeat(1600), '🇫🇷'.repeat(400), 'a\u{FFFE}b');
  let overflows = 0;
  let byteLimits = 0;
  for (const network of engine.networks().map((n) => n.id)) {
    for (const text of drafts) {
      const count = engine.count(text, network);
      assert.deepEqual(count, engine.analyze(text, { network }).count, `${network}: ${JSON.stringify(text.slice(0, 40))}`);
      if ('overflow_start' in count) overflows += 1;
      if ('byte_limit' in count) byteLimits += 1;
    }
  }
  assert.ok(overflows > 10 && byteLimits > 10, `the cases include overflows (${overflows}) and byte limits (${byteLimits})`);
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

const SMALL_GUIDE = `version = 1
[brand]
name = "Atelier Test"
languages = ["fr"]
[networks.overrides.mastodon]
limit = 750
[terms]
spellings = ["Atelier Test"]
`;

test('a guide sets the limits and the findings, and survives a restart', () => {
  assert.equal(engine.count('salut', 'mastodon').limit, 1000, 'the sample guide sets Mastodon to 1,000');
  const report = engine.setGuide(SMALL_GUIDE, 'toml');
  assert.deepEqual(report, { ok: true, brand: 'Atelier Test', errors: [] });
  assert.equal(engine.count('salut', 'mastodon').limit, 750);
  assert.throws(() => engine.crashForTest(), EngineCrashed);
  assert.equal(engine.count('salut', 'mastodon').limit, 750);
  assert.equal(engine.guideBrand(), 'Atelier Test');
});

test('an invalid guide is refused with located errors and the active one stays', () => {
  const report = engine.setGuide('version = 1\n[brand]\nname = "X"\nlanguages = ["de"]\n', 'toml');
  assert.equal(report.ok, false);
  assert.ok(report.errors.length >= 1);
  const [error] = report.errors;
  assert.equal(error.line, 4);
  assert.ok(error.column > 0);
  assert.match(error.message, /fr|en/);
  assert.equal(engine.guideBrand(), 'Atelier Test');
  assert.throws(() => engine.setGuide('', 'yaml'), /unknown guide format/);
});

test('checks a draft against the guide, with UTF-16 spans and safe fixes', () => {
  engine.setGuide(SMALL_GUIDE, 'toml');
  const text = '🚲 Bienvenue chez atelier test !';
  const findings = engine.check(text, { network: 'x', lang: 'fr' });
  const spelling = findings.find((f) => f.rule === 'terms.spelling');
  assert.ok(spelling, JSON.stringify(findings));
  assert.equal(text.slice(spelling.span.start, spelling.span.end), 'atelier test');
  assert.deepEqual(spelling.replacements, ['Atelier Test']);
  assert.match(engine.fix(text, { network: 'x', lang: 'fr' }), /Atelier Test/);
  const analysis = engine.analyze(text, { network: 'x', lang: 'en' });
  assert.equal(analysis.count.network, 'x');
  assert.ok(analysis.findings.some((f) => f.rule === 'terms.spelling' && /Write|write/.test(f.message)));
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

test('a history import is read by the planner module and becomes the engine history', async () => {
  const csv = readFileSync(new URL('../browser/fixtures/data/meta-history.csv', import.meta.url), 'utf8');
  const report = await engine.importHistory(csv, { preset: 'meta', tz: 'Europe/Paris' });
  assert.equal(report.records.length, 30);
  assert.deepEqual(report.errors.map((e) => e.line), [9, 16]);
  // Best times are the planner's, from the history the engine was given.
  const used = async () => (await engine.bestTimes({ network: 'facebook', tz: 'Europe/Paris', now: '2026-06-01T08:00:00Z', top: 3 })).history_used;
  const afterImport = await used();
  assert.ok(afterImport > 0, 'the best times use the imported posts');
  engine.setHistory([]);
  assert.equal(await used(), 0);
  engine.setHistory(report.records);
  assert.equal(await used(), afterImport);
  // An engine restart keeps the imported history; so does a planner restart.
  assert.throws(() => engine.crashForTest(), EngineCrashed);
  assert.equal(await used(), afterImport);
  const planner = await engine.planner();
  assert.throws(() => planner.crashForTest(), EngineCrashed);
  assert.equal(await used(), afterImport);
});

// Last in this file: its restarts replace the shared wasm instance the engine above uses.
test('limits given before a guide let a fresh engine count without one; a guide replaces them', () => {
  const fresh = loadEngine();
  fresh.expectLimits({ mastodon: 640 });
  assert.equal(fresh.count('salut', 'mastodon').limit, 640);
  assert.throws(() => fresh.crashForTest(), EngineCrashed);
  assert.equal(fresh.count('salut', 'mastodon').limit, 640, 'given again after a restart while no guide is set');
  assert.equal(fresh.count('salut', 'x').limit, 280, 'a network without an expected limit compiles the sample guide');
  assert.equal(fresh.count('salut', 'mastodon').limit, 1000, 'once a guide is compiled, its own limits count');
  fresh.setGuide(SMALL_GUIDE, 'toml');
  fresh.expectLimits({ mastodon: 123 });
  assert.equal(fresh.count('salut', 'mastodon').limit, 750, 'an applied guide wins over expected limits');
  assert.throws(() => fresh.crashForTest(), EngineCrashed);
  assert.equal(fresh.count('salut', 'mastodon').limit, 750, 'the guide, not the limits, is re-applied after a restart');
  assert.throws(() => fresh.expectLimits({ mastodon: 'long' }), (e) => !(e instanceof EngineCrashed) && /bad network limits/.test(e.message));
});
