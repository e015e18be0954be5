// Threads (www.threads.com): Lexical boxes, all in dialogs. Home: "What's new?" opens the new-thread
// dialog ("Add to thread" adds a second box); each post's Reply button opens the reply dialog, which
// shows the post being replied to ([data-pressable-container]) above the composer.
// /@<user>/post/<code>: the post, its replies, and the "Reply to …" prompt that opens the reply dialog.
import './threads.css';
import { startSite, RTL } from './app.js';
import { h, icon } from './dom.js';
import { COMPLAINT, WORKSHOP, ANSWER, localized } from './content.js';
import { mountLexical } from './editors/lexical.js';

/** The posts, by the number the fixture uses. */
const POSTS = {
  1: { post: COMPLAINT, user: 'lea.moreau', code: 'DCk2x9Qs4mZ', time: '2h', replies: 3 },
  2: { post: WORKSHOP, user: 'rouelibre.nantes', code: 'DCjyT0bNp3w', time: '5h', replies: 12 },
  3: { post: ANSWER, user: 'rouelibre.nantes', code: 'DCk4Lr7vW2e', time: '1h', replies: 0 },
};
const FEED = [1, 2];
const postPath = ({ user, code }) => `/@${user}/post/${code}`;
/** The focal post of the post route on screen (what its "Reply to …" prompt answers). */
let focalPost = 1;

/** A post in its pressable container; `actions` false for the copy shown in the reply dialog. */
function post(ctx, n, { actions = true } = {}) {
  const p = POSTS[n];
  const text = localized(p.post, RTL);
  return h(
    'div',
    { 'data-pressable-container': 'true', class: 'th-post', 'data-fixture-post': n },
    h('div', { class: 'th-avatar', 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'th-post-body' },
      h('div', { class: 'th-meta' }, h('a', { href: ctx.href(`/@${p.user}`), role: 'link', class: 'th-user' }, p.user), h('a', { href: ctx.href(postPath(p)), role: 'link', 'data-nav': '', class: 'th-time' }, h('time', { datetime: '2026-11-21T09:12:00.000Z', title: '21/11/2026 10:12' }, p.time))),
      h('div', { class: 'th-text' }, h('span', { dir: text.dir, lang: text.lang }, h('span', {}, text.text))),
      actions
        ? h(
            'div',
            { class: 'th-actions' },
            h('div', { role: 'button', tabindex: '0' }, icon('Like', 20), ' 27'),
            h('div', { role: 'button', tabindex: '0', class: 'th-reply', onclick: () => ctx.openDialog(`reply-${n}`) }, icon('Reply', 20), ` ${p.replies}`),
            h('div', { role: 'button', tabindex: '0' }, icon('Repost', 20)),
            h('div', { role: 'button', tabindex: '0' }, icon('Share', 20)),
          )
        : null,
    ),
  );
}

/** A composer row: avatar, the user name, the Lexical box. */
function composerRow(ctx, { id, kind, parent = null, placeholder }) {
  const wrap = h('div', { class: 'box-wrap th-input' });
  ctx.mount(wrap, {
    id,
    kind,
    parent,
    mount: mountLexical,
    options: { namespace: 'BarcelonaComposer', ariaLabel: 'Empty text field. Type to compose a new post.', placeholder, className: 'th-editor notranslate', paragraphClass: 'th-paragraph', placeholderClass: 'box-placeholder' },
  });
  return h('div', { class: 'th-composer-row' }, h('div', { class: 'th-avatar', 'aria-hidden': 'true' }), h('div', { class: 'th-composer-main' }, h('span', { class: 'th-user' }, 'rouelibre.nantes'), wrap));
}

function dialogFrame(ctx, title, ...children) {
  return h(
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'th-dialog-title', class: 'th-dialog' },
    h('div', { class: 'th-dialog-header' }, h('div', { role: 'button', tabindex: '0', class: 'th-cancel', onclick: () => ctx.closeDialog() }, 'Cancel'), h('h1', { id: 'th-dialog-title' }, title), h('div', { class: 'th-spacer' })),
    h('div', { class: 'th-dialog-body' }, ...children),
    h('div', { class: 'th-dialog-footer' }, h('span', {}, 'Anyone can reply & quote'), h('div', { role: 'button', tabindex: '0', class: 'th-post-button' }, 'Post')),
  );
}

