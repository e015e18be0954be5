// YouTube (www.youtube.com): bare contenteditable boxes (#contenteditable-root in ytd-commentbox).
// /watch?v=…: the title, the top-level "Add a comment…" box (a reply to the video) under the comments
// header, and comment threads whose Reply buttons open a box under that comment (or under a reply in
// the thread's ytd-comment-replies-renderer, prefilled with its author's @handle as YouTube does).
// The related video on the right is a second watch page: the comments section is rebuilt.
import './youtube.css';
import { startSite, RTL } from './app.js';
import { h, icon } from './dom.js';
import { COMPLAINT, WORKSHOP, ANSWER, QUESTION, VIDEOS, localized } from './content.js';
import { mountContentEditable } from './editors/contenteditable.js';

/** The two watch pages: the video, its comment threads (each a comment and its replies) and the box ids. */
const WATCH = {
  [VIDEOS.first.id]: {
    video: VIDEOS.first,
    views: '12 k views',
    topBox: 'comment',
    threads: [
      // The creator's pinned comment comes first, as on YouTube.
      { n: 2, comment: { post: WORKSHOP, handle: '@AtelierRoueLibre', time: '5 hours ago', box: 'reply-2', pinned: true }, replies: [] },
      { n: 1, comment: { post: COMPLAINT, handle: '@lea_moreau', time: '2 hours ago', box: 'reply-1' }, replies: [{ n: 3, post: ANSWER, handle: '@AtelierRoueLibre', time: '1 hour ago', box: 'reply-r1' }] },
    ],
    next: VIDEOS.second,
  },
  [VIDEOS.second.id]: {
    video: VIDEOS.second,
    views: '3,4 k views',
    topBox: 'next-comment',
    threads: [{ n: 4, comment: { post: QUESTION, handle: '@hugo_b', time: '1 day ago', box: 'next-reply-1' }, replies: [] }],
    next: VIDEOS.first,
  },
};
const watchPath = (video) => `/watch?v=${video.id}`;

/**
 * A ytd-commentbox whose #contenteditable-root is the box `id`, mounted in `slot`. `onCancel` runs
 * after it is taken down; `prefill` is the mention YouTube writes when replying to a reply.
 */
function commentBox(ctx, slot, { id, parent, placeholder, submit, prefill = '', onCancel = () => {} }) {
  const input = h('yt-formatted-string', { id: 'contenteditable-textarea', class: 'style-scope ytd-commentbox box-wrap' });
  const box = h(
    'ytd-commentbox',
    { id: 'commentbox', class: 'style-scope ytd-comment-simplebox-renderer' },
    h(
      'div',
      { id: 'thumbnail-input-row', class: 'style-scope ytd-commentbox' },
      h('yt-img-shadow', { id: 'author-thumbnail', class: 'yt-avatar yt-avatar-small', 'aria-hidden': 'true' }),
      h('div', { id: 'main', class: 'style-scope ytd-commentbox' }, h('ytd-emoji-input', { id: 'input' }, h('yt-user-mention-autosuggest-input', {}, input))),
    ),
    h(
      'div',
      { id: 'footer', class: 'style-scope ytd-commentbox' },
      h(
        'div',
        { id: 'buttons' },
        h('ytd-button-renderer', { id: 'cancel-button' }, h('button', { type: 'button', 'aria-label': 'Cancel', class: 'yt-button', onclick: () => (ctx.unmountWithin(slot), slot.replaceChildren(), onCancel()) }, 'Cancel')),
        h('ytd-button-renderer', { id: 'submit-button' }, h('button', { type: 'button', 'aria-label': submit, class: 'yt-button yt-button-primary', disabled: true }, submit)),
      ),
    ),
  );
  slot.replaceChildren(box);
  const handle = ctx.mount(input, {
    id,
    kind: 'reply',
    parent,
    mount: mountContentEditable,
    options: { id: 'contenteditable-root', placeholder, placeholderClass: 'box-placeholder', attrs: { class: 'style-scope yt-formatted-string', 'aria-label': placeholder } },
  });
  if (prefill) {
    handle.element.textContent = prefill;
    handle.element.dispatchEvent(new Event('input', { bubbles: true }));
  }
  handle.focus();
  if (prefill) window.getSelection().collapse(handle.element.firstChild, prefill.length);
  return handle;
}

