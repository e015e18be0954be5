// The report page (extension/reports/reports.html): storage.local seeded with a calendar, an analytics
// import, follower counts and a reply log; each chart's bars and points must carry the figures this test
// computes on its own from the same data (by the rules of crate/core/src/plan/analysis/report.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeInBrowsers, waitFor } from './browsers.mjs';

const FROM = '2026-03-01';
const TO = '2026-03-31';
/** Well inside the period whatever the browser's zone (the page counts from local midnights). */
const inPeriod = (iso) => iso >= '2026-03-02' && iso < '2026-03-30';

const meta = (id, deleted = false) => ({ id, created: '2026-02-01T10:00:00Z', updated: '2026-02-01T10:00:00Z', clock: { seed: 1 }, ...(deleted ? { deleted: true } : {}) });
const post = (id, networks, at, status, pillar, extra = {}) => ({
  meta: meta(id, extra.deleted),
  text: `Publication ${id}`,
  networks,
  status,
  ...(at ? { schedule: { at, zone: 'Europe/Paris' } } : {}),
  ...(pillar ? { pillar } : {}),
  ...(extra.publishedAt ? { metrics: { publishedAt: extra.publishedAt } } : {}),
});

const POSTS = [
  post('p1', ['x', 'linkedin'], '2026-03-05T09:00:00Z', 'scheduled', 'atelier'),
  post('p2', ['x'], '2026-03-09T09:00:00Z', 'published', 'ville', { publishedAt: '2026-03-10T12:00:00Z' }),
  post('p3', ['mastodon'], '2026-03-20T08:00:00Z', 'draft', 'offres'),
  post('p4', ['x'], '2026-03-24T08:00:00Z', 'approved', 'atelier'),
  post('p5', ['x'], '2026-04-15T08:00:00Z', 'scheduled', 'atelier'),
  post('p6', ['instagram'], null, 'idea', 'ville'),
  post('p7', ['x'], '2026-03-12T08:00:00Z', 'scheduled', 'ville', { deleted: true }),
];

const record = (network, posted_at, impressions, engagements, text) => ({
  network, posted_at, time_known: true, impressions, engagements, engagement_rate: impressions ? engagements / impressions : null, text,
});
const HISTORY = [
  record('x', '2026-03-03T10:00:00Z', 1000, 50, 'Cinq pour cent'),
  record('x', '2026-03-07T10:00:00Z', 400, 40, 'Dix pour cent'),
  record('x', '2026-03-15T10:00:00Z', 2000, 20, 'Un pour cent'),
  record('linkedin', '2026-03-04T08:00:00Z', 500, 35, 'Sept pour cent'),
  record('linkedin', '2026-03-18T08:00:00Z', 80, 40, 'Trop peu vue pour être classée'),
  record('linkedin', '2026-03-25T08:00:00Z', 3000, 60, 'Deux pour cent'),
  record('x', '2026-02-10T10:00:00Z', 900, 90, 'Hors période'),
];

const FOLLOWERS = [
  { network: 'x', at: '2026-03-02T00:00:00Z', followers: 1200 },
  { network: 'x', at: '2026-03-16T00:00:00Z', followers: 1260 },
  { network: 'x', at: '2026-03-29T00:00:00Z', followers: 1290 },
  { network: 'linkedin', at: '2026-03-03T00:00:00Z', followers: 800 },
  { network: 'linkedin', at: '2026-03-28T00:00:00Z', followers: 780 },
  { network: 'x', at: '2026-02-20T00:00:00Z', followers: 1100 },
];

const minutesLater = (iso, minutes) => new Date(Date.parse(iso) + minutes * 60000).toISOString();
const REPLIES = [
  ...[10, 30, 50].map((m, i) => ({ class: 'complaint', receivedAt: `2026-03-0${i + 3}T09:00:00Z`, repliedAt: minutesLater(`2026-03-0${i + 3}T09:00:00Z`, m) })),
  { class: 'complaint', receivedAt: '2026-03-20T09:00:00Z' },
  ...[5, 125].map((m, i) => ({ class: 'question', receivedAt: `2026-03-1${i}T09:00:00Z`, repliedAt: minutesLater(`2026-03-1${i}T09:00:00Z`, m) })),
  { class: 'praise', receivedAt: '2026-03-11T09:00:00Z', repliedAt: '2026-03-11T10:00:00Z' },
];

// ---- the figures, computed here from the data above ----

