// Bluesky (bsky.app): TipTap boxes, all in the composer dialog. Home: the feed, a reply button on each
// post that opens the composer with the reply-to block, "New Post" in the side nav; "Add new post"
// adds a second box to the thread being written. /profile/<handle>/post/<rkey>: the thread, with the
// "Write your reply" prompt that opens the composer.
import './bluesky.css';
import { startSite, RTL } from './app.js';
import { h } from './dom.js';
import { COMPLAINT, WORKSHOP, ANSWER, localized } from './content.js';
import { mountTiptap } from './editors/tiptap.js';

/** The posts, by the number the fixture uses (data-fixture-post). */
const POSTS = {
  1: { post: COMPLAINT, handle: 'lea-moreau.bsky.social', rkey: '3lbqzp4xk2c2y', time: '2h', replies: 3 },
  2: { post: WORKSHOP, handle: 'rouelibre.fr', rkey: '3lbqyv7h3nk2a', time: '5h', replies: 12 },
  3: { post: ANSWER, handle: 'rouelibre.fr', rkey: '3lbr2c5mwqs2k', time: '1h', replies: 0 },
};
const FEED = [1, 2];
/** The focal post of the thread route on screen (what "Write your reply" answers). */
let focalPost = 1;

const postPath = ({ handle, rkey }) => `/profile/${handle}/post/${rkey}`;

/** A post as the feed and the thread render it (`testid` feedItem-by-… or postThreadItem-by-…). */
function post(ctx, n, { focal = false, testid = 'feedItem' } = {}) {
  const p = POSTS[n];
  const text = localized(p.post, RTL);
  return h(
    'div',
    { 'data-testid': `${testid}-by-${p.handle}`, class: focal ? 'bsky-post bsky-focal' : 'bsky-post', 'data-fixture-post': n },
    h('div', { class: 'bsky-avatar', 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'bsky-post-body' },
      h(
        'div',
        { class: 'bsky-meta' },
        h('a', { href: ctx.href(`/profile/${p.handle}`), class: 'bsky-name' }, p.post.author),
        h('span', { class: 'bsky-handle' }, `@${p.handle}`),
        h('span', { 'aria-hidden': 'true' }, ' · '),
        h('a', { href: ctx.href(postPath(p)), 'data-nav': '', class: 'bsky-time', 'aria-label': '21 November 2026 at 09:12' }, p.time),
      ),
      h('div', { 'data-testid': 'postText', dir: text.dir, lang: text.lang, class: 'bsky-text' }, text.text),
      h(
        'div',
        { class: 'bsky-controls' },
        h('button', { type: 'button', 'data-testid': 'replyBtn', 'aria-label': `Reply (${p.replies} replies)`, onclick: () => ctx.openDialog(`reply-${n}`) }, `↩ ${p.replies}`),
        h('button', { type: 'button', 'data-testid': 'repostBtn', 'aria-label': 'Repost (4 reposts)' }, '⇄ 4'),
        h('button', { type: 'button', 'data-testid': 'likeBtn', 'aria-label': 'Like (27 likes)' }, '♡ 27'),
      ),
    ),
  );
}

/** One post of the thread being written: avatar and the TipTap box. */
function threadItem(ctx, { id, kind, parent, placeholder }) {
  const input = h('div', { class: 'bsky-text-input' });
  ctx.mount(input, { id, kind, parent, mount: mountTiptap, options: { placeholder, attrs: { 'data-testid': 'composerTextInput', 'aria-label': 'Rich-Text Editor', class: 'bsky-editor' } } });
  return h('div', { class: 'bsky-composer' }, h('div', { class: 'bsky-avatar', 'aria-hidden': 'true' }), input);
}

