// The report page: over a chosen period, posts per network, engagement rate, best and worst posts,
// follower growth, pillar mix and reply times, as SVG charts (./charts.js) on a printable page.
//
// The figures all come from the core (`engine.report`, crate/core/src/plan/analysis/report.rs); this
// page only gathers the data from storage.local and draws. Data read:
// - the calendar (`plan.*` items) through the PlanStore, as the side panel reads it;
// - `history`: the analytics imports (`{ version: 1, records }`, written by the options page);
// - `followers`: follower counts `{ version: 1, samples: [{ network, at, followers }] }`, imported on
//   this page from a CSV (a network's audience export or a sheet; read by the core);
// - `replyLog`: comments and when they were answered `{ version: 1, entries: [{ receivedAt, repliedAt?, class }] }`,
//   imported on this page from a CSV (an inbox export or a team's spreadsheet; read by the core);
// - `guide`: the style guide, for the pillars and their targets.
import { PorteVoixEngine } from '../engine/engine.js';
import { PlanStore } from '../plan/store.js';
import { localise, t, uiLang } from '../pages/i18n.js';
import { barChart, lineChart } from './charts.js';

const api = globalThis.browser ?? globalThis.chrome;
const lang = uiLang();
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: zone });

/** A stored record's list, when the record has the expected version. */
const listOf = (record, field) => (record?.version === 1 && Array.isArray(record[field]) ? record[field] : []);

const percent = (rate) => `${numbers.format(rate * 100)} %`;
const count = (n) => numbers.format(n);
/** Minutes as "45 min" or "2,5 h". */
const duration = (minutes) => (minutes < 60 ? `${numbers.format(minutes)} min` : `${numbers.format(minutes / 60)} h`);

/** `yyyy-mm-dd` of a local date. */
function isoDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `yyyy-mm-dd` day. */
function midnight(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** Sets the date inputs from the preset (`7`, `30`, `90` days up to today, this month, last month). */
function applyPreset(preset) {
  const today = new Date();
  let from;
  let to = today;
  if (preset === 'this-month') {
    from = new Date(today.getFullYear(), today.getMonth(), 1);
  } else if (preset === 'last-month') {
    from = new Date(today.getFullYear(), today.getMonth() - 1, 1);
    to = new Date(today.getFullYear(), today.getMonth(), 0);
  } else if (preset !== 'custom') {
    from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - Number(preset) + 1);
  }
  if (from) {
    document.getElementById('from').value = isoDay(from);
    document.getElementById('to').value = isoDay(to);
  }
}

