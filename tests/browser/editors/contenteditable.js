// YouTube's "Add a comment…" box: a bare contenteditable div (#contenteditable-root) with no editor
// library; the page reads its text from the DOM. Its undo is the browser's.
import { mountContentEditable } from '../sites/editors/contenteditable.js';
import { expose } from './common.js';

const box = mountContentEditable(document.getElementById('contenteditable-textarea'), {
  id: 'contenteditable-root',
  placeholder: 'Add a comment…',
  placeholderClass: 'yt-placeholder',
  attrs: { class: 'yt-formatted-string', 'aria-label': 'Add a comment…' },
});

expose({ name: 'contenteditable', text: box.text, undo: box.undo }, () => box.element);
