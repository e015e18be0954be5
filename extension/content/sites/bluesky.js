// Bluesky (bsky.app): a TipTap/ProseMirror composer in a dialog; a reply shows the post answered in a
// `composerReplyTo` block above the editor.
'use strict';

PorteVoix.defineSite({
  network: 'bluesky',
  hosts: ['bsky.app'],
  describe(box) {
    if (!box.matches('.ProseMirror, [data-testid="composerTextInput"]')) return null;
    const composer = box.closest('[role="dialog"]') ?? box.closest('[data-testid="composePostView"]') ?? document;
    const replyTo = composer.querySelector('[data-testid="composerReplyTo"]');
    if (!replyTo) return { kind: 'post' };
    return { kind: 'reply', parent: PorteVoix.messageText(replyTo.querySelector('[data-testid="postText"]') ?? replyTo) };
  },
});