/** One comment (ytd-comment-view-model) with its Reply button and the #reply-dialog its box opens in. */
function comment(ctx, n, { post, handle, time, box, pinned = false }, { prefill = '' } = {}) {
  const text = localized(post, RTL);
  const dialog = h('div', { id: 'reply-dialog', class: 'style-scope ytd-comment-view-model' });
  const openReply = () => {
    if (!dialog.firstChild) commentBox(ctx, dialog, { id: box, parent: text.parent, placeholder: 'Add a reply…', submit: 'Reply', prefill });
  };
  return h(
    'ytd-comment-view-model',
    { id: 'comment', class: 'style-scope ytd-comment-thread-renderer', 'data-fixture-post': n },
    h('div', { id: 'author-thumbnail', class: 'yt-avatar', 'aria-hidden': 'true' }),
    h(
      'div',
      { id: 'main', class: 'style-scope ytd-comment-view-model' },
      pinned ? h('div', { id: 'pinned-comment-badge', class: 'yt-meta' }, 'Pinned by @AtelierRoueLibre') : null,
      h('div', { id: 'header' }, h('a', { id: 'author-text', href: ctx.href(`/${handle}`), class: 'yt-author' }, handle), ' ', h('span', { id: 'published-time-text', class: 'yt-meta' }, time)),
      h('div', { id: 'expander' }, h('yt-attributed-string', { id: 'content-text', class: 'style-scope ytd-comment-view-model', dir: text.dir, lang: text.lang }, h('span', { class: 'yt-core-attributed-string', role: 'text' }, text.text))),
      h(
        'ytd-comment-engagement-bar',
        { id: 'action-buttons' },
        h(
          'div',
          { id: 'toolbar', class: 'yt-toolbar' },
          h('button', { type: 'button', 'aria-label': 'Like this comment', class: 'yt-icon-button' }, icon('Like', 18)),
          h('button', { type: 'button', 'aria-label': 'Dislike this comment', class: 'yt-icon-button' }, icon('Dislike', 18)),
          h('div', { id: 'reply-button-end' }, h('ytd-button-renderer', {}, h('button', { type: 'button', 'aria-label': 'Reply', class: 'yt-button', onclick: openReply }, 'Reply'))),
        ),
        dialog,
      ),
    ),
  );
}

/** A comment thread: the comment, then its replies in ytd-comment-replies-renderer. */
function thread(ctx, { n, comment: top, replies }) {
  return h(
    'ytd-comment-thread-renderer',
    { class: 'style-scope ytd-item-section-renderer' },
    comment(ctx, n, top),
    replies.length
      ? h(
          'div',
          { id: 'replies' },
          h(
            'ytd-comment-replies-renderer',
            { class: 'style-scope ytd-comment-thread-renderer' },
            h('div', { id: 'expander' }, h('button', { type: 'button', class: 'yt-button yt-more-replies', 'aria-expanded': 'true' }, `${replies.length} reply`), h('div', { id: 'expander-contents' }, h('div', { id: 'contents' }, replies.map((r) => comment(ctx, r.n, r, { prefill: `${r.handle} ` }))))),
          ),
        )
      : null,
  );
}

