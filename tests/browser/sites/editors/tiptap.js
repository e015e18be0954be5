// TipTap 3 (ProseMirror), as Bluesky's composer: paragraphs, hard breaks, history and a placeholder.
// The model is ProseMirror's document.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Placeholder } from '@tiptap/extensions';

/**
 * Mounts a TipTap editor in `container`. Options: `placeholder`, `attrs` (attributes of the .ProseMirror
 * element, e.g. role, aria-label, data-testid, class). Returns the box handle
 * `{ editor, element, text(), undo(), canUndo(), focus(), destroy() }`.
 */
export function mountTiptap(container, { placeholder = '', attrs } = {}) {
  container.replaceChildren();
  const editor = new Editor({
    element: container,
    // The strict CSP forbids the <style> TipTap would inject: its rules are in the pages' CSS instead.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: false, blockquote: false, bulletList: false, orderedList: false, listItem: false, listKeymap: false,
        codeBlock: false, code: false, horizontalRule: false, bold: false, italic: false, strike: false,
        underline: false, link: false,
      }),
      Placeholder.configure({ placeholder }),
    ],
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', ...attrs } },
    content: '',
  });
  return {
    editor: 'tiptap',
    element: editor.view.dom,
    text: () => editor.state.doc.textBetween(0, editor.state.doc.content.size, '\n'),
    undo: () => editor.commands.undo(),
    canUndo: () => editor.can().undo(),
    // ProseMirror's own focus is synchronous; TipTap's focus command waits for an animation frame.
    focus: () => editor.view.focus(),
    destroy: () => {
      editor.destroy();
      container.replaceChildren();
    },
  };
}
