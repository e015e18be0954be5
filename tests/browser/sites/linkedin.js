// LinkedIn (www.linkedin.com): Quill boxes. /feed/: "Start a post" opens the share dialog (a post for
// `linkedin`); each update's "Comment" button opens a comment box under it (`linkedin-comment`, a reply
// to that update). /feed/update/<urn>/: the update alone, its comment box already open.
import './linkedin.css';
import { startSite, RTL } from './app.js';
import { h } from './dom.js';
import { COMPLAINT, WORKSHOP, localized } from './content.js';
import { mountQuill } from './editors/quill.js';

/** The updates, by the number the fixture uses. */
const UPDATES = {
  1: { post: COMPLAINT, urn: 'urn:li:activity:7265012345678901234', headline: 'Cheffe de projet chez Atelier Nord', time: '2h', comments: 3 },
  2: { post: WORKSHOP, urn: 'urn:li:activity:7264998877665544332', headline: 'Bike repair shop in Nantes · 1,204 followers', time: '5h', comments: 12 },
};
const FEED = [1, 2];
const updatePath = ({ urn }) => `/feed/update/${urn}/`;

/** Opens the comment box of update `n` inside `container` (once) and puts the caret in it. */
function openComments(ctx, n, container, id, { focus = true } = {}) {
  if (container.querySelector('.comments-comment-box')) return;
  const editor = h('div', { class: 'editor-container' });
  container.append(
    h(
      'div',
      { class: 'comments-comment-box comments-comment-box--cr' },
      h('div', { class: 'comments-comment-box__avatar', 'aria-hidden': 'true' }),
      h(
        'div',
        { class: 'comments-comment-box__form-container' },
        h(
          'form',
          { class: 'comments-comment-box__form', onsubmit: (e) => e.preventDefault() },
          h('div', { class: 'comments-comment-texteditor' }, editor),
          h('button', { type: 'submit', class: 'comments-comment-box__submit-button--cr artdeco-button artdeco-button--1' }, 'Comment'),
        ),
      ),
    ),
  );
  const handle = ctx.mount(editor, {
    id,
    kind: 'reply',
    network: 'linkedin-comment',
    parent: localized(UPDATES[n].post, RTL).parent,
    mount: mountQuill,
    options: { placeholder: 'Add a comment…', ariaLabel: 'Text editor for creating content' },
  });
  if (focus) handle.focus();
}

/** A feed update (.feed-shared-update-v2) whose Comment button opens the comment box `id`. */
function update(ctx, n, { id }) {
  const u = UPDATES[n];
  const text = localized(u.post, RTL);
  const comments = h('div', { class: 'feed-shared-update-v2__comments-container' });
  const element = h(
    'div',
    { 'data-id': u.urn, 'data-urn': u.urn, class: 'feed-shared-update-v2 feed-shared-update-v2--minor-padding artdeco-card', role: 'article', 'data-fixture-post': n },
    h(
      'div',
      { class: 'update-components-actor' },
      h('div', { class: 'update-components-actor__avatar', 'aria-hidden': 'true' }),
      h(
        'div',
        { class: 'update-components-actor__meta' },
        h('a', { href: ctx.href('/in/lea-moreau/'), class: 'update-components-actor__meta-link' }, h('span', { class: 'update-components-actor__title' }, h('span', { dir: 'ltr' }, u.post.author))),
        h('span', { class: 'update-components-actor__description' }, u.headline),
        h('a', { href: ctx.href(updatePath(u)), 'data-nav': '', class: 'update-components-actor__sub-description-link' }, h('span', { class: 'update-components-actor__sub-description' }, `${u.time} • Edited`)),
      ),
    ),
    h(
      'div',
      { class: 'feed-shared-update-v2__description-wrapper' },
      h('div', { class: 'feed-shared-inline-show-more-text' }, h('div', { class: 'update-components-text relative update-components-update-v2__commentary', dir: text.dir }, h('span', { class: 'break-words' }, h('span', { dir: text.dir, lang: text.lang }, text.text)))),
    ),
    h('div', { class: 'social-details-social-counts' }, `27 reactions · ${u.comments} comments`),
    h(
      'div',
      { class: 'feed-shared-social-action-bar' },
      h('button', { type: 'button', class: 'react-button__trigger artdeco-button', 'aria-label': 'React Like' }, 'Like'),
      h('button', { type: 'button', class: 'comment-button artdeco-button', 'aria-label': 'Comment', onclick: () => openComments(ctx, n, comments, id) }, 'Comment'),
      h('button', { type: 'button', class: 'artdeco-button', 'aria-label': 'Repost' }, 'Repost'),
      h('button', { type: 'button', class: 'artdeco-button', 'aria-label': 'Send in a private message' }, 'Send'),
    ),
    comments,
  );
  return element;
}