/** When a post counts: its publication time when published and known, else its scheduled time. */
const postTime = (p) => (p.status === 'published' && p.metrics?.publishedAt) || p.schedule?.at || null;
const livePosts = POSTS.filter((p) => !p.meta.deleted && postTime(p) && inPeriod(postTime(p)));
const history = HISTORY.filter((r) => inPeriod(r.posted_at));

function expectedPostsPerNetwork() {
  const rows = {};
  const row = (n) => (rows[n] ??= { planned: 0, published: 0, history: 0 });
  for (const p of livePosts) for (const n of new Set(p.networks)) row(n)[p.status === 'published' ? 'published' : 'planned'] += 1;
  for (const r of history) row(r.network).history += 1;
  return rows;
}

function expectedRates() {
  const sums = {};
  for (const r of history.filter((r) => r.impressions > 0)) {
    for (const key of [r.network, 'overall']) {
      sums[key] ??= { impressions: 0, engagements: 0 };
      sums[key].impressions += r.impressions;
      sums[key].engagements += r.engagements;
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, s.engagements / s.impressions]));
}

function expectedRanking() {
  const ranked = history.filter((r) => r.impressions >= 100).map((r) => r.engagements / r.impressions);
  const byRate = [...ranked].sort((a, b) => b - a);
  const best = byRate.slice(0, 3);
  const worst = byRate.slice(3).sort((a, b) => a - b).slice(0, 3);
  return { best, worst };
}

function expectedFollowers() {
  const series = {};
  for (const s of FOLLOWERS.filter((s) => inPeriod(s.at)).sort((a, b) => a.at.localeCompare(b.at))) (series[s.network] ??= []).push(s.followers);
  return series;
}

/** The sample guide's pillars (the page's engine uses it when no guide is stored): id → target share. */
function samplePillars() {
  const toml = readFileSync(new URL('../../crate/core/src/guide/sample.toml', import.meta.url), 'utf8');
  const targets = {};
  for (const block of toml.split('[[pillars]]').slice(1)) targets[block.match(/^id = "([^"]+)"/m)[1]] = Number(block.match(/^share = (\d+)/m)[1]);
  return targets;
}

function expectedMix() {
  const counts = {};
  for (const p of livePosts) counts[p.pillar] = (counts[p.pillar] ?? 0) + 1;
  return Object.fromEntries(Object.entries(samplePillars()).map(([id, target]) => [id, { share: ((counts[id] ?? 0) * 100) / livePosts.length, target }]));
}

