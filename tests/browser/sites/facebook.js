// Facebook (www.facebook.com): Lexical boxes. Home: "What's on your mind, Camille?" opens the
// "Create post" dialog; every feed post (role=article) has its "Write a comment…" composer under it,
// and its "Comment" button puts the caret there. /<user>/posts/<id>: the post alone with its composer.
import './facebook.css';
import { startSite, RTL } from './app.js';
import { h } from './dom.js';
import { COMPLAINT, WORKSHOP, localized } from './content.js';
import { mountLexical } from './editors/lexical.js';

/** The feed's posts, by the number the fixture uses. */
const POSTS = {
  1: { post: COMPLAINT, path: '/lea.moreau/posts/pfbid02Xk7Qm3aZLrT5uV8wYn', time: '2h', comments: 3 },
  2: { post: WORKSHOP, path: '/rouelibre.nantes/posts/pfbid0h6Ff2sP9dKcW1qB4eRz', time: '5h', comments: 12 },
};
const FEED = [1, 2];

/** The comment composer of post `n`: a Lexical box labelled "Write a comment…". */
function commentComposer(ctx, n, id) {
  const wrap = h('div', { class: 'box-wrap fb-comment-input' });
  const composer = h('div', { class: 'fb-comment-composer' }, h('div', { class: 'fb-avatar fb-avatar-small', 'aria-hidden': 'true' }), h('form', { class: 'fb-comment-form', onsubmit: (e) => e.preventDefault() }, wrap));
  ctx.mount(wrap, {
    id,
    kind: 'reply',
    parent: localized(POSTS[n].post, RTL).parent,
    mount: mountLexical,
    options: { namespace: 'UFI2CommentComposer', ariaLabel: 'Write a comment…', placeholder: 'Write a comment…', className: 'fb-editor notranslate', paragraphClass: 'fb-paragraph', placeholderClass: 'box-placeholder', attrs: { 'aria-describedby': null } },
  });
  return composer;
}

/** A feed post: div[role=article] with the message in [data-ad-comet-preview="message"], and its composer `id`. */
function article(ctx, n, id) {
  const p = POSTS[n];
  const text = localized(p.post, RTL);
  const composer = commentComposer(ctx, n, id);
  return h(
    'div',
    { role: 'article', 'aria-posinset': n, 'aria-labelledby': `fb-author-${n}`, class: 'fb-card', 'data-fixture-post': n },
    h(
      'div',
      { class: 'fb-post-header' },
      h('div', { class: 'fb-avatar', 'aria-hidden': 'true' }),
      h('div', {}, h('h4', { id: `fb-author-${n}` }, h('a', { href: ctx.href(`/${p.path.split('/')[1]}`), role: 'link' }, h('strong', {}, p.post.author))), h('a', { href: ctx.href(p.path), role: 'link', 'data-nav': '', class: 'fb-time' }, `${p.time} · Public`)),
    ),
    h('div', { 'data-ad-comet-preview': 'message', 'data-ad-preview': 'message', class: 'fb-message' }, h('div', { dir: text.dir, lang: text.lang }, text.text)),
    h('div', { class: 'fb-counts' }, h('span', {}, '27'), h('span', {}, `${p.comments} comments`)),
    h(
      'div',
      { class: 'fb-actions' },
      h('div', { role: 'button', tabindex: '0', 'aria-label': 'Like' }, 'Like'),
      h('div', { role: 'button', tabindex: '0', 'aria-label': 'Leave a comment', onclick: () => composer.querySelector('[contenteditable]').focus() }, 'Comment'),
      h('div', { role: 'button', tabindex: '0', 'aria-label': 'Send this to friends or post it on your profile.' }, 'Share'),
    ),
    composer,
  );
}

startSite({
  network: 'facebook',
  base: '/sites/facebook',
  darkClass: '__fb-dark-mode',
  shell(ctx) {
    const view = h('div', { role: 'main', class: 'fb-main' });
    document.body.append(
      h(
        'div',
        { id: 'mount_0_0_Zx' },
        h('div', { role: 'banner', class: 'fb-banner' }, h('a', { href: ctx.href('/'), 'data-nav': '', 'aria-label': 'Facebook', class: 'fb-logo' }, 'facebook'), h('a', { href: ctx.href('/'), 'data-nav': '', 'aria-label': 'Home' }, 'Home')),
        view,
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'home',
      match: (path) => (path === '/' ? {} : null),
      title: 'Facebook',
      render(view, ctx) {
        view.append(
          h(
            'div',
            { class: 'fb-card fb-composer-entry' },
            h('div', { class: 'fb-avatar', 'aria-hidden': 'true' }),
            h('div', { role: 'button', tabindex: '0', class: 'fb-whats-on-your-mind', onclick: () => ctx.openDialog('create-post') }, h('span', {}, "What's on your mind, Camille?")),
          ),
          h('div', { role: 'feed', class: 'fb-feed' }, h('h3', { class: 'visually-hidden' }, 'News Feed posts'), FEED.map((n) => h('div', { 'data-pagelet': `FeedUnit_${n - 1}` }, article(ctx, n, `comment-${n}`)))),
        );
      },
    },
    {
      name: 'permalink',
      match: (path) => {
        const n = Object.keys(POSTS).find((k) => path === POSTS[k].path);
        return n ? { n } : null;
      },
      title: ({ n }) => `${localized(POSTS[n].post, RTL).text.slice(0, 40)}… - ${POSTS[n].post.author} | Facebook`,
      render(view, ctx, { n }) {
        view.append(h('div', { class: 'fb-feed' }, article(ctx, n, 'permalink-comment')));
      },
    },
  ],
  dialogs: {
    'create-post'(ctx) {
      const wrap = h('div', { class: 'box-wrap fb-create-input' });
      ctx.mount(wrap, {
        id: 'dialog',
        kind: 'post',
        mount: mountLexical,
        options: { namespace: 'ComposerLexical', ariaLabel: "What's on your mind, Camille?", placeholder: "What's on your mind, Camille?", className: 'fb-editor fb-editor-large notranslate', paragraphClass: 'fb-paragraph', placeholderClass: 'box-placeholder' },
      });
      return h(
        'div',
        { role: 'dialog', 'aria-label': 'Create post', class: 'fb-dialog' },
        h('form', { method: 'POST', onsubmit: (e) => e.preventDefault() },
          h('div', { class: 'fb-dialog-header' }, h('h2', {}, 'Create post'), h('div', { role: 'button', tabindex: '0', 'aria-label': 'Close', class: 'fb-close', onclick: () => ctx.closeDialog() }, '✕')),
          h('div', { class: 'fb-post-header' }, h('div', { class: 'fb-avatar', 'aria-hidden': 'true' }), h('div', {}, h('strong', {}, 'Camille Dupont'), h('div', { role: 'button', class: 'fb-audience' }, 'Friends'))),
          wrap,
          h('div', { role: 'button', tabindex: '0', 'aria-label': 'Post', class: 'fb-post-button' }, 'Post'),
        ),
      );
    },
  },
});
