// The side panel's list of posts whose versions are in conflict: two people or two devices changed the
// same post at once (found when two copies of the calendar merge, or by the team calendar sync), and
// both versions were kept. Each post shows its versions side by side, the fields that differ marked;
// "Keep this version" resolves the conflict through the planner (`PlanStore.resolvePost`): the version
// kept supersedes every other, here, in every open page, and for the whole team on the next sync.
//
// Mounted once by panel.js above the views; hidden while there is nothing to resolve.
import { el, stylesheet } from './dom.js';
import { statusName } from './posts.js';
import { uiLang } from '../pages/i18n.js';

/** The fields compared between versions, each with how it is shown. */
const FIELDS = [
  ['text', (p) => p.text],
  ['schedule', (p, fmt) => (p.schedule ? fmt.time(p.schedule) : fmt.t('conflictsUnscheduled'))],
  ['status', (p, fmt) => statusName(fmt.t, p.status)],
  ['networks', (p) => p.networks.join(', ')],
  ['assignee', (p) => p.assignee ?? ''],
  ['notes', (p) => p.notes ?? ''],
];

/** A post's time in its own zone (the browser's when that zone is unknown). */
function timeIn(lang, { at, zone }) {
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return `${new Date(at).toLocaleString(lang, { ...options, timeZone: zone })} (${zone})`;
  } catch {
    return new Date(at).toLocaleString(lang, options);
  }
}

/** One version's card: its fields (those that differ from the other versions marked) and the keep button. */
function versionCard(version, { shown, differs, fmt, keep }) {
  const rows = FIELDS.map(([name, show]) =>
    el('div', { class: `conflict-field${differs.has(name) ? ' differs' : ''}`, dataset: { field: name } }, show(version, fmt)),
  );
  return el(
    'div',
    { class: 'conflict-version', dataset: { version: shown ? 'shown' : 'kept' } },
    el('p', { class: 'conflict-label' }, fmt.t(shown ? 'conflictsShown' : 'conflictsKept')),
    version.meta.deleted ? el('p', { class: 'conflict-deleted' }, fmt.t('conflictsDeleted')) : null,
    ...rows,
    el('p', { class: 'muted conflict-when' }, fmt.t('conflictsChanged', [new Date(version.meta.updated).toLocaleString(fmt.lang)])),
    el('button', { type: 'button', class: 'conflict-keep', onclick: () => keep(version) }, fmt.t('conflictsKeep')),
  );
}

/** The fields whose shown value is not the same in every version. */
function differingFields(versions, fmt) {
  return new Set(FIELDS.filter(([, show]) => new Set(versions.map((v) => show(v, fmt))).size > 1).map(([name]) => name));
}

/** Shows the posts in conflict of `context.store` above the views, kept up to date. */
export function mount(anchor, { store, t }) {
  stylesheet(new URL('./conflicts.css', import.meta.url));
  const lang = uiLang();
  const fmt = { t, lang, time: (schedule) => timeIn(lang, schedule) };
  const list = el('div', { class: 'conflict-list' });
  const problem = el('p', { class: 'conflict-problem', role: 'alert' });
  const section = el(
    'aside',
    { id: 'conflicts', class: 'conflicts', hidden: true, 'aria-labelledby': 'conflicts-title' },
    el('h2', { id: 'conflicts-title' }, t('conflictsTitle')),
    el('p', { class: 'muted' }, t('conflictsHelp')),
    problem,
    list,
  );
  anchor.before(section);

  async function keep(version) {
    problem.textContent = '';
    try {
      await store.resolvePost(version);
    } catch (error) {
      problem.textContent = String(error?.message ?? error);
    }
    render();
  }

  function render() {
    const conflicts = store.postConflicts();
    section.hidden = conflicts.length === 0;
    list.replaceChildren(
      ...conflicts.map(({ id, shown, kept }) => {
        const versions = [shown, ...kept];
        const differs = differingFields(versions, fmt);
        return el(
          'article',
          { class: 'conflict', dataset: { postId: id } },
          el('div', { class: 'conflict-versions' }, versions.map((version, i) => versionCard(version, { shown: i === 0, differs, fmt, keep }))),
        );
      }),
    );
  }

  let pending = 0;
  store.subscribe(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(render);
  });
  render();
  return { render };
}
