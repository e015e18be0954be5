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
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid #9aa5b1; background: #fff; color: #1b2733; padding: 0 6px; }
button:focus-visible { outline: 2px solid #c2410c; outline-offset: 1px; }
.findings-toggle[data-level="error"] { border-color: #c62828; color: #c62828; }
.findings-toggle[data-level="warning"] { border-color: #b26a00; color: #8a5300; }
.findings-toggle[hidden] { display: none; }
.panel {
  position: fixed; z-index: 2147483647; box-sizing: border-box; width: 340px; max-height: 300px; overflow: auto;
  margin: 0; padding: 6px; list-style: none; font: 13px/1.35 system-ui, sans-serif; pointer-events: auto;
  background: #fff; color: #1b2733; border: 1px solid #c9d1d9; border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.2);
}
.panel[hidden] { display: none; }
.finding { padding: 6px; border-left: 3px solid #6b7785; margin: 0 0 6px; }
.finding[data-level="error"] { border-left-color: #c62828; }
.finding[data-level="warning"] { border-left-color: #d99100; }
.finding[data-level="suggestion"] { border-left-color: #1f6feb; }
.finding .actions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.suggest { position: fixed; z-index: 2147483647; display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 4px;
  max-width: 420px; pointer-events: auto; font: 12px/18px system-ui, sans-serif; }
.suggest[hidden] { display: none; }
.hashtag { background: #eef4ff; color: #1f4f9e; border-color: #9db9e8; }
.best-time { padding: 0 6px; border-radius: 6px; background: #f4f6f8; color: #3d4b59; border: 1px solid #c9d1d9; }
.best-time[hidden] { display: none; }
.triage-chip { font-weight: 600; padding: 0 4px; border-radius: 6px; background: #eef4ff; }
.triage-chip[hidden] { display: none; }
.triage-chip[data-urgent="true"] { background: #c62828; color: #fff; }
.underline { position: fixed; height: 2px; pointer-events: none; z-index: 2147483646; background: #1f6feb; }
.underline[data-level="error"] { background: #c62828; }
.underline[data-level="warning"] { background: #d99100; }
.ring { width: 16px; height: 16px; transform: rotate(-90deg); flex: none; }
.ring circle { fill: none; stroke-width: 3; }
.ring .track { stroke: #c9d1d9; }
.ring .used { stroke: #1f6feb; stroke-linecap: round; }
.badge[data-state="warn"] .ring .used { stroke: #b26a00; }
.badge[data-state="over"] .ring .used { stroke: #c62828; }
.kind { font-weight: 400; opacity: .8; }
.kind:empty { display: none; }
.save-plan[hidden] { display: none; }
.save-plan[data-saved="true"] { border-color: #2e7d32; color: #2e7d32; }
.menu { position: fixed; z-index: 2147483647; display: flex; flex-direction: column; gap: 4px; padding: 6px; pointer-events: auto;
  background: #fff; color: #1b2733; border: 1px solid #c9d1d9; border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.2);
  font: 13px/1.35 system-ui, sans-serif; }
.menu[hidden], .card[hidden] { display: none; }
.card { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 320px; margin: 0; padding: 6px; list-style: none;
  pointer-events: auto; font: 13px/1.35 system-ui, sans-serif; background: #fff; color: #1b2733; border: 1px solid #c9d1d9;
  border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
.card .finding { margin: 0; }
:host([data-theme="dark"]) .panel, :host([data-theme="dark"]) .card, :host([data-theme="dark"]) .menu, :host([data-theme="dark"]) button,
:host([data-theme="dark"]) .badge, :host([data-theme="dark"]) .best-time { background: #1e2630; color: #e6edf3; border-color: #3d4b59; }
:host([data-theme="dark"]) .badge[data-state="warn"] { background: #3a3000; }
:host([data-theme="dark"]) .badge[data-state="over"] { background: #4a1414; color: rgb(255, 138, 128); }
:host([data-theme="dark"]) .hashtag { background: #13233d; color: #a9c7ff; border-color: #3a5a8c; }
:host([data-theme="dark"]) .ring .track { stroke: #3d4b59; }
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

/** A localised UI string, with an English fallback where the message is missing. */
function message(key, fallback, substitutions) {
  return chrome.i18n.getMessage(key, substitutions) || fallback;
}

/**
 * Most findings the overlay draws and lists: a huge paste can have thousands, and the page must stay
 * responsive (the toggle still says how many there are).
 */
const MAX_SHOWN_FINDINGS = 200;

/** Share of the limit from which the counter warns. */
const WARN_PERMILLAGE = 900;

/** Circumference of the count ring's circle (r = 6). */
const RING_LENGTH = 2 * Math.PI * 6;

const SVG = 'http://www.w3.org/2000/svg';

/** The count ring: a track and the used share of the limit (set by `showCount`). */
function ringElement() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  for (const name of ['track', 'used']) {
    const circle = document.createElementNS(SVG, 'circle');
    circle.setAttribute('class', name);
    circle.setAttribute('cx', '8');
    circle.setAttribute('cy', '8');
    circle.setAttribute('r', '6');
    if (name === 'used') circle.setAttribute('stroke-dasharray', `0 ${RING_LENGTH}`);
    svg.append(circle);
  }
  return svg;
}

/** A menu entry button. */
function menuItem(name, label, onClick) {
  const item = document.createElement('button');
  item.type = 'button';
  item.className = name;
  item.setAttribute('role', 'menuitem');
  item.textContent = label;
  item.addEventListener('click', onClick);
  return item;
}

/**
 * "dark" when the box sits on a dark background (the site's own dark theme, which the media query
 * cannot see), else "light".
 */
function pageTheme(box) {
  for (let node = box; node; node = node.parentElement) {
    const match = getComputedStyle(node).backgroundColor.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
    if (!match || (match[4] !== undefined && Number(match[4]) < 0.5)) continue;
    const [r, g, b] = match.slice(1, 4).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110 ? 'dark' : 'light';
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** One overlay, bound to one compose box. */
PorteVoix.Overlay = class Overlay {
  /**
   * @param {Element} box the compose box
   * @param {string} network the network id the box is counted for
   * @param {(network: string) => void} onNetworkChange called when the user picks another network
   * @param {{ fix(finding, replacement), ignore(finding) }} actions what the finding buttons do
   */
  constructor(box, network, onNetworkChange, actions) {
    this.actions = actions;
    this.findings = [];
    this.box = box;
    this.host = document.createElement('porte-voix-overlay');
    this.host.style.setProperty('all', 'initial');
    const root = this.host.attachShadow({ mode: 'open' });
    applyStyles(root, PorteVoix.OVERLAY_CSS + PorteVoix.PICKER_CSS);

    this.badge = document.createElement('div');
    this.badge.className = 'badge';
    this.badge.setAttribute('role', 'status');
    this.badge.setAttribute('aria-live', 'polite');

    this.select = document.createElement('select');
    this.select.setAttribute('aria-label', message('overlayNetworkLabel', 'Network'));
    this.select.addEventListener('change', () => onNetworkChange(this.select.value));
    this.setNetworks([{ id: network, name: network }], network);

    this.counter = document.createElement('span');
    this.counter.className = 'counter';
    this.ring = ringElement();

    this.kind = document.createElement('span');
    this.kind.className = 'kind';

    this.hideButton = document.createElement('button');
    this.hideButton.type = 'button';
    this.hideButton.className = 'hide-toggle';
    this.hideButton.textContent = '×';
    this.hideButton.setAttribute('aria-label', message('overlayHide', 'Hide Porte-voix'));
    this.hideButton.setAttribute('aria-haspopup', 'menu');
    this.hideButton.setAttribute('aria-expanded', 'false');
    this.hideButton.title = message('overlayHide', 'Hide Porte-voix');
    this.hideButton.addEventListener('click', () => this.setMenuOpen(this.menu.hidden));
    this.menu = document.createElement('div');
    this.menu.className = 'menu';
    this.menu.hidden = true;
    this.menu.setAttribute('role', 'menu');
    this.menu.append(
      menuItem('hide-box', message('overlayHideBox', 'Not on this box'), () => this.actions.hideHere()),
      menuItem('hide-site', message('overlayHideSite', 'Not on this site'), () => this.actions.hideOnSite()),
    );
    this.card = document.createElement('ul');
    this.card.className = 'card';
    this.card.hidden = true;
    this.card.setAttribute('role', 'tooltip');
    this.card.addEventListener('mouseleave', () => (this.card.hidden = true));
    this.onPointer = (event) => this.showCardAt(event.clientX, event.clientY);
    box.addEventListener('mousemove', this.onPointer);
    // Escape in the overlay goes back to the compose box.
    root.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      this.setPanelOpen(false);
      this.setMenuOpen(false);
      this.card.hidden = true;
      this.actions.focusBox();
    });

    this.toggle = document.createElement('button');
    this.toggle.type = 'button';
    this.toggle.className = 'findings-toggle';
    this.toggle.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.addEventListener('click', () => this.setPanelOpen(this.panel.hidden));
    this.snippetsButton = document.createElement('button');
    this.snippetsButton.type = 'button';
    this.snippetsButton.className = 'snippets-toggle';
    this.snippetsButton.textContent = '💬';
    this.snippetsButton.setAttribute('aria-label', message('pickerOpen', 'Reply snippets'));
    this.snippetsButton.title = message('pickerOpen', 'Reply snippets');
    this.snippetsButton.addEventListener('mousedown', (e) => e.preventDefault());
    this.snippetsButton.addEventListener('click', () => this.actions.openSnippets());

    this.saveButton = document.createElement('button');
    this.saveButton.type = 'button';
    this.saveButton.className = 'save-plan';
    this.saveButton.textContent = '📅';
    this.saveButton.setAttribute('aria-label', message('overlaySaveToPlan', 'Save to plan'));
    this.saveButton.title = message('overlaySaveToPlan', 'Save to plan');
    this.saveButton.addEventListener('mousedown', (e) => e.preventDefault());
    this.saveButton.addEventListener('click', () => this.actions.saveToPlan(this.bestTime.hidden ? null : this.bestTime.dataset.start));

    this.triageChip = document.createElement('span');
    this.triageChip.className = 'triage-chip';
    this.triageChip.hidden = true;
    this.badge.append(this.ring, this.select, this.counter, this.kind, this.toggle, this.triageChip, this.saveButton, this.snippetsButton, this.hideButton);

    this.panel = document.createElement('ul');
    this.panel.className = 'panel';
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'list');
    this.panel.setAttribute('aria-label', message('overlayFindings', 'Editorial-line findings'));
    // Keep the caret in the compose box when a button of the panel is clicked.
    for (const el of [this.panel, this.toggle, this.card, this.menu, this.hideButton]) el.addEventListener('mousedown', (e) => e.preventDefault());

    this.suggest = document.createElement('div');
    this.suggest.className = 'suggest';
    this.suggest.hidden = true;
    this.suggest.setAttribute('aria-label', message('overlaySuggestions', 'Suggestions'));
    this.suggest.addEventListener('mousedown', (e) => e.preventDefault());
    this.chips = document.createElement('span');
    this.chips.className = 'chips';
    this.bestTime = document.createElement('span');
    this.bestTime.className = 'best-time';
    this.bestTime.hidden = true;
    this.suggest.append(this.chips, this.bestTime);

    this.underlines = document.createElement('div');
    this.scratch = document.createElement('div');
    root.append(this.underlines, this.scratch, this.suggest, this.badge, this.panel, this.card, this.menu);
    this.picker = new PorteVoix.SnippetPicker(root, actions.ask, (text) => actions.insertSnippet(text), () => actions.focusBox());
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

  /** Opens or closes the findings panel. */
  setPanelOpen(open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.place();
  }

  /**
   * Shows the findings of the text `model` (a PorteVoix.TextModel): the toggle with their number and the
   * list with fixes. Their underlines are drawn by the next `place()`. The background may send only the
   * first findings of a long text: `summary` then gives `findingsTotal` and `worstLevel` over all of them.
   */
  showFindings(findings, model, summary = {}) {
    this.findings = findings;
    this.model = model;
    const total = summary.findingsTotal ?? findings.length;
    const worst = summary.worstLevel ?? (findings.find((f) => f.level === 'error') ?? findings.find((f) => f.level === 'warning') ?? findings[0])?.level;
    this.toggle.hidden = total === 0;
    this.toggle.dataset.level = worst ?? '';
    this.toggle.textContent = `✎ ${total}`;
    this.toggle.setAttribute('aria-label', message('overlayFindingsCount', `${total} findings`, [String(total)]));
    if (total === 0 && !this.panel.hidden) this.setPanelOpen(false);
    const items = findings.slice(0, MAX_SHOWN_FINDINGS).map((f) => this.findingItem(f));
    const hidden = total - items.length;
    if (hidden > 0) {
      const more = document.createElement('li');
      more.className = 'more';
      more.textContent = message('overlayMoreFindings', `and ${hidden} more`, [String(hidden)]);
      items.push(more);
    }
    this.panel.replaceChildren(...items);
    this.card.hidden = true;
    this.placedKey = null; // underlines must be drawn again
  }

  /** Opens or closes the hide menu ("not on this box", "not on this site"). */
  setMenuOpen(open) {
    this.menu.hidden = !open;
    this.hideButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.place();
      this.menu.querySelector('button')?.focus();
    }
  }

  /** Says whether the box writes a post or a reply (and in generic mode, that it is generic). */
  showKind(described) {
    this.badge.dataset.kind = described.kind;
    this.badge.dataset.generic = String(Boolean(described.generic));
    this.kind.textContent = described.kind === 'reply' ? `↩ ${message('overlayKindReply', 'reply')}` : '';
    // A reply is answered now, not planned.
    this.saveButton.hidden = described.kind === 'reply';
    this.kind.title = described.parent ?? '';
  }

  /** Says the draft went to the calendar (`when`: the planned time, or null for an idea). */
  showSaved(when) {
    this.saveButton.dataset.saved = 'true';
    const label = when
      ? message('overlaySavedFor', `Saved to the plan for ${when}`, [when])
      : message('overlaySavedIdea', 'Saved to the plan as an idea');
    this.saveButton.title = label;
    this.saveButton.setAttribute('aria-label', label);
    this.saveButton.textContent = '✓📅';
  }

  /** Moves the keyboard focus into the overlay (its first control). */
  focus() {
    this.place();
    this.select.focus();
  }

  /** Shows the card of the finding whose underline is under the pointer at (x, y), or hides it. */
  showCardAt(x, y) {
    // The narrowest finding under the pointer: a word's finding before one about the whole post.
    const width = ({ finding }) => finding.span.end - finding.span.start;
    const hit = (this.drawn ?? [])
      .filter(({ rect }) => x >= rect.left && x <= rect.right && y >= rect.top - 2 && y <= rect.bottom + 2)
      .reduce((best, candidate) => (!best || width(candidate) < width(best) ? candidate : best), null);
    if (!hit) {
      if (!this.card.matches(':hover')) this.card.hidden = true;
      return;
    }
    if (this.card.hidden || this.card.dataset.id !== hit.finding.id) {
      this.card.dataset.id = hit.finding.id;
      this.card.replaceChildren(this.findingItem(hit.finding));
      this.card.hidden = false;
    }
    const below = hit.rect.bottom + 4;
    this.card.style.left = `${Math.max(0, Math.min(hit.rect.left, innerWidth - this.card.offsetWidth))}px`;
    this.card.style.top = `${below + this.card.offsetHeight <= innerHeight ? below : Math.max(0, hit.rect.top - this.card.offsetHeight - 4)}px`;
  }

  findingItem(finding) {
    const item = document.createElement('li');
    item.className = 'finding';
    item.dataset.level = finding.level;
    item.dataset.rule = finding.rule;
    const text = document.createElement('div');
    text.textContent = finding.message;
    const actions = document.createElement('div');
    actions.className = 'actions';
    for (const replacement of finding.replacements.slice(0, 3)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'fix';
      button.textContent = replacement === '' ? message('overlayRemove', 'Remove') : `→ ${replacement}`;
      button.addEventListener('click', () => this.actions.fix(finding, replacement));
      actions.append(button);
    }
    const ignore = document.createElement('button');
    ignore.type = 'button';
    ignore.className = 'ignore';
    ignore.textContent = message('overlayIgnore', 'Ignore');
    ignore.addEventListener('click', () => this.actions.ignore(finding));
    const disable = document.createElement('button');
    disable.type = 'button';
    disable.className = 'disable';
    disable.textContent = message('overlayDisableRule', 'Switch this rule off');
    disable.title = finding.rule;
    disable.addEventListener('click', () => this.actions.disableRule(finding));
    actions.append(ignore, disable);
    item.append(text, actions);
    return item;
  }

  drawUnderlines() {
    const lines = [];
    this.drawn = [];
    const shown = this.model ? this.findings.slice(0, MAX_SHOWN_FINDINGS).filter((f) => f.span.end > f.span.start) : [];
    const rects = shown.length > 0 ? this.model.rectsOf(shown.map((f) => f.span), this.scratch) : [];
    shown.forEach((finding, i) => {
      for (const r of rects[i]) {
        const line = document.createElement('div');
        line.className = 'underline';
        line.dataset.level = finding.level;
        line.dataset.rule = finding.rule;
        Object.assign(line.style, { left: `${r.left}px`, top: `${r.bottom - 2}px`, width: `${r.right - r.left}px` });
        lines.push(line);
        this.drawn.push({ finding, rect: r });
      }
    });
    this.underlines.replaceChildren(...lines);
  }

  /**
   * Shows hashtag chips (`{ suggestions, room, notes }` from the engine); a click inserts the tag. Placed
   * by the next `place()`.
   */
  showHashtags(result) {
    const shown = (result?.suggestions ?? []).slice(0, 3);
    this.chips.replaceChildren(
      ...shown.map((s) => {
        const chip = document.createElement('button');
        chip.type = 'button';
        chip.className = 'hashtag';
        chip.dataset.tag = s.tag;
        chip.textContent = s.text;
        chip.title = s.reasons.join(' · ');
        chip.setAttribute('aria-label', message('overlayAddHashtag', `Add ${s.text}`, [s.text]));
        chip.addEventListener('click', () => this.actions.insertHashtag(s.tag));
        return chip;
      }),
    );
    this.updateSuggestVisibility();
  }

  /** Shows the next best time to post (`slot` from the engine's report), or nothing. */
  showBestTime(slot) {
    this.bestTime.hidden = !slot;
    if (slot) {
      const when = new Date(slot.start);
      const label = when.toLocaleString(chrome.i18n.getUILanguage(), { weekday: 'short', hour: '2-digit', minute: '2-digit' });
      this.bestTime.textContent = `⏱ ${label}`;
      this.bestTime.dataset.start = slot.start;
      this.bestTime.title = `${message('overlayBestTime', 'Best time to post')}: ${slot.reasons.join(' · ')}`;
    }
    this.updateSuggestVisibility();
    this.place(); // the best time arrives on its own, not with a refresh
  }

  updateSuggestVisibility() {
    this.suggest.hidden = this.chips.childElementCount === 0 && this.bestTime.hidden;
  }

  /** Shows how the message being answered reads (complaint, urgent...), or nothing. */
  showTriage(triage) {
    this.triageChip.hidden = !triage;
    if (!triage) return;
    this.triageChip.dataset.class = triage.class;
    this.triageChip.dataset.urgent = String(triage.urgent);
    this.triageChip.textContent = (triage.urgent ? '⚠ ' : '') + message(`triage_${triage.class}`, triage.class);
    this.triageChip.title = triage.reasons.slice(0, 3).join(' · ');
  }

  /** Shows a count from the engine. */
  showCount(count) {
    const state = !count.valid && count.length > 0 ? 'over' : count.permillage >= WARN_PERMILLAGE ? 'warn' : 'ok';
    this.badge.dataset.state = state;
    this.counter.textContent = `${count.length} / ${count.limit}`;
    const used = this.ring.querySelector('.used');
    const share = Math.min(1, Math.max(0, count.permillage / 1000));
    used.setAttribute('stroke-dasharray', `${(share * RING_LENGTH).toFixed(2)} ${RING_LENGTH}`);
    this.ring.dataset.remaining = String(count.remaining);
    this.counter.title = message('overlayRemaining', `${count.remaining} left`, [String(count.remaining)]);
    this.badge.setAttribute('aria-label', `${this.select.selectedOptions[0]?.textContent ?? ''} ${this.counter.textContent}`);
  }

  /** Shows that the engine could not answer. */
  showError(message) {
    this.badge.dataset.state = 'error';
    this.counter.textContent = '—';
    this.counter.title = message;
  }

  /**
   * Places the overlay at the next frame, once however often it is asked: an answer does not force a
   * layout of the page in the middle of typing, and the layout happens when the browser does its own.
   */
  placeSoon() {
    if (this.placing) return;
    this.placing = true;
    requestAnimationFrame(() => {
      this.placing = false;
      if (this.host.isConnected) this.place();
    });
  }

  /** Puts the badge on the bottom-right corner of the box (fixed positioning: no layout shift). */
  place() {
    const rect = this.box.getBoundingClientRect();
    const onScreen = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
    const visible = rect.width > 0 && rect.height > 0 && onScreen && this.box.isConnected;
    this.badge.style.display = visible ? 'flex' : 'none';
    if (!visible) {
      if (this.placedKey !== 'hidden') this.underlines.replaceChildren();
      this.placedKey = 'hidden';
      this.drawn = [];
      return;
    }
    const width = this.badge.offsetWidth || 120;
    const height = this.badge.offsetHeight || 22;
    if (this.theme === undefined) this.theme = this.host.dataset.theme = pageTheme(this.box);
    // Right-to-left boxes end on the left: the badge goes to the bottom-left corner.
    const rtl = getComputedStyle(this.box).direction === 'rtl';
    const left = rtl ? Math.max(0, rect.left + 4) : Math.max(0, rect.right - width - 4);
    // A short box (one line: a comment box, X's dialog) would be covered by the badge, which takes
    // clicks: the badge then sits just above the box — where the message being answered usually is,
    // rather than below it, where the sites put their buttons ("Reply", "Add to thread").
    const outside = rect.height < height * 2 + 8;
    const top = outside ? Math.max(0, rect.top - height - 2) : Math.max(0, rect.bottom - height - 4);
    this.badge.style.left = `${left}px`;
    this.badge.style.top = `${top}px`;
    if (!this.suggest.hidden) {
      // Just below the box, right-aligned with it: never over the text being typed.
      this.suggest.style.top = `${Math.min(rect.bottom + 4, innerHeight - this.suggest.offsetHeight)}px`;
      this.suggest.style.left = `${Math.max(0, rect.right - this.suggest.offsetWidth)}px`;
    }
    if (!this.menu.hidden) {
      this.menu.style.left = `${Math.max(0, Math.min(left + width, innerWidth) - this.menu.offsetWidth)}px`;
      this.menu.style.top = `${Math.max(0, top - this.menu.offsetHeight - 4)}px`;
    }
    if (!this.panel.hidden) {
      const panelHeight = this.panel.offsetHeight;
      const above = top - panelHeight - 4;
      this.panel.style.left = `${Math.max(0, Math.min(rect.right, innerWidth) - this.panel.offsetWidth)}px`;
      this.panel.style.top = `${above >= 0 ? above : top + height + 4}px`;
    }
    // Underlines move only when the box moved, scrolled inside or got new findings.
    const key = `${rect.left},${rect.top},${rect.width},${rect.height},${this.box.scrollTop},${this.box.scrollLeft},${innerWidth},${innerHeight}`;
    if (key !== this.placedKey) {
      this.placedKey = key;
      this.drawUnderlines();
    }
    this.picker.place(rect);
  }

  /** Removes the overlay from the page. */
  remove() {
    this.box.removeEventListener('mousemove', this.onPointer);
    this.host.remove();
  }
};
