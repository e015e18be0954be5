// The side panel with a big calendar, in a real browser with the built extension: 5,000 posts in
// storage.local, then (1) opening the panel to the month view, from navigation start to the grid on
// screen (User Timing mark "pv-calendar-painted" set by extension/panel/calendar.js in the task after
// the frame that drew the grid; "pv-calendar-rendered", the grid built in the DOM, comes before
// style, layout and paint), and (2) saving
// one post from the calendar's quick edit form, from submit to the storage write resolved (measure
// "pv-post-save" in extension/panel/quick.js). Median and max over several runs, both browsers.
//
// Where the opening's time goes is printed from the marks the panel sets (all silent User Timing
// entries, see OPEN_MARKS): the panel's module running, the store's first view read from the
// month's snapshots ("plan-first") or, without snapshots, the whole calendar read and loaded
// ("plan-read", "plan-loaded"), the calendar mounting, built and on screen, the planner and engine
// wasm ready (after the paint when the snapshots served), and the rest of the calendar in
// ("plan-complete"). The calendar is seeded as records only;
// one opening first writes the snapshots, as any earlier use of the panel would have.
//
//   node bench/panel.bench.mjs                    both browsers
//   PV_BROWSERS=chromium node bench/panel.bench.mjs
//
// Budgets (issue 7): opening ≤ 200 ms, saving one post ≤ 20 ms. Writes bench/results/panel.json.
// Needs dist/ (tools/build.sh).
import { BROWSERS, launch, waitFor } from '../tests/browser/browsers.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const POSTS = 5000;
const OPEN_RUNS = 9;
const SAVE_RUNS = 15;
const OPEN_BUDGET = 200;
const SAVE_BUDGET = 20;
/** How long the page before each opening is left idle, in ms (see `openOnce`). */
const SETTLE_MS = 1000;

/** Page world: writes `count` posts spread over a year around today (about 400 a month). */
async function seed(count) {
  const api = globalThis.browser ?? globalThis.chrome;
  await api.storage.local.clear();
  const networks = ['x', 'linkedin', 'facebook', 'instagram', 'mastodon', 'bluesky'];
  const statuses = ['idea', 'draft', 'in-review', 'approved', 'scheduled', 'published'];
  const start = Date.now() - 182 * 86_400_000;
  const created = new Date().toISOString();
  const items = {};
  for (let i = 0; i < count; i += 1) {
    const id = `bench-${String(i).padStart(5, '0')}`;
    const at = new Date(start + Math.floor((i / count) * 365 * 86_400_000) + (i % 13) * 3_600_000);
    at.setUTCMinutes(0, 0, 0);
    const post = {
      meta: { id, created, updated: created, clock: { bench: 1 } },
      text: `Post ${i}: atelier vélo, réglage des freins et conseils pour rouler en hiver. #velo #atelier`,
      networks: [networks[i % networks.length]],
      status: statuses[i % statuses.length],
    };
    // One in ten is an unscheduled idea (the tray).
    if (i % 10 !== 9) post.schedule = { at: at.toISOString(), zone: 'Europe/Paris' };
    items[`plan.post.${id}`] = post;
  }
  await api.storage.local.set(items);
  return Object.keys(await api.storage.local.get(null)).length;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The User Timing marks of the opening, in the order they are set (see `openOnce`). */
const OPEN_MARKS = ['pv-panel-start', 'pv-plan-first', 'pv-calendar-mount', 'pv-calendar-rendered', 'pv-calendar-painted', 'pv-planner-ready', 'pv-engine-ready', 'pv-plan-read', 'pv-plan-loaded', 'pv-plan-complete'];

/**
 * Opens the panel on the calendar; returns the time of each mark of OPEN_MARKS set, ms since navigation
 * start, once the whole calendar is in (the grid is on screen before: "pv-calendar-painted").
 */
async function openOnce(session, run) {
  // A side panel opens in a fresh document: the last one was closed earlier, not torn down while
  // this one starts. So each opening starts from a light extension page left idle for a moment,
  // rather than straight from the last panel (whose teardown, 20-70 ms with 5,000 posts in its
  // wasm, would be counted in this opening's time).
  await session.open(session.extensionUrl(`options/options.html?idle=${run}`));
  await new Promise((idle) => setTimeout(idle, SETTLE_MS));
  // A new query each time: a fresh document (the same URL with a hash would not reload).
  await session.open(session.extensionUrl(`panel/panel.html?run=${run}#calendar`));
  // Until the whole calendar is in (the month shows before): the next opening starts on a quiet page.
  return waitFor(
    () =>
      session
        .evaluate((names) => {
          if (document.body.dataset.ready !== 'true') return null;
          return Object.fromEntries(names.map((name) => [name, performance.getEntriesByName(name)[0]?.startTime ?? null]));
        }, OPEN_MARKS)
        .catch(() => null), // the page may still be loading: ask again
    (t) => t !== null,
    { timeout: 30000, what: 'the calendar to render' },
  );
}

/** Opens the panel once and waits for the calendar's snapshots to be written (as after any earlier use). */
async function warmUp(session) {
  await openOnce(session, 'warm-up');
  await waitFor(
    () => session.evaluate(async () => Object.keys(await (globalThis.browser ?? globalThis.chrome).storage.local.get('plan.snap.head')).length),
    (n) => n === 1,
    { timeout: 30000, what: 'the calendar snapshots' },
  );
}

/** Edits the first chip of the month from the quick form; returns { save, withRender } in ms. */
async function saveOnce(session, run) {
  return session.evaluate(async (n) => {
    const chip = document.querySelector('#view-calendar .cal-grid .chip');
    chip.click();
    const form = document.querySelector('.cal-quick');
    const text = form.querySelector('[name=text]');
    text.value = `${text.value.replace(/ \(edit \d+\)$/, '')} (edit ${n})`;
    performance.clearMeasures('pv-post-save');
    const started = performance.now();
    form.requestSubmit();
    while (!performance.getEntriesByName('pv-post-save').length) await new Promise((r) => setTimeout(r, 0));
    const save = performance.getEntriesByName('pv-post-save')[0].duration;
    await new Promise((r) => requestAnimationFrame(() => r()));
    return { save, withRender: performance.now() - started };
  }, run);
}

/** For comparison: one storage.local.set of one post item, from the panel page, in ms (median of 15). */
async function rawWrite(session) {
  return session.evaluate(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const key = 'plan.bench.raw';
    const times = [];
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      await api.storage.local.set({ [key]: { text: `raw write ${i}`, at: new Date().toISOString() } });
      times.push(performance.now() - started);
    }
    await api.storage.local.remove(key);
    return times.sort((a, b) => a - b)[7];
  });
}

