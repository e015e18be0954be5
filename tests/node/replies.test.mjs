// The reply tools (comment triage and the snippet library) through the engine wrapper, with the real wasm
// from dist/node: they run in the planner module, loaded on first use, and keep the shapes the overlay's
// picker and the background read. Run `bash tools/build.sh --no-sample` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const DIST = new URL('../../dist/node/', import.meta.url);
const built = existsSync(new URL('index.mjs', DIST));
const skip = built ? false : 'dist/node is missing: run `bash tools/build.sh --no-sample` first';
const { loadEngine, EngineCrashed } = built ? await import(new URL('index.mjs', DIST)) : {};

test('a complaint reads as one, with reasons, and the replies offered fit it', { skip }, async () => {
  const engine = loadEngine();
  const comment = 'Ça fait trois semaines que mon vélo est en réparation, toujours aucune nouvelle. Inadmissible !';
  const reading = await engine.triage(comment, 'fr');
  assert.ok(['complaint', 'urgent'].includes(reading.class), `read as ${reading.class}`);
  assert.equal(reading.lang, 'fr');
  assert.ok(reading.confidence > 0 && reading.confidence <= 1);
  assert.ok(reading.reasons.length > 0);
  assert.equal(typeof reading.scores.complaint, 'number');

  const advice = await engine.replyAdvice(comment, undefined, 3);
  assert.equal(advice.triage.class, reading.class);
  assert.ok(advice.suggestions.length > 0 && advice.suggestions.length <= 3);
  for (const s of advice.suggestions) {
    assert.equal(s.snippet.lang, 'fr');
    assert.ok(['complaint', 'escalation', 'crisis'].includes(s.snippet.category), s.snippet.category);
    assert.equal(typeof s.score, 'number');
    assert.ok(s.reason.length > 0);
  }
});

test('snippets are found accent- and typo-tolerantly, rendered with values, and expanded from a trigger', { skip }, async () => {
  const engine = loadEngine();
  const hits = await engine.searchSnippets('reparation retard', 'fr', 5);
  assert.ok(hits.length > 0 && hits.length <= 5);
  assert.ok(hits.every((h) => h.snippet.lang === 'fr' && typeof h.score === 'number' && Array.isArray(h.matched)));
  assert.ok(hits.some((h) => h.snippet.id === 'fr-complaint-late-repair'), hits.map((h) => h.snippet.id).join(', '));

  const variables = await engine.snippetVariables();
  assert.ok(variables.some((v) => v.name === 'first_name' && typeof v.prompt.fr === 'string'));

  const rendered = await engine.renderSnippet('fr-thanks-general', { first_name: 'Zoé' });
  assert.equal(rendered.id, 'fr-thanks-general');
  assert.match(rendered.text, /Zoé/);
  assert.ok(!rendered.missing.some((m) => m.name === 'first_name'));
  assert.equal(await engine.renderSnippet('no-such-snippet', {}), null);

  const before = 'Bonjour ;merci';
  const expansion = await engine.expandTrigger(before, 'fr');
  assert.equal(expansion.id, 'fr-thanks-general');
  assert.equal(before.slice(expansion.span.start, expansion.span.end), ';merci');
  assert.ok(expansion.text.length > 0);
  assert.equal(await engine.expandTrigger('Bonjour sans déclencheur', 'fr'), null);
});

test('a bad language is an ordinary error, not a crash', { skip }, async () => {
  const engine = loadEngine();
  await assert.rejects(engine.triage('Super atelier', 'de'), (e) => !(e instanceof EngineCrashed) && /unknown language 'de'/.test(e.message));
});

test('the reply tools are in the planner module, not in the keystroke engine', { skip }, () => {
  const engineGlue = readFileSync(new URL('porte_voix_wasm.js', DIST), 'utf8');
  const plannerGlue = readFileSync(new URL('porte_voix_planner.js', DIST), 'utf8');
  for (const name of ['triageComment', 'replyAdvice', 'searchSnippets', 'snippetVariables', 'renderSnippet', 'expandTrigger']) {
    assert.match(plannerGlue, new RegExp(`export function ${name}\\b`), `${name} is missing from the planner module`);
    assert.doesNotMatch(engineGlue, new RegExp(`\\b${name}\\b`), `${name} is still in the engine module`);
  }
});
