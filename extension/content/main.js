// Finds the compose box the user is typing in, reads its text, asks the background engine, and shows
// the answer in the overlay. At most one request is in flight per box; a keystroke during a request
// marks the box dirty and the latest text is sent when the answer arrives, so typing never queues up.
'use strict';

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const pageNetwork = PorteVoix.networkForHost(location.hostname);
  if (!pageNetwork) return;

  /** Per-box state, keyed by the box element. */
  const sessions = new WeakMap();
  /** Every overlay on the page, to keep them on their boxes. */
  const overlays = new Set();
  let networkList = null;

  /** The compose box `target` belongs to: a textarea or the root of a contenteditable region. */
  function composeBoxOf(target) {
    if (!(target instanceof Element)) return null;
    if (target instanceof HTMLTextAreaElement) return target;
    if (!target.isContentEditable) return null;
    let root = target;
    while (root.parentElement?.isContentEditable) root = root.parentElement;
    return root;
  }

  /** Language of the findings' messages: the browser's UI language. */
  const uiLang = api.i18n.getUILanguage().toLowerCase().startsWith('fr') ? 'fr' : 'en';

  function ask(message) {
    return api.runtime.sendMessage(message).then((answer) => {
      if (!answer?.ok) throw new Error(answer?.error ?? 'no answer from the Porte-voix background');
      return answer.result;
    });
  }

  async function loadNetworks(session) {
    try {
      networkList = networkList ?? (await ask({ type: 'networks' }));
      session.overlay.setNetworks(networkList, session.network);
    } catch {
      /* the picker keeps the page's own network */
    }
  }

  async function refresh(session) {
    if (session.inFlight) {
      session.dirty = true;
      return;
    }
    session.inFlight = true;
    session.dirty = false;
    try {
      const model = new PorteVoix.TextModel(session.box);
      const result = await ask({
        type: 'analyze', network: session.network, text: model.text, lang: uiLang, ignored: [...session.ignored],
      });
      session.model = model;
      session.overlay.showCount(result.count);
      session.overlay.showFindings(result.findings, model);
    } catch (error) {
      session.overlay.showError(String(error?.message ?? error));
    } finally {
      session.inFlight = false;
    }
    session.overlay.place();
    if (session.dirty) refresh(session);
  }

  function attach(box) {
    let session = sessions.get(box);
    if (session) return session;
    session = { box, network: pageNetwork, inFlight: false, dirty: false, overlay: null, model: null, ignored: new Set() };
    const actions = {
      fix(finding, replacement) {
        // The finding's offsets refer to the text it was computed on: apply only if that is still the text.
        const current = new PorteVoix.TextModel(box);
        if (!session.model || current.text !== session.model.text) return refresh(session);
        current.replace(finding.span.start, finding.span.end, replacement);
        refresh(session); // editors that handle the edit themselves may not fire input synchronously
      },
      ignore(finding) {
        session.ignored.add(finding.id);
        refresh(session);
      },
      async disableRule(finding) {
        try {
          await ask({ type: 'rule-disable', rule: finding.rule });
        } finally {
          refresh(session);
        }
      },
    };
    session.overlay = new PorteVoix.Overlay(
      box,
      pageNetwork,
      (network) => {
        session.network = network;
        refresh(session);
      },
      actions,
    );
    sessions.set(box, session);
    overlays.add(session.overlay);
    box.addEventListener('input', () => refresh(session));
    loadNetworks(session);
    refresh(session);
    return session;
  }

  document.addEventListener(
    'focusin',
    (event) => {
      try {
        const box = composeBoxOf(event.target);
        if (box) attach(box);
      } catch (error) {
        console.warn('Porte-voix: could not attach to this box', error);
      }
    },
    true,
  );

  // Keep every badge on its box when the page scrolls or resizes.
  let placing = false;
  const placeAll = () => {
    if (placing) return;
    placing = true;
    requestAnimationFrame(() => {
      placing = false;
      for (const overlay of overlays) overlay.place();
    });
  };
  window.addEventListener('scroll', placeAll, true);
  window.addEventListener('resize', placeAll);
})();
