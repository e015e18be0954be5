// The reply-snippet picker, drawn in the overlay's shadow root: search the library, or start from the
// replies that fit the comment being answered (with its triage), fill the snippet's variables, preview,
// insert. Keyboard: ↑/↓ move, Enter chooses or inserts, Escape closes and gives the caret back.
// Everything is built with DOM calls and textContent: snippet and page text never become HTML.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

PorteVoix.PICKER_CSS = `
.picker { position: fixed; z-index: 2147483647; box-sizing: border-box; width: 380px; max-height: 420px; overflow: auto;
  padding: 8px; font: 13px/1.4 system-ui, sans-serif; pointer-events: auto; background: #fff; color: #1b2733;
  border: 1px solid #c9d1d9; border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
.picker[hidden] { display: none; }
.picker input { box-sizing: border-box; width: 100%; font: inherit; padding: 4px 6px; border: 1px solid #9aa5b1; border-radius: 6px; }
.picker label { display: block; margin-top: 6px; font-size: 12px; color: #5b6773; }
.picker ul { list-style: none; margin: 6px 0 0; padding: 0; }
.picker ul[aria-busy="true"]:empty::after { content: "…"; display: block; padding: 5px 6px; color: #5b6773; }
.snippet { padding: 5px 6px; border-radius: 6px; cursor: pointer; }
.snippet[aria-selected="true"] { background: #fde7d9; }
.snippet .title { font-weight: 600; }
.snippet .meta, .triage .reasons { color: #5b6773; font-size: 12px; }
.snippet .body { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #3d4b59; }
.triage { padding: 6px; margin-bottom: 6px; border-radius: 6px; background: #eef4ff; }
.triage[data-urgent="true"] { background: #ffe3e3; color: #8e1b1b; font-weight: 600; }
.preview { white-space: pre-wrap; margin-top: 8px; padding: 6px; border-radius: 6px; background: #f4f6f8; }
.row { display: flex; gap: 6px; margin-top: 8px; }
@media (prefers-color-scheme: dark) {
  .picker { background: #1e2630; color: #e6edf3; border-color: #3d4b59; }
  .snippet[aria-selected="true"] { background: #4a2b16; }
  .preview, .triage { background: #2a3440; }
  .triage[data-urgent="true"] { background: #4a1414; color: #ffb4ab; }
}
`;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function t(key, fallback, substitutions) {
  return chrome.i18n.getMessage(key, substitutions) || fallback;
}

