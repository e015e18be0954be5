// Quick create and edit from the calendar: text, network, day and time (in the user's zone),
// pillar and campaign; saving creates or updates the post through the store (the core checks it).
// "Open in studio" hands the post to the drafting studio for variants and checks.
import { el, select } from './dom.js';
import { dayKey } from './dates.js';

/** `HH:MM` of a local date. */
const clock = (date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

/**
 * The form, hidden until `open({ at })` (a new post at that local time) or `open({ post })`.
 * `onSaved(post, previous)` runs after a save (`previous`: the post before, for an edit). Returns
 * `{ element, open, close }`.
 */
export function quickForm(context, { zone, onSaved }) {
  const { t, store, networks } = context;
  let editing = null;
  const heading = el('h3', {});
  const text = el('textarea', { name: 'text', rows: 3, required: true, 'aria-label': t('calQuickText'), placeholder: t('calQuickText') });
  const network = el('select', { name: 'network', 'aria-label': t('calFilterNetwork') }, networks.map((n) => el('option', { value: n.id }, n.name)));
  const day = el('input', { type: 'date', name: 'day', 'aria-label': t('calQuickDay') });
  const time = el('input', { type: 'time', name: 'time', 'aria-label': t('calQuickTime') });
  const pillar = select(t('calFilterPillar'), t('calQuickNoPillar'), [], { name: 'pillar' });
  const campaign = select(t('calFilterCampaign'), t('calQuickNoCampaign'), [], { name: 'campaign' });
  const error = el('p', { class: 'cal-error', role: 'alert' });
  const studio = el('button', { type: 'button', class: 'quick-studio', onclick: () => editing && context.show('studio', { postId: editing.meta.id }) }, t('calOpenStudio'));
  const remove = el('button', { type: 'button', class: 'quick-delete', onclick: () => removePost() }, t('calDelete'));
  const form = el(
    'form',
    { class: 'cal-quick', hidden: true, 'aria-labelledby': 'cal-quick-title', onsubmit: (event) => { event.preventDefault(); save(); } },
    heading,
    text,
    el('div', { class: 'row' }, network, day, time, pillar, campaign),
    error,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('calSave')), el('button', { type: 'button', onclick: () => close() }, t('calCancel')), studio, remove),
  );
  heading.id = 'cal-quick-title';
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  const offer = (box, pairs, chosen) => {
    while (box.options.length > 1) box.remove(1);
    for (const [value, label] of pairs) box.add(new Option(label, value));
    box.value = chosen ?? '';
  };

  function open({ at, post }) {
    editing = post ?? null;
    heading.textContent = post ? t('calQuickEdit') : t('calQuickNew');
    text.value = post?.text ?? '';
    network.value = post?.networks[0] ?? network.value;
    const when = post ? (post.schedule ? new Date(post.schedule.at) : null) : at;
    day.value = when ? dayKey(when) : '';
    time.value = when ? clock(when) : '';
    offer(pillar, store.pillars().map((p) => [p.meta.id, p.name]), post?.pillar);
    offer(campaign, store.campaigns().map((c) => [c.meta.id, c.name]), post?.campaign);
    studio.hidden = remove.hidden = !post;
    error.textContent = '';
    form.hidden = false;
    text.focus();
  }

  function close() {
    form.hidden = true;
    editing = null;
  }

  /** The schedule the day and time fields give (null when the day is empty). */
  function schedule() {
    if (!day.value) return null;
    const [y, m, d] = day.value.split('-').map(Number);
    const [h, min] = (time.value || '09:00').split(':').map(Number);
    return { at: new Date(y, m - 1, d, h, min).toISOString(), zone: editing?.schedule?.zone ?? zone };
  }

  async function save() {
    const fields = { text: text.value, schedule: schedule(), pillar: pillar.value || null, campaign: campaign.value || null };
    const previous = editing;
    try {
      let saved;
      // User Timing marks: the speed benchmark (bench/panel.bench.mjs) reads the "pv-post-save" measure.
      performance.mark('pv-post-save-start');
      if (editing) {
        const networks = editing.networks.includes(network.value) ? editing.networks : [network.value, ...editing.networks.slice(1)];
        saved = await store.updatePost(editing.meta.id, { ...fields, networks });
      } else {
        saved = await store.createPost({ ...fields, networks: [network.value] });
      }
      performance.measure('pv-post-save', 'pv-post-save-start');
      close();
      onSaved(saved, previous);
    } catch (e) {
      error.textContent = String(e?.message ?? e);
    }
  }

  async function removePost() {
    if (!editing) return;
    const previous = editing;
    try {
      const gone = await store.deletePost(editing.meta.id);
      close();
      onSaved(gone, previous);
    } catch (e) {
      error.textContent = String(e?.message ?? e);
    }
  }

  return { element: form, open, close };
}
