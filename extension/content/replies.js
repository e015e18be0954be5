// Is a compose box answering a message, and which one? A reply box sits inside the message it answers
// (an <article>, role=article or role=comment) on every network we support; the site adapters can
// refine this. Returns the text of that message without the box's own text, or null.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

/** Longest message text passed on for triage. */
const MAX_REPLY_CONTEXT = 2000;

PorteVoix.replyContextOf = function replyContextOf(box) {
  let node = box.parentElement;
  for (let depth = 0; node && depth < 8; depth += 1, node = node.parentElement) {
    const role = node.getAttribute('role');
    if (node.tagName === 'ARTICLE' || role === 'article' || role === 'comment') {
      const parts = [];
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
        acceptNode: (text) =>
          box.contains(text) || text.parentElement?.closest('button, label, script, style, porte-voix-overlay')
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      for (let text = walker.nextNode(); text; text = walker.nextNode()) parts.push(text.data);
      const message = parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY_CONTEXT);
      return message || null;
    }
  }
  return null;
};
