// Lexical with the plain-text behaviour and the history, as Facebook, Instagram (caption) and Threads
// use it: a contenteditable div Lexical owns, with a sibling placeholder. The model is Lexical's EditorState.
import { createEditor, $getRoot, UNDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { mergeRegister } from '@lexical/utils';
import { h } from '../dom.js';

/** Lexical's errors on the page (a fixture that throws inside Lexical is broken). */
const errors = (window.__lexicalErrors ??= []);

/**
 * Mounts a Lexical editor in `container`. Options: `namespace`, `ariaLabel`, `placeholder` (also the
 * aria-placeholder), `className` (of the contenteditable), `paragraphClass`, `placeholderClass`, `attrs`
 * (more attributes on the contenteditable). Returns the box handle
 * `{ editor, element, text(), undo(), canUndo(), focus(), destroy() }`.
 */
export function mountLexical(container, { namespace = 'composer', ariaLabel, placeholder = '', className, paragraphClass, placeholderClass, attrs } = {}) {
  const element = h('div', {
    class: className,
    contenteditable: 'true',
    role: 'textbox',
    spellcheck: 'true',
    tabindex: '0',
    'aria-label': ariaLabel,
    'aria-placeholder': placeholder || null,
    ...attrs,
  });
  const hint = h('div', { class: placeholderClass, 'aria-hidden': 'true' }, placeholder);
  container.replaceChildren(element, hint);

  const editor = createEditor({
    namespace,
    theme: { paragraph: paragraphClass },
    onError: (error) => {
      console.error(error);
      errors.push(String(error?.message ?? error));
    },
  });
  editor.setRootElement(element);
  let canUndo = false;
  const unregister = mergeRegister(
    registerPlainText(editor),
    // 300 ms: the merge delay of Lexical's own HistoryPlugin
    registerHistory(editor, createEmptyHistoryState(), 300),
    editor.registerCommand(CAN_UNDO_COMMAND, (value) => {
      canUndo = value;
      return false;
    }, COMMAND_PRIORITY_LOW),
    editor.registerUpdateListener(({ editorState }) => {
      hint.hidden = editorState.read(() => $getRoot().getTextContent() !== '');
    }),
  );
  return {
    editor: 'lexical',
    element,
    text: () => editor.getEditorState().read(() => $getRoot().getTextContent()),
    undo: () => editor.dispatchCommand(UNDO_COMMAND, undefined),
    canUndo: () => canUndo,
    // editor.focus() alone does nothing on a fresh, empty editor (Lexical's AutoFocusPlugin focuses the root too).
    focus: () => {
      element.focus({ preventScroll: true });
      editor.focus();
    },
    destroy: () => {
      unregister();
      editor.setRootElement(null);
      container.replaceChildren();
    },
  };
}
