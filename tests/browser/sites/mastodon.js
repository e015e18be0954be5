// Mastodon (mastodon.social, desktop single-column layout): ONE compose form, a React-controlled
// textarea in the left panel, present on every route. A post's Reply button turns that same box into a
// reply: the form shows the .reply-indicator (the parent's text) and the textarea gets the author's
// mention, as Mastodon does; "Cancel" turns it back into a post. /@<acct>/<id>: the detailed status.
import './mastodon.css';
import { startSite, RTL, THEME } from './app.js';
import { h } from './dom.js';
import { COMPLAINT, WORKSHOP, ANSWER, localized } from './content.js';
import { mountTextarea } from './editors/textarea.js';

/** The statuses, by the number the fixture uses. `acct` is what Mastodon puts in the reply mention. */
const STATUSES = {
  1: { post: COMPLAINT, acct: 'lea_moreau', id: '113482551903127846', time: '2h', replies: 3 },
  2: { post: WORKSHOP, acct: 'rouelibre@piaille.fr', id: '113482196472261002', time: '5h', replies: 12 },
  3: { post: ANSWER, acct: 'rouelibre@piaille.fr', id: '113482770014562311', time: '1h', replies: 0 },
};
const HOME = [1, 2];
const statusPath = ({ acct, id }) => `/@${acct}/${id}`;

let compose = null; // the compose box's editor handle
let indicatorSlot = null; // where the form shows the reply indicator

/** Makes the compose box a reply to status `n`, as Mastodon's Reply button does. */
function replyTo(ctx, n) {
  const status = STATUSES[n];
  const text = localized(status.post, RTL);
  indicatorSlot.replaceChildren(
    h(
      'div',
      { class: 'reply-indicator' },
      h('div', { class: 'reply-indicator__line' }),
      h('a', { href: ctx.href(`/@${status.acct}`), class: 'detailed-status__display-avatar' }, h('div', { class: 'account__avatar', 'aria-hidden': 'true' })),
      h(
        'div',
        { class: 'reply-indicator__main' },
        h('a', { href: ctx.href(`/@${status.acct}`), class: 'detailed-status__display-name' }, h('strong', {}, status.post.author), ' ', h('span', {}, `@${status.acct}`)),
        h('div', { class: 'reply-indicator__content translate', lang: text.lang, dir: text.dir }, h('p', {}, text.text)),
      ),
      h('button', { type: 'button', class: 'icon-button reply-indicator__cancel', title: 'Cancel', 'aria-label': 'Cancel', onclick: () => cancelReply(ctx) }, '✕'),
    ),
  );
  ctx.update('compose', { kind: 'reply', parent: text.parent });
  compose.setText(`@${status.acct} `);
  compose.focus();
  compose.element.setSelectionRange(compose.element.value.length, compose.element.value.length);
}

function cancelReply(ctx) {
  indicatorSlot.replaceChildren();
  ctx.update('compose', { kind: 'post', parent: null });
}

/** A status in a timeline (article > .status) or the detailed status of its page. */
function status(ctx, n, { detailed = false } = {}) {
  const s = STATUSES[n];
  const text = localized(s.post, RTL);
  const reply = h('button', { type: 'button', class: 'status__action-bar__button icon-button', title: 'Reply', 'aria-label': 'Reply', onclick: () => replyTo(ctx, n) }, `↩ ${s.replies}`);
  const content = h('div', { class: 'status__content status__content--with-action' }, h('div', { class: 'status__content__text status__content__text--visible translate', lang: text.lang, dir: text.dir }, h('p', {}, text.text)));
  const name = h('a', { href: ctx.href(`/@${s.acct}`), class: 'status__display-name' }, h('span', { class: 'display-name' }, h('bdi', {}, h('strong', { class: 'display-name__html' }, s.post.author)), ' ', h('span', { class: 'display-name__account' }, `@${s.acct}`)));
  if (detailed) {
    return h(
      'div',
      { class: 'detailed-status__wrapper', 'data-fixture-post': n },
      h('div', { class: 'detailed-status', 'data-status-by': `@${s.acct}` }, name, content, h('div', { class: 'detailed-status__meta' }, h('time', { datetime: '2026-11-21T09:12:00.000Z' }, '21 Nov 2026, 10:12'))),
      h('div', { class: 'detailed-status__action-bar' }, reply, h('button', { type: 'button', class: 'icon-button', title: 'Boost', 'aria-label': 'Boost' }, '⇄'), h('button', { type: 'button', class: 'icon-button', title: 'Favorite', 'aria-label': 'Favorite' }, '☆')),
    );
  }
  return h(
    'article',
    { 'data-id': s.id, 'aria-posinset': n, 'aria-setsize': HOME.length, 'data-fixture-post': n },
    h(
      'div',
      { class: 'status__wrapper status__wrapper-public focusable', tabindex: '0', 'aria-label': `${s.post.author}, ${text.text.slice(0, 40)}` },
      h(
        'div',
        { class: 'status status-public' },
        h('div', { class: 'status__info' }, h('a', { href: ctx.href(statusPath(s)), 'data-nav': '', class: 'status__relative-time' }, h('time', { datetime: '2026-11-21T09:12:00.000Z', title: '21 Nov 2026, 10:12' }, s.time)), name),
        content,
        h('div', { class: 'status__action-bar' }, reply, h('button', { type: 'button', class: 'status__action-bar__button icon-button', title: 'Boost', 'aria-label': 'Boost' }, '⇄ 4'), h('button', { type: 'button', class: 'status__action-bar__button icon-button', title: 'Favorite', 'aria-label': 'Favorite' }, '☆ 27')),
      ),
    ),
  );
}

