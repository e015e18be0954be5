// Threads: Lexical boxes. A dialog that shows a post above its composer replies to that post.
'use strict';

PorteVoix.defineSite({
  network: 'threads',
  hosts: ['threads.net', 'threads.com'],
  describe(box) {
    if (!box.matches('[data-lexical-editor="true"], [contenteditable][role="textbox"]')) return null;
    const dialog = box.closest('[role="dialog"]');
    const answered = dialog
      ? [...dialog.querySelectorAll('[data-pressable-container]')].filter((p) => PorteVoix.follows(box, p) && !p.contains(box)).pop()
      : null;
    if (!answered) return { kind: 'post' };
    return { kind: 'reply', parent: PorteVoix.messageText(answered, box) };
  },
});
