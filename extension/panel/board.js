// The board view: one column per status (idea → draft → in review → approved → scheduled →
// published). Dragging a card to another column, or Alt+Left/Right on a focused card, asks the
// core to change its status through the review flow; a refused move shows the core's reason.
// A click or Enter opens the post in the studio.
import { el, redrawOnChange, stylesheet } from './dom.js';
import { filterBar } from './filters.js';
import { postChip, STATUSES } from './posts.js';
import { uiLang } from '../pages/i18n.js';

/** Cards a column lists at first, and how many more each "+n" shows. */
const COLUMN_CARDS = 40;

/** Mounts the view in `section`; see PanelContext in panel.js. */
export function mount(section, context) {
  const { t, store } = context;
  stylesheet(new URL('./calendar.css', import.meta.url));
  const lang = uiLang();
  const dateTime = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const networkNames = Object.fromEntries(context.networks.map((n) => [n.id, n.name]));
  const filters = filterBar(context, () => render());
  const error = el('p', { class: 'cal-error board-error', role: 'alert' });
  const live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const columns = el('div', { class: 'board' });
  const help = el('p', { class: 'muted board-help', id: 'board-keys' }, t('boardHelp'));
  section.append(filters.element, help, error, columns, live);
  /** Cards shown per status, beyond COLUMN_CARDS once the user asked for more. */
  const shown = new Map();

  function render() {
    // The status filter picks columns; the other filters pick posts.
    const { statuses, ...query } = filters.query();
    let found;
    try {
      found = store.query(query);
    } catch (e) {
      error.textContent = String(e?.message ?? e);
      return;
    }
    const posts = [...found.scheduled, ...found.unscheduled];
    columns.replaceChildren(
      ...STATUSES.filter(([status]) => !statuses || statuses.includes(status)).map(([status, key]) => {
        const here = posts.filter((p) => p.status === status);
        const limit = shown.get(status) ?? COLUMN_CARDS;
        const cards = here.slice(0, limit).map((post) => postChip(post, { t, time: (d) => dateTime.format(d), networkNames, describedBy: 'board-keys' }));
        const more = () => {
          shown.set(status, limit + COLUMN_CARDS);
          render();
        };
        return el(
          'section',
          { class: 'board-column', dataset: { status, drop: 'status' }, 'aria-label': t(key) },
          el('h3', {}, t(key), ' ', el('span', { class: 'count' }, `(${here.length})`)),
          el('div', { class: 'board-cards', role: 'list' }, cards),
          here.length > limit ? el('button', { type: 'button', class: 'cal-more board-more', onclick: more }, t('calMore', [String(here.length - limit)])) : null,
        );
      }),
    );
  }

  /** Asks the core to move post `id` to `status`; shows its refusal when the review flow says no. */
  async function moveTo(id, status) {
    const post = store.get(id);
    if (!post || post.status === status) return;
    error.textContent = '';
    try {
      await store.setStatus(id, status);
      render();
      section.querySelector(`.chip[data-post-id="${CSS.escape(id)}"]`)?.focus();
      live.textContent = t('boardMoved', [t(STATUSES.find(([s]) => s === status)[1])]);
    } catch (e) {
      error.textContent = String(e?.message ?? e);
      error.dataset.code = e?.code ?? '';
    }
  }

  let dragged = null;
  section.addEventListener('dragstart', (event) => {
    const chip = event.target.closest?.('.chip');
    if (!chip) return;
    dragged = chip.dataset.postId;
    event.dataTransfer.setData('text/plain', dragged);
    event.dataTransfer.effectAllowed = 'move';
  });
  section.addEventListener('dragend', () => {
    dragged = null;
    for (const n of section.querySelectorAll('.drop-over')) n.classList.remove('drop-over');
  });
  section.addEventListener('dragover', (event) => {
    const column = event.target.closest?.('[data-drop=status]');
    if (!column || !dragged) return;
    event.preventDefault();
    for (const n of section.querySelectorAll('.drop-over')) if (n !== column) n.classList.remove('drop-over');
    column.classList.add('drop-over');
  });
  section.addEventListener('drop', (event) => {
    const column = event.target.closest?.('[data-drop=status]');
    const id = dragged ?? event.dataTransfer.getData('text/plain');
    if (!column || !id) return;
    event.preventDefault();
    dragged = null;
    moveTo(id, column.dataset.status);
  });
  section.addEventListener('keydown', (event) => {
    const chip = event.target.closest?.('.chip');
    if (!chip) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      context.show('studio', { postId: chip.dataset.postId });
      return;
    }
    const step = event.altKey ? { ArrowLeft: -1, ArrowRight: 1 }[event.key] : undefined;
    if (!step) return;
    event.preventDefault();
    const index = STATUSES.findIndex(([s]) => s === chip.dataset.status) + step;
    if (index >= 0 && index < STATUSES.length) moveTo(chip.dataset.postId, STATUSES[index][0]);
  });
  section.addEventListener('click', (event) => {
    const chip = event.target.closest?.('.chip');
    if (chip) context.show('studio', { postId: chip.dataset.postId });
  });

  redrawOnChange(store, () => {
    filters.refresh();
    render();
  });

  render();
  return {
    shown() {
      filters.refresh();
      render();
    },
  };
}
