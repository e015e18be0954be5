// Quill 2, as LinkedIn's post and comment boxes (ql-container / ql-editor). The model is Quill's Delta.
import Quill from 'quill';
import 'quill/dist/quill.core.css';
import { setAttributes } from '../dom.js';

/**
 * Mounts a Quill editor (no toolbar; the history with Quill's default 1000 ms merge delay) in a new
 * element inside `container`. Options: `placeholder`, `ariaLabel`, `attrs` (more attributes on the
 * .ql-editor). Returns the box handle `{ editor, element, text(), undo(), canUndo(), focus(), destroy() }`.
 */
export function mountQuill(container, { placeholder = '', ariaLabel, attrs } = {}) {
  const host = document.createElement('div');
  container.replaceChildren(host);
  const quill = new Quill(host, { modules: { toolbar: false }, placeholder });
  setAttributes(quill.root, { role: 'textbox', 'aria-multiline': 'true', 'aria-label': ariaLabel, 'data-gramm': 'false', ...attrs });
  return {
    editor: 'quill',
    element: quill.root,
    text: () => quill.getText().replace(/\n$/, ''),
    undo: () => quill.history.undo(),
    canUndo: () => quill.history.stack.undo.length > 0,
    focus: () => quill.focus(),
    destroy: () => container.replaceChildren(),
  };
}
