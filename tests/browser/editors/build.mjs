// Builds the editor fixture pages from the real editor libraries (npm devDependencies) into
// tests/browser/fixtures/editors/, served by server.mjs as /editors/<page> under the networks' host names:
//
//   draft.html, draft-dialog.html   X (Draft.js + React)            https://x.com:PORT/editors/draft
//   lexical.html                    Facebook (Lexical)              https://www.facebook.com:PORT/editors/lexical
//   quill.html                      LinkedIn (Quill)                https://www.linkedin.com:PORT/editors/quill
//   tiptap.html                     Bluesky (TipTap / ProseMirror)  https://bsky.app:PORT/editors/tiptap
//   textarea.html                   Mastodon (React textarea)       https://mastodon.social:PORT/editors/textarea
//   contenteditable.html            YouTube (bare contenteditable)  https://www.youtube.com:PORT/editors/contenteditable
//
// Each page's script is one ES2020 IIFE bundle (no inline script, no eval: the pages are served with a
// strict CSP); CSS imported by a script lands beside it as <name>.css. The output folder is rebuilt from
// scratch each time (idempotent; about a second). The editors themselves are the factories of
// ../sites/editors/, shared with the site-app pages, which this script builds too (../sites/build.mjs).
// Run: node tests/browser/editors/build.mjs
import { build } from 'esbuild';
import { buildSites } from '../sites/build.mjs';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const OUT = join(HERE, '..', 'fixtures', 'editors');
const ENTRIES = ['draft', 'lexical', 'quill', 'tiptap', 'textarea', 'contenteditable'];

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

await build({
  entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, join(HERE, `${name}.js`)])),
  outdir: OUT,
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

for (const file of readdirSync(HERE)) {
  if (file.endsWith('.html') || file.endsWith('.css')) cpSync(join(HERE, file), join(OUT, file));
}
console.log(`editor fixtures built in ${OUT} (${Date.now() - started} ms)`);

// The site-app pages (one per network) share the editor factories: built with them.
const sitesStarted = Date.now();
console.log(`site fixtures built in ${await buildSites()} (${Date.now() - sitesStarted} ms)`);