/** The machine and how busy it was: figures on a loaded machine are not the extension's. */
const machine = () => `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`;

const results = [];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
for (const name of BROWSERS) {
  const session = await launch(name);
  try {
    // Seeded from the options page: an open panel would take in 5,000 changes one by one.
    await session.open(session.extensionUrl('options/options.html'));
    const items = await session.evaluate(seed, POSTS);
    await warmUp(session);
    const marks = [];
    for (let run = 0; run < OPEN_RUNS; run += 1) marks.push(await openOnce(session, run));
    const opens = marks.map((m) => m['pv-calendar-painted']);
    const found = await session.evaluate(() => document.querySelectorAll('#view-calendar .chip').length);
    const saves = [];
    const withRender = [];
    for (let run = 0; run < SAVE_RUNS; run += 1) {
      const r = await saveOnce(session, run);
      saves.push(r.save);
      withRender.push(r.withRender);
    }
    const raw = await rawWrite(session);
    const open = median(opens.slice(1)); // the first open may still be compiling the wasm
    const save = median(saves);
    console.log(`${name}: ${items - 1} posts in storage.local, ${found} chips on the month (${machine()})`);
    console.log(`  open the side panel to the month view: median ${fmt(open)}, max ${fmt(Math.max(...opens.slice(1)))}, first ${fmt(opens[0])} (budget ${OPEN_BUDGET} ms) [${opens.map((v) => v.toFixed(0)).join(', ')}]`);
    // Where the opening's time goes: each mark's median time since navigation start (first run left out).
    const steps = OPEN_MARKS.map((name) => {
      const times = marks.slice(1).map((m) => m[name]).filter((v) => v !== null);
      return times.length ? `${name.replace(/^pv-/, '')} ${median(times).toFixed(0)}` : null;
    });
    console.log(`    marks (ms since navigation start, median): ${steps.filter(Boolean).join(' → ')}`);
    console.log(`  save one post: median ${fmt(save)}, max ${fmt(Math.max(...saves))} (budget ${SAVE_BUDGET} ms); with the month re-rendered: median ${fmt(median(withRender))}`);
    console.log(`  for comparison, one bare storage.local.set from the panel: median ${fmt(raw)}`);
    results.push({ what: `open the side panel to the month view on screen, 5,000 posts, ${name}, median`, value: Number(open.toFixed(1)), unit: 'ms', budget: OPEN_BUDGET });
    results.push({ what: `save one post, 5,000 posts, ${name}, median`, value: Number(save.toFixed(1)), unit: 'ms', budget: SAVE_BUDGET });
    results.push({ what: `bare storage.local.set of one item from the panel, ${name}, median`, value: Number(raw.toFixed(1)), unit: 'ms', budget: null });
    results.push({ what: `save one post and re-render the month, ${name}, median`, value: Number(median(withRender).toFixed(1)), unit: 'ms', budget: null });
  } finally {
    await session.close();
  }
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/panel.json', import.meta.url), `${JSON.stringify({ measured: new Date().toISOString(), machine: machine(), rows: results }, null, 2)}\n`);