function replyDialog(ctx, n, id) {
  const p = POSTS[n];
  return dialogFrame(ctx, 'Reply', post(ctx, n, { actions: false }), composerRow(ctx, { id, kind: 'reply', parent: localized(p.post, RTL).parent, placeholder: `Reply to ${p.user}...` }));
}

startSite({
  network: 'threads',
  base: '/sites/threads',
  darkClass: '__fb-dark-mode',
  shell(ctx) {
    const view = h('div', { class: 'th-column' });
    document.body.append(
      h(
        'div',
        { id: 'barcelona-page-layout', class: 'th-app' },
        h(
          'nav',
          { class: 'th-rail' },
          h('a', { href: ctx.href('/'), 'data-nav': '', role: 'link', class: 'th-rail-link' }, icon('Home')),
          h('div', { role: 'button', tabindex: '0', class: 'th-rail-link th-create', onclick: () => ctx.openDialog('compose') }, icon('Create')),
        ),
        h('main', { class: 'th-main' }, view),
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'home',
      match: (path) => (path === '/' ? {} : null),
      title: 'Threads',
      render(view, ctx) {
        view.append(
          h('div', { class: 'th-header' }, 'For you'),
          h(
            'div',
            { class: 'th-card' },
            h('div', { class: 'th-prompt' }, h('div', { class: 'th-avatar', 'aria-hidden': 'true' }), h('div', { role: 'button', tabindex: '0', class: 'th-whats-new', onclick: () => ctx.openDialog('compose') }, "What's new?"), h('div', { role: 'button', tabindex: '0', class: 'th-post-button', onclick: () => ctx.openDialog('compose') }, 'Post')),
            FEED.map((n) => post(ctx, n)),
          ),
        );
      },
    },
    {
      name: 'post',
      match: (path) => {
        const n = Object.keys(POSTS).find((k) => path === postPath(POSTS[k]));
        return n ? { n } : null;
      },
      title: ({ n }) => `${POSTS[n].user} (@${POSTS[n].user}) on Threads`,
      render(view, ctx, { n }) {
        focalPost = Number(n);
        view.append(
          h('div', { class: 'th-header' }, h('a', { href: ctx.href('/'), 'data-nav': '', role: 'link', 'aria-label': 'Back' }, '←'), ' Thread'),
          h(
            'div',
            { class: 'th-card' },
            post(ctx, n),
            h('div', { role: 'button', tabindex: '0', class: 'th-reply-prompt', onclick: () => ctx.openDialog('post-reply') }, h('div', { class: 'th-avatar', 'aria-hidden': 'true' }), `Reply to ${POSTS[n].user}...`),
            n === '1' ? post(ctx, 3) : null,
          ),
        );
      },
    },
  ],
  dialogs: {
    compose(ctx) {
      const thread = h('div', { class: 'th-thread' }, composerRow(ctx, { id: 'dialog', kind: 'post', placeholder: "What's new?" }));
      const addToThread = () => {
        if (thread.children.length > 1) return;
        thread.append(composerRow(ctx, { id: 'dialog-2', kind: 'post', placeholder: 'Say more...' }));
      };
      return dialogFrame(ctx, 'New thread', thread, h('div', { role: 'button', tabindex: '0', class: 'th-add', onclick: addToThread }, 'Add to thread'));
    },
    'reply-1': (ctx) => replyDialog(ctx, 1, 'reply-1'),
    'reply-2': (ctx) => replyDialog(ctx, 2, 'reply-2'),
    'reply-3': (ctx) => replyDialog(ctx, 3, 'reply-3'),
    'post-reply': (ctx) => replyDialog(ctx, focalPost, 'post-reply'),
  },
});
