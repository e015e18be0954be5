// Builds the site-app fixture pages (one per network, see pages.mjs) into tests/browser/fixtures/sites/:
// for each network, <network>.js (one ES2020 IIFE bundle: the app, its editors from npm, no inline
// script and no eval since the pages are served with a strict CSP), <network>.css (the site's look plus
// the editors' own CSS) and <network>.html (page.html filled in). server.mjs serves them as
// https://<host>:PORT/sites/<network>, and every deeper path (/sites/x/home, …) as the same page.
//
// Called by ../editors/build.mjs (which tools/test.sh runs); standalone: node tests/browser/sites/build.mjs
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES } from './pages.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Where the built pages go (git-ignored). */
export const SITES_OUT = join(HERE, '..', 'fixtures', 'sites');

/** Rebuilds every site page from scratch (idempotent). Resolves to the output folder. */
export async function buildSites() {
  rmSync(SITES_OUT, { recursive: true, force: true });
  mkdirSync(SITES_OUT, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(SITES.map((site) => [site.network, join(HERE, `${site.network}.js`)])),
    outdir: SITES_OUT,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const template = readFileSync(join(HERE, 'page.html'), 'utf8');
  for (const site of SITES) {
    const page = template.replaceAll('{{site}}', site.network).replaceAll('{{title}}', site.title).replaceAll('{{lang}}', site.lang);
    writeFileSync(join(SITES_OUT, `${site.network}.html`), page);
  }
  return SITES_OUT;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const out = await buildSites();
  console.log(`site fixtures built in ${out} (${Date.now() - started} ms)`);
}
