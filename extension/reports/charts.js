// SVG charts for the report page, built element by element (createElementNS, textContent: never
// markup from strings). Every bar and point carries its figure in data attributes (`data-category`,
// `data-series`, `data-value`) so the page's numbers can be read back exactly by tests and tools.

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element `name` with `attributes`. */
function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An empty chart `width`×`height` described by `label` for screen readers. */
function frame(width, height, label) {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'chart' });
  svg.append(el('title', {}, label));
  return svg;
}

/** Shortens `text` to `max` characters with an ellipsis. */
function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const LABEL_WIDTH = 230;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const GROUP_GAP = 10;
const WIDTH = 720;

/**
 * Horizontal grouped bars: one group per category, one bar per series.
 * - `categories`: `[{ key, label }]`;
 * - `series`: `[{ key, label, className }]`;
 * - `value(category, series)`: a number, or null for no figure (no bar, "—");
 * - `format(value)`: the text written after a bar;
 * - `max`: the value of a full-width bar (default: the largest value);
 * - `marker(category)`: optional value drawn as a vertical tick across the group (a target).
 */
export function barChart({ label, categories, series, value, format, max, marker }) {
  const groupHeight = series.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
  const legendHeight = series.length > 1 ? 22 : 0;
  const height = legendHeight + categories.length * groupHeight + 4;
  const svg = frame(WIDTH, height, label);
  const values = categories.flatMap((c) => series.map((s) => value(c, s))).filter((v) => v !== null && v !== undefined);
  const markers = marker ? categories.map(marker).filter((v) => v !== null && v !== undefined) : [];
  const top = max ?? Math.max(0, ...values, ...markers);
  const span = WIDTH - LABEL_WIDTH - 70;
  const scale = (v) => (top > 0 ? (Math.max(0, v) / top) * span : 0);
  if (legendHeight) {
    let x = LABEL_WIDTH;
    for (const s of series) {
      svg.append(el('rect', { x, y: 4, width: 10, height: 10, class: `bar ${s.className}` }));
      const text = el('text', { x: x + 14, y: 13, class: 'legend' }, s.label);
      svg.append(text);
      x += 24 + s.label.length * 7;
    }
  }
  categories.forEach((category, i) => {
    const y0 = legendHeight + i * groupHeight;
    const group = el('g', { 'data-category': category.key, class: 'group' });
    group.append(el('text', { x: LABEL_WIDTH - 8, y: y0 + BAR_HEIGHT - 3, 'text-anchor': 'end', class: 'category' }, shorten(category.label, 34)));
    series.forEach((s, j) => {
      const v = value(category, s);
      const y = y0 + j * (BAR_HEIGHT + BAR_GAP);
      const known = v !== null && v !== undefined;
      const bar = el('rect', { x: LABEL_WIDTH, y, width: known ? scale(v) : 0, height: BAR_HEIGHT, class: `bar ${s.className}`, 'data-category': category.key, 'data-series': s.key });
      if (known) bar.setAttribute('data-value', String(v));
      bar.append(el('title', {}, `${category.label} · ${s.label}: ${known ? format(v) : '—'}`));
      group.append(bar);
      group.append(el('text', { x: LABEL_WIDTH + (known ? scale(v) : 0) + 4, y: y + BAR_HEIGHT - 3, class: 'figure', 'data-series': s.key }, known ? format(v) : '—'));
    });
    const m = marker?.(category);
    if (m !== null && m !== undefined) {
      const x = LABEL_WIDTH + scale(m);
      group.append(el('line', { x1: x, x2: x, y1: y0 - 2, y2: y0 + series.length * (BAR_HEIGHT + BAR_GAP), class: 'marker', 'data-value': m }));
    }
    svg.append(group);
  });
  return svg;
}

/**
 * Lines over time: `series` `[{ key, label, points: [{ at: Date, value }] }]`, `format(value)` for
 * the axis and point titles, `formatDate(date)` for the time axis.
 */
export function lineChart({ label, series, format, formatDate }) {
  const width = WIDTH;
  const height = 220;
  const pad = { left: 70, right: 20, top: 24, bottom: 28 };
  const svg = frame(width, height, label);
  const points = series.flatMap((s) => s.points);
  const times = points.map((p) => p.at.getTime());
  const values = points.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t) => pad.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right) : (width - pad.left - pad.right) / 2);
  const y = (v) => height - pad.bottom - (v1 > v0 ? ((v - v0) / (v1 - v0)) * (height - pad.top - pad.bottom) : (height - pad.top - pad.bottom) / 2);
  svg.append(el('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: 'axis' }));
  svg.append(el('text', { x: pad.left - 6, y: y(v1) + 4, 'text-anchor': 'end', class: 'figure' }, format(v1)));
  svg.append(el('text', { x: pad.left - 6, y: y(v0) + 4, 'text-anchor': 'end', class: 'figure' }, format(v0)));
  svg.append(el('text', { x: pad.left, y: height - 8, class: 'figure' }, formatDate(new Date(t0))));
  svg.append(el('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end', class: 'figure' }, formatDate(new Date(t1))));
  series.forEach((s, i) => {
    const group = el('g', { 'data-series': s.key, class: `series series-${i % 6}` });
    group.append(el('polyline', { points: s.points.map((p) => `${x(p.at.getTime())},${y(p.value)}`).join(' '), class: 'line' }));
    for (const p of s.points) {
      const dot = el('circle', { cx: x(p.at.getTime()), cy: y(p.value), r: 3, class: 'point', 'data-series': s.key, 'data-value': p.value, 'data-at': p.at.toISOString() });
      dot.append(el('title', {}, `${s.label} · ${formatDate(p.at)}: ${format(p.value)}`));
      group.append(dot);
    }
    svg.append(el('text', { x: pad.left + 90 * i, y: 12, class: `legend series-${i % 6}` }, `● ${s.label}`));
    svg.append(group);
  });
  return svg;
}
