// The site-app fixture pages (built by build.mjs, served by ../server.mjs under the networks' host
// names), described for the tests that drive them. Every box a page can show is listed once per way it
// can be (a "case"): where it lives, how a person opens it, and the truth the overlay should find.
//
// A site: { network, host, path, title, lang, editors, routes, boxes, together }
//   routes    [{ name, path, link? }]: `path` is relative to the site's `path`; `link` is the selector of
//             a data-nav link on the home route (the first) whose click reaches this route.
//   boxes     [{ case, id, route, open, dialog, kind, network, parent, parentRtl, parentAt, editor, marker, within, prefill }]
//             case       unique name of this case on the site (the box id unless one box has several states)
//             id         the editable element's data-fixture-box
//             route      the route (by name) the box is on
//             open       selectors to click in order, on that route freshly loaded, to make the box appear
//             dialog     the name for window.__app.openDialog(name) that mounts it directly, or null
//             kind       'post' or 'reply'; network: the network id the overlay should pick
//             parent     a substring of the parent message (null for a post); parentRtl: the same with ?dir=rtl
//             parentAt   where the table says that message is: { closest?, select } (see below)
//             editor     the editor library (the name in window.__boxes.editor(id))
//             marker     the compose-box selector of docs/site-adapters.md the element matches
//             within     the container the same table puts it in (dialog, comment box…), when it says one
//             prefill    the text the site puts in the box as it opens (Mastodon's reply mention)
//   together  case names that can be open at the same time (opened in this order); Mastodon has only one
import { COMPLAINT, WORKSHOP, ANSWER, QUESTION, VIDEOS } from './content.js';

// Compose-box markers of docs/site-adapters.md.
const X_BOX = '[data-testid^="tweetTextarea_"].public-DraftEditor-content';
const BLUESKY_BOX = '.ProseMirror[contenteditable][data-testid="composerTextInput"]';
const MASTODON_BOX = 'form.compose-form textarea.autosuggest-textarea__textarea';
const LINKEDIN_BOX = '.ql-editor[contenteditable]';
const LEXICAL_BOX = '[contenteditable][role="textbox"][data-lexical-editor="true"]';
const FACEBOOK_COMMENT = `${LEXICAL_BOX}[aria-label^="Write a comment"]`;
const INSTAGRAM_COMMENT = 'textarea[aria-label^="Add a comment"]';
const INSTAGRAM_CAPTION = '[contenteditable][aria-label^="Write a caption"]';
const YOUTUBE_BOX = 'ytd-commentbox #contenteditable-root[contenteditable]';

// Where the same table says the parent message is, from the box: `closest` (an ancestor of the box;
// the document when absent), then `select` inside it.
const X_DIALOG_PARENT = { closest: '[role="dialog"]', select: 'article[data-testid="tweet"] [data-testid="tweetText"]' };
const X_FOCAL_PARENT = { select: 'article[data-testid="tweet"] [data-testid="tweetText"]' };
const BLUESKY_PARENT = { closest: '[role="dialog"]', select: '[data-testid="composerReplyTo"]' };
const MASTODON_PARENT = { closest: 'form.compose-form', select: '.reply-indicator__content' };
const LINKEDIN_PARENT = { closest: '.feed-shared-update-v2', select: '.update-components-text' };
const FACEBOOK_PARENT = { closest: '[role="article"]', select: '[data-ad-preview="message"]' };
const INSTAGRAM_PARENT = { closest: 'article', select: 'h1' };
const THREADS_PARENT = { closest: '[role="dialog"]', select: '[data-pressable-container]' };
const YOUTUBE_VIDEO = { select: 'h1.ytd-watch-metadata' };
const YOUTUBE_COMMENT = { closest: 'ytd-comment-view-model', select: '#content-text' };

