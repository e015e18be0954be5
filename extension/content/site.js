// The site registry: which network a page belongs to, and what each compose box on it is (post or
// reply, which network's rules, the message it answers). One adapter per network registers itself
// from content/sites/<network>.js; a box no adapter recognises — or an adapter that throws because the
// site changed its markup — is described in generic mode, so the overlay still works.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

/** Longest parent-message text passed on for triage. */
const MAX_PARENT_TEXT = 2000;

/** Registered adapters, by host name (without `www.`). */
const adaptersByHost = new Map();

/**
 * Registers a site adapter: `{ network, hosts: [...], portable?, describe(box) }`. `describe` returns
 * `{ kind: 'post' | 'reply', network?, parent?: string | null }` for a box it recognises, or null.
 */
PorteVoix.defineSite = function defineSite(adapter) {
  for (const host of adapter.hosts) adaptersByHost.set(host, Object.freeze(adapter));
};

/** `hostname` without the `www.`/`m.`/`mobile.` prefix, lower-cased. */
function bareHost(hostname) {
  return String(hostname).toLowerCase().replace(/^(www|m|mobile)\./, '');
}

/** The adapter of `hostname`, or null for a site Porte-voix does not know. */
PorteVoix.siteForHost = function siteForHost(hostname) {
  return adaptersByHost.get(bareHost(hostname)) ?? null;
};

/**
 * The adapter used on sites the user switched generic mode on for: every box, counted for `network`,
 * unless a `portable` adapter — one for software that runs on many hosts, such as Mastodon — recognises
 * the box by its own markers.
 */
PorteVoix.genericSite = function genericSite(network) {
  const portable = [...new Set(adaptersByHost.values())].filter((adapter) => adapter.portable);
  return Object.freeze({
    network,
    hosts: [],
    generic: true,
    describe(box) {
      for (const adapter of portable) {
        const found = adapter.describe(box);
        if (found) return { ...found, network: found.network ?? adapter.network };
      }
      return null;
    },
  });
};

/** Readable text of `element` (whitespace collapsed), without `except`'s text and without controls. */
PorteVoix.messageText = function messageText(element, except) {
  if (!element) return null;
  const parts = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
    acceptNode: (text) =>
      except?.contains(text) || text.parentElement?.closest('button, label, script, style, [contenteditable], textarea, porte-voix-overlay')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    parts.push(text.data);
    if (parts.length > 400) break;
  }
  const message = parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_PARENT_TEXT);
  return message || null;
};

/**
 * Generic mode: a box inside a message (an <article>, role=article or role=comment, up to 8 levels up)
 * answers that message.
 */
PorteVoix.genericDescription = function genericDescription(box, network) {
  let node = box.parentElement;
  for (let depth = 0; node && depth < 8; depth += 1, node = node.parentElement) {
    const role = node.getAttribute('role');
    if (node.tagName === 'ARTICLE' || role === 'article' || role === 'comment') {
      const parent = PorteVoix.messageText(node, box);
      if (parent) return { kind: 'reply', network, parent, generic: true };
    }
  }
  return { kind: 'post', network, parent: null, generic: true };
};

/**
 * What `box` is, according to `site`: `{ kind, network, parent, generic }`. Never throws: an adapter
 * that fails or does not recognise the box gives the generic description.
 */
PorteVoix.describeBox = function describeBox(site, box) {
  try {
    const found = site.describe(box);
    if (found) {
      return {
        kind: found.kind === 'reply' ? 'reply' : 'post',
        network: found.network ?? site.network,
        parent: typeof found.parent === 'string' ? found.parent.replace(/\s+/g, ' ').trim().slice(0, MAX_PARENT_TEXT) || null : null,
        generic: false,
      };
    }
  } catch (error) {
    console.warn(`Porte-voix: the ${site.network} adapter failed on this box; generic mode`, error);
  }
  return PorteVoix.genericDescription(box, site.network);
};

/** Whether `node` comes after `other` in document order. */
PorteVoix.follows = function follows(node, other) {
  return Boolean(other.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
};
