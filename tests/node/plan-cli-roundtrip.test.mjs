// A plan built with the `porte-voix plan` toolkit loads in the extension's calendar (PlanStore over
// the real wasm, restoring the file as the side panel restores a backup) and the extension's backup
// loads back in the toolkit, edits of both sides kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanStore } from '../../extension/plan/store.js';
import { memoryStorage } from './support/memory-storage.mjs';
import { wasmEngine } from './support/wasm-engine.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The toolkit binary: the release build tools/build.sh makes, else the debug one `cargo test` makes. */
const cli = ['release', 'debug'].map((profile) => join(root, 'target', profile, 'porte-voix')).find(existsSync);

function porteVoix(...args) {
  assert.ok(cli, 'the porte-voix binary is missing: run bash tools/build.sh --no-sample');
  const run = spawnSync(cli, args, { encoding: 'utf8', env: { ...process.env, PORTE_VOIX_DEVICE: 'cli-test' } });
  assert.equal(run.status, 0, `porte-voix ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

test('a plan made with the CLI restores in PlanStore, and its backup reads back in the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'porte-voix-roundtrip-'));
  const file = join(dir, 'plan.json');
  porteVoix('plan', '--plan', file, 'add', '--id', 'atelier', '--text', 'Atelier samedi, 10 h ; venez !\n« Citée »', '--network', 'x', '--network', 'linkedin', '--at', '2026-12-05T10:00', '--tz', 'Europe/Paris', '--pillar', 'ateliers');
  porteVoix('plan', '--plan', file, 'add', '--id', 'idee', '--text', 'Une idée sans date', '--network', 'instagram', '--status', 'idea');
  porteVoix('plan', '--plan', file, 'add', '--id', 'gone', '--text', 'Supprimée', '--network', 'x');
  porteVoix('plan', '--plan', file, 'delete', 'gone');
  const cliText = readFileSync(file, 'utf8');
  const cliPlan = JSON.parse(cliText);

  // The extension restores the file through the same code as a backup picked in the side panel.
  const storage = memoryStorage();
  const store = await PlanStore.open({ engine: wasmEngine(), storage, actor: { name: 'Léa', role: 'writer' } });
  const report = await store.restore(cliText);
  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.equal(report.posts, 3, 'the tombstone is kept so the delete reaches other copies');
  for (const post of cliPlan.posts) {
    assert.deepEqual(storage.data.get(`plan.post.${post.meta.id}`), post, `${post.meta.id} is stored exactly as the CLI wrote it`);
  }
  assert.equal(store.get('atelier').schedule.zone, 'Europe/Paris');
  // The extension's backup of what it restored is the CLI's file, byte for byte.
  assert.equal(store.backup(), cliText);

  // Edits in the extension, then its backup read by the CLI.
  await store.updatePost('atelier', { text: 'Atelier samedi, 11 h ; venez !' });
  const added = await store.createPost({ text: 'Écrite dans le panneau', networks: ['mastodon'], schedule: { at: '2026-12-06T09:00:00Z', zone: 'UTC' } }, 'panneau');
  const backup = join(dir, 'backup.json');
  writeFileSync(backup, store.backup());
  const listed = JSON.parse(porteVoix('plan', '--plan', backup, 'list', '--format', 'json'));
  const ids = [...listed.scheduled, ...listed.unscheduled].map((p) => p.meta.id).sort();
  assert.deepEqual(ids, ['atelier', 'idee', 'panneau']);
  assert.match(porteVoix('plan', '--plan', backup, 'show', 'atelier'), /11 h ; venez/);

  // Meanwhile the CLI changed its own copy; merging the backup in keeps both edits.
  porteVoix('plan', '--plan', file, 'set', 'idee', '--text', 'Une idée, précisée en ligne de commande');
  porteVoix('plan', '--plan', file, 'import', backup, '--format', 'backup');
  const merged = JSON.parse(readFileSync(file, 'utf8'));
  const byId = Object.fromEntries(merged.posts.map((p) => [p.meta.id, p]));
  assert.equal(byId.atelier.text, 'Atelier samedi, 11 h ; venez !');
  assert.equal(byId.idee.text, 'Une idée, précisée en ligne de commande');
  assert.deepEqual(byId.panneau, added);
  assert.equal(byId.gone.meta.deleted, true);
  assert.equal(merged.conflicts, undefined, 'no conflict: each side changed a different post');
  store.close();
});
