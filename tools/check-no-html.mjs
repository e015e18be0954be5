// Fails when extension code builds HTML from strings: every API that parses a string as markup is
// a script-injection sink once a draft, a comment or a guide reaches it. The extension builds its
// DOM with createElement / textContent only. Run by tools/test.sh.
//
//   node tools/check-no-html.mjs [--allowlist FILE] [DIR...]     (default: extension/)
//
// Prints file:line:col for each use. Comments are read too (a comment-stripping lexer could be
// fooled; write "HTML sinks" in prose instead). A reviewed exception goes into the allow-list
// (tools/no-html-allowlist.json): { "file": "extension/...", "sink": "innerHTML", "reason": "..." };
// an entry without a reason, or that matches nothing any more, fails the check too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Each sink: a pattern (global, so every use on a line is reported) and what to use instead. */
export const SINKS = [
  { sink: 'innerHTML', pattern: /\binnerHTML\b/g, instead: 'textContent or createElement' },
  { sink: 'outerHTML', pattern: /\bouterHTML\b/g, instead: 'replaceWith() with built nodes' },
  { sink: 'insertAdjacentHTML', pattern: /\binsertAdjacentHTML\b/g, instead: 'insertAdjacentElement / insertAdjacentText' },
  { sink: 'document.write', pattern: /\bdocument\s*\.\s*write(?:ln)?\b/g, instead: 'DOM methods' },
  { sink: 'DOMParser', pattern: /\bDOMParser\b/g, instead: 'building the nodes' },
  { sink: 'parseFromString', pattern: /\bparseFromString\b/g, instead: 'building the nodes' },
  { sink: 'createContextualFragment', pattern: /\bcreateContextualFragment\b/g, instead: 'building the nodes' },
  { sink: 'setHTMLUnsafe', pattern: /\bsetHTMLUnsafe\b/g, instead: 'textContent or createElement' },
  { sink: 'parseHTMLUnsafe', pattern: /\bparseHTMLUnsafe\b/g, instead: 'building the nodes' },
  { sink: 'srcdoc', pattern: /\bsrcdoc\b/g, instead: 'a packaged page' },
];

const SCANNED = /\.(?:m?js|html?)$/;

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (SCANNED.test(name)) yield path;
  }
}

/** Every sink use under `dirs`: `{ file, line, col, sink, instead }`, file relative to the repository. */
export function findSinks(dirs) {
  const found = [];
  for (const dir of dirs) {
    for (const path of files(dir)) {
      const file = relative(ROOT, path);
      readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
        for (const { sink, pattern, instead } of SINKS) {
          for (const m of text.matchAll(pattern)) found.push({ file, line: i + 1, col: m.index + 1, sink, instead });
        }
      });
    }
  }
  return found;
}

/** Splits `found` by the allow-list: `{ problems, stale }` (entries that matched nothing or lack a reason). */
export function applyAllowlist(found, allowlist) {
  const used = new Set();
  const problems = found.filter((f) => {
    const i = allowlist.findIndex((a) => a.file === f.file && a.sink === f.sink && typeof a.reason === 'string' && a.reason.trim());
    if (i >= 0) used.add(i);
    return i < 0;
  });
  const stale = allowlist.filter((_, i) => !used.has(i));
  return { problems, stale };
}

function main(argv) {
  let allowlistPath = join(ROOT, 'tools/no-html-allowlist.json');
  const dirs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--allowlist') allowlistPath = resolve(argv[++i] ?? '');
    else dirs.push(resolve(argv[i]));
  }
  if (dirs.length === 0) dirs.push(join(ROOT, 'extension'));
  const allowlist = JSON.parse(readFileSync(allowlistPath, 'utf8'));
  if (!Array.isArray(allowlist)) throw new Error(`${allowlistPath}: expected a JSON list`);
  const { problems, stale } = applyAllowlist(findSinks(dirs), allowlist);
  for (const p of problems) {
    console.error(`${p.file}:${p.line}:${p.col}: ${p.sink} builds HTML from a string; use ${p.instead} (or add a reviewed entry to tools/no-html-allowlist.json)`);
  }
  for (const s of stale) {
    console.error(`${relative(ROOT, allowlistPath)}: entry ${JSON.stringify(s)} matches nothing or has no reason; remove it or give the reason`);
  }
  if (problems.length || stale.length) return 1;
  console.log(`no HTML built from strings in ${dirs.map((d) => relative(ROOT, d) || '.').join(', ')}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