/** The picker of one overlay. */
PorteVoix.SnippetPicker = class SnippetPicker {
  /**
   * @param {ShadowRoot} root where to draw
   * @param {(message: object) => Promise<any>} ask sends a message to the background
   * @param {(text: string) => void} insert inserts text at the saved caret, through the editor
   * @param {() => void} onClose gives the caret back to the compose box
   */
  constructor(root, ask, insert, onClose) {
    this.ask = ask;
    this.insert = insert;
    this.onClose = onClose;
    this.lang = undefined;
    this.panel = el('div', 'picker');
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', t('pickerTitle', 'Reply snippets'));
    this.panel.addEventListener('keydown', (event) => this.onKey(event));
    root.append(this.panel);
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  /** Opens on the search list; with `comment`, first shows its triage and the replies that fit it. */
  async open(comment, lang) {
    this.lang = lang;
    this.comment = comment;
    this.panel.hidden = false;
    this.showSearch('');
  }

  close() {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.panel.replaceChildren();
    this.onClose();
  }

  async showSearch(query) {
    const search = el('input', 'picker-search');
    search.type = 'search';
    search.value = query;
    search.setAttribute('aria-label', t('pickerSearch', 'Search snippets'));
    search.placeholder = t('pickerSearch', 'Search snippets');
    const list = el('ul', 'snippets');
    list.setAttribute('role', 'listbox');
    this.panel.replaceChildren(search, list);
    if (this.comment) this.panel.insertBefore(await this.triageBox(), search);
    let searchSeq = 0;
    const refresh = async () => {
      const seq = ++searchSeq;
      // The first search after a wake-up waits for the background's planner module: say so.
      list.setAttribute('aria-busy', 'true');
      const hits = search.value.trim()
        ? await this.ask({ type: 'snippets-search', query: search.value, lang: this.lang })
        : this.comment
          ? (await this.advice()).suggestions.map((s) => ({ snippet: s.snippet, reason: s.reason }))
          : await this.ask({ type: 'snippets-search', query: this.lang === 'fr' ? 'merci' : 'thanks', lang: this.lang });
      if (seq !== searchSeq) return;
      list.replaceChildren(...hits.map((hit, i) => this.item(hit, i === 0)));
      list.setAttribute('aria-busy', 'false');
    };
    search.addEventListener('input', refresh);
    await refresh();
    search.focus();
  }

  async advice() {
    this.adviceCache = this.adviceCache?.comment === this.comment
      ? this.adviceCache
      : { comment: this.comment, value: await this.ask({ type: 'reply-advice', text: this.comment, lang: this.lang }) };
    return this.adviceCache.value;
  }

  async triageBox() {
    const { triage } = await this.advice();
    const box = el('div', 'triage');
    box.dataset.class = triage.class;
    box.dataset.urgent = String(triage.urgent);
    const label = t(`triage_${triage.class}`, triage.class);
    const head = `${label} · ${Math.round(triage.confidence * 100)} %` + (triage.urgent ? ` — ${t('triageUrgent', 'urgent: escalate')}` : '');
    box.append(el('div', 'head', head), el('div', 'reasons', triage.reasons.slice(0, 3).join(' · ')));
    return box;
  }

  item(hit, selected) {
    const li = el('li', 'snippet');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(selected));
    li.dataset.id = hit.snippet.id;
    li.append(
      el('span', 'title', hit.snippet.title),
      el('span', 'meta', ` ${hit.snippet.trigger} · ${hit.reason ?? hit.snippet.category}`),
      el('span', 'body', hit.snippet.body),
    );
    li.addEventListener('mousedown', (event) => event.preventDefault());
    li.addEventListener('click', () => this.showSnippet(hit.snippet.id));
    return li;
  }

  /** The variables form and the live preview of one snippet. */
  async showSnippet(id) {
    const first = await this.ask({ type: 'snippet-render', id, values: {} });
    if (!first) return;
    const values = {};
    const preview = el('div', 'preview', first.text);
    preview.setAttribute('aria-live', 'polite');
    const form = el('form', 'variables');
    const inputs = first.missing.map((variable) => {
      const label = el('label', null, variable.prompt || variable.name);
      const input = el('input');
      input.name = variable.name;
      input.value = variable.default ?? '';
      values[variable.name] = input.value;
      input.addEventListener('input', async () => {
        values[variable.name] = input.value;
        const rendered = await this.ask({ type: 'snippet-render', id, values });
        if (rendered) preview.textContent = rendered.text;
      });
      label.append(input);
      return label;
    });
    const insert = el('button', 'snippet-insert', t('pickerInsert', 'Insert'));
    insert.type = 'submit';
    const back = el('button', 'snippet-back', t('pickerBack', 'Back'));
    back.type = 'button';
    back.addEventListener('click', () => this.showSearch(''));
    const row = el('div', 'row');
    row.append(insert, back);
    form.append(...inputs, row);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const rendered = await this.ask({ type: 'snippet-render', id, values });
      if (!rendered) return;
      this.panel.hidden = true;
      this.panel.replaceChildren();
      this.insert(rendered.text);
    });
    this.panel.replaceChildren(preview, form);
    (form.querySelector('input') ?? insert).focus();
  }

  onKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    const options = [...this.panel.querySelectorAll('.snippet')];
    if (options.length === 0) return;
    const current = options.findIndex((o) => o.getAttribute('aria-selected') === 'true');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (current + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      options.forEach((o, i) => o.setAttribute('aria-selected', String(i === next)));
      options[next].scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && current >= 0 && event.target.classList.contains('picker-search')) {
      event.preventDefault();
      this.showSnippet(options[current].dataset.id);
    }
  }

  /** Puts the picker above (or below) the rectangle `rect` of the box. */
  place(rect) {
    if (!this.isOpen) return;
    const height = this.panel.offsetHeight;
    const top = rect.top - height - 6 >= 0 ? rect.top - height - 6 : Math.min(rect.bottom + 6, innerHeight - height);
    this.panel.style.top = `${Math.max(0, top)}px`;
    this.panel.style.left = `${Math.max(0, Math.min(rect.left, innerWidth - this.panel.offsetWidth))}px`;
  }
};