startSite({
  network: 'linkedin',
  base: '/sites/linkedin',
  darkClass: 'theme--dark',
  shell(ctx) {
    const view = h('main', { id: 'main', class: 'scaffold-layout__main', 'aria-label': 'Main Feed' });
    document.body.append(
      h(
        'div',
        { class: 'application-outlet' },
        h(
          'header',
          { id: 'global-nav', class: 'global-nav' },
          h('nav', { class: 'global-nav__nav', 'aria-label': 'Primary Navigation' }, h('a', { href: ctx.href('/feed/'), 'data-nav': '', class: 'global-nav__primary-link' }, 'Home'), h('a', { href: ctx.href('/mynetwork/'), class: 'global-nav__primary-link' }, 'My Network')),
        ),
        h('div', { class: 'scaffold-layout' }, view),
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'feed',
      match: (path) => (path === '/' || path === '/feed/' ? {} : null),
      title: 'Feed | LinkedIn',
      render(view, ctx) {
        view.append(
          h(
            'div',
            { class: 'share-box-feed-entry__closed-share-box artdeco-card' },
            h('div', { class: 'share-box-feed-entry__avatar', 'aria-hidden': 'true' }),
            h('button', { type: 'button', class: 'artdeco-button share-box-feed-entry__trigger', onclick: () => ctx.openDialog('share') }, h('span', {}, 'Start a post')),
          ),
          h('div', { class: 'scaffold-finite-scroll__content', 'data-finite-scroll-hotkey-context': 'FEED' }, FEED.map((n) => update(ctx, n, { id: `comment-${n}` }))),
        );
      },
    },
    {
      name: 'update',
      match: (path) => {
        const n = Object.keys(UPDATES).find((k) => path === updatePath(UPDATES[k]));
        return n ? { n } : null;
      },
      title: ({ n }) => `${localized(UPDATES[n].post, RTL).text.slice(0, 40)}… | ${UPDATES[n].post.author} | LinkedIn`,
      render(view, ctx, { n }) {
        const element = update(ctx, n, { id: 'detail-comment' });
        view.append(h('div', { class: 'scaffold-finite-scroll__content' }, element));
        // The update's own page shows its comment box open (without taking the focus).
        openComments(ctx, n, element.querySelector('.feed-shared-update-v2__comments-container'), 'detail-comment', { focus: false });
      },
    },
  ],
  dialogs: {
    share(ctx) {
      const editor = h('div', { class: 'editor-container' });
      ctx.mount(editor, { id: 'dialog', kind: 'post', mount: mountQuill, options: { placeholder: 'What do you want to talk about?', ariaLabel: 'Text editor for creating content' } });
      return h(
        'div',
        { role: 'dialog', 'aria-labelledby': 'share-to-linkedin-modal__header', class: 'artdeco-modal share-box-v2__modal' },
        h(
          'div',
          { class: 'artdeco-modal__header' },
          h('h2', { id: 'share-to-linkedin-modal__header' }, 'Camille Dupont'),
          h('span', { class: 'share-box-v2__subtitle' }, 'Post to Anyone'),
          h('button', { type: 'button', class: 'artdeco-modal__dismiss', 'aria-label': 'Dismiss', onclick: () => ctx.closeDialog() }, '✕'),
        ),
        h('div', { class: 'artdeco-modal__content' }, h('div', { class: 'share-creation-state__text-editor' }, editor)),
        h('div', { class: 'share-box_actions' }, h('button', { type: 'button', class: 'share-actions__primary-action artdeco-button' }, 'Post')),
      );
    },
  },
});
