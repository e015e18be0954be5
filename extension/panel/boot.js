// The side panel's first script. Two slow things start here, as soon as the page is parsed: reading
// this month's snapshots from storage, which the calendar's first frame is drawn from, and compiling
// the planner wasm (which holds the calendar; Firefox takes 50–80 ms over it), which everything
// after that frame needs. The panel's own modules (panel.js and what it imports) take both over.
// This module imports only leaf modules, so that nothing delays it.
import { monthGridRange } from './dates.js';
import { readFirst } from '../plan/snapshot-keys.js';

const api = globalThis.browser ?? globalThis.chrome;

// User Timing marks (silent): bench/panel.bench.mjs splits the opening with them.
performance.mark('pv-panel-start');
// The view to open on, named by the URL hash (none: the calendar; panel.js checks the name).
const view = location.hash.slice(1) || 'calendar';
const plannerModule = WebAssembly.compileStreaming(fetch(new URL('../engine/porte_voix_planner_bg.wasm', import.meta.url)));
plannerModule.catch(() => {}); // reported by panel.js, which awaits it
// On the calendar, this month's grid first (the view opens on today's month).
const first = view === 'calendar' ? monthGridRange(new Date()) : undefined;
const firstRead = first ? readFirst(api.storage, first) : undefined;
firstRead?.catch(() => {}); // a failed read means reading everything (PlanStore.open)

import('./panel.js')
  .then((panel) => panel.start({ view, plannerModule, first, firstRead }))
  .catch((error) => panelFailed(error));

/** Says on the page that the panel could not start (the engine's message, localised). */
async function panelFailed(error) {
  const { t } = await import('../pages/i18n.js');
  document.getElementById('engine-error').textContent = t('optionsEngineFailed', [String(error?.message ?? error)]);
}
