// The calendar view: a month or week grid in the user's time zone with the posts as chips, an
// "unscheduled" tray, conflicts on the chips and in a list, filters, quick create and edit.
// Rescheduling: drag a chip to another day (month) or hour slot (week), or to the tray to
// unschedule it; from the keyboard, Alt+arrows on a focused chip move it (a day left/right, a week
// or an hour up/down) and the move is announced. A click or Enter edits it here (quick.js), from
// where it opens in the studio.
// Below the grid: the pillar mix of the period (mix.js) and import/export (files.js).
import { afterPaint, el, redrawOnChange, stylesheet } from './dom.js';
import { filterBar } from './filters.js';
import { markConflicts, postChip, userZone } from './posts.js';
import { uiLang } from '../pages/i18n.js';
import { addDays, dayKey, monthGrid, weekStart } from './dates.js';
import { quickForm } from './quick.js';
import { pillarMixPanel } from './mix.js';
import { filesPanel } from './files.js';

/** Most chips a month cell lists before a "+n" that opens the week. */
const MONTH_CELL_CHIPS = 4;
/** Most chips the tray lists before a "+n" that shows them all (the store's first view has 40). */
const TRAY_CHIPS = 30;
/** How long after this page's last change the conflicts and the mix are checked again, in ms. */
const CHECK_DELAY_MS = 500;
/** Time given to a post dropped on a day from the tray, in minutes after midnight. */
const DEFAULT_MINUTES = 9 * 60;

/** The local date of a `YYYY-MM-DD` key, at `minutes` after midnight. */
function atDay(key, minutes = 0) {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
}

