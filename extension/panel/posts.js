// What the calendar and the board show of a post: its chip (network letters, status, time, start
// of the text, conflict mark), the statuses in order, and the user's time zone. The calendar's date
// arithmetic is in ./dates.js; the interface language is `uiLang()` of ../pages/i18n.js.
import { el } from './dom.js';

/** Statuses in workflow order, with the message key of each name. */
export const STATUSES = [
  ['idea', 'calStatusIdea'],
  ['draft', 'calStatusDraft'],
  ['in-review', 'calStatusInReview'],
  ['approved', 'calStatusApproved'],
  ['scheduled', 'calStatusScheduled'],
  ['published', 'calStatusPublished'],
];

/** Messages already looked up, per `t` function: a month draws hundreds of chips with the same few. */
const messages = new WeakMap();

/** `t(key)`, looked up once per page. */
function message(t, key) {
  let known = messages.get(t);
  if (!known) messages.set(t, (known = new Map()));
  if (!known.has(key)) known.set(key, t(key));
  return known.get(key);
}

/** The localised name of `status`. */
export function statusName(t, status) {
  const entry = STATUSES.find(([s]) => s === status);
  return entry ? message(t, entry[1]) : status;
}

/** Short marks of the networks a chip shows. */
const NETWORK_MARKS = { x: 'X', linkedin: 'in', facebook: 'f', instagram: 'IG', mastodon: 'M', bluesky: 'B', threads: '@', tiktok: 'TT', youtube: 'YT' };

/** The mark of network `id` (its first letter when unknown). */
export function networkMark(id) {
  return NETWORK_MARKS[id] ?? (id.slice(0, 1).toUpperCase() || '?');
}

/** The user's IANA time zone (what the calendar's days and hours are in). */
export function userZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The first words of a post's text, for a chip. */
export function textStart(text, length = 48) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * A post as a draggable, focusable chip. `time` formats the post's time (or null to show none);
 * `problems` are the conflict messages about it (shown as a mark with the messages as its title);
 * `describedBy` the id of the element explaining the keys.
 */
export function postChip(post, { t, time, problems, networkNames = {}, describedBy }) {
  const networks = post.networks.map((n) => el('span', { class: 'chip-net', title: networkNames[n] ?? n, dataset: { network: n } }, networkMark(n)));
  const status = statusName(t, post.status);
  const when = post.schedule && time ? time(new Date(post.schedule.at)) : '';
  const label = [when, post.networks.map((n) => networkNames[n] ?? n).join(', '), status, textStart(post.text, 80)].filter(Boolean).join(' · ');
  const chip = el(
    'div',
    {
      class: `chip status-${post.status}`,
      draggable: true,
      tabIndex: 0,
      role: 'button',
      'aria-label': label,
      'aria-keyshortcuts': 'Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown Enter',
      'aria-describedby': describedBy,
      title: textStart(post.text, 200),
      dataset: { postId: post.meta.id, status: post.status, label, text: textStart(post.text, 200) },
    },
    el('span', { class: 'chip-nets' }, networks),
    el('span', { class: 'chip-status', title: status, 'aria-hidden': 'true' }),
    when ? el('span', { class: 'chip-time' }, when) : null,
    el('span', { class: 'chip-text' }, textStart(post.text) || '…'),
  );
  chip.dataset.conflictLabel = message(t, 'calConflictMark');
  markConflicts(chip, problems ?? []);
  return chip;
}

/** Shows (or clears) the conflict `messages` on a chip: a mark, its title and its accessible name. */
export function markConflicts(chip, messages) {
  const has = messages.length > 0;
  if (!has && !chip.classList.contains('has-conflict')) return;
  chip.classList.toggle('has-conflict', has);
  chip.title = has ? messages.join('\n') : chip.dataset.text;
  chip.setAttribute('aria-label', has ? `${chip.dataset.label} · ${chip.dataset.conflictLabel}` : chip.dataset.label);
  chip.querySelector('.chip-conflict')?.remove();
  if (has) chip.append(el('span', { class: 'chip-conflict', 'aria-hidden': 'true' }, '⚠'));
}
