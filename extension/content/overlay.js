// The overlay drawn next to a compose box: a badge in a shadow root, positioned over the page so that
// the page's layout never moves. Built with DOM calls and textContent only: page or user text never
// becomes HTML.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

PorteVoix.OVERLAY_CSS = `
:host { all: initial; }
.badge {
  position: fixed; z-index: 2147483647; box-sizing: border-box;
  display: flex; align-items: center; gap: 6px; padding: 2px 8px;
  font: 600 12px/20px system-ui, sans-serif; border-radius: 10px;
  background: #f4f6f8; color: #1b2733; border: 1px solid #c9d1d9;
  box-shadow: 0 1px 3px rgba(0,0,0,.15); pointer-events: auto;
}
.badge[data-state="warn"] { background: #fff6d6; border-color: #d9a400; }
.badge[data-state="over"] { background: #ffe3e3; border-color: #c62828; color: rgb(198, 40, 40); }
.badge[data-state="error"] { background: #eee; color: #555; font-weight: 400; }
select { font: inherit; font-weight: 400; border: none; background: transparent; color: inherit; padding: 0; }
.counter { font-variant-numeric: tabular-nums; }
@media (prefers-color-scheme: dark) {
  .badge { background: #1e2630; color: #e6edf3; border-color: #3d4b59; }
  .badge[data-state="warn"] { background: #3a3000; }
  .badge[data-state="over"] { background: #4a1414; color: rgb(255, 138, 128); }
}
`;

/** Attaches `css` to a shadow root: a constructed sheet where allowed, else a <style> element. */
function applyStyles(root, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}

/** Share of the limit from which the counter warns. */
const WARN_PERMILLAGE = 900;

/** One overlay, bound to one compose box. */
PorteVoix.Overlay = class Overlay {
  /**
   * @param {Element} box the compose box
   * @param {string} network the network id the box is counted for
   * @param {(network: string) => void} onNetworkChange called when the user picks another network
   */
  constructor(box, network, onNetworkChange) {
    this.box = box;
    this.host = document.createElement('porte-voix-overlay');
    this.host.style.setProperty('all', 'initial');
    const root = this.host.attachShadow({ mode: 'open' });
    applyStyles(root, PorteVoix.OVERLAY_CSS);

    this.badge = document.createElement('div');
    this.badge.className = 'badge';
    this.badge.setAttribute('role', 'status');
    this.badge.setAttribute('aria-live', 'polite');

    this.select = document.createElement('select');
    this.select.setAttribute('aria-label', chrome.i18n.getMessage('overlayNetworkLabel') || 'Network');
    this.select.addEventListener('change', () => onNetworkChange(this.select.value));
    this.setNetworks([{ id: network, name: network }], network);

    this.counter = document.createElement('span');
    this.counter.className = 'counter';
    this.badge.append(this.select, this.counter);
    root.append(this.badge);
    document.documentElement.append(this.host);
    this.place();
  }

  /** Fills the network picker. `networks` are profiles `{ id, name }`. */
  setNetworks(networks, selected) {
    this.select.replaceChildren(
      ...networks.map((n) => {
        const option = document.createElement('option');
        option.value = n.id;
        option.textContent = n.name;
        return option;
      }),
    );
    this.select.value = selected;
  }

  /** Shows a count from the engine. */
  showCount(count) {
    const state = !count.valid && count.length > 0 ? 'over' : count.permillage >= WARN_PERMILLAGE ? 'warn' : 'ok';
    this.badge.dataset.state = state;
    this.counter.textContent = `${count.length} / ${count.limit}`;
    const label = chrome.i18n.getMessage('overlayRemaining', [String(count.remaining)]);
    this.counter.title = label || `${count.remaining} left`;
    this.badge.setAttribute('aria-label', `${this.select.selectedOptions[0]?.textContent ?? ''} ${this.counter.textContent}`);
  }

  /** Shows that the engine could not answer. */
  showError(message) {
    this.badge.dataset.state = 'error';
    this.counter.textContent = '—';
    this.counter.title = message;
  }

  /** Puts the badge on the bottom-right corner of the box (fixed positioning: no layout shift). */
  place() {
    const rect = this.box.getBoundingClientRect();
    const onScreen = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
    const visible = rect.width > 0 && rect.height > 0 && onScreen && this.box.isConnected;
    this.badge.style.display = visible ? 'flex' : 'none';
    if (!visible) return;
    const width = this.badge.offsetWidth || 120;
    const height = this.badge.offsetHeight || 22;
    this.badge.style.left = `${Math.max(0, rect.right - width - 4)}px`;
    this.badge.style.top = `${Math.max(0, rect.bottom - height - 4)}px`;
  }

  /** Removes the overlay from the page. */
  remove() {
    this.host.remove();
  }
};
