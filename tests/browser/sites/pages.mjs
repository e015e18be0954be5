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
import { COMPLAINT, WORKSHOP, ANSWER, VIDEOS } from './content.js';

const X_BOX = '[data-testid^="tweetTextarea_"].public-DraftEditor-content';
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
  const query = new URLSearchParams(params).toString();
  return site.path + found.path + (query ? `?${query}` : '');
}
