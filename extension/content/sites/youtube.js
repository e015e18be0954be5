// YouTube: bare contenteditable comment boxes (`#contenteditable-root` in `ytd-commentbox`). Every box
// answers something: the top-level box answers the video (its title), a box in a comment thread answers
// that comment.
'use strict';

PorteVoix.defineSite({
  network: 'youtube',
  hosts: ['youtube.com'],
  describe(box) {
    if (!box.matches('#contenteditable-root')) return null;
    const thread = box.closest('ytd-comment-thread-renderer');
    if (thread) {
      // The comment answered is the last one before the box (a reply box under a reply answers that reply).
      const comment = [...thread.querySelectorAll('#content-text')].filter((c) => PorteVoix.follows(box, c)).pop();
      return { kind: 'reply', parent: comment ? PorteVoix.messageText(comment) : null };
    }
    const title = document.querySelector('ytd-watch-metadata h1, h1.ytd-watch-metadata');
    return { kind: 'reply', parent: title ? PorteVoix.messageText(title) : null };
  },
});
