// Facebook: Lexical boxes (`data-lexical-editor`). The "Create post" dialog writes a post; a box inside a
// post (role=article) comments on it.
'use strict';

/** The post text of a Facebook article: the message block, else the article's own text. */
function facebookMessage(article, box) {
  const message = article.querySelector('[data-ad-preview="message"], [data-ad-comet-preview="message"]');
  return PorteVoix.messageText(message ?? article, box);
}

PorteVoix.defineSite({
  network: 'facebook',
  hosts: ['facebook.com'],
  describe(box) {
    if (!box.matches('[data-lexical-editor="true"], [contenteditable][role="textbox"]')) return null;
    const article = box.closest('[role="article"]');
    if (!article) return { kind: 'post' };
    return { kind: 'reply', parent: facebookMessage(article, box) };
  },
});
