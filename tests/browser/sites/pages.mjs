// The site-app fixture pages (built by build.mjs, served by ../server.mjs under the networks' host
// names), described for the tests that drive them. Every box a page can show is listed once per way it
// can be (a "case"): where it lives, how a person opens it, and the truth the overlay should find.
//
// A site: { network, host, path, title, lang, editors, routes, boxes, together }
//   routes    [{ name, path, link? }]: `path` is relative to the site's `path`; `link` is the selector of
//             a data-nav link on the home route (the first) whose click reaches this route.
//   boxes     [{ case, id, route, open, dialog, kind, network, parent, parentRtl?, editor, marker, within?, prefill? }]
//             case       unique name of this case on the site (the box id unless one box has several states)
//             id         the editable element's data-fixture-box
//             route      the route (by name) the box is on
//             open       selectors to click in order, on that route freshly loaded, to make the box appear
//             dialog     the name for window.__app.openDialog(name) that mounts it directly, or null
//             kind       'post' or 'reply'; network: the network id the overlay should pick
//             parent     a substring of the parent message (null for a post); parentRtl: the same with ?dir=rtl
//             editor     the editor library (the name in window.__boxes.editor(id))
//             marker     the compose-box selector of docs/site-adapters.md the element matches
//             within     the container the same table puts it in (dialog, comment box…), when it says one
//             prefill    the text the site puts in the box as it opens (Mastodon's reply mention)
//   together  case names that can be open at the same time (opened in this order)
import { COMPLAINT, WORKSHOP, ANSWER, QUESTION, VIDEOS } from './content.js';

const X_BOX = '[data-testid^="tweetTextarea_"].public-DraftEditor-content';
const MASTODON_BOX = 'form.compose-form textarea.autosuggest-textarea__textarea';
const LINKEDIN_BOX = '.ql-editor[contenteditable]';
const LEXICAL_BOX = '[contenteditable][role="textbox"][data-lexical-editor="true"]';
const INSTAGRAM_COMMENT = 'textarea[aria-label^="Add a comment"]';
const INSTAGRAM_CAPTION = '[contenteditable][aria-label^="Write a caption"]';
const YOUTUBE_BOX = 'ytd-commentbox #contenteditable-root[contenteditable]';
const BLUESKY_BOX = '.ProseMirror[contenteditable][data-testid="composerTextInput"]';

