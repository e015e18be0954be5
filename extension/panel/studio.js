// The drafting studio: one draft, counted live for every network. To be extended (variants, previews,
// suggestions, review).
import { row } from '../pages/i18n.js';

/** Mounts the studio in `section`; see PanelContext in panel.js. */
export function mount(section, { engine, t }) {
  const label = document.createElement('label');
  label.htmlFor = 'draft';
  label.textContent = t('panelDraftLabel');
  const draft = document.createElement('textarea');
  draft.id = 'draft';
  draft.placeholder = t('panelDraftPlaceholder');
  const table = document.createElement('table');
  table.id = 'counts';
  const head = table.createTHead().insertRow();
  for (const key of ['panelNetwork', 'panelLength', 'panelLimit', 'panelStatus']) {
    const th = document.createElement('th');
    th.textContent = t(key);
    head.append(th);
  }
  const body = table.createTBody();
  section.append(label, draft, table);

  const networks = engine.networks();
  const render = () => {
    const text = draft.value;
    body.replaceChildren(
      ...networks.map((network) => {
        const count = engine.count(text, network.id);
        const status = text.trim() === '' ? t('statusEmpty') : count.valid ? t('statusValid') : t('statusOver');
        const tr = row([network.name, count.length, count.limit, status]);
        tr.dataset.network = network.id;
        if (!count.valid && text.trim() !== '') tr.classList.add('over');
        return tr;
      }),
    );
  };
  draft.addEventListener('input', render);
  render();
  return {};
}
