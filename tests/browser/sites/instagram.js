// Instagram (www.instagram.com): React-controlled textareas for comments, Lexical for the caption.
// Home: two feed posts (article, caption in an h1), each with its "Add a comment…" textarea; "Create"
// in the side nav opens the "Create new post" dialog at its caption step. /p/<code>/: the post page,
// caption and comments beside the picture, the comment textarea at the bottom.
import './instagram.css';
import { startSite, RTL } from './app.js';
import { h, icon } from './dom.js';
import { COMPLAINT, WORKSHOP, localized } from './content.js';
import { mountTextarea } from './editors/textarea.js';
import { mountLexical } from './editors/lexical.js';

/** The posts, by the number the fixture uses. */
const POSTS = {
  1: { post: COMPLAINT, user: 'lea.moreau', code: 'C9xQ2mLs4aB', time: '2h', likes: 27 },
  2: { post: WORKSHOP, user: 'rouelibre.nantes', code: 'C9wZk81tPqR', time: '5h', likes: 412 },
};
const FEED = [1, 2];
const postPath = ({ code }) => `/p/${code}/`;

/** The comment form: a React-controlled textarea labelled "Add a comment…" and its Post button. */
function commentForm(ctx, n, id) {
  const slot = h('div', { class: 'ig-comment-slot' });
  const form = h('form', { method: 'POST', class: 'ig-comment-form', onsubmit: (e) => e.preventDefault() }, slot, h('div', { role: 'button', tabindex: '0', class: 'ig-post-comment' }, 'Post'));
  ctx.mount(slot, {
    id,
    kind: 'reply',
    parent: localized(POSTS[n].post, RTL).parent,
    mount: mountTextarea,
    options: { attrs: { 'aria-label': 'Add a comment…', placeholder: 'Add a comment…', autocomplete: 'off', autocorrect: 'off', class: 'ig-textarea', dir: 'auto' } },
  });
  return h('section', { class: 'ig-comment-section' }, form);
}

function caption(n) {
  const p = POSTS[n];
  const text = localized(p.post, RTL);
  return h('div', { class: 'ig-caption' }, h('a', { href: `#${p.user}`, class: 'ig-user' }, p.user), ' ', h('h1', { class: 'ig-caption-text', dir: text.dir, lang: text.lang }, text.text));
}

function actions(ctx, form) {
  return h(
    'section',
    { class: 'ig-actions' },
    h('div', { role: 'button', tabindex: '0' }, icon('Like')),
    h('div', { role: 'button', tabindex: '0', onclick: () => form.querySelector('textarea').focus() }, icon('Comment')),
    h('div', { role: 'button', tabindex: '0' }, icon('Share Post')),
  );
}

/** A feed post (article) with its comment textarea `id`. */
function feedPost(ctx, n) {
  const p = POSTS[n];
  const form = commentForm(ctx, n, `comment-${n}`);
  return h(
    'article',
    { class: 'ig-article', 'data-fixture-post': n },
    h('div', { class: 'ig-header' }, h('div', { class: 'ig-avatar', 'aria-hidden': 'true' }), h('a', { href: ctx.href(`/${p.user}/`), class: 'ig-user' }, p.user), ' • ', h('a', { href: ctx.href(postPath(p)), 'data-nav': '', class: 'ig-time' }, h('time', { datetime: '2026-11-21T09:12:00.000Z' }, p.time))),
    h('div', { class: 'ig-media', role: 'img', 'aria-label': `Photo by ${p.post.author}` }),
    actions(ctx, form),
    h('section', { class: 'ig-likes' }, `${p.likes} likes`),
    caption(n),
    h('a', { href: ctx.href(postPath(p)), 'data-nav': '', class: 'ig-view-comments' }, 'View all 3 comments'),
    form,
  );
}

startSite({
  network: 'instagram',
  base: '/sites/instagram',
  darkClass: '__fb-dark-mode',
  shell(ctx) {
    const view = h('main', { role: 'main', class: 'ig-main' });
    document.body.append(
      h(
        'div',
        { id: 'mount_0_0_Ig', class: 'ig-app' },
        h(
          'div',
          { class: 'ig-nav', role: 'navigation' },
          h('a', { href: ctx.href('/'), 'data-nav': '', class: 'ig-nav-link', role: 'link' }, icon('Home'), h('span', {}, 'Home')),
          h('a', { href: '#', role: 'link', class: 'ig-nav-link ig-create', onclick: (e) => (e.preventDefault(), ctx.openDialog('create')) }, icon('New post'), h('span', {}, 'Create')),
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
      title: 'Instagram',
      render(view, ctx) {
        view.append(h('div', { class: 'ig-feed' }, FEED.map((n) => feedPost(ctx, n))));
      },
    },
    {
      name: 'post',
      match: (path) => {
        const n = Object.keys(POSTS).find((k) => path === postPath(POSTS[k]));
        return n ? { n } : null;
      },
      title: ({ n }) => `${POSTS[n].post.author} on Instagram: "${localized(POSTS[n].post, RTL).text.slice(0, 40)}…"`,
      render(view, ctx, { n }) {
        const p = POSTS[n];
        const form = commentForm(ctx, n, 'post-comment');
        view.append(
          h(
            'article',
            { class: 'ig-article ig-post-page', role: 'presentation', 'data-fixture-post': n },
            h('div', { class: 'ig-media ig-media-large', role: 'img', 'aria-label': `Photo by ${p.post.author}` }),
            h(
              'div',
              { class: 'ig-side' },
              h('div', { class: 'ig-header' }, h('div', { class: 'ig-avatar', 'aria-hidden': 'true' }), h('a', { href: ctx.href(`/${p.user}/`), class: 'ig-user' }, p.user)),
              h('ul', { class: 'ig-comments' }, h('li', {}, caption(n)), h('li', {}, h('a', { href: '#rouelibre.nantes', class: 'ig-user' }, 'rouelibre.nantes'), ' Bonjour Léa, on vous écrit en message privé.')),
              actions(ctx, form),
              h('section', { class: 'ig-likes' }, `${p.likes} likes`),
              form,
            ),
          ),
        );
      },
    },
  ],
  dialogs: {
    create(ctx) {
      const wrap = h('div', { class: 'box-wrap ig-caption-input' });
      ctx.mount(wrap, {
        id: 'dialog',
        kind: 'post',
        mount: mountLexical,
        options: { namespace: 'PolarisPostCreationCaption', ariaLabel: 'Write a caption...', placeholder: 'Write a caption...', className: 'ig-caption-editor notranslate', paragraphClass: 'ig-paragraph', placeholderClass: 'box-placeholder' },
      });
      return h(
        'div',
        { role: 'dialog', 'aria-label': 'Create new post', 'aria-modal': 'true', class: 'ig-dialog' },
        h('div', { class: 'ig-dialog-header' }, h('div', { role: 'button', tabindex: '0', 'aria-label': 'Back', onclick: () => ctx.closeDialog() }, '←'), h('h1', {}, 'Create new post'), h('div', { role: 'button', tabindex: '0', class: 'ig-share' }, 'Share')),
        h(
          'div',
          { class: 'ig-dialog-body' },
          h('div', { class: 'ig-media ig-media-crop', role: 'img', 'aria-label': 'Selected photo' }),
          h('div', { class: 'ig-caption-pane' }, h('div', { class: 'ig-header' }, h('div', { class: 'ig-avatar', 'aria-hidden': 'true' }), h('span', { class: 'ig-user' }, 'rouelibre.nantes')), wrap, h('div', { class: 'ig-counter' }, '0/2,200')),
        ),
      );
    },
  },
});
