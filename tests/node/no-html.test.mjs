// tools/check-no-html.mjs: the extension builds no HTML from strings, and the check really catches
// each sink when one is planted (run as CI runs it, in a child process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SINKS } from '../../tools/check-no-html.mjs';

const SCRIPT = fileURLToPath(new URL('../../tools/check-no-html.mjs', import.meta.url));

function run(...args) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'pv-no-html-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the extension as shipped passes', () => {
  const r = run();
  assert.equal(r.code, 0, r.out);
});

test('a planted innerHTML fails the check with its file, line and column', () => {
  withTempDir((dir) => {
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content', 'planted.js'), "const box = document.body;\n\n   box.innerHTML = draft;\n");
    writeFileSync(join(dir, 'clean.js'), 'box.textContent = draft;\n');
    const r = run(dir);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /content\/planted\.js:3:8: innerHTML builds HTML from a string/);
    assert.doesNotMatch(r.out, /clean\.js/);
  });
});

test('every sink is caught, in scripts and pages, bracket access and comments included', () => {
  const uses = {
    innerHTML: "el['innerHTML'] = s;",
    outerHTML: 'el.outerHTML = s;',
    insertAdjacentHTML: "el.insertAdjacentHTML('beforeend', s);",
    'document.write': 'document . writeln(s);',
    DOMParser: 'const p = new DOMParser();',
    parseFromString: "p.parseFromString(s, 'text/html');",
    createContextualFragment: 'range.createContextualFragment(s);',
    setHTMLUnsafe: 'el.setHTMLUnsafe(s);',
    parseHTMLUnsafe: 'Document.parseHTMLUnsafe(s);',
    srcdoc: 'frame.srcdoc = s;',
  };
  assert.deepEqual(Object.keys(uses).sort(), SINKS.map((s) => s.sink).sort(), 'one planted use per sink');
  withTempDir((dir) => {
    Object.values(uses).forEach((line, i) => writeFileSync(join(dir, `f${i}.${i % 2 ? 'html' : 'mjs'}`), `// ok\n${line}\n`));
    writeFileSync(join(dir, 'comment.js'), '/* el.innerHTML = s */\n');
    const r = run(dir);
    assert.equal(r.code, 1);
    for (const sink of Object.keys(uses)) assert.match(r.out, new RegExp(`:2:\\d+: ${sink.replace('.', '\\.')} builds HTML`), sink);
    assert.match(r.out, /comment\.js:1:7: innerHTML/);
  });
});

test('the allow-list takes reviewed entries only, and stale entries fail', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'reviewed.js'), 'el.innerHTML = TRUSTED_CONSTANT;\n');
    const list = join(dir, 'allow.json');
    const file = run(dir).out.match(/(\S*reviewed\.js):1:4/)[1];
    writeFileSync(list, JSON.stringify([{ file, sink: 'innerHTML', reason: 'a constant written in this file, no user text' }]));
    assert.equal(run('--allowlist', list, dir).code, 0);
    writeFileSync(list, JSON.stringify([{ file, sink: 'innerHTML' }]));
    assert.equal(run('--allowlist', list, dir).code, 1, 'an entry without a reason allows nothing');
    writeFileSync(list, JSON.stringify([{ file, sink: 'innerHTML', reason: 'r' }, { file: 'gone.js', sink: 'outerHTML', reason: 'r' }]));
    const stale = run('--allowlist', list, dir);
    assert.equal(stale.code, 1);
    assert.match(stale.out, /gone\.js.*matches nothing/);
  });
});