/** The left panel's compose form (mounted once: it stays across routes, as on Mastodon). */
function composePanel(ctx) {
  indicatorSlot = h('div', { class: 'compose-form__reply' });
  const label = h('label', {});
  const form = h(
    'form',
    { class: 'compose-form', onsubmit: (e) => e.preventDefault() },
    indicatorSlot,
    h(
      'div',
      { class: 'compose-form__highlightable' },
      h('div', { class: 'compose-form__dropdowns' }, h('button', { type: 'button', class: 'dropdown-button', title: 'Change post privacy' }, 'Public')),
      h('div', { class: 'compose-form__scrollable' }, h('div', { class: 'autosuggest-textarea' }, label)),
      h(
        'div',
        { class: 'compose-form__footer' },
        h('div', { class: 'compose-form__actions' }, h('div', { class: 'compose-form__buttons' }), h('span', { class: 'character-counter' }, '500')),
        h('div', { class: 'compose-form__submit' }, h('button', { type: 'submit', class: 'button' }, 'Post')),
      ),
    ),
  );
  compose = ctx.mount(label, {
    id: 'compose',
    kind: 'post',
    mount: mountTextarea,
    options: {
      label: "What's on your mind?",
      attrs: { class: 'autosuggest-textarea__textarea', placeholder: "What's on your mind?", 'aria-label': "What's on your mind?", 'aria-autocomplete': 'list', lang: 'en', spellcheck: true },
    },
  });
  return h(
    'div',
    { class: 'columns-area__panels__pane columns-area__panels__pane--compositional' },
    h(
      'div',
      { class: 'compose-panel' },
      h('div', { class: 'search' }, h('input', { type: 'text', class: 'search__input', placeholder: 'Search or paste URL', 'aria-label': 'Search or paste URL' })),
      h('div', { class: 'navigation-bar' }, h('div', { class: 'account__avatar', 'aria-hidden': 'true' }), h('div', { class: 'navigation-bar__profile' }, h('strong', {}, 'Camille Dupont'), h('span', {}, '@camille'))),
      form,
    ),
  );
}

startSite({
  network: 'mastodon',
  base: '/sites/mastodon',
  shell(ctx) {
    document.body.className = `app-body ${THEME === 'dark' ? 'theme-default' : 'theme-mastodon-light'}`;
    const view = h('div', { class: 'columns-area columns-area--mobile' });
    document.body.append(
      h(
        'div',
        { id: 'mastodon', class: 'app-holder' },
        h(
          'div',
          { class: 'ui' },
          h(
            'div',
            { class: 'columns-area__panels' },
            composePanel(ctx),
            h('div', { class: 'columns-area__panels__main' }, view),
            h(
              'div',
              { class: 'columns-area__panels__pane columns-area__panels__pane--navigational' },
              h('div', { class: 'navigation-panel' }, h('a', { href: ctx.href('/home'), 'data-nav': '', class: 'column-link' }, 'Home'), h('a', { href: ctx.href('/explore'), class: 'column-link' }, 'Explore')),
            ),
          ),
        ),
      ),
    );
    return view;
  },
  routes: [
    {
      name: 'home',
      match: (path) => (path === '/' || path === '/home' ? {} : null),
      title: 'Home - Mastodon',
      render(view, ctx) {
        view.append(
          h(
            'div',
            { class: 'column', role: 'region', 'aria-label': 'Home' },
            h('div', { class: 'column-header__wrapper' }, h('h1', { class: 'column-header' }, h('button', { type: 'button' }, 'Home'))),
            h('div', { class: 'scrollable' }, h('div', { class: 'item-list', role: 'feed' }, HOME.map((n) => status(ctx, n)))),
          ),
        );
      },
    },
    {
      name: 'status',
      match: (path) => {
        const n = Object.keys(STATUSES).find((k) => path === statusPath(STATUSES[k]));
        return n ? { n } : null;
      },
      title: ({ n }) => `${STATUSES[n].post.author}: "${localized(STATUSES[n].post, RTL).text.slice(0, 40)}…" - Mastodon`,
      render(view, ctx, { n }) {
        view.append(
          h(
            'div',
            { class: 'column', role: 'region', 'aria-label': 'Post' },
            h('div', { class: 'column-header__wrapper' }, h('h1', { class: 'column-header' }, h('a', { href: ctx.href('/home'), 'data-nav': '', class: 'column-header__back-button' }, '‹ Back'))),
            h('div', { class: 'scrollable' }, status(ctx, n, { detailed: true }), n === '1' ? h('div', { class: 'item-list', role: 'feed' }, status(ctx, 3)) : null),
          ),
        );
      },
    },
  ],
  dialogs: {},
});
