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

  /** The text of a box as the user sees it. */
  function textOf(box) {
    return box instanceof HTMLTextAreaElement ? box.value : box.innerText.replace(/\n$/, '');
  }

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
      const result = await ask({ type: 'analyze', network: session.network, text: textOf(session.box) });
      session.overlay.showCount(result.count);
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
    session = { box, network: pageNetwork, inFlight: false, dirty: false, overlay: null };
    session.overlay = new PorteVoix.Overlay(box, pageNetwork, (network) => {
      session.network = network;
      refresh(session);
    });
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
