// Mastodon (mastodon.social; other instances through generic mode): one React <textarea> in the compose
// form; replying fills a `.reply-indicator` with the post answered.
'use strict';

PorteVoix.defineSite({
  network: 'mastodon',
  hosts: ['mastodon.social'],
  // Mastodon runs on thousands of hosts: in generic mode its markers are recognised anywhere.
  portable: true,
  describe(box) {
    if (!box.matches('textarea.autosuggest-textarea__textarea')) return null;
    const form = box.closest('form.compose-form, .compose-form');
    const indicator = form?.querySelector('.reply-indicator');
    if (!indicator) return { kind: 'post' };
    return { kind: 'reply', parent: PorteVoix.messageText(indicator.querySelector('.reply-indicator__content') ?? indicator) };
  },
});
