// The text of a compose box as the engine sees it, with a way back from engine offsets (UTF-16 code
// units, JavaScript string indices) to the page: DOM positions, screen rectangles, and edits made
// through the editor's own input path (selection + the insertText edit command), never by writing
// HTML or setting `value` behind the editor's back.
'use strict';

globalThis.PorteVoix = globalThis.PorteVoix ?? {};

const BLOCK_TAGS = new Set(['DIV', 'P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SECTION', 'ARTICLE']);

/**
 * Reads a contenteditable region: text nodes in order, a newline between blocks and for each <br>
 * that is not a block's placeholder. Returns `{ text, segments }`, each segment `{ node, start }`.
 * One TreeWalker pass in document order: a few calls per node, which matters for a pasted megabyte
 * (Firefox's content scripts pay for every DOM access through their wrapper).
 */
function readEditable(root) {
  const segments = [];
  const parts = [];
  let length = 0;
  let endsWithNewline = false;
  const add = (piece) => {
    parts.push(piece);
    length += piece.length;
    endsWithNewline = piece.endsWith('\n') || (piece === '' && endsWithNewline);
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      segments.push({ node, start: length });
      add(node.data);
    } else if (node.nodeName === 'BR') {
      const placeholder = !node.nextSibling && node.parentElement !== root && node.parentElement.textContent === '';
      if (!placeholder) add('\n');
    } else if (BLOCK_TAGS.has(node.nodeName) && length > 0 && !endsWithNewline) {
      add('\n');
    }
  }
  return { text: parts.join(''), segments };
}

