// The background: runs the Rust engine (Chrome service worker, Firefox background script) and answers
// content scripts and extension pages. Content scripts cannot start wasm on strict-CSP sites, so every
// count and check happens here.
import { PorteVoixEngine, EngineCrashed } from './engine/engine.js';
import { validateMessage } from './background/messages.js';

const api = globalThis.browser ?? globalThis.chrome;
const self = { id: api.runtime.id, origin: api.runtime.getURL('') };

let enginePromise = null;

/** The engine, loaded on first use (and again after the worker was stopped and woken). */
function engine() {
  if (!enginePromise) {
    enginePromise = PorteVoixEngine.load(api.runtime.getURL('engine/porte_voix_wasm_bg.wasm'));
    enginePromise.catch(() => {
      enginePromise = null; // a failed load is retried on the next message
    });
  }
  return enginePromise;
}

/** Runs one validated message against the engine. */
function handle(e, message) {
  switch (message.type) {
    case 'analyze':
      return { count: e.count(message.text, message.network), entities: e.entities(message.text) };
    case 'count':
      return e.count(message.text, message.network);
    case 'entities':
      return e.entities(message.text);
    case 'split':
      return e.split(message.text, message.network);
    case 'networks':
      return e.networks();
    case 'status':
      return { version: e.version, startMs: e.startMs, restarts: e.restarts, lastPanic: e.lastPanic };
    case 'crash-for-test':
      return e.crashForTest();
    default:
      throw new Error(`unhandled message type ${message.type}`);
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const verdict = validateMessage(message, sender, self);
  if (!verdict.ok) {
    sendResponse({ ok: false, error: verdict.error });
    return false;
  }
  engine()
    .then((e) => ({ ok: true, result: handle(e, message) }))
    .catch((error) => ({
      ok: false,
      error: error?.message ?? String(error),
      crashed: error instanceof EngineCrashed,
    }))
    .then(sendResponse);
  return true; // the answer comes asynchronously
});

// Chrome: the toolbar button opens the side panel.
if (api.sidePanel?.setPanelBehavior) {
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
}

// Firefox: the toolbar button toggles the sidebar (its side panel).
if (api.sidebarAction?.toggle && api.action?.onClicked) {
  api.action.onClicked.addListener(() => api.sidebarAction.toggle());
}