function expectedReplies() {
  const out = {};
  for (const cls of ['complaint', 'question', 'praise']) {
    const waits = REPLIES.filter((r) => r.class === cls && r.repliedAt).map((r) => (Date.parse(r.repliedAt) - Date.parse(r.receivedAt)) / 60000).sort((a, b) => a - b);
    const n = waits.length;
    const median = n % 2 ? waits[(n - 1) / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    const p90 = waits[Math.max(1, Math.ceil((90 * n) / 100)) - 1];
    out[cls] = { median, p90 };
  }
  return out;
}

// ---- reading the page ----

/** Every figure the charts carry (page world). */
function chartFigures() {
  const bars = (section) =>
    [...document.querySelectorAll(`#${section} rect[data-category]`)].map((r) => ({
      category: r.dataset.category,
      series: r.dataset.series,
      value: r.dataset.value === undefined ? null : Number(r.dataset.value),
      kind: r.closest('svg').dataset.kind ?? null,
      width: Number(r.getAttribute('width')),
    }));
  return {
    posts: bars('posts'),
    engagement: bars('engagement'),
    ranking: bars('ranking'),
    mix: bars('mix'),
    markers: [...document.querySelectorAll('#mix line.marker')].map((l) => ({ category: l.closest('g').dataset.category, value: Number(l.dataset.value) })),
    replies: bars('replies'),
    followers: [...document.querySelectorAll('#followers circle[data-series]')].map((c) => ({ series: c.dataset.series, value: Number(c.dataset.value), at: c.dataset.at })),
    svgCount: document.querySelectorAll('svg.chart').length,
    error: document.getElementById('error').textContent,
    repliesNote: document.querySelector('#replies p.note').textContent,
    printHides: [...document.styleSheets].flatMap((s) => [...s.cssRules]).some((r) => r.media?.mediaText === 'print' && r.cssText.includes('.controls')),
  };
}

const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describeInBrowsers('report page', (ctx) => {
  test('every chart shows the figures of the seeded calendar, analytics, followers and replies', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('options/options.html'));
    const items = { history: { version: 1, records: HISTORY, importedAt: '2026-04-01T00:00:00Z' }, followers: { version: 1, samples: FOLLOWERS }, replyLog: { version: 1, entries: REPLIES } };
    for (const p of POSTS) items[`plan.post.${p.meta.id}`] = p;
    await session.evaluate(async (seed) => (globalThis.browser ?? globalThis.chrome).storage.local.set(seed), items);
    // The options page links to the report.
    const link = await session.evaluate(() => document.getElementById('open-report')?.getAttribute('href'));
    assert.equal(link, '../reports/reports.html');

    await session.open(session.extensionUrl(`reports/reports.html?from=${FROM}&to=${TO}`));
    await waitFor(() => session.evaluate(() => document.body.dataset.ready ?? ''), (r) => r === 'true', { timeout: 20000, what: 'the report page to draw' });
    const page = await session.evaluate(chartFigures);
    assert.equal(page.error, '');
    assert.equal(page.svgCount, 7, 'posts, engagement, best, worst, followers, mix and replies');

    // Posts per network: planned, published, analytics.
    const posts = expectedPostsPerNetwork();
    assert.deepEqual([...new Set(page.posts.map((b) => b.category))].sort(), Object.keys(posts).sort());
    for (const bar of page.posts) assert.equal(bar.value, posts[bar.category][bar.series], `${bar.category} ${bar.series}`);

    // Engagement rate: a ratio of sums, per network and overall.
    const rates = expectedRates();
    assert.deepEqual(page.engagement.map((b) => b.category).sort(), Object.keys(rates).sort());
    for (const bar of page.engagement) close(bar.value, rates[bar.category], `rate of ${bar.category}`);

    // Best and worst posts by rate.
    const ranking = expectedRanking();
    const rankedOf = (kind) => page.ranking.filter((b) => b.kind === kind).map((b) => b.value);
    assert.equal(rankedOf('best').length, ranking.best.length);
    rankedOf('best').forEach((v, i) => close(v, ranking.best[i], `best #${i + 1}`));
    assert.equal(rankedOf('worst').length, ranking.worst.length);
    rankedOf('worst').forEach((v, i) => close(v, ranking.worst[i], `worst #${i + 1}`));

    // Follower growth: the counts of the period, oldest first.
    const followers = expectedFollowers();
    for (const [network, values] of Object.entries(followers)) {
      assert.deepEqual(page.followers.filter((p) => p.series === network).map((p) => p.value), values, network);
    }
    assert.equal(page.followers.length, Object.values(followers).flat().length);

    // Pillar mix: share of the period's posts, the guide's target as a marker.
    const mix = expectedMix();
    for (const [id, { share, target }] of Object.entries(mix)) {
      close(page.mix.find((b) => b.category === id).value, share, `share of ${id}`);
      assert.equal(page.markers.find((m) => m.category === id).value, target, `target of ${id}`);
    }

    // Reply times: median and 90th percentile per class; the unanswered complaint is listed.
    const replies = expectedReplies();
    for (const [cls, { median, p90 }] of Object.entries(replies)) {
      close(page.replies.find((b) => b.category === cls && b.series === 'median').value, median, `${cls} median`);
      close(page.replies.find((b) => b.category === cls && b.series === 'p90').value, p90, `${cls} p90`);
    }
    assert.ok(page.repliesNote.length > 0, 'the unanswered complaint is mentioned');

    // Bars are drawn to scale: in one chart, a bar twice the value is twice as long.
    const [a, b] = page.engagement;
    close(a.width / b.width, a.value / b.value, 'bar lengths in proportion');
    assert.ok(page.printHides, 'print styles hide the controls');
  });

  test('changing the period redraws: a month without data says so', async () => {
    const { session } = ctx;
    await session.open(session.extensionUrl('reports/reports.html?from=2025-01-01&to=2025-01-31'));
    await waitFor(() => session.evaluate(() => document.body.dataset.ready ?? ''), (r) => r === 'true', { timeout: 20000, what: 'the report page to draw' });
    const empty = await session.evaluate(() => ({ bars: document.querySelectorAll('#posts rect[data-category]').length, message: document.querySelector('#posts .empty')?.textContent ?? '' }));
    assert.equal(empty.bars, 0);
    assert.ok(empty.message.length > 0);
    // Picking dates on the page itself redraws with the seeded month.
    await session.evaluate(() => {
      const set = (id, value) => {
        const input = document.getElementById(id);
        input.value = value;
        input.dispatchEvent(new Event('change'));
      };
      set('from', '2026-03-01');
      set('to', '2026-03-31');
    });
    const drawn = await waitFor(() => session.evaluate(() => document.querySelectorAll('#posts rect[data-category]').length), (n) => n > 0, { what: 'the posts chart after a date change' });
    assert.equal(drawn, Object.keys(expectedPostsPerNetwork()).length * 3);
  });

  test('a reply log imported on the page is read by the core, bad rows named by line, and redrawn', async () => {
    const { session } = ctx;
    const file = join(mkdtempSync(join(tmpdir(), 'porte-voix-replies-')), 'inbox.csv');
    const rows = [
      ['2026-03-16T09:00:00Z', '2026-03-16T09:15:00Z', 'urgent'],
      ['2026-03-17T09:00:00Z', 'not a time', 'urgent'],
      ['2026-03-18T09:00:00Z', '2026-03-18T09:45:00Z', 'urgent'],
      ['2026-03-19T09:00:00Z', '2026-03-19T10:05:00Z', 'urgent'],
    ];
    writeFileSync(file, ['received_at,replied_at,class', ...rows.map((r) => r.join(','))].join('\n'));
    await session.open(session.extensionUrl(`reports/reports.html?from=${FROM}&to=${TO}`));
    await waitFor(() => session.evaluate(() => document.body.dataset.ready ?? ''), (r) => r === 'true', { timeout: 20000, what: 'the report page to draw' });
    await session.setFile('#replies-file', file);
    await session.evaluate(() => document.getElementById('replies-import').click());
    const shown = await waitFor(
      () => session.evaluate(() => ({ status: document.getElementById('replies-report').textContent, problems: [...document.querySelectorAll('#replies-problems li')].map((li) => li.textContent), urgent: [...document.querySelectorAll('#replies rect[data-category="urgent"]')].map((r) => ({ series: r.dataset.series, value: Number(r.dataset.value) })) })),
      (s) => s.urgent.length > 0,
      { what: 'the replies chart after the import' },
    );
    assert.equal(shown.problems.length, 1, shown.problems.join('\n'));
    assert.ok(shown.problems[0].startsWith('inbox.csv:3: replied_at: '), shown.problems[0]);
    const waits = rows.filter((r) => !r[1].startsWith('not')).map(([a, b]) => (Date.parse(b) - Date.parse(a)) / 60000).sort((a, b) => a - b);
    assert.equal(shown.urgent.find((b) => b.series === 'median').value, waits[1]);
    assert.equal(shown.urgent.find((b) => b.series === 'p90').value, waits[2]);
    // The import replaced the stored log: the seeded complaints are gone from storage and from the chart.
    const stored = await session.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('replyLog')).replyLog.entries.length);
    assert.equal(stored, 3);
    assert.equal(await session.evaluate(() => document.querySelectorAll('#replies rect[data-category="complaint"]').length), 0);
  });

  test('follower counts imported on the page for the network typed in are drawn, bad rows named by line', async () => {
    const { session } = ctx;
    const file = join(mkdtempSync(join(tmpdir(), 'porte-voix-followers-')), 'audience.csv');
    const rows = [['2026-03-04', '500'], ['2026-03-11', 'beaucoup'], ['2026-03-18', '540'], ['2026-03-25', '575']];
    writeFileSync(file, ['Date;Followers', ...rows.map((r) => r.join(';'))].join('\n'));
    await session.open(session.extensionUrl(`reports/reports.html?from=${FROM}&to=${TO}`));
    await waitFor(() => session.evaluate(() => document.body.dataset.ready ?? ''), (r) => r === 'true', { timeout: 20000, what: 'the report page to draw' });
    await session.setFile('#followers-file', file);
    await session.evaluate(() => {
      document.getElementById('followers-network').value = 'mastodon';
      document.getElementById('followers-import').click();
    });
    const shown = await waitFor(
      () => session.evaluate(() => ({ problems: [...document.querySelectorAll('#followers-problems li')].map((li) => li.textContent), points: [...document.querySelectorAll('#followers circle[data-series]')].map((c) => ({ series: c.dataset.series, value: Number(c.dataset.value) })) })),
      (s) => s.points.some((p) => p.series === 'mastodon'),
      { what: 'the follower chart after the import' },
    );
    assert.equal(shown.problems.length, 1, shown.problems.join('\n'));
    assert.ok(shown.problems[0].startsWith('audience.csv:3: followers: '), shown.problems[0]);
    assert.deepEqual(shown.points.map((p) => p.value), rows.filter(([, n]) => /^\d+$/.test(n)).map(([, n]) => Number(n)), 'the import replaced the seeded counts');
    assert.ok(shown.points.every((p) => p.series === 'mastodon'));
  });
});
