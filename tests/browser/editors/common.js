// Shared by every editor fixture page: the test API on `window.__editor` and a log of the input events
// the page saw, for diagnosing an edit that reached the DOM but not the editor's model.

/** Input events seen by the page: capture phase (before the editor) and bubble phase (after it). */
const events = [];
window.__events = events;
const LOGGED = ['beforeinput', 'input', 'textInput', 'compositionstart', 'compositionend', 'keydown', 'selectionchange'];
for (const type of LOGGED) {
  document.addEventListener(
    type,
    (e) => {
      events.push({ type, phase: 'capture', inputType: e.inputType, data: e.data ?? e.key, trusted: e.isTrusted, t: Math.round(performance.now()) });
    },
    true,
  );
  // After the editor's own handlers: did it take the edit over, and what does its model hold now?
  window.addEventListener(type, (e) => {
    let model;
    try {
      model = window.__editor?.text();
    } catch {
      model = undefined;
    }
    events.push({ type, phase: 'bubble', defaultPrevented: e.defaultPrevented, model, t: Math.round(performance.now()) });
  });
}

/** Content-Security-Policy violations on the page: a fixture that needs inline script or style is broken. */
const violations = [];
window.__cspViolations = violations;
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`);
});

/**
 * Publishes the test API: `{ name, text(), undo(), canUndo?() }` plus `domText()` (what the page shows,
 * for comparison with the model) and `events` (the log above).
 */
export function expose(api, box) {
  window.__editor = {
    ...api,
    domText: () => (box() instanceof HTMLTextAreaElement ? box().value : box().innerText.replace(/\n$/, '')),
    clearEvents: () => {
      events.length = 0;
    },
  };
  document.documentElement.dataset.editorReady = api.name;
}
