// The content script's line to the background for the per-keystroke check: one long-lived port per
// tab, numbered requests, and answers in two parts (the count first, then the analysis). Cheaper than a
// `runtime.sendMessage` per keystroke, which opens and closes a channel each time.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

/** Must match CHECK_PORT in background/messages.js. */
const CHECK_PORT_NAME = 'porte-voix-check';

/** How many times a request is sent again when the port closes before its answer (worker stopped). */
const RESENDS = 1;

PorteVoix.CheckChannel = class CheckChannel {
  #api;
  #port = null;
  #nextId = 1;
  /** Requests waiting for their answer, by id: `{ message, onCount, resolve, reject, sent, port }`. */
  #pending = new Map();

  /** @param api the extension API (`browser` or `chrome`) */
  constructor(api) {
    this.#api = api;
  }

  /**
   * Sends an `analyze` message; calls `onCount(count)` when the count arrives and resolves with the
   * analysis (`{ findings, findingsTotal, worstLevel, hashtags }`), or rejects with the background's error.
   */
  analyze(message, onCount) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { message, onCount, resolve, reject, sent: 0, port: null });
      this.#send(id);
    });
  }

  #send(id) {
    const request = this.#pending.get(id);
    request.sent += 1;
    try {
      request.port = this.#open();
      request.port.postMessage({ id, message: request.message });
    } catch (error) {
      // The extension was reloaded or removed: this page's scripts can no longer reach it.
      this.#pending.delete(id);
      request.reject(error);
    }
  }

  #open() {
    if (!this.#port) {
      const port = this.#api.runtime.connect({ name: CHECK_PORT_NAME });
      port.onMessage.addListener((reply) => this.#receive(reply));
      port.onDisconnect.addListener(() => this.#lost(port));
      this.#port = port;
    }
    return this.#port;
  }

  #receive(reply) {
    const request = this.#pending.get(reply?.id);
    if (!request) return;
    if (!reply.ok) {
      this.#pending.delete(reply.id);
      request.reject(new Error(reply.error ?? 'no answer from the Porte-voix background'));
    } else if (reply.part === 'count') {
      request.onCount(reply.result);
    } else {
      this.#pending.delete(reply.id);
      request.resolve(reply.result);
    }
  }

  /**
   * The background closed the port (Chrome stopped its service worker, or the extension was updated):
   * the next request opens a new one, which wakes the worker; unanswered requests are sent again once.
   */
  #lost(port) {
    if (this.#port === port) this.#port = null;
    for (const [id, request] of [...this.#pending]) {
      if (request.port !== port) continue;
      if (request.sent <= RESENDS) this.#send(id);
      else {
        this.#pending.delete(id);
        request.reject(new Error('the Porte-voix background closed the connection'));
      }
    }
  }
};
