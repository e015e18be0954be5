// A bare contenteditable with no editor library, as YouTube's comment boxes: the DOM is the model,
// the undo is the browser's.
import { h, visibleText } from '../dom.js';

/**
 * Mounts a contenteditable div and its placeholder in `container`. Options: `id` (YouTube repeats
 * #contenteditable-root in every box), `placeholder`, `placeholderClass`, `attrs` (more attributes on the
 * contenteditable). Returns the box handle `{ editor, element, text(), undo(), focus(), destroy() }`.
 */
export function mountContentEditable(container, { id, placeholder = '', placeholderClass, attrs } = {}) {
  const element = h('div', { id, contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'true', ...attrs });
  const hint = h('div', { class: placeholderClass, 'aria-hidden': 'true' }, placeholder);
  element.addEventListener('input', () => {
    hint.hidden = element.textContent !== '';
  });
  container.replaceChildren(element, hint);
  return {
    editor: 'contenteditable',
    element,
    text: () => visibleText(element),
    undo: () => {
      element.focus();
      document.execCommand('undo');
    },
    focus: () => element.focus(),
    destroy: () => container.replaceChildren(),
  };
}
