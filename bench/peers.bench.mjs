// The peer table (issue 9): Porte-voix's shipped wasm build against what a community manager could use
// instead, printed as ONE Markdown table (ready for README.md) with the target next to each figure.
//
//   node bench/peers.bench.mjs            the full table (a few minutes on 2 shared cores)
//   node bench/peers.bench.mjs --quick    fewer batches and one cold start per engine: a smoke run
//
// - counting: `count` against npm twitter-text `parseTweet` (X) and @atproto/api `RichText.graphemeLength`
//   (Bluesky) on every draft of tests/corpus/drafts.json, and whether the lengths agree;
// - checking: a full check (bench/checkers.mjs says what each engine does) of the same French and English
//   drafts against harper.js and textlint: median time per draft, then the time from a cold import to the
//   first result, in fresh processes;
// - size: the wasm engine (the keystroke module) and the planner (loaded with the plan) raw and gzipped, each dist/*.zip (read from dist/: this script never builds);
// - the extension: rows other benchmarks wrote to bench/results/*.json (format in bench/results.mjs).
//
// Every timed row runs its contenders side by side in this one process: warm-up first, then batches that
// alternate between them, and the median per call over the batches, so that a ratio holds on a noisy machine.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { CHECKERS, TEXTLINT_RULES, packageVersion } from './checkers.mjs';
import { readResultFiles } from './results.mjs';

const ROOT = new URL('..', import.meta.url);
const QUICK = process.argv.includes('--quick');
const ENGINE = new URL('dist/node/porte_voix_wasm_bg.wasm', ROOT);
const PLANNER = new URL('dist/node/porte_voix_planner_bg.wasm', ROOT);
if (!existsSync(ENGINE)) {
  console.error('dist/node is missing: build it first with `bash tools/build.sh --no-sample` (this benchmark never builds).');
  process.exit(1);
}

/**
 * Alternating batches per timed row, and the time one batch aims at: short batches, so that on a loaded
 * machine most of them run without being preempted and the median is one of those.
 */
const COUNT_RUNS = { batches: QUICK ? 15 : 101, batchMs: 1 };
const CHECK_RUNS = { batches: QUICK ? 5 : 21, batchMs: 10 };
/** Fresh processes per engine for the cold-start row. */
const COLD_RUNS = QUICK ? 1 : 5;
/** The drafts of the checking rows: French and English, ~280 and ~3,000 characters. */
const CHECK_DRAFTS = ['fr-annonce-280', 'en-launch-280', 'fr-bilan-3000', 'en-program-3000'];
/** The draft every engine checks first after a cold import. */
const COLD_DRAFT = 'en-launch-280';
/** Targets of issue 9. */
const TARGET = { harper: 3, textlint: 10, twitterText: 1, wasmGzipBytes: 300_000 };
/**
 * The extension's figures, written by other benchmarks: one result file each. A file that is absent gives a
 * "not measured in this run" row naming what it would hold.
 */
const EXTENSION_RESULTS = [
  { file: 'overlay', what: 'keystroke to overlay p50 / p95 (budget p95 ≤ 16 ms); first result after a stopped service worker (≤ 150 ms)', from: 'bench/overlay.bench.mjs' },
  { file: 'panel', what: 'side panel open to the month view with 5,000 posts (≤ 200 ms)', from: 'the calendar benchmark' },
];

const require = createRequire(import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('tests/corpus/drafts.json', ROOT), 'utf8')).filter((d) => d.text.length > 0);
const draftNamed = (name) => corpus.find((d) => d.name === name) ?? die(`tests/corpus/drafts.json has no draft named "${name}"`);
const chars = (text) => [...text].length;

function die(message) {
  console.error(message);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------
// Timing

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Microseconds per call of `n` calls of a contender `{ fn, sync }`. */
async function microsPerCall({ fn, sync }, n) {
  const start = performance.now();
  if (sync) for (let i = 0; i < n; i++) fn();
  else for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) * 1000) / n;
}

/** Calls per batch so that a batch lasts about `batchMs` (one call when a single call is longer). */
async function callsPerBatch(contender, batchMs) {
  let n = 1;
  while (n < 1e6) {
    const us = await microsPerCall(contender, n);
    if (us * n >= batchMs * 1000) return n;
    n *= 2;
  }
  return n;
}