const MASTODON_REPLYING = 'form.compose-form:has(.reply-indicator)';
const LINKEDIN_COMMENT_BOX = '.feed-shared-update-v2 .comments-comment-box .comments-comment-texteditor';
const THREADS_REPLY_DIALOG = '[role="dialog"]:has([data-pressable-container])';

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
      { id: 'compose', route: 'home', open: [], kind: 'post', marker: X_BOX },
      { id: 'dialog', route: 'home', open: ['[data-testid="SideNav_NewTweet_Button"]'], dialog: 'compose', kind: 'post', marker: X_BOX, within: '[role="dialog"]' },
      { id: 'dialog-2', route: 'home', open: ['[data-testid="SideNav_NewTweet_Button"]', '[role="dialog"] [data-testid="addButton"]'], kind: 'post', marker: X_BOX, within: '[role="dialog"]' },
      { id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] [data-testid="reply"]'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, parentAt: X_DIALOG_PARENT, marker: X_BOX, within: '[role="dialog"]' },
      { id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] [data-testid="reply"]'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: X_DIALOG_PARENT, marker: X_BOX, within: '[role="dialog"]' },
      { id: 'inline-reply', route: 'status', open: [], kind: 'reply', parent: COMPLAINT.parent, parentAt: X_FOCAL_PARENT, marker: X_BOX, within: '[data-testid="inline_reply_offscreen"]' },
      { id: 'reply-3', route: 'status', open: ['[data-fixture-post="3"] [data-testid="reply"]'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, parentAt: X_DIALOG_PARENT, marker: X_BOX, within: '[role="dialog"]' },
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
      { id: 'dialog', route: 'home', open: ['button[aria-label="Compose new post"]'], dialog: 'compose', kind: 'post', marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { id: 'dialog-2', route: 'home', open: ['button[aria-label="Compose new post"]', '[role="dialog"] button[aria-label="Add new post"]'], kind: 'post', marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] [data-testid="replyBtn"]'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, parentAt: BLUESKY_PARENT, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] [data-testid="replyBtn"]'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: BLUESKY_PARENT, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { id: 'thread-reply', route: 'thread', open: ['[data-testid="replyPromptBtn"]'], dialog: 'thread-reply', kind: 'reply', parent: COMPLAINT.parent, parentAt: BLUESKY_PARENT, marker: BLUESKY_BOX, within: '[role="dialog"]' },
      { id: 'reply-3', route: 'thread', open: ['[data-fixture-post="3"] [data-testid="replyBtn"]'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, parentAt: BLUESKY_PARENT, marker: BLUESKY_BOX, within: '[role="dialog"]' },
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
    // Mastodon has ONE compose form, on every route: a reply is the same box with the reply indicator filled in.
    boxes: [
      { case: 'compose', id: 'compose', route: 'home', open: [], kind: 'post', marker: MASTODON_BOX },
      { case: 'compose-reply-1', id: 'compose', route: 'home', open: ['[data-fixture-post="1"] button[title="Reply"]'], kind: 'reply', parent: COMPLAINT.parent, parentAt: MASTODON_PARENT, marker: MASTODON_BOX, within: MASTODON_REPLYING, prefill: '@lea_moreau ' },
      { case: 'compose-reply-2', id: 'compose', route: 'home', open: ['[data-fixture-post="2"] button[title="Reply"]'], kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: MASTODON_PARENT, marker: MASTODON_BOX, within: MASTODON_REPLYING, prefill: '@rouelibre@piaille.fr ' },
      { case: 'compose-status', id: 'compose', route: 'status', open: [], kind: 'post', marker: MASTODON_BOX },
      { case: 'compose-reply-detailed', id: 'compose', route: 'status', open: ['.detailed-status__action-bar button[title="Reply"]'], kind: 'reply', parent: COMPLAINT.parent, parentAt: MASTODON_PARENT, marker: MASTODON_BOX, within: MASTODON_REPLYING, prefill: '@lea_moreau ' },
      { case: 'compose-reply-3', id: 'compose', route: 'status', open: ['[data-fixture-post="3"] button[title="Reply"]'], kind: 'reply', parent: ANSWER.parent, parentAt: MASTODON_PARENT, marker: MASTODON_BOX, within: MASTODON_REPLYING, prefill: '@rouelibre@piaille.fr ' },
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
      { id: 'dialog', route: 'feed', open: ['button.share-box-feed-entry__trigger'], dialog: 'share', kind: 'post', marker: LINKEDIN_BOX, within: '[role="dialog"].share-box-v2__modal' },
      { id: 'comment-1', route: 'feed', open: ['[data-fixture-post="1"] button.comment-button'], kind: 'reply', network: 'linkedin-comment', parent: COMPLAINT.parent, parentAt: LINKEDIN_PARENT, marker: LINKEDIN_BOX, within: LINKEDIN_COMMENT_BOX },
      { id: 'comment-2', route: 'feed', open: ['[data-fixture-post="2"] button.comment-button'], kind: 'reply', network: 'linkedin-comment', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: LINKEDIN_PARENT, marker: LINKEDIN_BOX, within: LINKEDIN_COMMENT_BOX },
      { id: 'detail-comment', route: 'update', open: [], kind: 'reply', network: 'linkedin-comment', parent: COMPLAINT.parent, parentAt: LINKEDIN_PARENT, marker: LINKEDIN_BOX, within: LINKEDIN_COMMENT_BOX },
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
      { id: 'dialog', route: 'home', open: ['.fb-whats-on-your-mind'], dialog: 'create-post', kind: 'post', marker: LEXICAL_BOX, within: '[role="dialog"][aria-label="Create post"]' },
      { id: 'comment-1', route: 'home', open: [], kind: 'reply', parent: COMPLAINT.parent, parentAt: FACEBOOK_PARENT, marker: FACEBOOK_COMMENT, within: '[role="article"]' },
      { id: 'comment-2', route: 'home', open: [], kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: FACEBOOK_PARENT, marker: FACEBOOK_COMMENT, within: '[role="article"]' },
      { id: 'permalink-comment', route: 'permalink', open: [], kind: 'reply', parent: COMPLAINT.parent, parentAt: FACEBOOK_PARENT, marker: FACEBOOK_COMMENT, within: '[role="article"]' },
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
      { id: 'comment-1', route: 'home', open: [], kind: 'reply', parent: COMPLAINT.parent, parentAt: INSTAGRAM_PARENT, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
      { id: 'comment-2', route: 'home', open: [], kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: INSTAGRAM_PARENT, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
      { id: 'dialog', route: 'home', open: ['a.ig-create'], dialog: 'create', kind: 'post', editor: 'lexical', marker: INSTAGRAM_CAPTION, within: '[role="dialog"]' },
      { id: 'post-comment', route: 'post', open: [], kind: 'reply', parent: COMPLAINT.parent, parentAt: INSTAGRAM_PARENT, editor: 'textarea', marker: INSTAGRAM_COMMENT, within: 'article' },
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
      { id: 'dialog', route: 'home', open: ['.th-whats-new'], dialog: 'compose', kind: 'post', marker: LEXICAL_BOX, within: '[role="dialog"]' },
      { id: 'dialog-2', route: 'home', open: ['.th-whats-new', '[role="dialog"] .th-add'], kind: 'post', marker: LEXICAL_BOX, within: '[role="dialog"]' },
      { id: 'reply-1', route: 'home', open: ['[data-fixture-post="1"] .th-reply'], dialog: 'reply-1', kind: 'reply', parent: COMPLAINT.parent, parentAt: THREADS_PARENT, marker: LEXICAL_BOX, within: THREADS_REPLY_DIALOG },
      { id: 'reply-2', route: 'home', open: ['[data-fixture-post="2"] .th-reply'], dialog: 'reply-2', kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: THREADS_PARENT, marker: LEXICAL_BOX, within: THREADS_REPLY_DIALOG },
      { id: 'post-reply', route: 'post', open: ['.th-reply-prompt'], dialog: 'post-reply', kind: 'reply', parent: COMPLAINT.parent, parentAt: THREADS_PARENT, marker: LEXICAL_BOX, within: THREADS_REPLY_DIALOG },
      { id: 'reply-3', route: 'post', open: ['[data-fixture-post="3"] .th-reply'], dialog: 'reply-3', kind: 'reply', parent: ANSWER.parent, parentAt: THREADS_PARENT, marker: LEXICAL_BOX, within: THREADS_REPLY_DIALOG },
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
      { id: 'comment', route: 'watch', open: ['#placeholder-area'], kind: 'reply', parent: VIDEOS.first.parent, parentAt: YOUTUBE_VIDEO, marker: YOUTUBE_BOX, within: 'ytd-comments-header-renderer' },
      { id: 'reply-1', route: 'watch', open: ['[data-fixture-post="1"] #reply-button-end button'], kind: 'reply', parent: COMPLAINT.parent, parentAt: YOUTUBE_COMMENT, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
      { id: 'reply-2', route: 'watch', open: ['[data-fixture-post="2"] #reply-button-end button'], kind: 'reply', parent: WORKSHOP.parent, parentRtl: WORKSHOP.rtl.parent, parentAt: YOUTUBE_COMMENT, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
      { id: 'reply-r1', route: 'watch', open: ['[data-fixture-post="3"] #reply-button-end button'], kind: 'reply', parent: ANSWER.parent, parentAt: YOUTUBE_COMMENT, marker: YOUTUBE_BOX, within: 'ytd-comment-replies-renderer', prefill: '@AtelierRoueLibre ' },
      { id: 'next-comment', route: 'watch-next', open: ['#placeholder-area'], kind: 'reply', parent: VIDEOS.second.parent, parentAt: YOUTUBE_VIDEO, marker: YOUTUBE_BOX, within: 'ytd-comments-header-renderer' },
      { id: 'next-reply-1', route: 'watch-next', open: ['[data-fixture-post="4"] #reply-button-end button'], kind: 'reply', parent: QUESTION.parent, parentAt: YOUTUBE_COMMENT, marker: YOUTUBE_BOX, within: 'ytd-comment-thread-renderer' },
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
    box.dialog ??= null;
    box.parent ??= null;
    box.parentRtl ??= box.parent;
    box.parentAt ??= null;
    box.within ??= null;
    box.prefill ??= '';
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