/** The period of the inputs: from the first day's midnight to the day after the last one. */
function period() {
  const from = midnight(document.getElementById('from').value);
  const end = midnight(document.getElementById('to').value);
  const to = new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Replaces section `id`'s chart (and note) with `content` (a node, or a "no data" message). */
function fill(id, content, note) {
  const section = document.getElementById(id);
  const box = section.querySelector('.chart-box');
  if (content) {
    box.replaceChildren(content);
  } else {
    const empty = document.createElement('p');
    empty.className = 'muted empty';
    empty.textContent = t(`${id === 'mix' ? 'reportNoPillars' : 'reportNoData'}`);
    box.replaceChildren(empty);
  }
  const noteEl = section.querySelector('p.note');
  if (noteEl && note !== undefined) noteEl.textContent = note;
}

function drawPosts(report) {
  const series = [
    { key: 'planned', label: t('reportPlanned'), className: 'planned' },
    { key: 'published', label: t('reportPublished'), className: 'published' },
    { key: 'history', label: t('reportHistory'), className: 'history' },
  ];
  const categories = report.networks.map((n) => ({ key: n.network, label: n.name, row: n }));
  fill('posts', categories.length ? barChart({ label: t('reportPosts'), categories, series, value: (c, s) => c.row[s.key], format: count }) : null);
}

function drawEngagement(report) {
  const rows = [...report.engagement, report.overall].filter((e) => e.rate !== null && e.rate !== undefined);
  const names = Object.fromEntries(report.networks.map((n) => [n.network, n.name]));
  const categories = rows.map((e) => ({ key: e.network ?? 'overall', label: e.network ? names[e.network] ?? e.network : t('reportOverall'), row: e }));
  const chart = categories.length
    ? barChart({ label: t('reportEngagement'), categories, series: [{ key: 'rate', label: t('reportRate'), className: 'rate' }], value: (c) => c.row.rate, format: percent })
    : null;
  const o = report.overall;
  fill('engagement', chart, t('reportEngagementNote', [count(o.engagements), count(o.impressions), count(o.withImpressions)]));
}

function drawRanking(report) {
  const box = document.createElement('div');
  for (const [kind, posts] of [['best', report.best], ['worst', report.worst]]) {
    if (!posts.length) continue;
    const h3 = document.createElement('h3');
    h3.textContent = t(kind === 'best' ? 'reportBest' : 'reportWorst');
    const categories = posts.map((p, i) => ({ key: `${kind}-${i}`, label: `${dates.format(new Date(p.at))} · ${p.excerpt ?? p.network}`, row: p }));
    const chart = barChart({ label: h3.textContent, categories, series: [{ key: 'rate', label: t('reportRate'), className: kind }], value: (c) => c.row.rate, format: percent, max: Math.max(...report.best.map((p) => p.rate), ...report.worst.map((p) => p.rate)) });
    chart.dataset.kind = kind;
    box.append(h3, chart);
  }
  fill('ranking', box.childElementCount ? box : null);
}

function drawFollowers(report) {
  const series = report.followers.filter((f) => f.series.length).map((f) => ({ key: f.network, label: f.network, points: f.series.map((p) => ({ at: new Date(p.at), value: p.followers })) }));
  const changes = report.followers
    .filter((f) => f.change !== null && f.change !== undefined)
    .map((f) => `${f.network} ${f.change >= 0 ? '+' : ''}${count(f.change)}${f.percent !== null && f.percent !== undefined ? ` (${numbers.format(f.percent)} %)` : ''}`);
  const chart = series.length ? lineChart({ label: t('reportFollowers'), series, format: count, formatDate: (d) => dates.format(d) }) : null;
  fill('followers', chart, changes.length ? t('reportFollowerChange', [changes.join(' · ')]) : '');
}

function drawMix(report) {
  const rows = report.mix.rows;
  const categories = rows.map((r) => ({ key: r.pillar ?? 'unassigned', label: r.pillar ? r.name : t('reportUnassigned'), row: r }));
  const chart = report.mix.posts
    ? barChart({
        label: t('reportMix'),
        categories,
        series: [{ key: 'share', label: t('reportShare'), className: 'share' }],
        value: (c) => c.row.share,
        format: (v) => `${numbers.format(v)} %`,
        marker: (c) => c.row.target ?? null,
      })
    : null;
  fill('mix', chart);
}

function drawReplies(report) {
  const rows = report.replies.filter((r) => r.comments > 0);
  const categories = rows.map((r) => ({ key: r.class, label: t(`triage_${r.class}`), row: r }));
  const chart = categories.some((c) => c.row.answered > 0)
    ? barChart({
        label: t('reportReplies'),
        categories,
        series: [
          { key: 'median', label: t('reportMedian'), className: 'median' },
          { key: 'p90', label: t('reportP90'), className: 'p90' },
        ],
        value: (c, s) => c.row[s.key === 'median' ? 'medianMinutes' : 'p90Minutes'] ?? null,
        format: duration,
      })
    : null;
  const waiting = rows.filter((r) => r.unanswered > 0).map((r) => `${t(`triage_${r.class}`)} ${r.unanswered} (${duration(r.oldestUnansweredMinutes)})`);
  fill('replies', chart, waiting.length ? t('reportUnanswered', [waiting.join(' · ')]) : '');
}

/** Computes and draws the report for the inputs' period. */
async function render(engine, data) {
  const error = document.getElementById('error');
  error.textContent = '';
  let report;
  try {
    report = await engine.report(data, { period: period(), zone, now: new Date().toISOString(), lang });
  } catch (e) {
    error.textContent = t('reportFailed', [String(e?.message ?? e)]);
    return;
  }
  // Posts of the calendar dated in the period, each counted once (the pillar mix counts exactly those).
  const posted = report.mix.posts;
  document.getElementById('summary').textContent = t('reportSummary', [dates.format(new Date(report.period.from)), dates.format(new Date(new Date(report.period.to).getTime() - 1)), zone, count(posted)]);
  drawPosts(report);
  drawEngagement(report);
  drawRanking(report);
  drawFollowers(report);
  drawMix(report);
  drawReplies(report);
  document.body.dataset.period = `${report.period.from}/${report.period.to}`;
}

/** Everything the report is computed from, from storage.local (the guide goes into the engine). */
async function gather(engine) {
  const stored = await api.storage.local.get(['guide', 'history', 'followers', 'replyLog']);
  if (stored.guide?.version === 1 && typeof stored.guide.source === 'string') engine.setGuide(stored.guide.source, stored.guide.format);
  const store = await PlanStore.open({ engine, storage: api.storage, lang });
  const { scheduled, unscheduled } = store.query({});
  store.close();
  return { posts: [...scheduled, ...unscheduled], history: listOf(stored.history, 'records'), followers: listOf(stored.followers, 'samples'), replies: listOf(stored.replyLog, 'entries') };
}

/**
 * The two files the page imports: the reply log and follower counts. Each is read by the core,
 * stored under its key (replacing the previous one) and becomes the report's data.
 */
const IMPORTS = {
  replies: { key: 'replyLog', list: 'entries', read: (engine, text) => engine.importReplyLog(text, zone) },
  followers: {
    key: 'followers',
    list: 'samples',
    read: (engine, text) => engine.importFollowers(text, zone, document.getElementById('followers-network').value.trim() || undefined),
  },
};

/** Imports the file chosen in section `name`, lists every skipped row with its line, stores and redraws. */
async function importFile(name, engine, data) {
  const { key, list, read } = IMPORTS[name];
  const file = document.getElementById(`${name}-file`).files[0];
  if (!file) return;
  const result = await read(engine, await file.text());
  document.getElementById(`${name}-problems`).replaceChildren(
    ...result.problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = `${file.name}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${lang === 'fr' ? p.fr : p.en}`;
      return li;
    }),
  );
  document.getElementById(`${name}-report`).textContent = t('reportImported', [String(result[list].length), String(result.problems.length)]);
  if (!result[list].length) return;
  await api.storage.local.set({ [key]: { version: 1, [list]: result[list], importedAt: new Date().toISOString(), source: file.name } });
  data[name] = result[list];
  await render(engine, data);
}

async function start() {
  localise();
  document.getElementById('followers-network').setAttribute('aria-label', t('reportFollowersNetwork'));
  const engine = await PorteVoixEngine.load(new URL('../engine/porte_voix_wasm_bg.wasm', import.meta.url));
  const data = await gather(engine);
  const preset = document.getElementById('preset');
  const params = new URLSearchParams(location.search);
  if (params.has('from') && params.has('to')) {
    preset.value = 'custom';
    document.getElementById('from').value = params.get('from');
    document.getElementById('to').value = params.get('to');
  } else {
    applyPreset(preset.value);
  }
  preset.addEventListener('change', () => {
    applyPreset(preset.value);
    render(engine, data);
  });
  for (const id of ['from', 'to']) {
    document.getElementById(id).addEventListener('change', () => {
      preset.value = 'custom';
      if (document.getElementById('from').value && document.getElementById('to').value) render(engine, data);
    });
  }
  document.getElementById('print').addEventListener('click', () => window.print());
  for (const name of Object.keys(IMPORTS)) document.getElementById(`${name}-import`).addEventListener('click', () => importFile(name, engine, data));
  await render(engine, data);
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('error').textContent = t('reportFailed', [String(error?.message ?? error)]);
});