/** A snapshot of a box's text with its mapping back to the DOM. */
PorteVoix.TextModel = class TextModel {
  constructor(box) {
    this.box = box;
    this.isTextarea = box instanceof HTMLTextAreaElement || box instanceof HTMLInputElement;
    if (this.isTextarea) {
      this.text = box.value;
      this.segments = [];
    } else {
      ({ text: this.text, segments: this.segments } = readEditable(box));
    }
  }

  /** The DOM position `{ node, offset }` of a text offset (contenteditable only). */
  locate(offset) {
    let best = null;
    for (const segment of this.segments) {
      if (segment.start > offset) break;
      best = segment;
    }
    if (!best) return { node: this.box, offset: 0 };
    return { node: best.node, offset: Math.min(offset - best.start, best.node.data.length) };
  }

  /** A DOM Range over `[start, end)` (contenteditable only). */
  range(start, end) {
    const from = this.locate(start);
    const to = this.locate(end);
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /**
   * Screen rectangles of each span `{ start, end }` of `spans` (sorted, non-overlapping or not), clipped
   * to the part of the box inside the viewport: one list of rectangles per span. All spans of a textarea are measured in
   * one layout of a mirror laid out in `scratch` (an element of the overlay's shadow root), so the cost
   * grows with the text, not with text × spans.
   */
  rectsOf(spans, scratch) {
    // What can be seen: the box's area within the viewport (a tall box may run far off screen).
    const box = this.box.getBoundingClientRect();
    const clip = { top: Math.max(box.top, 0), bottom: Math.min(box.bottom, innerHeight), left: Math.max(box.left, 0), right: Math.min(box.right, innerWidth) };
    let raw;
    if (this.isTextarea) raw = textareaRects(this.box, this.text, spans, scratch);
    else {
      // In a long text only the part on screen is measured: the rectangles of a finding over a whole 1 MB
      // paste would take seconds to compute, for underlines nobody sees.
      const shown = this.text.length > MEASURE_WHOLE_TEXT_UP_TO ? this.visiblePart(clip) : { start: 0, end: this.text.length };
      raw = spans.map(({ start, end }) => {
        const from = Math.max(start, shown.start);
        const to = Math.min(end, shown.end);
        return from < to || (from === to && start === end) ? [...this.range(from, to).getClientRects()] : [];
      });
    }
    return raw.map((rects) =>
      rects
        .filter((r) => r.width > 0 && r.bottom > clip.top && r.top < clip.bottom && r.right > clip.left && r.left < clip.right)
        .map((r) => ({ left: Math.max(r.left, clip.left), right: Math.min(r.right, clip.right), top: r.top, bottom: Math.min(r.bottom, clip.bottom) })),
    );
  }

  /**
   * The text offsets `{ start, end }` of the part of a contenteditable box inside `clip` (a screen
   * rectangle), give or take a line. Text nodes are laid out top to bottom in document order, so a binary
   * search over them finds the first and the last one on screen, and another inside a long node narrows
   * it to characters: a few dozen measurements, whatever the length of the text.
   */
  visiblePart(clip) {
    const nodes = this.segments.filter((s) => s.node.data.length > 0);
    const below = (rect) => rect !== null && rect.bottom >= clip.top;
    const above = (rect) => rect !== null && rect.top <= clip.bottom;
    // The first node that ends below the top of the view, and the last that starts above its bottom.
    const first = firstWhere(nodes.length, (i) => below(charRect(nodes[i].node, nodes[i].node.data.length - 1)));
    const last = firstWhere(nodes.length, (i) => !above(charRect(nodes[i].node, 0))) - 1;
    if (first >= nodes.length || last < first) return { start: 0, end: 0 };
    const head = nodes[first];
    const tail = nodes[last];
    const start = head.start + firstWhere(head.node.data.length, (k) => below(charRect(head.node, k)));
    const end = tail.start + firstWhere(tail.node.data.length, (k) => !above(charRect(tail.node, k)));
    return { start: Math.max(0, start - LINE_SLACK), end: Math.min(this.text.length, end + LINE_SLACK) };
  }

  /** The caret's text offset (the end of the selection), or the text's length if it is elsewhere. */
  caretOffset() {
    if (this.isTextarea) return this.box.selectionEnd ?? this.text.length;
    const selection = getSelection();
    const node = selection?.focusNode;
    if (!node || !this.box.contains(node)) return this.text.length;
    const segment = this.segments.find((s) => s.node === node);
    if (segment) return segment.start + selection.focusOffset;
    // The caret sits between elements: the offset of the first text node after it.
    const after = node.childNodes[selection.focusOffset];
    const next = after && this.segments.find((s) => after === s.node || after.contains?.(s.node));
    return next ? next.start : this.text.length;
  }

  /** The selection of the box, to give it back after the user worked in the overlay. */
  saveSelection() {
    if (this.isTextarea) return { start: this.box.selectionStart, end: this.box.selectionEnd };
    const selection = getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    return range && this.box.contains(range.commonAncestorContainer) ? { range: range.cloneRange() } : null;
  }

  /**
   * Inserts `text` at a saved selection (or at the end) through the editor's input path, as typing
   * would. Resolves to whether the editor took the edit.
   */
  insertAt(saved, text) {
    if (this.isTextarea) {
      const at = saved ?? { start: this.text.length, end: this.text.length };
      return this.#edit(() => this.box.setSelectionRange(at.start, at.end), text);
    }
    return this.#edit(() => this.#select(saved?.range ?? this.range(this.text.length, this.text.length)), text);
  }

  /** Types `text` at the text offset `offset`, through the editor's input path. */
  insertAtOffset(offset, text) {
    if (this.isTextarea) return this.#edit(() => this.box.setSelectionRange(offset, offset), text);
    return this.#edit(() => this.#select(this.range(offset, offset)), text);
  }

  /** Gives the box its saved selection back (the caret where it was), without editing. */
  restoreSelection(saved) {
    this.box.focus();
    if (!saved) return;
    if (this.isTextarea) this.box.setSelectionRange(saved.start, saved.end);
    else if (saved.range) this.#select(saved.range);
  }

  #select(range) {
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /**
   * Selects (through `select`), then lets the page's editor see the new selection before typing
   * `text` over it with the insertText command. Draft.js and Lexical read the selection from the
   * `selectionchange` event, which comes a task later: typing at once would insert at their old caret.
   */
  async #edit(select, text) {
    this.box.focus();
    select();
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!this.box.isConnected) return false;
    return document.execCommand('insertText', false, text);
  }

  /**
   * Replaces `[start, end)` with `replacement` through the editor's input path: select the span, then
   * the insertText command, which fires beforeinput/input as typing would, so the site's editor state,
   * its undo history and its own counter stay right. Resolves to whether the editor took the edit.
   */
  replace(start, end, replacement) {
    if (this.isTextarea) return this.#edit(() => this.box.setSelectionRange(start, end), replacement);
    return this.#edit(() => this.#select(this.range(start, end)), replacement);
  }
};

