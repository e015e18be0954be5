// X (x.com): Draft.js boxes. Home: the inline composer above the timeline, a reply button on each
// tweet that opens the reply dialog (parent tweet above the composer), the side-nav "Post" button that
// opens the compose dialog (where "Add post" adds a second box to the thread). /<user>/status/<id>:
// the focal tweet and the inline reply box under it.
import './x.css';
import { startSite, RTL } from './app.js';
import { h } from './dom.js';
import { COMPLAINT, WORKSHOP, ANSWER, localized } from './content.js';
import { mountDraft } from './editors/draft.js';

/** The timeline's tweets, by status id. */
const TWEETS = {
  1: { post: COMPLAINT, handle: 'lea_moreau', time: '2h', replies: 3 },
  2: { post: WORKSHOP, handle: 'rouelibre', time: '5h', replies: 12 },
  3: { post: ANSWER, handle: 'rouelibre', time: '1h', replies: 0 }, // the answer under tweet 1
};
/** The tweets of the home timeline. */
const TIMELINE = [1, 2];

/** An article[data-testid="tweet"] as X renders it. `actions` false in the reply dialog's parent. */
function tweet(ctx, id, { post, handle, time, replies }, { actions = true, focal = false } = {}) {
  const text = localized(post, RTL);
  const status = `/${handle}/status/${id}`;
  return h(
    'article',
    { 'data-testid': 'tweet', role: 'article', tabindex: '0', class: focal ? 'x-tweet x-focal' : 'x-tweet', 'data-fixture-post': id },
    h('div', { class: 'x-avatar', 'data-testid': 'Tweet-User-Avatar', 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'x-tweet-body' },
      h(
        'div',
        { 'data-testid': 'User-Name', class: 'x-user' },
        h('a', { href: ctx.href(`/${handle}`), role: 'link', class: 'x-name' }, post.author),
        h('span', { class: 'x-handle' }, `@${handle}`),
        h('span', { 'aria-hidden': 'true' }, ' · '),
        h('a', { href: ctx.href(status), role: 'link', 'data-nav': '', class: 'x-time' }, h('time', { datetime: '2026-11-21T09:12:00.000Z' }, time)),
      ),
      h('div', { 'data-testid': 'tweetText', lang: text.lang, dir: text.dir, class: 'x-text' }, h('span', {}, text.text)),
      actions
        ? h(
            'div',
            { role: 'group', class: 'x-actions', 'aria-label': `${replies} replies, 4 reposts, 27 likes` },
            h('button', { type: 'button', 'data-testid': 'reply', 'aria-label': `${replies} Replies. Reply`, onclick: () => ctx.openDialog(`reply-${id}`) }, `↩ ${replies}`),
            h('button', { type: 'button', 'data-testid': 'retweet', 'aria-label': '4 reposts. Repost' }, '⇄ 4'),
            h('button', { type: 'button', 'data-testid': 'like', 'aria-label': '27 Likes. Like' }, '♡ 27'),
          )
        : null,
    ),
  );
}

/** A composer row: avatar, the Draft.js box, the toolbar with its Post button. */
function composer(ctx, { id, kind, parent = null, testId = 'tweetTextarea_0', placeholder, button, buttonTestId }) {
  const editor = h('div', { class: 'x-compose', 'data-testid': `${testId}RichTextInputContainer` });
  const row = h(
    'div',
    { class: 'x-composer' },
    h('div', { class: 'x-avatar', 'aria-hidden': 'true' }),
    editor,
    h('div', { class: 'x-toolbar' }, h('button', { type: 'button', 'data-testid': buttonTestId, class: 'x-post-button' }, button)),
  );
  ctx.mount(editor, { id, kind, parent, mount: mountDraft, options: { placeholder, ariaLabel: 'Post text', testId, className: 'x-compose-text' } });
  return row;
}

/** The modal frame X opens from the side nav or a reply button. */
function dialogFrame(ctx, label, ...children) {
  return h(
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-header', class: 'x-dialog' },
    h(
      'div',
      { class: 'x-dialog-bar' },
      h('button', { type: 'button', 'data-testid': 'app-bar-close', 'aria-label': 'Close', onclick: () => ctx.closeDialog() }, '✕'),
      h('h2', { id: 'modal-header', class: 'visually-hidden' }, label),
    ),
    ...children,
  );
}

function replyDialog(ctx, id) {
  const parent = TWEETS[id];
  const box = composer(ctx, { id: `reply-${id}`, kind: 'reply', parent: localized(parent.post, RTL).parent, placeholder: 'Post your reply', button: 'Reply', buttonTestId: 'tweetButton' });
  const dialog = dialogFrame(ctx, 'Reply', tweet(ctx, id, parent, { actions: false }), h('div', { class: 'x-replying' }, 'Replying to ', h('a', { href: ctx.href(`/${parent.handle}`) }, `@${parent.handle}`)), box);
  return dialog;
}

