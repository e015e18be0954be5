// Counting speed: the wasm build (dist/node, the engine the extension ships) against npm twitter-text's
// parseTweet, on the same drafts (tests/corpus/drafts.json), run side by side in one process so that the
// ratio holds on a noisy machine. Also the engine's start time (compile + instantiate), in fresh processes.
//
//   node bench/count.bench.mjs            prints a table of medians
//
// Each figure is the median over many batches of the time per call; batches alternate between the two
// implementations.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadEngine } from '../dist/node/index.mjs';

const require = createRequire(import.meta.url);
const twitterText = require('twitter-text');
const corpus = JSON.parse(readFileSync(new URL('../tests/corpus/drafts.json', import.meta.url), 'utf8'));
const engine = loadEngine();

const BATCHES = 41;
const TARGET_BATCH_MS = 4;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Calls per batch so that one batch lasts about TARGET_BATCH_MS. */
function calibrate(fn) {
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - start > TARGET_BATCH_MS || n > 1e6) return n;
    n *= 2;
  }
}

/** Median microseconds per call of each function, measured in alternating batches. */
function compare(fns) {
  const sizes = fns.map(calibrate);
  const samples = fns.map(() => []);
  for (let b = 0; b < BATCHES; b++) {
    fns.forEach((fn, i) => {
      const start = performance.now();
      for (let k = 0; k < sizes[i]; k++) fn();
      samples[i].push(((performance.now() - start) * 1000) / sizes[i]);
    });
  }
  return samples.map(median);
}

function engineStartMs() {
  const script = "import('./dist/node/index.mjs').then(m => console.log(m.loadEngine().startMs))";
  const runs = Array.from({ length: 7 }, () =>
    Number(execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url), encoding: 'utf8' })),
  );
  return median(runs);
}

/** Runs every function for about `ms` so that V8 has tiered the wasm and the JS up before timing. */
function warmUp(fns, ms = 300) {
  const end = performance.now() + ms;
  while (performance.now() < end) for (const fn of fns) fn();
}

warmUp(corpus.flatMap((d) => [() => engine.count(d.text, 'x'), () => twitterText.parseTweet(d.text)]));

const rows = [];
for (const draft of corpus.filter((d) => d.text.length > 0)) {
  const text = draft.text;
  const pv = engine.count(text, 'x');
  const tt = twitterText.parseTweet(text);
  const [pvUs, ttUs] = compare([() => engine.count(text, 'x'), () => twitterText.parseTweet(text)]);
  rows.push({
    draft: draft.name,
    chars: [...text].length,
    'porte-voix µs': pvUs.toFixed(2),
    'twitter-text µs': ttUs.toFixed(2),
    speed: `${(ttUs / pvUs).toFixed(1)}×`,
    'same length': pv.length === tt.weightedLength ? 'yes' : `NO (${pv.length} vs ${tt.weightedLength})`,
  });
}
console.table(rows);
console.log('A "same length: NO" row comes from emoji newer than twitter-text 3.1.0\'s data (e.g. the Emoji 13.1 sequence ' +
  '❤️‍🔥): Porte-voix counts every RGI sequence as 2, as X\'s rule says; the npm package counts its parts.');
const short = rows.filter((r) => r.chars <= 400);
const shortMedian = median(short.map((r) => Number(r['porte-voix µs'])));
console.log(`median over drafts of ≤ 400 chars: porte-voix ${shortMedian.toFixed(2)} µs per count (budget 20 µs), ` +
  `twitter-text ${median(short.map((r) => Number(r['twitter-text µs']))).toFixed(2)} µs`);
// A full check (count + every editorial-line check of the sample guide): what a keystroke costs.
const checkRows = corpus.filter((d) => d.text.length > 0).map((d) => {
  const context = { network: 'x', lang: d.lang === 'en' ? 'en' : 'fr' };
  warmUp([() => engine.analyze(d.text, context)], 100);
  const [us] = compare([() => engine.analyze(d.text, context)]);
  return { draft: d.name, chars: [...d.text].length, 'full check µs (wasm)': us.toFixed(1) };
});
console.table(checkRows);
const shortChecks = checkRows.filter((r) => r.chars <= 400).map((r) => Number(r['full check µs (wasm)']));
console.log(`median full check of drafts ≤ 400 chars: ${median(shortChecks).toFixed(1)} µs (aim 50 µs)`);
console.log(`engine start (compile + instantiate, fresh process, median of 7): ${engineStartMs().toFixed(1)} ms (budget 50 ms)`);
