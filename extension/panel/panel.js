// The side panel's drafting studio: one draft, counted live for every network by the engine, which
// runs right in this extension page.
import { PorteVoixEngine } from '../engine/engine.js';
import { localise, row, t } from '../pages/i18n.js';

localise();
const draft = document.getElementById('draft');
const body = document.querySelector('#counts tbody');

function render(engine, networks) {
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
}

PorteVoixEngine.load(new URL('../engine/porte_voix_wasm_bg.wasm', import.meta.url))
  .then((engine) => {
    const networks = engine.networks();
    draft.addEventListener('input', () => render(engine, networks));
    render(engine, networks);
  })
  .catch((error) => {
    document.getElementById('engine-error').textContent = t('optionsEngineFailed', [String(error.message ?? error)]);
  });