/** Every site fixture. */
export const SITES = [
  {
    network: 'x',
    host: 'x.com',
    path: '/sites/x',
    title: 'Home / X',
    lang: 'en',
    editors: ['draft-js'],
    routes: [
      { name: 'home', path: '/home' },
      { name: 'status', path: '/lea_moreau/status/1', link: '[data-fixture-post="1"] a[href*="/status/1"]' },
    ],
    boxes: [
      { case: 'compose', id: 'compose', route: 'home', open: [], dialog: null, kind: 'post', parent: null, marker: X_BOX },
      { case: 'dialog', id: 'dialog', route: 'home', open: ['[data-testid="SideNav_NewTweet_Button"]'], dialog: 'compose', kind: 'post', parent: null, marker: X_BOX, within: '[role="dialog"]' },
      { case: 'dialog-2', id: 'dialog-2', route: 'home', open: ['[data-testid="SideNav_NewTweet_Button"]', '[role="dialog"] [data-testid="addButton"]'], dialog: null, kind: 'post', parent: null, marker: X_BOX, within: '[role="dialog"]' },
      { case: 'reply-1', id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] [data-testid="reply"]'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, marker: X_BOX, within: '[role="dialog"]' },
      { case: 'reply-2', id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] [data-testid="reply"]'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: X_BOX, within: '[role="dialog"]' },
      { case: 'inline-reply', id: 'inline-reply', route: 'status', open: [], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: X_BOX, within: '[data-testid="inline_reply_offscreen"]' },
      { case: 'reply-3', id: 'reply-3', route: 'status', open: ['[data-fixture-post="3"] [data-testid="reply"]'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, marker: X_BOX, within: '[role="dialog"]' },
    ],
    together: ['compose', 'dialog', 'dialog-2'],
  },
  {
    network: 'bluesky',
    host: 'bsky.app',
    path: '/sites/bluesky',
    title: 'Home — Bluesky',
    lang: 'en',
    editors: ['tiptap'],
    routes: [
      { name: 'home', path: '/' },
      { name: 'thread', path: '/profile/lea-moreau.bsky.social/post/3lbqzp4xk2c2y', link: '[data-fixture-post="1"] a[href*="/post/3lbqzp4xk2c2y"]' },
    ],
    boxes: [
      { case: 'dialog', id: 'dialog', route: 'home', open: ['button[aria-label="Compose new post"]'], dialog: 'compose', kind: 'post', parent: null, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { case: 'dialog-2', id: 'dialog-2', route: 'home', open: ['button[aria-label="Compose new post"]', '[role="dialog"] button[aria-label="Add new post"]'], dialog: null, kind: 'post', parent: null, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { case: 'reply-1', id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] [data-testid="replyBtn"]'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { case: 'reply-2', id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] [data-testid="replyBtn"]'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { case: 'thread-reply', id: 'thread-reply', route: 'thread', open: ['[data-testid="replyPromptBtn"]'], dialog: 'thread-reply', kind: 'reply', parent: COMPLAINT.parent, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { case: 'reply-3', id: 'reply-3', route: 'thread', open: ['[data-fixture-post="3"] [data-testid="replyBtn"]'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, marker: BLUESKY_BOX, within: '[role="dialog"]' },
    ],
    together: ['dialog', 'dialog-2'],
  },
  {
    network: 'mastodon',
    host: 'mastodon.social',
    path: '/sites/mastodon',
    title: 'Home - Mastodon',
    lang: 'en',
    editors: ['textarea'],
    routes: [
      { name: 'home', path: '/home' },
      { name: 'status', path: '/@lea_moreau/113482551903127846', link: '[data-fixture-post="1"] a.status__relative-time' },
    ],
    // Mastodon has ONE compose form: a reply is the same box with the .reply-indicator filled in.
    boxes: [
      { case: 'compose', id: 'compose', route: 'home', open: [], dialog: null, kind: 'post', parent: null, marker: MASTODON_BOX },
      { case: 'compose-reply-1', id: 'compose', route: 'home', open: ['[data-fixture-post="1"] button[title="Reply"]'], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: MASTODON_BOX, within: 'form.compose-form:has(.reply-indicator)', prefill: '@lea_moreau ' },
      { case: 'compose-reply-2', id: 'compose', route: 'home', open: ['[data-fixture-post="2"] button[title="Reply"]'], dialog: null, kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: MASTODON_BOX, within: 'form.compose-form:has(.reply-indicator)', prefill: '@rouelibre@piaille.fr ' },
      { case: 'compose-status', id: 'compose', route: 'status', open: [], dialog: null, kind: 'post', parent: null, marker: MASTODON_BOX },
      { case: 'compose-reply-detailed', id: 'compose', route: 'status', open: ['.detailed-status__action-bar button[title="Reply"]'], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: MASTODON_BOX, within: 'form.compose-form:has(.reply-indicator)', prefill: '@lea_moreau ' },
      { case: 'compose-reply-3', id: 'compose', route: 'status', open: ['[data-fixture-post="3"] button[title="Reply"]'], dialog: null, kind: 'reply', parent: ANSWER.parent, marker: MASTODON_BOX, within: 'form.compose-form:has(.reply-indicator)', prefill: '@rouelibre@piaille.fr ' },
    ],
    together: ['compose'],
  },
  {
    network: 'linkedin',
    host: 'www.linkedin.com',
    path: '/sites/linkedin',
    title: 'Feed | LinkedIn',
    lang: 'en',
    editors: ['quill'],
    routes: [
      { name: 'feed', path: '/feed/' },
      { name: 'update', path: '/feed/update/urn:li:activity:7265012345678901234/', link: '[data-fixture-post="1"] a[href*="/feed/update/"]' },
    ],
    boxes: [
      { case: 'dialog', id: 'dialog', route: 'feed', open: ['button.share-box-feed-entry__trigger'], dialog: 'share', kind: 'post', parent: null, marker: LINKEDIN_BOX, within: '[role="dialog"].share-box-v2__modal' },
      { case: 'comment-1', id: 'comment-1', route: 'feed', open: ['[data-fixture-post="1"] button.comment-button'], dialog: null, kind: 'reply', network: 'linkedin-comment', parent: COMPLAINT.parent, marker: LINKEDIN_BOX, within: '.feed-shared-update-v2 .comments-comment-box .comments-comment-texteditor' },
      { case: 'comment-2', id: 'comment-2', route: 'feed', open: ['[data-fixture-post="2"] button.comment-button'], dialog: null, kind: 'reply', network: 'linkedin-comment', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: LINKEDIN_BOX, within: '.feed-shared-update-v2 .comments-comment-box .comments-comment-texteditor' },
      { case: 'detail-comment', id: 'detail-comment', route: 'update', open: [], dialog: null, kind: 'reply', network: 'linkedin-comment', parent: COMPLAINT.parent, marker: LINKEDIN_BOX, within: '.feed-shared-update-v2 .comments-comment-box .comments-comment-texteditor' },
    ],
    together: ['comment-1', 'comment-2', 'dialog'],
  },
  {
    network: 'facebook',
    host: 'www.facebook.com',
    path: '/sites/facebook',
    title: 'Facebook',
    lang: 'en',
    editors: ['lexical'],
    routes: [
      { name: 'home', path: '/' },
      { name: 'permalink', path: '/lea.moreau/posts/pfbid02Xk7Qm3aZLrT5uV8wYn', link: '[data-fixture-post="1"] a.fb-time' },
    ],
    boxes: [
      { case: 'dialog', id: 'dialog', route: 'home', open: ['.fb-whats-on-your-mind'], dialog: 'create-post', kind: 'post', parent: null, marker: LEXICAL_BOX, within: '[role="dialog"][aria-label="Create post"]' },
      { case: 'comment-1', id: 'comment-1', route: 'home', open: [], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: `${LEXICAL_BOX}[aria-label^="Write a comment"]`, within: '[role="article"]' },
      { case: 'comment-2', id: 'comment-2', route: 'home', open: [], dialog: null, kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: `${LEXICAL_BOX}[aria-label^="Write a comment"]`, within: '[role="article"]' },
      { case: 'permalink-comment', id: 'permalink-comment', route: 'permalink', open: [], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: `${LEXICAL_BOX}[aria-label^="Write a comment"]`, within: '[role="article"]' },
    ],
    together: ['comment-1', 'comment-2', 'dialog'],
  },
  {
    network: 'instagram',
    host: 'www.instagram.com',
    path: '/sites/instagram',
    title: 'Instagram',
    lang: 'en',
    editors: ['textarea', 'lexical'],
    routes: [
      { name: 'home', path: '/' },
      { name: 'post', path: '/p/C9xQ2mLs4aB/', link: '[data-fixture-post="1"] a.ig-time' },
    ],
    boxes: [
      { case: 'comment-1', id: 'comment-1', route: 'home', open: [], dialog: null, kind: 'reply', parent: COMPLAINT.parent, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
      { case: 'comment-2', id: 'comment-2', route: 'home', open: [], dialog: null, kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
      { case: 'dialog', id: 'dialog', route: 'home', open: ['a.ig-create'], dialog: 'create', kind: 'post', parent: null, editor: 'lexical', marker: INSTAGRAM_CAPTION, within: '[role="dialog"]' },
      { case: 'post-comment', id: 'post-comment', route: 'post', open: [], dialog: null, kind: 'reply', parent: COMPLAINT.parent, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
    ],
    together: ['comment-1', 'comment-2', 'dialog'],
  },
  {
    network: 'threads',
    host: 'www.threads.com',
    path: '/sites/threads',
    title: 'Threads',
    lang: 'en',
    editors: ['lexical'],
    routes: [
      { name: 'home', path: '/' },
      { name: 'post', path: '/@lea.moreau/post/DCk2x9Qs4mZ', link: '[data-fixture-post="1"] a.th-time' },
    ],
    boxes: [
      { case: 'dialog', id: 'dialog', route: 'home', open: ['.th-whats-new'], dialog: 'compose', kind: 'post', parent: null, marker: LEXICAL_BOX, within: '[role="dialog"]' },
      { case: 'dialog-2', id: 'dialog-2', route: 'home', open: ['.th-whats-new', '[role="dialog"] .th-add'], dialog: null, kind: 'post', parent: null, marker: LEXICAL_BOX, within: '[role="dialog"]' },
      { case: 'reply-1', id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] .th-reply'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, marker: LEXICAL_BOX, within: '[role="dialog"]:has([data-pressable-container])' },
      { case: 'reply-2', id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] .th-reply'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: LEXICAL_BOX, within: '[role="dialog"]:has([data-pressable-container])' },
      { case: 'post-reply', id: 'post-reply', route: 'post', open: ['.th-reply-prompt'], dialog: 'post-reply', kind: 'reply', parent: COMPLAINT.parent, marker: LEXICAL_BOX, within: '[role="dialog"]:has([data-pressable-container])' },
      { case: 'reply-3', id: 'reply-3', route: 'post', open: ['[data-fixture-post="3"] .th-reply'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, marker: LEXICAL_BOX, within: '[role="dialog"]:has([data-pressable-container])' },
    ],
    together: ['dialog', 'dialog-2'],
  },
  {
    network: 'youtube',
    host: 'www.youtube.com',
    path: '/sites/youtube',
    title: `${VIDEOS.first.title} - YouTube`,
    lang: 'en',
    editors: ['contenteditable'],
    routes: [
      { name: 'watch', path: `/watch?v=${VIDEOS.first.id}` },
      { name: 'watch-next', path: `/watch?v=${VIDEOS.second.id}`, link: '#secondary a#thumbnail' },
    ],
    // Every YouTube box is a reply: to the video (its title) or to the comment it sits under.
    boxes: [
      { case: 'comment', id: 'comment', route: 'watch', open: ['#placeholder-area'], dialog: null, kind: 'reply', parent: VIDEOS.first.parent, marker: YOUTUBE_BOX, within: 'ytd-comments-header-renderer' },
      { case: 'reply-1', id: 'reply-1', route: 'watch', open: ['[data-fixture-post="1"] #reply-button-end button'], dialog: null, kind: 'reply', parent: COMPLAINT.parent, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
      { case: 'reply-2', id: 'reply-2', route: 'watch', open: ['[data-fixture-post="2"] #reply-button-end button'], dialog: null, kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
      { case: 'reply-r1', id: 'reply-r1', route: 'watch', open: ['[data-fixture-post="3"] #reply-button-end button'], dialog: null, kind: 'reply', parent: ANSWER.parent, marker: YOUTUBE_BOX, within: 'ytd-comment-replies-renderer', prefill: '@AtelierRoueLibre ' },
      { case: 'next-comment', id: 'next-comment', route: 'watch-next', open: ['#placeholder-area'], dialog: null, kind: 'reply', parent: VIDEOS.second.parent, marker: YOUTUBE_BOX, within: 'ytd-comments-header-renderer' },
      { case: 'next-reply-1', id: 'next-reply-1', route: 'watch-next', open: ['[data-fixture-post="4"] #reply-button-end button'], dialog: null, kind: 'reply', parent: QUESTION.parent, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
    ],
    together: ['comment', 'reply-1', 'reply-r1'],
  },
].map(complete);

/** Fills in each box's defaults from its site (network, editor, prefill, case). */
function complete(site) {
  for (const box of site.boxes) {
    box.case ??= box.id;
    box.network ??= site.network;
    box.editor ??= site.editors[0];
    box.prefill ??= '';
    box.parentRtl ??= box.parent;
  }
  return site;
}

/** The site fixture of `network`. */
export function site(network) {
  const found = SITES.find((s) => s.network === network);
  if (!found) throw new Error(`no site fixture for ${network}`);
  return found;
}

/** The URL path of `route` (a name) on `site`, with optional fixture parameters ({ theme, dir }). */
export function routePath(site, route, params = {}) {
  const found = site.routes.find((r) => r.name === route);
  if (!found) throw new Error(`no route ${route} on ${site.network}`);
  const url = new URL(site.path + found.path, 'https://fixture');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.pathname + url.search;
}
