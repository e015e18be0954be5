// Derives a browser's manifest from the one source manifest (manifest.json, written for Chrome).
//
//   node tools/manifest.mjs chrome|firefox SOURCE OUT
//
// Firefox differences: a background script instead of a service worker, a gecko id and minimum
// version, `sidebar_action` instead of Chrome's `side_panel` (and no `sidePanel` permission).
import { readFileSync, writeFileSync } from 'node:fs';

/** The Firefox add-on id; stable so that storage survives updates. */
export const GECKO_ID = 'porte-voix@porte-voix.app';

/** The oldest Firefox (desktop, Android) that understands every key of the derived manifest. */
export const MIN_FIREFOX = '140.0';
export const MIN_FIREFOX_ANDROID = '142.0';

/** Returns the manifest for `browser` from the Chrome source manifest `source` (an object). */
export function deriveManifest(browser, source) {
  const manifest = structuredClone(source);
  if (browser === 'chrome') return manifest;
  if (browser !== 'firefox') throw new Error(`unknown browser '${browser}': use chrome or firefox`);

  manifest.background = { scripts: [source.background.service_worker], type: 'module' };
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      // 140 (an ESR) is the first Firefox that reads data_collection_permissions below; with an
      // older minimum, `web-ext lint` warns that the declaration is not understood everywhere.
      strict_min_version: MIN_FIREFOX,
      // Porte-voix collects nothing: everything stays in the browser unless the user sets up sync.
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on (same lint warning).
    gecko_android: { strict_min_version: MIN_FIREFOX_ANDROID },
  };
  if (source.side_panel) {
    manifest.sidebar_action = {
      default_panel: source.side_panel.default_path,
      default_title: source.action?.default_title ?? source.name,
      default_icon: source.icons,
      open_at_install: false,
    };
    delete manifest.side_panel;
  }
  manifest.permissions = (source.permissions ?? []).filter((p) => p !== 'sidePanel');
  delete manifest.minimum_chrome_version;
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [browser, src, out] = process.argv.slice(2);
  if (!browser || !src || !out) {
    console.error('usage: node tools/manifest.mjs chrome|firefox SOURCE OUT');
    process.exit(2);
  }
  const derived = deriveManifest(browser, JSON.parse(readFileSync(src, 'utf8')));
  writeFileSync(out, JSON.stringify(derived, null, 2) + '\n');
}
