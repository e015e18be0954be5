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
