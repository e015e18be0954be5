// The small single-page-app frame every site fixture runs in: client-side routing (history.pushState,
// links with data-nav, popstate), dialogs in a layer above the page, and the compose boxes, each a real
// editor mounted by a factory of ./editors/. It publishes the test API:
//
//   window.__app   = { navigate(path), rerender(boxId), openDialog(name), closeDialog(), route(), dialogs() }
//   window.__boxes = { ids(), kind(id), network(id), parent(id), editor(id), expected(id),
//                      text(id), undo(id), canUndo(id), domText(id), focus(id) }
//
// Each box's editable element carries data-fixture-box="<id>" and the truth the extension should find:
// data-expected-network, data-expected-kind ('post' | 'reply') and data-expected-parent (a substring of
// the parent message). `?theme=dark` switches the site's dark colours, `?dir=rtl` the page direction
// (and one post's text to Arabic). <html data-app-ready="1"> once the first route is mounted.
import './base.css';
import { visibleText } from './dom.js';

/** Content-Security-Policy violations: a fixture that needs inline script or style is broken. */
const violations = (window.__cspViolations ??= []);
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`);
});

/** Query parameters that configure the fixture itself (kept across navigation, hidden from route()). */
const FIXTURE_PARAMS = ['theme', 'dir'];
const query = new URLSearchParams(location.search);

/** 'dark' with ?theme=dark, else 'light'. */
export const THEME = query.get('theme') === 'dark' ? 'dark' : 'light';
/** True with ?dir=rtl: the page is right-to-left and one post is in Arabic. */
export const RTL = query.get('dir') === 'rtl';

/**
 * The boxes mounted on the page, by id. A record: `{ spec, container, handle }` where `spec` is what the
 * site asked for (id, kind, network, parent, mount, options) and `handle` what the editor factory returned.
 */
const boxes = new Map();

function boxRecord(id) {
  const record = boxes.get(id);
  if (!record) throw new Error(`no box "${id}" on this page (mounted: ${[...boxes.keys()].join(', ') || 'none'})`);
  return record;
}

/** Writes the box's id and expected values on its editable element. */
function mark(record) {
  const { spec, handle } = record;
  const data = handle.element.dataset;
  data.fixtureBox = spec.id;
  data.expectedNetwork = spec.network;
  data.expectedKind = spec.kind;
  if (spec.parent) data.expectedParent = spec.parent;
  else delete data.expectedParent;
}

function mountBox(container, spec) {
  if (boxes.has(spec.id)) unmountBox(spec.id);
  const record = { spec, container, handle: spec.mount(container, spec.options ?? {}) };
  boxes.set(spec.id, record);
  mark(record);
  return record.handle;
}

function unmountBox(id) {
  const record = boxes.get(id);
  if (!record) return;
  boxes.delete(id);
  record.handle.destroy();
}

/** Unmounts every box whose container is inside `root` (before `root` is emptied or removed). */
function unmountWithin(root) {
  for (const [id, record] of [...boxes]) if (root.contains(record.container)) unmountBox(id);
}

/** What a box element's owner needs to know: its test API. */
window.__boxes = {
  /** The ids of the boxes mounted now, in document order. */
  ids: () =>
    [...document.querySelectorAll('[data-fixture-box]')].map((el) => el.dataset.fixtureBox).filter((id) => boxes.has(id)),
  kind: (id) => boxRecord(id).spec.kind,
  network: (id) => boxRecord(id).spec.network,
  parent: (id) => boxRecord(id).spec.parent ?? null,
  editor: (id) => boxRecord(id).handle.editor,
  expected: (id) => {
    const { spec, handle } = boxRecord(id);
    return { network: spec.network, kind: spec.kind, parent: spec.parent ?? null, editor: handle.editor };
  },
  /** The text in the EDITOR'S OWN MODEL (Draft's EditorState, Lexical's state, Quill's Delta, …). */
  text: (id) => boxRecord(id).handle.text(),
  /** The editor's own undo (the browser's for a textarea or a bare contenteditable). */
  undo: (id) => {
    boxRecord(id).handle.undo();
  },
  /** Whether the editor says it can undo; null when its history is the browser's. */
  canUndo: (id) => boxRecord(id).handle.canUndo?.() ?? null,
  /** Puts the caret in the box the way its editor does it (no click). */
  focus: (id) => {
    boxRecord(id).handle.focus();
  },
  /** What the page shows in the box, to compare with the model. */
  domText: (id) => visibleText(boxRecord(id).handle.element),
};

/**
 * Starts a site fixture. `site`:
 *   network      the network id the boxes belong to unless a box says otherwise
 *   base         the path the app is served under ('/sites/x'); routes are relative to it
 *   darkClass    optional class(es) the site itself puts on <html> in dark mode; darkAttribute likewise
 *   shell(ctx)   builds the persistent page chrome and returns the element the routes render into
 *   routes       [{ name, match(path) → params | null, title, render(view, ctx, params) }]; the first is home
 *   dialogs      { name: (ctx, options) → dialog root element }, opened by ctx.openDialog(name)
 * Every render gets `ctx`: { network, theme, rtl, href(path), navigate(path), mount(container, spec),
 * update(id, patch), unmountWithin(root), openDialog(name, options), closeDialog(), route() }.
 * A box spec: { id, kind, network?, parent?, mount: factory, options }.
 */
export function startSite(site) {
  const root = document.documentElement;
  root.dataset.theme = THEME;
  if (THEME === 'dark') {
    for (const name of (site.darkClass ?? '').split(' ').filter(Boolean)) root.classList.add(name);
    if (site.darkAttribute) root.setAttribute(site.darkAttribute, '');
  }
  if (RTL) root.dir = 'rtl';

  /** The current route path relative to the base, with its query minus the fixture's own parameters. */
  function route() {
    const path = location.pathname.startsWith(site.base) ? location.pathname.slice(site.base.length) : location.pathname;
    const search = new URLSearchParams(location.search);
    for (const name of FIXTURE_PARAMS) search.delete(name);
    const rest = search.toString();
    return (path || '/') + (rest ? `?${rest}` : '');
  }

  /** The full URL path of `path` (relative to the base), keeping ?theme and ?dir. */
  function href(path) {
    const url = new URL(site.base + (path === '/' ? '' : path), location.origin);
    for (const name of FIXTURE_PARAMS) if (query.has(name) && !url.searchParams.has(name)) url.searchParams.set(name, query.get(name));
    return url.pathname + url.search;
  }

  const layers = document.createElement('div');
  layers.id = 'layers';
  let openDialogRoot = null;
  let openDialogName = null;

  function closeDialog() {
    if (!openDialogRoot) return;
    unmountWithin(openDialogRoot);
    openDialogRoot.remove();
    openDialogRoot = null;
    openDialogName = null;
    layers.classList.remove('open');
  }

  function openDialog(name, options = {}) {
    const build = site.dialogs?.[name];
    if (!build) throw new Error(`no dialog "${name}" on ${site.network} (dialogs: ${Object.keys(site.dialogs ?? {}).join(', ')})`);
    closeDialog();
    openDialogName = name;
    openDialogRoot = document.createElement('div');
    openDialogRoot.className = 'layer';
    layers.append(openDialogRoot);
    layers.classList.add('open');
    openDialogRoot.append(build(ctx, options));
    // The sites put the caret in the dialog's first box as it opens.
    const first = openDialogRoot.querySelector('[data-fixture-box]');
    if (first) boxes.get(first.dataset.fixtureBox)?.handle.focus();
  }

  const ctx = {
    network: site.network,
    theme: THEME,
    rtl: RTL,
    href,
    route,
    navigate,
    openDialog,
    closeDialog,
    unmountWithin,
    /** Mounts a box (see startSite) in `container`; returns the editor handle. */
    mount: (container, spec) => mountBox(container, { network: site.network, ...spec }),
    /** Changes a mounted box's expected kind/parent (Mastodon's reply indicator). */
    update: (id, patch) => {
      const record = boxRecord(id);
      Object.assign(record.spec, patch);
      mark(record);
    },
  };

  const view = site.shell(ctx);
  document.body.append(layers);

  function render() {
    closeDialog();
    const path = route();
    let params = null;
    const current = site.routes.find((r) => (params = r.match(path)) !== null) ?? site.routes[0];
    unmountWithin(view);
    view.replaceChildren();
    root.dataset.route = current.name;
    document.title = typeof current.title === 'function' ? current.title(params ?? {}) : current.title;
    current.render(view, ctx, params ?? {});
  }

  function navigate(path) {
    history.pushState({}, '', href(path));
    render();
  }

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const url = new URL(link.href);
    history.pushState({}, '', url.pathname + url.search);
    render();
  });
  window.addEventListener('popstate', render);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && openDialogRoot) closeDialog();
  });

  window.__app = {
    navigate,
    route,
    /** Replaces the box's editor by a new, empty instance in the same place (React remounting on a new key). */
    rerender: (id) => {
      const { container, spec } = boxRecord(id);
      mountBox(container, spec);
    },
    openDialog,
    closeDialog,
    /** The open dialog's name, or null. */
    dialog: () => openDialogName,
    dialogs: () => Object.keys(site.dialogs ?? {}),
  };

  render();
  root.dataset.appReady = '1';
}
