// The editor fixture pages (built by build.mjs), shared by the tests that drive them.

/** One page per editor: where it is served, its box, and the network (and limit) of its site. */
export const EDITORS = [
  { page: 'draft', editor: 'draft-js', host: 'x.com', box: '[data-testid="tweetTextarea_0"]', network: 'x', limit: 280 },
  { page: 'draft-dialog', editor: 'draft-js', host: 'x.com', box: '[role="dialog"] [data-testid="tweetTextarea_0"]', network: 'x', limit: 280 },
  { page: 'lexical', editor: 'lexical', host: 'www.facebook.com', box: '[data-lexical-editor="true"]', network: 'facebook', limit: 63206 },
  { page: 'quill', editor: 'quill', host: 'www.linkedin.com', box: '.ql-editor', network: 'linkedin', limit: 3000 },
  { page: 'tiptap', editor: 'tiptap', host: 'bsky.app', box: '.ProseMirror', network: 'bluesky', limit: 300 },
  { page: 'textarea', editor: 'textarea', host: 'mastodon.social', box: '.autosuggest-textarea__textarea', network: 'mastodon', limit: 1000 /* the sample guide's instance limit */ },
  { page: 'contenteditable', editor: 'contenteditable', host: 'www.youtube.com', box: '#contenteditable-root', network: 'youtube', limit: 10000 },
];
