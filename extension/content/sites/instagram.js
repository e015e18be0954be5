// Instagram: the comment <textarea> under a post (<article>, caption in its <h1>) and the Lexical caption
// box of the "Create" dialog.
'use strict';

PorteVoix.defineSite({
  network: 'instagram',
  hosts: ['instagram.com'],
  describe(box) {
    if (box instanceof HTMLTextAreaElement) {
      const article = box.closest('article');
      if (!article) return null;
      return { kind: 'reply', parent: PorteVoix.messageText(article.querySelector('h1') ?? article, box) };
    }
    if (box.matches('[data-lexical-editor="true"], [contenteditable][role="textbox"]')) return { kind: 'post' };
    return null;
  },
});
