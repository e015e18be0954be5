// Finds the compose box the user is typing in, reads its text, asks the background engine, and shows
// the answer in the overlay. At most one request is in flight per box; a keystroke during a request
// marks the box dirty and the latest text is sent when the answer arrives, so typing never queues up.
'use strict';

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  // Injected a second time (generic mode switched on in a tab that already has us): just attach to the
  // box the user is in.
  if (PorteVoix.attachToFocusedBox) {
    PorteVoix.attachToFocusedBox();
    return;
  }
  // On a network's site its adapter; elsewhere the background injects us only when the user switches
  // generic mode on (keyboard shortcut or context menu), and says which network to count for.
  const site = PorteVoix.siteForHost(location.hostname) ?? (PorteVoix.genericNetwork ? PorteVoix.genericSite(PorteVoix.genericNetwork) : null);
  if (!site) return;

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

  /** The per-keystroke checks go over one long-lived port; everything else is an occasional message. */
  const checks = new PorteVoix.CheckChannel(api);

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

  /**
   * Asks the background for the box's count, findings and hashtags, unless the same text was already
   * analysed with the same settings: a keystroke in a contenteditable box is reported both by its input
   * event and by the DOM observer. `invalidate(session)` forces the next analysis.
   */
  async function refresh(session) {
    if (session.inFlight) {
      session.dirty = true;
      return;
    }
    const model = new PorteVoix.TextModel(session.box);
    const key = `${session.network}\u0000${session.ignored.size}\u0000${model.text}`;
    if (key === session.analyzedKey) return;
    session.inFlight = true;
    session.dirty = false;
    try {
      session.analyzedKey = key;
      const message = { type: 'analyze', network: session.network, text: model.text, lang: uiLang, ignored: [...session.ignored] };
      // The count is shown the moment it arrives; findings and hashtags follow in the same frame or the next.
      const result = await checks.analyze(message, (count) => session.overlay.showCount(count));
      session.model = model;
      session.overlay.showFindings(result.findings, model, result);
      session.overlay.showHashtags(result.hashtags);
    } catch (error) {
      session.analyzedKey = null; // try again on the next change
      session.overlay.showError(String(error?.message ?? error));
    } finally {
      session.inFlight = false;
    }
    session.overlay.placeSoon();
    if (session.dirty) refresh(session);
  }

  function attach(box) {
    let session = sessions.get(box);
    if (session) return session;
    const described = PorteVoix.describeBox(site, box);
    session = {
      box, network: described.network, described, networkChosen: false, inFlight: false, dirty: false, analyzedKey: null,
      overlay: null, model: null, ignored: new Set(), saved: null, replyTo: described.parent,
    };
    const actions = {
      ask,
      hideHere: () => hideOnBox(session),
      /** Sends the draft to the editorial calendar: network, text and the proposed time (or none). */
      async saveToPlan(at) {
        const text = new PorteVoix.TextModel(box).text;
        if (text.trim() === '') return;
        try {
          const saved = await ask({ type: 'plan-save', text, network: session.network, ...(at ? { at } : {}) });
          const when = saved.at ? new Date(saved.at).toLocaleString(api.i18n.getUILanguage(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : null;
          session.overlay.showSaved(when);
        } catch (error) {
          session.overlay.showError(String(error?.message ?? error));
        }
      },
      hideOnSite,
      openSnippets: () => openSnippets(session),
      async insertHashtag(tag) {
        const model = new PorteVoix.TextModel(box);
        const at = await ask({ type: 'hashtag-insertion', text: model.text, tag });
        await model.insertAtOffset(at.offset, at.text);
        refresh(session);
      },
      async insertSnippet(text) {
        const saved = session.saved;
        session.saved = null;
        await new PorteVoix.TextModel(box).insertAt(saved, text);
        refresh(session);
      },
      focusBox() {
        new PorteVoix.TextModel(box).restoreSelection(session.saved);
        session.saved = null;
      },
      async fix(finding, replacement) {
        // The finding's offsets refer to the text it was computed on: apply only if that is still the text.
        const current = new PorteVoix.TextModel(box);
        if (!session.model || current.text !== session.model.text) return refresh(session);
        await current.replace(finding.span.start, finding.span.end, replacement);
        refresh(session);
      },
      ignore(finding) {
        session.ignored.add(finding.id);
        refresh(session);
      },
      async disableRule(finding) {
        try {
          await ask({ type: 'rule-disable', rule: finding.rule });
        } finally {
          session.analyzedKey = null; // same text, other rules
          refresh(session);
        }
      },
    };
    session.overlay = new PorteVoix.Overlay(
      box,
      session.network,
      (network) => {
        session.network = network;
        session.networkChosen = true;
        refresh(session);
        showBestTime(session);
      },
      actions,
    );
    session.overlay.showKind(described);
    sessions.set(box, session);
    overlays.add(session.overlay);
    // A textarea's edits are seen through its input events; a contenteditable box's through the DOM
    // observer below, which also sees the edits an editor makes without an input event. Following both
    // there would read the box's text twice per keystroke.
    const editable = !(box instanceof HTMLTextAreaElement);
    box.addEventListener('input', (event) => {
      if (!editable) refresh(session);
      if (event.inputType?.startsWith('insert') && !event.isComposing) expandTrigger(session);
    });
    box.addEventListener('focus', () => {
      lastSession = session;
      redescribe(session);
    });
    if (editable) {
      // Editors such as Draft.js and Lexical render some edits themselves (the first key, their own
      // undo, clearing after posting) without an input event: follow the box's DOM as well.
      session.observer = new MutationObserver(() => refresh(session));
      session.observer.observe(box, { characterData: true, childList: true, subtree: true });
    }
    // The box grows as the user types, or the site resizes it: keep the badge on its corner.
    session.resizeObserver = new ResizeObserver(placeAll);
    session.resizeObserver.observe(box);
    lastSession = session;
    loadNetworks(session);
    showReplyContext(session);
    showBestTime(session);
    fillFromReminder(session);
    refresh(session);
    return session;
  }

  /** A draft a reminder opened this tab for (networks without a share URL), typed into the first empty compose box. */
  let reminderDraft = null;
  function fillFromReminder(session) {
    if (!reminderDraft || session.replyTo) return;
    const model = new PorteVoix.TextModel(session.box);
    if (model.text.trim() !== '') return;
    const { text } = reminderDraft;
    reminderDraft = null;
    model.insertAtOffset(0, text).then(() => refresh(session), () => {});
  }

  /**
   * Describes the box again when it gets focus: a site may turn the same box into a reply box (Mastodon
   * fills its reply indicator) or move it into a dialog.
   */
  function redescribe(session) {
    const described = PorteVoix.describeBox(site, session.box);
    const before = session.described;
    session.described = described;
    if (described.kind !== before.kind || described.parent !== before.parent) {
      session.replyTo = described.parent;
      session.overlay.showKind(described);
      session.overlay.showTriage(null);
      showReplyContext(session);
      showBestTime(session);
    }
    if (!session.networkChosen && described.network !== session.network) {
      session.network = described.network;
      session.overlay.select.value = described.network;
      refresh(session);
    }
  }

  /** The next best time to post on the box's network (replies are answered now: no time shown). */
  async function showBestTime(session) {
    if (session.described.kind === 'reply') {
      session.overlay.showBestTime(null);
      return;
    }
    try {
      const report = await ask({ type: 'best-times', network: session.network });
      session.overlay.showBestTime(report.slots[0]);
    } catch {
      session.overlay.showBestTime(null);
    }
  }

  /** The session of the box the user was last in, for the keyboard command. */
  let lastSession = null;

  /** Opens the snippet picker of `session`, remembering where the caret was. */
  function openSnippets(session) {
    session.saved = new PorteVoix.TextModel(session.box).saveSelection();
    session.overlay.picker.open(session.replyTo ?? undefined, undefined);
    session.overlay.place();
  }

  /** When the box answers a message, shows how that message reads (complaint, urgent...). */
  async function showReplyContext(session) {
    if (!session.replyTo) return;
    try {
      const { triage } = await ask({ type: 'reply-advice', text: session.replyTo });
      session.overlay.showTriage(triage);
    } catch {
      /* the overlay works without triage */
    }
  }

  /** Replaces a snippet trigger just typed (`;merci`) by the snippet, through the editor. */
  async function expandTrigger(session) {
    const model = new PorteVoix.TextModel(session.box);
    const caret = model.caretOffset();
    const tail = model.text.slice(Math.max(0, caret - 200), caret);
    if (!/;[\p{L}\p{N}_-]+$/u.test(tail)) return;
    const expansion = await ask({ type: 'snippet-expand', text: tail }).catch(() => null);
    if (!expansion) return;
    const now = new PorteVoix.TextModel(session.box);
    if (now.text !== model.text) return; // the user typed on: leave the trigger alone
    const offset = caret - tail.length;
    await now.replace(offset + expansion.span.start, offset + expansion.span.end, expansion.text);
  }

  // The keyboard command (manifest "commands", changeable in the browser's shortcut settings).
  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id || stopped) return;
    if (message?.type !== 'open-snippets' && message?.type !== 'focus-overlay') return;
    const active = composeBoxOf(document.activeElement);
    const session = active && !hiddenBoxes.has(active) ? attach(active) : lastSession;
    if (!session) return;
    if (message.type === 'open-snippets') openSnippets(session);
    else {
      session.saved = new PorteVoix.TextModel(session.box).saveSelection();
      session.overlay.focus();
    }
  });

  /** Attaches to the box that has focus, if any (also used when generic mode is switched on again). */
  function attachToFocusedBox() {
    const box = composeBoxOf(document.activeElement);
    if (box && !hiddenBoxes.has(box)) attach(box);
  }

  /** Attaches to `target`'s box unless the user hid the overlay there. Errors stay inside this box. */
  function attachTo(target) {
    try {
      const box = composeBoxOf(target);
      if (box && !hiddenBoxes.has(box) && !sessions.has(box)) attach(box);
    } catch (error) {
      console.warn('Porte-voix: could not attach to this box', error);
    }
  }

  /** Boxes whose overlay the user hid ("not on this box"), until the page is reloaded. */
  const hiddenBoxes = new WeakSet();

  /** Removes `session`'s overlay; the box is left alone until reload. */
  function hideOnBox(session) {
    hiddenBoxes.add(session.box);
    forget(session);
  }

  /** Drops a session and its overlay (box hidden, or removed from the page by the site). */
  function forget(session) {
    session.overlay.remove();
    overlays.delete(session.overlay);
    sessions.delete(session.box);
    session.observer?.disconnect();
    session.resizeObserver?.disconnect();
    if (lastSession === session) lastSession = null;
  }

  /** Hides Porte-voix on this whole site (kept in storage; switched back on from the options page). */
  async function hideOnSite() {
    try {
      await ask({ type: 'site-hide', host: location.hostname, hidden: true });
    } finally {
      stop();
    }
  }

  let stopped = false;
  function stop() {
    stopped = true;
    for (const overlay of [...overlays]) {
      const session = sessions.get(overlay.box);
      if (session) forget(session);
      else overlay.remove();
    }
    overlays.clear();
  }

  function start() {
    ask({ type: 'compose-fill' }).then((draft) => {
      reminderDraft = draft;
      if (draft && lastSession?.box.isConnected) fillFromReminder(lastSession);
    }, () => {});
    document.addEventListener('focusin', (event) => !stopped && attachTo(event.target), true);
    // A box can be focused before this script runs (sites autofocus their compose box; the user may
    // click in while the page loads): attach to the focused box now, and to any box that gets input.
    document.addEventListener('input', (event) => !stopped && attachTo(event.target), true);
    PorteVoix.attachToFocusedBox = () => {
      stopped = false;
      attachToFocusedBox();
    };
    attachToFocusedBox();
  }

  // The user may have hidden Porte-voix on this site.
  ask({ type: 'site-settings', host: location.hostname })
    .then((settings) => (settings?.hidden ? stop() : start()))
    .catch(() => start());

  // Keep every badge on its box when the page scrolls or resizes; forget boxes the site removed
  // (single-page navigation, a closed dialog, a re-render).
  let placing = false;
  const placeAll = () => {
    if (placing) return;
    placing = true;
    requestAnimationFrame(() => {
      placing = false;
      for (const overlay of overlays) {
        if (overlay.box.isConnected) overlay.place();
        else {
          const session = sessions.get(overlay.box);
          if (session) forget(session);
          else {
            overlay.remove();
            overlays.delete(overlay);
          }
        }
      }
    });
  };
  window.addEventListener('scroll', placeAll, true);
  window.addEventListener('resize', placeAll);
  new MutationObserver(() => overlays.size > 0 && placeAll()).observe(document.documentElement, { childList: true, subtree: true });
})();
