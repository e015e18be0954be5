// The studio's preview: a draft drawn the way a network shows a post (author, handle, text), with
// links, hashtags, mentions and cashtags styled from the engine's entities. Built with createElement
// and textContent only: the draft never becomes markup.

/** Entity kinds as `engine.entities` lists them, and the class each gets. */
const ENTITY_KINDS = [
  ['urls', 'link'],
  ['hashtags', 'hashtag'],
  ['mentions', 'mention'],
  ['cashtags', 'cashtag'],
];

/** `entities` (from the engine) as one list sorted by start, overlaps dropped. */
function orderedEntities(entities) {
  const all = ENTITY_KINDS.flatMap(([list, kind]) => (entities?.[list] ?? []).map((e) => ({ ...e, kind })));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const entity of all) if (!kept.length || entity.start >= kept[kept.length - 1].end) kept.push(entity);
  return kept;
}

/** A link's address, or null unless it is http(s) (a bare `example.com` gets https). */
function safeHref(text) {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The nodes of `text` with its entities styled: plain runs as text nodes, each entity as a span (a link
 * as an anchor) with `data-entity` = link, hashtag, mention or cashtag. Offsets are UTF-16 (as
 * `engine.entities` gives them). `overflowFrom` (optional): from this offset on, the text is past the
 * network's limit and is wrapped in a `.overflow` mark.
 */
export function styledText(text, entities, overflowFrom) {
  const nodes = [];
  let at = 0;
  const plain = (end) => {
    if (end <= at) return;
    pushRun(nodes, text.slice(at, end), at, overflowFrom);
    at = end;
  };
  for (const entity of orderedEntities(entities)) {
    if (entity.start < at || entity.end > text.length) continue;
    plain(entity.start);
    const value = text.slice(entity.start, entity.end);
    const href = entity.kind === 'link' ? safeHref(value) : null;
    const node = document.createElement(href ? 'a' : 'span');
    if (href) {
      node.href = href;
      node.target = '_blank';
      node.rel = 'noopener noreferrer';
    }
    node.className = `entity entity-${entity.kind}`;
    node.dataset.entity = entity.kind;
    node.textContent = value;
    if (overflowFrom !== undefined && entity.start >= overflowFrom) node.classList.add('overflow');
    nodes.push(node);
    at = entity.end;
  }
  plain(text.length);
  return nodes;
}

/** Adds the run `run` (starting at `start`), split where the overflow begins. */
function pushRun(nodes, run, start, overflowFrom) {
  const cut = overflowFrom === undefined ? run.length : Math.max(0, Math.min(run.length, overflowFrom - start));
  if (cut > 0) nodes.push(document.createTextNode(run.slice(0, cut)));
  if (cut < run.length) {
    const mark = document.createElement('mark');
    mark.className = 'overflow';
    mark.textContent = run.slice(cut);
    nodes.push(mark);
  }
}

/**
 * A post card for `network` (`{ id, name }`): avatar initial, author name and handle, the styled text.
 * `author`: `{ name, handle }`. `count` (optional): the engine's count, to mark the overflow.
 */
export function postCard(network, author, text, entities, count) {
  const card = document.createElement('article');
  card.className = 'preview';
  card.dataset.network = network.id;
  const head = document.createElement('header');
  const avatar = document.createElement('span');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true');
  avatar.textContent = (author.name.trim()[0] ?? '?').toUpperCase();
  const who = document.createElement('span');
  who.className = 'who';
  const name = document.createElement('strong');
  name.className = 'author';
  name.textContent = author.name;
  const handle = document.createElement('span');
  handle.className = 'handle';
  handle.textContent = handleFor(network.id, author.handle);
  who.append(name, handle);
  const place = document.createElement('span');
  place.className = 'network-name';
  place.textContent = network.name;
  head.append(avatar, who, place);
  const body = document.createElement('p');
  body.className = 'preview-text';
  const overflowFrom = count && !count.valid && count.overflow_start !== undefined ? count.overflow_start : undefined;
  body.append(...styledText(text, entities, overflowFrom));
  card.append(head, body);
  return card;
}

/** How `network` writes a handle: `@name` (Bluesky: `@name.bsky.social`; LinkedIn and Facebook show none). */
function handleFor(network, handle) {
  if (network === 'linkedin' || network === 'facebook' || network === 'linkedin-comment') return '';
  if (network === 'bluesky') return `@${handle}.bsky.social`;
  return `@${handle}`;
}