/** The comments header's simple box: a placeholder that becomes the top-level commentbox when clicked. */
function simpleBox(ctx, watch) {
  const area = h('div', { id: 'placeholder-area', role: 'button', tabindex: '0', class: 'yt-placeholder-area' }, h('yt-formatted-string', { id: 'simplebox-placeholder' }, 'Add a comment…'));
  const slot = h('div', { id: 'commentbox-slot' });
  const renderer = h('ytd-comment-simplebox-renderer', { class: 'style-scope ytd-comments-header-renderer' }, h('div', { id: 'author-thumbnail', class: 'yt-avatar', 'aria-hidden': 'true' }), area, slot);
  area.addEventListener('click', () => {
    area.hidden = true;
    commentBox(ctx, slot, { id: watch.topBox, parent: watch.video.parent, placeholder: 'Add a comment…', submit: 'Comment', onCancel: () => (area.hidden = false) });
  });
  return renderer;
}

function watchPage(view, ctx, watch) {
  const count = watch.threads.reduce((sum, t) => sum + 1 + t.replies.length, 0);
  view.append(
    h(
      'ytd-watch-flexy',
      { 'video-id': watch.video.id, class: 'style-scope ytd-page-manager' },
      h(
        'div',
        { id: 'columns' },
        h(
          'div',
          { id: 'primary' },
          h('div', { id: 'player', class: 'yt-player', role: 'img', 'aria-label': 'Video player' }),
          h(
            'ytd-watch-metadata',
            { class: 'watch-active-metadata style-scope ytd-watch-flexy' },
            h('div', { id: 'title' }, h('h1', { class: 'style-scope ytd-watch-metadata' }, h('yt-formatted-string', { class: 'style-scope ytd-watch-metadata', title: watch.video.title }, watch.video.title))),
            h('div', { id: 'owner', class: 'yt-meta' }, 'Atelier Roue Libre · ', watch.views),
          ),
          h(
            'ytd-comments',
            { id: 'comments', class: 'style-scope ytd-watch-flexy' },
            h(
              'ytd-item-section-renderer',
              { id: 'sections', class: 'style-scope ytd-comments' },
              h('div', { id: 'header' }, h('ytd-comments-header-renderer', { class: 'style-scope ytd-item-section-renderer' }, h('div', { id: 'title' }, h('h2', { id: 'count' }, h('yt-formatted-string', {}, `${count} Comments`))), h('div', { id: 'simple-box' }, simpleBox(ctx, watch)))),
              h('div', { id: 'contents' }, watch.threads.map((t) => thread(ctx, t))),
            ),
          ),
        ),
        h(
          'div',
          { id: 'secondary' },
          h('ytd-watch-next-secondary-results-renderer', {}, h('ytd-compact-video-renderer', {}, h('a', { id: 'thumbnail', href: ctx.href(watchPath(watch.next)), 'data-nav': '', class: 'yt-compact' }, h('div', { class: 'yt-thumb', 'aria-hidden': 'true' }), h('span', { id: 'video-title' }, watch.next.title)))),
        ),
      ),
    ),
  );
}

startSite({
  network: 'youtube',
  base: '/sites/youtube',
  darkAttribute: 'dark',
  shell(ctx) {
    const view = h('ytd-page-manager', { id: 'page-manager', class: 'style-scope ytd-app' });
    document.body.append(
      h('ytd-app', {}, h('div', { id: 'content' }, h('ytd-masthead', { id: 'masthead' }, h('a', { id: 'logo', href: ctx.href(watchPath(VIDEOS.first)), 'data-nav': '', 'aria-label': 'YouTube Home' }, 'YouTube')), view)),
    );
    return view;
  },
  routes: [
    {
      name: 'watch',
      match: (path) => (path === '/' || path === watchPath(VIDEOS.first) ? {} : null),
      title: `${VIDEOS.first.title} - YouTube`,
      render: (view, ctx) => watchPage(view, ctx, WATCH[VIDEOS.first.id]),
    },
    {
      name: 'watch-next',
      match: (path) => (path === watchPath(VIDEOS.second) ? {} : null),
      title: `${VIDEOS.second.title} - YouTube`,
      render: (view, ctx) => watchPage(view, ctx, WATCH[VIDEOS.second.id]),
    },
  ],
  dialogs: {},
});