/**
 * Median microseconds per call of each contender, measured side by side: a warm-up (each at least three
 * times and for at least 300 ms, in turn, so V8 has tiered the JS and the wasm up), then batches in turn.
 */
async function sideBySide(contenders, { batches, batchMs }) {
  const warmEnd = performance.now() + 300;
  for (let round = 0; round < 3 || performance.now() < warmEnd; round++) {
    for (const c of contenders) await microsPerCall(c, 1);
  }
  const sizes = [];
  for (const c of contenders) sizes.push(await callsPerBatch(c, batchMs));
  const samples = contenders.map(() => []);
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < contenders.length; i++) samples[i].push(await microsPerCall(contenders[i], sizes[i]));
  }
  return samples.map(median);
}

/**
 * Milliseconds from a cold import of a checker to its first result on COLD_DRAFT, in a fresh Node process
 * (Node's own start not included). Runs alternate between the checkers; the median of each.
 */
function coldStarts(keys) {
  const text = draftNamed(COLD_DRAFT).text;
  const checkers = new URL('checkers.mjs', import.meta.url).href;
  const runs = Object.fromEntries(keys.map((k) => [k, []]));
  for (let r = 0; r < COLD_RUNS; r++) {
    for (const key of keys) {
      const script = `const started = performance.now();
        const { CHECKERS } = await import(${JSON.stringify(checkers)});
        const checker = await CHECKERS[${JSON.stringify(key)}]();
        await checker.check(${JSON.stringify(text)}, 'en');
        console.log(performance.now() - started);`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(ROOT), encoding: 'utf8' });
      runs[key].push(Number(out.trim().split('\n').pop()));
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(runs[k])]));
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** Three significant digits, without an exponent: 1030 → "1,030", 0.1234 → "0.123". */
function threeDigits(x) {
  return Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function formatTime(us) {
  if (us < 1000) return `${threeDigits(us)} µs`;
  if (us < 1e6) return `${threeDigits(us / 1000)} ms`;
  return `${threeDigits(us / 1e6)} s`;
}

function formatRatio(r) {
  return r < 10 ? `${r.toFixed(1)}×` : `${Math.round(r).toLocaleString('en-US')}×`;
}

/** Kilobytes and megabytes of 1,000 bytes (the unit of the 300 KB target). */
function formatBytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${threeDigits(bytes / 1000)} KB`;
}

const met = (ok) => (ok ? 'yes' : '**no**');

/** Table rows: { what, ours, peer, ratio, target, met }. */
const table = [];
/** Lines printed under the table. */
const notes = [];
const row = (what, ours, peer = '—', ratio = '—', target = '—', verdict = '—') => table.push({ what, ours, peer, ratio, target, met: verdict });

function printTable() {
  const header = ['what', 'Porte-voix', 'peer', 'ratio (peer ÷ Porte-voix)', 'target', 'met'];
  const cell = (s) => String(s).replaceAll('|', '\\|');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of table) console.log(`| ${[r.what, r.ours, r.peer, r.ratio, r.target, r.met].map(cell).join(' | ')} |`);
}

// ---------------------------------------------------------------------------------------------------------
// Counting

async function countingRows() {
  const twitterText = require('twitter-text');
  const { RichText } = await import('@atproto/api');
  const { loadEngine } = await import('../dist/node/index.mjs');
  const engine = loadEngine();
  const perDraft = [];
  for (const draft of corpus) {
    const text = draft.text;
    const [pvX, tt, pvBsky, bsky] = await sideBySide(
      [
        { sync: true, fn: () => engine.count(text, 'x') },
        { sync: true, fn: () => twitterText.parseTweet(text) },
        { sync: true, fn: () => engine.count(text, 'bluesky') },
        { sync: true, fn: () => new RichText({ text }).graphemeLength },
      ],
      COUNT_RUNS,
    );
    perDraft.push({
      draft,
      pvX, tt, pvBsky, bsky,
      x: [engine.count(text, 'x').length, twitterText.parseTweet(text).weightedLength],
      bluesky: [engine.count(text, 'bluesky').length, new RichText({ text }).graphemeLength],
    });
  }
  const groups = [
    ['≤ 400 chars', perDraft.filter((d) => chars(d.draft.text) <= 400)],
    ['> 400 chars', perDraft.filter((d) => chars(d.draft.text) > 400)],
  ];
  const sizes = (ds) => {
    const lengths = ds.map((d) => chars(d.draft.text));
    return `${Math.min(...lengths).toLocaleString('en-US')}–${Math.max(...lengths).toLocaleString('en-US')} chars`;
  };
  for (const [network, peerName, ours, theirs, target] of [
    ['X', 'twitter-text `parseTweet`', 'pvX', 'tt', TARGET.twitterText],
    ['Bluesky', '@atproto/api `RichText.graphemeLength`', 'pvBsky', 'bsky', null],
  ]) {
    for (const [label, ds] of groups) {
      const ratios = ds.map((d) => d[theirs] / d[ours]);
      const worst = Math.min(...ratios);
      const slowest = ds[ratios.indexOf(worst)];
      notes.push(`count for ${network} ${label}: the smallest ratio is on "${slowest.draft.name}" ` +
        `(Porte-voix ${formatTime(slowest[ours])}, ${peerName} ${formatTime(slowest[theirs])}).`);
      row(
        `count for ${network}, ${ds.length} drafts ${label} (${sizes(ds)}), median`,
        formatTime(median(ds.map((d) => d[ours]))),
        `${peerName} ${formatTime(median(ds.map((d) => d[theirs])))}`,
        `${formatRatio(median(ratios))} (${formatRatio(worst)}–${formatRatio(Math.max(...ratios))} per draft)`,
        target === null ? '—' : 'not slower on any draft',
        target === null ? '—' : met(worst >= target),
      );
    }
  }
  for (const [network, key, peerName] of [['X', 'x', 'twitter-text'], ['Bluesky', 'bluesky', '@atproto/api']]) {
    const differ = perDraft.filter((d) => d[key][0] !== d[key][1]);
    row(`same ${network} length as ${peerName}`, `${perDraft.length - differ.length} of ${perDraft.length} drafts`);
    for (const d of differ) {
      notes.push(`${network} length of draft "${d.draft.name}": Porte-voix ${d[key][0]}, ${peerName} ${d[key][1]}.`);
    }
  }
  if (perDraft.some((d) => d.x[0] !== d.x[1])) {
    notes.push('twitter-text 3.1.0 predates Emoji 13.1: it counts the parts of newer sequences (e.g. ❤️‍🔥) where X and ' +
      'Porte-voix count every RGI emoji sequence as 2.');
  }
  return engine.version;
}

// ---------------------------------------------------------------------------------------------------------
// Checking

async function checkingRows() {
  const engines = {};
  for (const key of Object.keys(CHECKERS)) engines[key] = await CHECKERS[key]();
  const { porteVoix: pv, harper, textlint } = engines;
  for (const name of CHECK_DRAFTS) {
    const draft = draftNamed(name);
    const lang = draft.lang === 'fr' ? 'fr' : 'en';
    const run = (engine) => ({ sync: engine.sync, fn: () => engine.check(draft.text, lang) });
    const [pvUs, harperUs, textlintUs] = await sideBySide([run(pv), run(harper), run(textlint)], CHECK_RUNS);
    const findings = await Promise.all([pv, harper, textlint].map(async (e) => `${e.name} ${await e.check(draft.text, lang)}`));
    notes.push(`findings on "${name}": ${findings.join(', ')}.`);
    const what = `full check, ${lang === 'fr' ? 'French' : 'English'} ${chars(draft.text).toLocaleString('en-US')} chars ("${name}")`;
    row(`${what}, vs harper.js`, formatTime(pvUs), `harper.js ${formatTime(harperUs)}`, formatRatio(harperUs / pvUs),
      `≥ ${TARGET.harper}×`, met(harperUs / pvUs >= TARGET.harper));
    row(`${what}, vs textlint`, formatTime(pvUs), `textlint ${formatTime(textlintUs)}`, formatRatio(textlintUs / pvUs),
      `≥ ${TARGET.textlint}×`, met(textlintUs / pvUs >= TARGET.textlint));
  }
  const cold = coldStarts(['porteVoix', 'harper', 'textlint']);
  for (const key of ['harper', 'textlint']) {
    const runs = COLD_RUNS === 1 ? 'one fresh process' : `median of ${COLD_RUNS} fresh processes`;
    row(`engine start: cold import to first full check (English ${chars(draftNamed(COLD_DRAFT).text)} chars), ${runs}, vs ${engines[key].name}`,
      formatTime(cold.porteVoix * 1000), `${engines[key].name} ${formatTime(cold[key] * 1000)}`, formatRatio(cold[key] / cold.porteVoix));
  }
  notes.push('harper.js checks English only (American dialect here): on the French drafts it reports French words as ' +
    'misspelled English, yet its time is a time to full feedback all the same.');
  notes.push(`textlint rules: ${TEXTLINT_RULES.map((r) => r.replace(/^textlint-rule-/, '')).join(', ')} (default options, plain-text plugin).`);
  notes.push('Porte-voix full check = what the overlay asks per keystroke: `analyze` (count + every check of the sample ' +
    'guide) and `suggestHashtags`, for X.');
  return { harper: harper.version, textlint: textlint.version };
}

// ---------------------------------------------------------------------------------------------------------
// Size and the extension's figures

/** Bytes of `file` gzipped at -9 by the gzip program, as tools/build.sh reports it (zlib's when gzip is absent). */
function gzippedBytes(file) {
  try {
    return execFileSync('gzip', ['-9', '-c', fileURLToPath(file)], { maxBuffer: 1 << 30 }).length;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    return gzipSync(readFileSync(file), { level: 9 }).length;
  }
}

function sizeRows() {
  const raw = readFileSync(ENGINE).length;
  const gzipped = gzippedBytes(ENGINE);
  const harperWasm = new URL('node_modules/harper.js/dist/harper_wasm_bg.wasm', ROOT);
  row('wasm engine, raw', formatBytes(raw), `harper.js wasm ${formatBytes(readFileSync(harperWasm).length)}`);
  row('wasm engine, gzipped (gzip -9)', formatBytes(gzipped), `harper.js wasm ${formatBytes(gzippedBytes(harperWasm))}`,
    '—', `< ${formatBytes(TARGET.wasmGzipBytes)} (${TARGET.wasmGzipBytes.toLocaleString('en-US')} bytes)`, met(gzipped < TARGET.wasmGzipBytes));
  if (existsSync(PLANNER)) {
    row('wasm planner (loaded with the plan), raw / gzipped', `${formatBytes(readFileSync(PLANNER).length)} / ${formatBytes(gzippedBytes(PLANNER))}`);
  }
  const dist = new URL('dist/', ROOT);
  for (const zip of readdirSync(dist).filter((n) => n.endsWith('.zip')).sort()) {
    row(`dist/${zip}`, formatBytes(readFileSync(new URL(zip, dist)).length));
  }
}

function extensionRows() {
  const { files, errors } = readResultFiles();
  for (const expected of EXTENSION_RESULTS) {
    if (!files[expected.file]) row(`${expected.what}`, `not measured in this run (no bench/results/${expected.file}.json from ${expected.from})`);
  }
  for (const [name, file] of Object.entries(files)) {
    const when = file.measured.slice(0, 10);
    for (const r of file.rows) {
      const value = `${r.value.toLocaleString('en-US')} ${r.unit}`;
      row(`${r.what} (bench/results/${name}.json, ${when})`, value, '—', '—',
        r.budget === null ? '—' : `≤ ${r.budget.toLocaleString('en-US')} ${r.unit}`, r.budget === null ? '—' : met(r.value <= r.budget));
    }
    if (file.machine) notes.push(`bench/results/${name}.json was measured on: ${file.machine}.`);
  }
  for (const error of errors) row(`(unreadable result file) ${error.message}`, 'not measured in this run');
}

// ---------------------------------------------------------------------------------------------------------

const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
const pvVersion = await countingRows();
const versions = await checkingRows();
sizeRows();
extensionRows();

console.log(`Peer table, ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC${QUICK ? ' (--quick: a smoke run, not figures to quote)' : ''}`);
console.log(`Machine: ${cpu}, ${os.cpus().length} cores, load average ${load} at start; Node ${process.version}`);
console.log(`Porte-voix ${pvVersion} (dist/node wasm); twitter-text ${packageVersion('twitter-text')}, @atproto/api ${packageVersion('@atproto/api')}, ` +
  `harper.js ${versions.harper}, @textlint/kernel ${versions.textlint}; corpus tests/corpus/drafts.json (${corpus.length} drafts)`);
console.log('');
printTable();
console.log('');
for (const note of notes) console.log(`- ${note}`);
