// Small DOM builders for the side panel's calendar and board: elements from tag, properties and
// children, text only (never HTML), and SVG elements through createElementNS.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * `<tag>` with `props` (`class`, `dataset`, `on<event>` handlers, `aria-*`/other attributes, or
 * DOM properties such as `textContent`, `hidden`, `value`) and `children` (nodes or strings).
 */
export function el(tag, props = {}, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element `<tag>` with attributes `attrs` and children. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function fill(node, props, children) {
  // Plain loops: a month grid calls this for about a thousand elements while the panel opens.
  for (const name in props) {
    const value = props[name];
    if (value === undefined || value === null) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name.includes('-') || name === 'role' || name === 'for' || name === 'list') node.setAttribute(name, String(value));
    else node[name] = value;
  }
  appendChildren(node, children);
  return node;
}

/** Appends `children` (nodes, strings, nested arrays; null, undefined and false are skipped). */
function appendChildren(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else node.append(child);
  }
}

/** A `<select>` with a first "all" option (value "") and `options` as `[value, label]` pairs. */
export function select(label, allLabel, options, props = {}) {
  return el('select', { 'aria-label': label, ...props }, el('option', { value: '' }, allLabel), options.map(([value, text]) => el('option', { value }, text)));
}

/** Offers `text` as a file named `name` (Blob URL and a download link). */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Adds the stylesheet at `url` to the page once. */
export function stylesheet(url) {
  const href = String(url);
  if (![...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === href)) document.head.append(el('link', { rel: 'stylesheet', href }));
}

/**
 * Resolves in the task after the next frame: what was drawn before the call is then on screen
 * (styled, laid out and painted), not only in the DOM.
 */
export function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * Calls `redraw` once, in the next frame, after the calendar changed (this page's edits, or another page's:
 * the overlay's "save to plan", another panel); several changes in one frame make one redraw.
 */
export function redrawOnChange(store, redraw) {
  let pending = 0;
  store.subscribe(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redraw);
  });
}
