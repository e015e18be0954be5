// DOM helpers for the site fixtures. Attributes are always set one by one (never through `style` or
// innerHTML): the pages run under a strict CSP and page text must never be parsed as markup.

/**
 * Creates `<tag>` with `attrs` (`class`, `data-*`, `aria-*`, anything; `null`/`false` values are skipped,
 * `on<event>` functions become listeners) and `children` (nodes or strings; arrays are flattened).
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  append(element, children);
  return element;
}

/** Sets every attribute of `attrs` on `element` (see `h`). */
export function setAttributes(element, attrs = {}) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function' && name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  return element;
}

/** Appends `children` (nodes, strings, nested arrays; null skipped) to `element`. */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The text a person sees in `element`: a textarea's value, or the rendered text without the trailing newline. */
export function visibleText(element) {
  if (element instanceof HTMLTextAreaElement) return element.value;
  return element.innerText.replace(/\n$/, '');
}

/** An inline SVG icon (a plain shape) with the accessible name `label`, as the sites draw their buttons. */
export function icon(label, size = 24) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  for (const [name, value] of Object.entries({ 'aria-label': label, role: 'img', width: size, height: size, viewBox: '0 0 24 24', fill: 'currentColor' })) svg.setAttribute(name, String(value));
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  const circle = document.createElementNS(NS, 'circle');
  for (const [name, value] of Object.entries({ cx: 12, cy: 12, r: 9, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 })) circle.setAttribute(name, String(value));
  svg.append(title, circle);
  return svg;
}