/** The composer dialog; `replyTo` (a post number) adds the reply-to block. Box ids: `id`, then `id`-2. */
function composerDialog(ctx, { id, replyTo = null }) {
  const parent = replyTo ? localized(POSTS[replyTo].post, RTL) : null;
  const kind = replyTo ? 'reply' : 'post';
  const thread = h('div', { class: 'bsky-thread' }, threadItem(ctx, { id, kind, parent: parent?.parent, placeholder: replyTo ? 'Write your reply' : "What's up?" }));
  const addPost = () => {
    if (thread.children.length > 1) return;
    thread.append(threadItem(ctx, { id: `${id}-2`, kind, parent: parent?.parent, placeholder: 'Write another post' }));
  };
  return h(
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Compose post', class: 'bsky-dialog' },
    h(
      'div',
      { class: 'bsky-composer-top' },
      h('button', { type: 'button', 'data-testid': 'composerDiscardButton', class: 'bsky-cancel', onclick: () => ctx.closeDialog() }, 'Cancel'),
      h('button', { type: 'button', 'data-testid': 'composerPublishBtn', 'aria-label': replyTo ? 'Publish reply' : 'Publish post', class: 'bsky-publish' }, replyTo ? 'Reply' : 'Post'),
    ),
    replyTo
      ? h(
          'div',
          { 'data-testid': 'composerReplyTo', class: 'bsky-reply-to', role: 'button', 'aria-label': `Expand or collapse the full post you are replying to` },
          h('div', { class: 'bsky-avatar bsky-avatar-small', 'aria-hidden': 'true' }),
          h('div', {}, h('div', { class: 'bsky-name' }, POSTS[replyTo].post.author), h('div', { class: 'bsky-text', dir: parent.dir, lang: parent.lang }, parent.text)),
        )
      : null,
    thread,
    h(
      'div',
      { class: 'bsky-composer-bottom' },
      h('button', { type: 'button', 'aria-label': 'Add new post', class: 'bsky-add', onclick: addPost }, '+'),
      h('span', { class: 'bsky-count' }, '300'),
    ),
  );
}

startSite({
  network: 'bluesky',
  base: '/sites/bluesky',
  darkClass: 'theme--dark',
  shell(ctx) {
    const view = h('main', { class: 'bsky-main' });
    document.body.append(
      h(
        'div',
        { id: 'root', class: 'bsky-app' },
        h(
          'nav',
          { role: 'navigation', class: 'bsky-nav' },
          h('a', { href: ctx.href('/'), 'data-nav': '', 'aria-label': 'Home', class: 'bsky-nav-link' }, 'Home'),
          h('a', { href: ctx.href('/search'), 'aria-label': 'Search', class: 'bsky-nav-link' }, 'Search'),
          h('button', { type: 'button', 'aria-label': 'Compose new post', class: 'bsky-new-post', onclick: () => ctx.openDialog('compose') }, 'New Post'),
        ),
        view,
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'home',
      match: (path) => (path === '/' ? {} : null),
      title: 'Home — Bluesky',
      render(view, ctx) {
        view.append(
          h('div', { class: 'bsky-header' }, h('div', { role: 'tablist', class: 'bsky-tabs' }, h('div', { role: 'tab', 'aria-selected': 'false' }, 'Discover'), h('div', { role: 'tab', 'aria-selected': 'true' }, 'Following'))),
          h('div', { 'data-testid': 'followingFeedPage-feed-flatlist', class: 'bsky-feed' }, FEED.map((n) => post(ctx, n))),
        );
      },
    },
    {
      name: 'thread',
      match: (path) => {
        const n = Object.keys(POSTS).find((k) => path === postPath(POSTS[k]));
        return n ? { n } : null;
      },
      title: ({ n }) => `@${POSTS[n].handle} on Bluesky`,
      render(view, ctx, { n }) {
        focalPost = Number(n);
        view.append(
          h('div', { class: 'bsky-header' }, h('a', { href: ctx.href('/'), 'data-nav': '', 'aria-label': 'Back', class: 'bsky-back' }, '←'), h('h1', {}, 'Post')),
          h(
            'div',
            { 'data-testid': 'postThreadScreen', class: 'bsky-feed' },
            post(ctx, n, { focal: true, testid: 'postThreadItem' }),
            h('button', { type: 'button', 'data-testid': 'replyPromptBtn', class: 'bsky-reply-prompt', 'aria-label': 'Compose reply', onclick: () => ctx.openDialog('thread-reply') }, h('div', { class: 'bsky-avatar bsky-avatar-small', 'aria-hidden': 'true' }), 'Write your reply'),
            n === '1' ? post(ctx, 3, { testid: 'postThreadItem' }) : null,
          ),
        );
      },
    },
  ],
  dialogs: {
    compose: (ctx) => composerDialog(ctx, { id: 'dialog' }),
    'reply-1': (ctx) => composerDialog(ctx, { id: 'reply-1', replyTo: 1 }),
    'reply-2': (ctx) => composerDialog(ctx, { id: 'reply-2', replyTo: 2 }),
    'reply-3': (ctx) => composerDialog(ctx, { id: 'reply-3', replyTo: 3 }),
    'thread-reply': (ctx) => composerDialog(ctx, { id: 'thread-reply', replyTo: focalPost }),
  },
});
