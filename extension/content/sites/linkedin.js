// LinkedIn: Quill boxes (`.ql-editor`). The share dialog writes a post (3,000 characters); a box in a
// post's comment box writes a comment, which has its own limit (network `linkedin-comment`).
'use strict';

PorteVoix.defineSite({
  network: 'linkedin',
  hosts: ['linkedin.com'],
  describe(box) {
    if (!box.matches('.ql-editor')) return null;
    const commentBox = box.closest('.comments-comment-box, .comments-comment-texteditor');
    if (!commentBox) return { kind: 'post' };
    const post = box.closest('.feed-shared-update-v2');
    const text = post?.querySelector('.update-components-text');
    return { kind: 'reply', network: 'linkedin-comment', parent: text ? PorteVoix.messageText(text) : null };
  },
});