/** Mounts the view in `section`; see PanelContext in panel.js. */
export function mount(section, context) {
  performance.mark('pv-calendar-mount');
  const { t, store } = context;
  stylesheet(new URL('./calendar.css', import.meta.url));
  const lang = uiLang();
  const zone = userZone();
  const state = { mode: 'month', anchor: new Date(), range: null, conflicts: new Map(), cancelChecks: null, trayAll: false };
  const fmt = {
    month: new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric' }),
    day: new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short' }),
    weekday: new Intl.DateTimeFormat(lang, { weekday: 'short' }),
    longDay: new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long' }),
    time: new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }),
    when: new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }),
  };
  const networkNames = Object.fromEntries(context.networks.map((n) => [n.id, n.name]));
  // A time of day is formatted once: a month shows many posts at the same hours.
  const times = new Map();
  const time = (date) => {
    const minute = date.getHours() * 60 + date.getMinutes();
    if (!times.has(minute)) times.set(minute, fmt.time.format(date));
    return times.get(minute);
  };

  // ---- frame ----
  const title = el('h2', { class: 'cal-title', 'aria-live': 'polite' });
  const modeButton = (mode, key) => el('button', { type: 'button', 'aria-pressed': 'false', dataset: { mode }, onclick: () => setMode(mode) }, t(key));
  const modes = [modeButton('month', 'calMonth'), modeButton('week', 'calWeek')];
  const filters = filterBar(context, () => render());
  const toolbar = el(
    'div',
    { class: 'cal-toolbar' },
    el('button', { type: 'button', class: 'cal-prev', 'aria-label': t('calPrevious'), onclick: () => step(-1) }, '‹'),
    el('button', { type: 'button', class: 'cal-today', onclick: () => goTo(new Date()) }, t('calToday')),
    el('button', { type: 'button', class: 'cal-next', 'aria-label': t('calNext'), onclick: () => step(1) }, '›'),
    title,
    el('span', { class: 'cal-modes', role: 'group', 'aria-label': t('calViewMode') }, modes),
  );
  const grid = el('div', { class: 'cal-grid', role: 'grid', 'aria-labelledby': 'cal-title' });
  title.id = 'cal-title';
  const trayList = el('div', { class: 'cal-tray-list' });
  const tray = el('section', { class: 'cal-tray', 'aria-label': t('calUnscheduled'), dataset: { drop: 'tray' } }, el('h3', {}, t('calUnscheduled')), trayList);
  const conflictList = el('ul', { class: 'cal-conflicts' });
  const conflictCount = el('span', { class: 'count' });
  const conflicts = el('details', { class: 'cal-conflict-box' }, el('summary', {}, t('calConflicts'), ' ', conflictCount), conflictList);
  const live = el('p', { class: 'visually-hidden cal-live', role: 'status', 'aria-live': 'polite' });
  const keys = el('p', { class: 'muted cal-keys', id: 'cal-keys' }, t('calKeyboardHelp'));
  const error = el('p', { class: 'cal-error', role: 'alert' });
  const quick = quickForm(context, { zone, onSaved: (post, previous) => { announce(t('calSaved')); changed(post, previous); focusChip(post.meta.id); } });
  const mix = pillarMixPanel(context);
  const files = filesPanel(context, { zone, onChanged: () => { filters.refresh(); render(); } });
  section.append(toolbar, filters.element, quick.element, error, grid, tray, conflicts, keys, mix.element, files.element, live);

  const announce = (text) => {
    live.textContent = text;
  };
  const fail = (e) => {
    error.textContent = String(e?.message ?? e);
  };

  // ---- navigation ----
  function setMode(mode) {
    state.mode = mode;
    render();
  }
  function step(direction) {
    const a = state.anchor;
    state.anchor = state.mode === 'month' ? new Date(a.getFullYear(), a.getMonth() + direction, 1) : addDays(a, 7 * direction);
    render();
  }
  function goTo(date) {
    state.anchor = date;
    render();
  }

  /** The first day shown and the number of days, for the current mode and anchor. */
  function visibleDays() {
    if (state.mode === 'week') return { first: weekStart(state.anchor), count: 7 };
    return monthGrid(state.anchor);
  }

  // ---- rendering ----
  function render() {
    error.textContent = '';
    for (const b of modes) b.setAttribute('aria-pressed', String(b.dataset.mode === state.mode));
    const { first, count } = visibleDays();
    const end = addDays(first, count);
    state.range = { from: first.toISOString(), to: end.toISOString() };
    title.textContent = state.mode === 'month' ? fmt.month.format(state.anchor) : `${fmt.day.format(first)} – ${fmt.day.format(addDays(end, -1))}`;
    section.dataset.mode = state.mode;
    section.dataset.from = dayKey(first);

    let found;
    try {
      found = store.query({ ...filters.query(), ...state.range, ...trayLimit() });
    } catch (e) {
      fail(e);
      return;
    }
    const byDay = new Map();
    for (const post of found.scheduled) {
      const key = dayKey(new Date(post.schedule.at));
      byDay.set(key, [...(byDay.get(key) ?? []), post]);
    }
    const today = dayKey(new Date());
    const days = Array.from({ length: count }, (_, i) => addDays(first, i));
    const header = el('div', { class: 'cal-row cal-head', role: 'row' }, days.slice(0, 7).map((d) => el('div', { role: 'columnheader', class: 'cal-colhead' }, state.mode === 'month' ? fmt.weekday.format(d) : fmt.day.format(d))));
    const rows = state.mode === 'month' ? monthRows(days, byDay, today) : weekRows(days, byDay, today);
    grid.replaceChildren(header, ...rows);
    renderTray(found);
    // While the store has only this month's posts, the grid says it is still loading.
    grid.setAttribute('aria-busy', String(store.partial));
    // For the speed benchmark (bench/panel.bench.mjs) and the panel test: when the grid was first
    // on screen, with how many chips, and whether the rest of the calendar was still loading.
    if (!performance.getEntriesByName('pv-calendar-rendered').length) {
      performance.mark('pv-calendar-rendered', { detail: { chips: grid.querySelectorAll('.chip').length, partial: store.partial, preview: store.preview } });
      // And on screen: the frame after it was painted (the next task after that frame's callbacks).
      afterPaint().then(() => performance.mark('pv-calendar-painted'));
    }
    scheduleChecks();
  }

  /** A chip of the calendar, with the conflicts of the last check (until the next one marks it afresh). */
  function chip(post) {
    return postChip(post, { t, time, problems: state.conflicts.get(post.meta.id), networkNames, describedBy: 'cal-keys' });
  }

  /** The query's tray page: the first TRAY_CHIPS unscheduled posts, unless the user asked for all. */
  const trayLimit = () => (state.trayAll ? {} : { unscheduledLimit: TRAY_CHIPS });

  /** The tray: the unscheduled posts of `found`, and a "+n" for those left out. */
  function renderTray(found) {
    const left = found.unscheduledTotal - found.unscheduled.length;
    const more = left > 0 && !store.partial ? el('button', { type: 'button', class: 'cal-more cal-tray-more', onclick: () => { state.trayAll = true; render(); } }, t('calMore', [String(left)])) : null;
    trayList.replaceChildren(...found.unscheduled.map(chip), ...(more ? [more] : []));
    tray.dataset.count = String(found.unscheduledTotal);
  }

  /**
   * What can wait a moment after the grid: conflicts (every post near the range, in its zone) and
   * the pillar mix, when the page is next idle (`delay` ms from now at the earliest: after a save,
   * so that edits in a row are not each slowed by the check); both need the whole calendar.
   */
  function scheduleChecks(delay = 0) {
    state.cancelChecks?.();
    let cancelIdle = null;
    const run = () => {
      state.cancelChecks = null;
      if (store.partial) return;
      checkConflicts();
      mix.update(state.range.from, state.range.to);
    };
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback !== 'function') return run();
      const id = requestIdleCallback(run, { timeout: 300 });
      cancelIdle = () => cancelIdleCallback(id);
    }, delay);
    state.cancelChecks = () => {
      clearTimeout(timer);
      cancelIdle?.();
    };
  }

  /**
   * After this page changed post `post` (was `previous`): in the month view only the days and the
   * tray it left or joined are drawn again; the conflicts and the mix follow when idle.
   */
  function changed(post, previous) {
    const range = state.range;
    if (state.mode !== 'month' || !range) {
      render();
      return;
    }
    const days = new Set();
    let trayToo = false;
    for (const p of [previous, post]) {
      if (!p) continue;
      if (p.schedule) days.add(dayKey(new Date(p.schedule.at)));
      else trayToo = true;
    }
    const today = dayKey(new Date());
    const query = filters.query();
    try {
      for (const key of days) {
        const cell = grid.querySelector(`.cal-day[data-day="${key}"]`);
        if (!cell) continue; // not on screen
        const date = atDay(key);
        const found = store.query({ ...query, from: date.toISOString(), to: addDays(date, 1).toISOString(), unscheduledLimit: 0 });
        cell.replaceWith(monthCell(date, found.scheduled, today));
      }
      if (trayToo) renderTray(store.query({ ...query, from: range.from, to: range.from, ...trayLimit() }));
    } catch (e) {
      fail(e);
      return;
    }
    scheduleChecks(CHECK_DELAY_MS);
  }

  /** Checks the range for conflicts (under the guide's posting rules), then marks the chips and lists them. */
  function checkConflicts() {
    let problems;
    try {
      problems = store.conflicts(state.range);
    } catch (e) {
      fail(e);
      return;
    }
    const byPost = new Map();
    for (const c of problems) for (const id of c.posts) byPost.set(id, [...(byPost.get(id) ?? []), c.message]);
    state.conflicts = byPost;
    for (const node of section.querySelectorAll('.chip')) {
      const messages = byPost.get(node.dataset.postId);
      markConflicts(node, messages ?? []);
    }
    renderConflicts(problems);
  }

  function dayCell(date, today, props, ...children) {
    const key = dayKey(date);
    const isToday = key === today;
    const outside = state.mode === 'month' && date.getMonth() !== state.anchor.getMonth();
    return el(
      'div',
      { role: 'gridcell', class: `cal-day${isToday ? ' today' : ''}${outside ? ' outside' : ''}`, 'aria-current': isToday ? 'date' : null, 'aria-label': fmt.longDay.format(date), dataset: { day: key }, ...props },
      ...children,
    );
  }

  function monthRows(days, byDay, today) {
    const rows = [];
    for (let w = 0; w < days.length; w += 7) {
      const cells = days.slice(w, w + 7).map((date) => monthCell(date, byDay.get(dayKey(date)) ?? [], today));
      rows.push(el('div', { class: 'cal-row', role: 'row' }, cells));
    }
    return rows;
  }

  /** One day of the month grid with its first posts and a "+n" that opens its week. */
  function monthCell(date, posts, today) {
    const more = posts.length - MONTH_CELL_CHIPS;
    return dayCell(
      date,
      today,
      { dataset: { day: dayKey(date), drop: 'day' } },
      el('div', { class: 'cal-daybar' }, el('span', { class: 'cal-daynum' }, String(date.getDate())), addButton(dayKey(date), DEFAULT_MINUTES)),
      posts.slice(0, more > 0 ? MONTH_CELL_CHIPS - 1 : MONTH_CELL_CHIPS).map(chip),
      more > 0 ? el('button', { type: 'button', class: 'cal-more', onclick: () => { state.anchor = date; setMode('week'); } }, t('calMore', [String(more + 1)])) : null,
    );
  }

  function weekRows(days, byDay, today) {
    // One column per day, one slot per hour; a chip sits in the slot of its hour.
    const columns = days.map((date) => {
      const key = dayKey(date);
      const byHour = new Map();
      for (const post of byDay.get(key) ?? []) {
        const hour = new Date(post.schedule.at).getHours();
        byHour.set(hour, [...(byHour.get(hour) ?? []), post]);
      }
      const slots = Array.from({ length: 24 }, (_, hour) =>
        el(
          'div',
          { class: 'cal-slot', dataset: { day: key, hour: String(hour), drop: 'slot' }, 'aria-label': `${fmt.longDay.format(date)} ${String(hour).padStart(2, '0')}:00` },
          el('span', { class: 'cal-hour', 'aria-hidden': 'true' }, `${String(hour).padStart(2, '0')}`),
          (byHour.get(hour) ?? []).map(chip),
        ),
      );
      return dayCell(date, today, { class: `cal-day cal-weekday${key === today ? ' today' : ''}` }, el('div', { class: 'cal-daybar' }, addButton(key, DEFAULT_MINUTES)), slots);
    });
    return [el('div', { class: 'cal-row cal-week', role: 'row' }, columns)];
  }

  function addButton(key, minutes) {
    return el('button', { type: 'button', class: 'cal-add', 'aria-label': t('calAddOn', [fmt.longDay.format(atDay(key))]), onclick: () => quick.open({ at: atDay(key, minutes) }) }, '+');
  }

  function renderConflicts(problems) {
    conflictCount.textContent = `(${problems.length})`;
    conflicts.dataset.count = String(problems.length);
    conflictList.replaceChildren(
      ...problems.map((c) =>
        el('li', { dataset: { kind: c.kind, posts: c.posts.join(' ') } }, el('button', { type: 'button', class: 'link', onclick: () => focusChip(c.posts[0]) }, fmt.when.format(new Date(c.at))), ' ', c.message),
      ),
    );
  }

  function focusChip(id) {
    const chip = section.querySelector(`.chip[data-post-id="${CSS.escape(id)}"]`);
    chip?.focus();
    return chip;
  }

  // ---- rescheduling ----
  /** Moves post `id` to local `date` (null: unscheduled), then re-renders and refocuses it. */
  async function moveTo(id, date) {
    const post = store.get(id);
    if (!post) return;
    try {
      const saved = await store.reschedule(id, date ? date.toISOString() : null, post.schedule?.zone ?? zone);
      // The calendar follows the post (a week view then opens on its week); when what is on screen
      // stays the same, only the two days are drawn again.
      const before = state.range;
      if (date) state.anchor = date;
      const { first, count } = visibleDays();
      if (before && before.from === first.toISOString() && before.to === addDays(first, count).toISOString()) changed(saved, post);
      else render();
      focusChip(id);
      announce(saved.schedule ? t('calMovedTo', [fmt.when.format(new Date(saved.schedule.at))]) : t('calMovedToTray'));
    } catch (e) {
      fail(e);
    }
  }

  /** Where a drop on `target` puts post `id`: a local date, null for the tray, undefined for nowhere. */
  function dropDate(target, id) {
    const zoneEl = target.closest('[data-drop]');
    if (!zoneEl) return undefined;
    if (zoneEl.dataset.drop === 'tray') return null;
    const post = store.get(id);
    const old = post?.schedule ? new Date(post.schedule.at) : null;
    const minutes = old ? old.getHours() * 60 + old.getMinutes() : DEFAULT_MINUTES;
    if (zoneEl.dataset.drop === 'slot') return atDay(zoneEl.dataset.day, Number(zoneEl.dataset.hour) * 60 + (old ? old.getMinutes() : 0));
    return atDay(zoneEl.dataset.day, minutes);
  }

  let dragged = null;
  section.addEventListener('dragstart', (event) => {
    const chip = event.target.closest?.('.chip');
    if (!chip) return;
    dragged = chip.dataset.postId;
    event.dataTransfer.setData('text/plain', dragged);
    event.dataTransfer.effectAllowed = 'move';
    chip.classList.add('dragging');
  });
  section.addEventListener('dragend', () => {
    dragged = null;
    for (const n of section.querySelectorAll('.dragging, .drop-over')) n.classList.remove('dragging', 'drop-over');
  });
  section.addEventListener('dragover', (event) => {
    const target = event.target.closest?.('[data-drop]');
    if (!target || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    for (const n of section.querySelectorAll('.drop-over')) if (n !== target) n.classList.remove('drop-over');
    target.classList.add('drop-over');
  });
  section.addEventListener('drop', (event) => {
    const id = dragged ?? event.dataTransfer.getData('text/plain');
    const date = id ? dropDate(event.target, id) : undefined;
    if (date === undefined) return;
    event.preventDefault();
    dragged = null;
    moveTo(id, date);
  });

  section.addEventListener('keydown', (event) => {
    const chip = event.target.closest?.('.chip');
    if (!chip) return;
    const id = chip.dataset.postId;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const post = store.get(id);
      if (post) quick.open({ post });
      return;
    }
    if (!event.altKey) return;
    const post = store.get(id);
    const week = state.mode === 'week';
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: week ? [0, -60] : [-7, 0], ArrowDown: week ? [0, 60] : [7, 0] };
    const move = moves[event.key];
    if (!move || !post) return;
    event.preventDefault();
    if (!post.schedule) {
      // From the tray: onto the day the calendar is on (today when shown), at the usual hour.
      moveTo(id, atDay(dayKey(state.anchor), DEFAULT_MINUTES));
      return;
    }
    const from = new Date(post.schedule.at);
    moveTo(id, new Date(from.getFullYear(), from.getMonth(), from.getDate() + move[0], from.getHours(), from.getMinutes() + move[1]));
  });
  section.addEventListener('click', (event) => {
    const chip = event.target.closest?.('.chip');
    const post = chip && store.get(chip.dataset.postId);
    if (post) quick.open({ post });
  });

  // Other pages (the overlay's "save to plan", another panel) change the calendar: follow them.
  redrawOnChange(store, () => {
    filters.refresh();
    render();
  });
  // Drawn from the snapshots before the planner was there: the filters work once it is.
  if (store.preview) store.booked.then(() => filters.refresh(), () => {});
  // Opened on this month's snapshot: the rest of the calendar (other months, conflicts, the mix,
  // the quarantine) comes once the store has read it all.
  if (store.partial) {
    store.loaded.then(() => {
      filters.refresh();
      files.refresh();
      render();
    });
  }

  render();
  return {
    shown() {
      render();
    },
    /** The guide's posting rules changed (panel.js gave them to the store): check the conflicts again. */
    rulesChanged() {
      if (state.range) scheduleChecks();
    },
  };
}