/** Up to this length (UTF-16 units), underlines are measured over the whole text; beyond, on screen only. */
const MEASURE_WHOLE_TEXT_UP_TO = 20_000;

/** Characters kept on each side of the visible part: a line's worth, so that nothing on screen is missed. */
const LINE_SLACK = 400;

/**
 * The smallest index in [0, n) for which `test` holds, or n, for a `test` that is false and then true
 * along the indices (a binary search).
 */
function firstWhere(n, test) {
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

const probeRange = document.createRange();

/** The screen rectangle of the character at `offset` in the text node `node`, or null if it has none. */
function charRect(node, offset) {
  probeRange.setStart(node, offset);
  probeRange.setEnd(node, Math.min(offset + 1, node.data.length));
  const rect = probeRange.getClientRects()[0];
  return rect ?? null;
}

/** Style properties a textarea mirror copies so that its text wraps exactly like the textarea's. */
const MIRROR_PROPERTIES = [
  'boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth',
  'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'fontFamily', 'fontSize',
  'fontWeight', 'fontStyle', 'fontVariant', 'letterSpacing', 'wordSpacing', 'lineHeight', 'textTransform',
  'textIndent', 'tabSize', 'direction',
];

let mirror = null;

/**
 * Rectangles of each span inside a textarea, measured on a hidden mirror laid over it. The text is cut
 * at every span boundary and laid out once, each piece in its own element; a span's rectangles are
 * those of the pieces it covers, so overlapping spans (a whole-draft finding around a word's) work.
 */
function textareaRects(box, text, spans, scratch) {
  if (!mirror) {
    mirror = document.createElement('div');
    mirror.setAttribute('aria-hidden', 'true');
  }
  const style = getComputedStyle(box);
  for (const p of MIRROR_PROPERTIES) mirror.style[p] = style[p];
  const rect = box.getBoundingClientRect();
  Object.assign(mirror.style, {
    position: 'fixed', visibility: 'hidden', pointerEvents: 'none', overflow: 'hidden',
    whiteSpace: 'pre-wrap', overflowWrap: 'break-word', left: `${rect.left}px`, top: `${rect.top - box.scrollTop}px`,
    height: 'auto',
  });
  const cuts = [...new Set([0, text.length, ...spans.flatMap(({ start, end }) => [start, end])])]
    .filter((c) => c >= 0 && c <= text.length)
    .sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const element = document.createElement('span');
    element.textContent = text.slice(cuts[i], cuts[i + 1]);
    pieces.push({ start: cuts[i], end: cuts[i + 1], element });
  }
  mirror.replaceChildren(...pieces.map((p) => p.element), document.createTextNode('\u200b'));
  scratch.append(mirror);
  const pieceRects = pieces.map((p) => [...p.element.getClientRects()]);
  mirror.remove();
  mirror.replaceChildren();
  return spans.map(({ start, end }) =>
    pieces.flatMap((piece, i) => (piece.start >= start && piece.end <= end ? pieceRects[i] : [])),
  );
}
