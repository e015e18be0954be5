// The options page: engine status (from the background, where the overlay's engine runs) and the
// network table.
import { localise, row, t } from '../pages/i18n.js';

const api = globalThis.browser ?? globalThis.chrome;
localise();

async function ask(message) {
  const answer = await api.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'no answer from the background');
  return answer.result;
}

async function show() {
  const status = document.getElementById('engine-status');
  try {
    const { version, startMs } = await ask({ type: 'status' });
    status.textContent = t('optionsEngineReady', [version, startMs.toFixed(1)]);
    const networks = await ask({ type: 'networks' });
    document.querySelector('#networks tbody').replaceChildren(
      ...networks.map((n) => row([n.name, n.limit, n.source])),
    );
  } catch (error) {
    status.textContent = t('optionsEngineFailed', [String(error.message ?? error)]);
  }
}

show();
