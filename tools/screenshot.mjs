// The README's side panel screenshot: opens the built extension's side panel in headless Chromium
// with a small sample calendar (around today, a few networks, two pillars, one idea in the tray)
// under a style guide whose posting rules (hours, one X post a day) two X posts break, and saves
// docs/img/side-panel.png.
//
//   bash tools/build.sh --no-sample && node tools/screenshot.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, waitFor } from '../tests/browser/browsers.mjs';

const OUT = fileURLToPath(new URL('../docs/img/side-panel.png', import.meta.url));

/** Page world: a sample plan for the month shown, written as the panel writes it. */
async function seedSample() {
  const api = globalThis.browser ?? globalThis.chrome;
  const now = new Date();
  const stamp = now.toISOString();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const meta = (id) => ({ id, created: stamp, updated: stamp, clock: { sample: 1 } });
  // Days around today (kept inside this month): past posts are published, the others are on their way.
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  const at = (offset, hour, minute = 0) => {
    const day = Math.min(last, Math.max(1, now.getDate() + offset));
    return new Date(now.getFullYear(), now.getMonth(), day, hour, minute).toISOString();
  };
  const posts = [
    ['p1', -19, 9, 0, ['x', 'mastodon'], 'published', 'tips', 'Réglez vos freins avant l’hiver : 3 gestes simples'],
    ['p2', -17, 12, 30, ['linkedin'], 'published', 'events', 'Retour sur la vélorution de samedi'],
    ['p3', -13, 18, 0, ['instagram'], 'published', 'tips', 'Les bons réflexes sous la pluie'],
    ['p4', -10, 8, 30, ['x'], 'published', 'events', 'Atelier ouvert samedi de 9 h à 18 h'],
    ['p5', -6, 10, 0, ['facebook'], 'published', 'tips', 'Quel éclairage choisir ?'],
    ['p6', 1, 9, 0, ['x'], 'scheduled', 'events', 'Rappel : bourse aux vélos dimanche'],
    ['p7', 1, 9, 40, ['x'], 'draft', 'tips', 'Chambre à air : la réparer en 10 minutes'],
    ['p8', 2, 12, 0, ['linkedin', 'bluesky'], 'in-review', 'events', 'Nos chiffres de l’année'],
    ['p9', 4, 17, 30, ['instagram'], 'approved', 'tips', 'Antivol : U ou chaîne ?'],
    ['p10', 5, 11, 0, ['mastodon'], 'idea', 'tips', 'Balade de fin de mois'],
  ];
  const items = {
    'plan.pillar.tips': { meta: meta('tips'), name: 'Conseils', targetPercent: 60, color: '#2563eb' },
    'plan.pillar.events': { meta: meta('events'), name: 'Événements', targetPercent: 40, color: '#c2410c' },
    'plan.post.idea1': { meta: meta('idea1'), text: 'Série : portraits de bénévoles', networks: ['instagram'], status: 'idea', pillar: 'events' },
  };
  for (const [id, offset, hour, minute, networks, status, pillar, text] of posts) {
    items[`plan.post.${id}`] = { meta: meta(id), text, networks, status, pillar, schedule: { at: at(offset, hour, minute), zone } };
  }
  // The brand's posting rules, as the options page stores a guide.
  const source = 'version = 1\n[brand]\nname = "Roue Libre"\n[schedule]\nhours = "08:00-20:00"\n\n[networks.overrides.x]\nmax_per_day = 1\n';
  items.guide = { version: 1, format: 'toml', source, savedAt: stamp };
  await api.storage.local.set(items);
}

const session = await launchChromium();
try {
  await session.page.setViewportSize({ width: 540, height: 900 });
  await session.open(session.extensionUrl('panel/panel.html#calendar'));
  await waitFor(() => session.evaluate(() => document.body.dataset.ready), (r) => r === 'true', { what: 'the panel' });
  await session.evaluate(seedSample);
  await waitFor(() => session.evaluate(() => document.querySelectorAll('#view-calendar .chip').length), (n) => n >= 11, { what: 'the sample chips' });
  await session.evaluate(() => {
    document.querySelector('.cal-conflict-box').open = true;
    const mix = document.querySelector('.cal-mix');
    mix.open = true;
    mix.dispatchEvent(new Event('toggle'));
  });
  mkdirSync(fileURLToPath(new URL('../docs/img/', import.meta.url)), { recursive: true });
  await session.page.screenshot({ path: OUT, fullPage: true });
  console.log(`saved ${OUT}`);
} finally {
  await session.close();
}
