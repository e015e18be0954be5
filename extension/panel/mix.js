// The pillar mix: each pillar's share of the posts over a chosen period against its target, as an
// SVG bar chart (built element by element) and a table, from the core's analysis (store.pillarMix).
// The period follows the calendar's visible range until the user picks dates.
import { el, svg } from './dom.js';
import { dayKey } from './dates.js';

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 110;
const BAR_WIDTH = 180;
const PALETTE = ['#c2410c', '#2563eb', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4b5563'];

/** Returns `{ element, update(from, to) }`; `update` gives the calendar's range (RFC 3339). */
export function pillarMixPanel(context) {
  const { t, store } = context;
  const from = el('input', { type: 'date', name: 'mix-from', 'aria-label': t('calMixFrom') });
  const to = el('input', { type: 'date', name: 'mix-to', 'aria-label': t('calMixTo') });
  const follow = el('input', { type: 'checkbox', name: 'mix-follow', checked: true });
  const chart = el('div', { class: 'mix-chart' });
  const summary = el('p', { class: 'muted mix-summary' });
  const element = el(
    'details',
    { class: 'cal-mix' },
    el('summary', {}, t('calMixTitle')),
    el('div', { class: 'row' }, el('label', {}, t('calMixFrom'), ' ', from), el('label', {}, t('calMixTo'), ' ', to), el('label', {}, follow, ' ', t('calMixFollow'))),
    summary,
    chart,
  );
  let range = null;

  /** The period chosen: the calendar's range, or the dates typed (the end day included). */
  function period() {
    if (follow.checked || !from.value || !to.value) return range;
    const local = (value, days) => {
      const [y, m, d] = value.split('-').map(Number);
      return new Date(y, m - 1, d + days).toISOString();
    };
    return { from: local(from.value, 0), to: local(to.value, 1) };
  }

  function draw() {
    const p = period();
    // While the calendar is still loading, the mix waits for it (the calendar updates it then).
    if (!p || !element.open || store.partial) return;
    let mix;
    try {
      mix = store.pillarMix(p.from, p.to);
    } catch (e) {
      summary.textContent = String(e?.message ?? e);
      return;
    }
    summary.textContent = t('calMixSummary', [String(mix.posts)]);
    chart.replaceChildren(mix.rows.length ? barChart(mix, store.pillars()) : el('p', { class: 'muted' }, t('calMixEmpty')));
  }

  function barChart(mix, pillars) {
    const colour = (row, i) => pillars.find((p) => p.meta.id === row.pillar)?.color ?? PALETTE[i % PALETTE.length];
    const height = mix.rows.length * ROW_HEIGHT + 18;
    const width = LABEL_WIDTH + BAR_WIDTH + 90;
    const x = (percent) => LABEL_WIDTH + (BAR_WIDTH * Math.min(100, Math.max(0, percent))) / 100;
    const rows = mix.rows.map((row, i) => {
      const y = i * ROW_HEIGHT;
      const shareText = `${row.share.toFixed(0)} %${row.target !== undefined ? ` / ${row.target.toFixed(0)} %` : ''}`;
      const verdict = row.verdict ? t(`calMix${row.verdict[0].toUpperCase()}${row.verdict.slice(1)}`) : '';
      return svg(
        'g',
        { class: `mix-row${row.verdict ? ` verdict-${row.verdict}` : ''}`, 'data-pillar': row.pillar ?? '', 'data-share': row.share, 'data-target': row.target, 'data-posts': row.posts },
        svg('title', {}, [row.name, shareText, verdict].filter(Boolean).join(' · ')),
        svg('text', { x: LABEL_WIDTH - 6, y: y + 15, 'text-anchor': 'end', class: 'mix-label' }, row.name),
        svg('rect', { x: LABEL_WIDTH, y: y + 4, width: BAR_WIDTH, height: ROW_HEIGHT - 8, class: 'mix-track' }),
        svg('rect', { x: LABEL_WIDTH, y: y + 4, width: x(row.share) - LABEL_WIDTH, height: ROW_HEIGHT - 8, fill: colour(row, i), class: 'mix-bar' }),
        row.target !== undefined ? svg('line', { x1: x(row.target), x2: x(row.target), y1: y + 1, y2: y + ROW_HEIGHT - 1, class: 'mix-target' }) : null,
        svg('text', { x: LABEL_WIDTH + BAR_WIDTH + 6, y: y + 15, class: 'mix-value' }, shareText),
      );
    });
    const legend = svg(
      'g',
      { class: 'mix-legend' },
      svg('line', { x1: LABEL_WIDTH, x2: LABEL_WIDTH, y1: height - 12, y2: height - 2, class: 'mix-target' }),
      svg('text', { x: LABEL_WIDTH + 6, y: height - 3, class: 'mix-value' }, t('calMixTarget')),
    );
    return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': t('calMixTitle'), class: 'mix-svg' }, ...rows, legend);
  }

  follow.addEventListener('change', draw);
  from.addEventListener('change', () => { follow.checked = false; draw(); });
  to.addEventListener('change', () => { follow.checked = false; draw(); });
  element.addEventListener('toggle', draw);

  return {
    element,
    /** The calendar shows [from, to): follow it unless the user chose dates. */
    update(rangeFrom, rangeTo) {
      range = { from: rangeFrom, to: rangeTo };
      if (follow.checked) {
        from.value = dayKey(new Date(rangeFrom));
        to.value = dayKey(new Date(new Date(rangeTo) - 1));
      }
      draw();
    },
  };
}