startSite({
  network: 'x',
  base: '/sites/x',
  shell(ctx) {
    const view = h('div', { 'data-testid': 'primaryColumn', class: 'x-primary' });
    const openCompose = (event) => {
      event.preventDefault();
      ctx.openDialog('compose');
    };
    document.body.append(
      h(
        'div',
        { id: 'react-root', class: 'x-app' },
        h(
          'header',
          { role: 'banner', class: 'x-banner' },
          h(
            'nav',
            { 'aria-label': 'Primary', role: 'navigation', class: 'x-nav' },
            h('a', { href: ctx.href('/home'), 'data-nav': '', 'data-testid': 'AppTabBar_Home_Link', 'aria-label': 'Home' }, 'Home'),
            h('a', { href: ctx.href('/explore'), 'data-testid': 'AppTabBar_Explore_Link', 'aria-label': 'Search and explore' }, 'Explore'),
            h('a', { href: ctx.href('/compose/post'), role: 'link', 'data-testid': 'SideNav_NewTweet_Button', 'aria-label': 'Post', class: 'x-nav-post', onclick: openCompose }, 'Post'),
          ),
        ),
        h('main', { role: 'main', class: 'x-main' }, view),
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'home',
      match: (path) => (path === '/' || path === '/home' ? {} : null),
      title: 'Home / X',
      render(view, ctx) {
        view.append(
          h('div', { class: 'x-header' }, h('h2', {}, 'Home'), h('div', { role: 'tablist', class: 'x-tabs' }, h('a', { role: 'tab', 'aria-selected': 'true', href: ctx.href('/home') }, 'For you'), h('a', { role: 'tab', 'aria-selected': 'false', href: ctx.href('/home') }, 'Following'))),
          composer(ctx, { id: 'compose', kind: 'post', placeholder: 'What is happening?!', button: 'Post', buttonTestId: 'tweetButtonInline' }),
          h(
            'section',
            { 'aria-labelledby': 'timeline-title', role: 'region' },
            h('h1', { id: 'timeline-title', class: 'visually-hidden' }, 'Your Home Timeline'),
            h('div', { 'aria-label': 'Timeline: Your Home Timeline' }, TIMELINE.map((id) => h('div', { 'data-testid': 'cellInnerDiv' }, tweet(ctx, id, TWEETS[id])))),
          ),
        );
      },
    },
    {
      name: 'status',
      match: (path) => {
        const m = /^\/(\w+)\/status\/(\d+)$/.exec(path);
        return m && TWEETS[m[2]] ? { id: m[2] } : null;
      },
      title: ({ id }) => `${TWEETS[id].post.author} on X: "${localized(TWEETS[id].post, RTL).text.slice(0, 40)}…" / X`,
      render(view, ctx, { id }) {
        const focal = TWEETS[id];
        view.append(
          h('div', { class: 'x-header' }, h('a', { href: ctx.href('/home'), 'data-nav': '', 'data-testid': 'app-bar-back', 'aria-label': 'Back' }, '←'), h('h2', {}, 'Post')),
          h(
            'section',
            { 'aria-labelledby': 'conversation-title', role: 'region' },
            h('h1', { id: 'conversation-title', class: 'visually-hidden' }, 'Conversation'),
            h(
              'div',
              { 'aria-label': 'Timeline: Conversation' },
              h('div', { 'data-testid': 'cellInnerDiv' }, tweet(ctx, id, focal, { focal: true })),
              h(
                'div',
                { 'data-testid': 'cellInnerDiv' },
                h(
                  'div',
                  { 'data-testid': 'inline_reply_offscreen', class: 'x-inline-reply' },
                  composer(ctx, { id: 'inline-reply', kind: 'reply', parent: localized(focal.post, RTL).parent, placeholder: 'Post your reply', button: 'Reply', buttonTestId: 'tweetButtonInline' }),
                ),
              ),
              h('div', { 'data-testid': 'cellInnerDiv' }, tweet(ctx, 3, TWEETS[3])),
            ),
          ),
        );
      },
    },
  ],
  dialogs: {
    compose(ctx) {
      const thread = h('div', { class: 'x-thread' });
      const addPost = () => {
        if (thread.querySelector('[data-testid="tweetTextarea_1"]')) return;
        thread.append(composer(ctx, { id: 'dialog-2', kind: 'post', testId: 'tweetTextarea_1', placeholder: 'Add another post', button: 'Post all', buttonTestId: 'tweetButton' }));
      };
      thread.append(composer(ctx, { id: 'dialog', kind: 'post', placeholder: 'What is happening?!', button: 'Post', buttonTestId: 'tweetButton' }));
      return dialogFrame(ctx, 'Compose new post', thread, h('div', { class: 'x-dialog-actions' }, h('button', { type: 'button', 'data-testid': 'addButton', 'aria-label': 'Add post', onclick: addPost }, '+')));
    },
    'reply-1': (ctx) => replyDialog(ctx, 1),
    'reply-2': (ctx) => replyDialog(ctx, 2),
    'reply-3': (ctx) => replyDialog(ctx, 3),
  },
});
