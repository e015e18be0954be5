// Bluesky's composer: a TipTap (ProseMirror) editor with paragraphs, hard breaks, history and a
// placeholder, like Bluesky's TextInput.web. The model is ProseMirror's document.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Placeholder } from '@tiptap/extensions';
import { expose } from './common.js';

const editor = new Editor({
  element: document.getElementById('composer'),
  // The strict CSP forbids the <style> TipTap would inject: its rules are in editors.css instead.
  injectCSS: false,
  extensions: [
    StarterKit.configure({
      heading: false, blockquote: false, bulletList: false, orderedList: false, listItem: false, listKeymap: false,
      codeBlock: false, code: false, horizontalRule: false, bold: false, italic: false, strike: false,
      underline: false, link: false,
    }),
    Placeholder.configure({ placeholder: "What's up?" }),
  ],
  editorProps: {
    attributes: {
      role: 'textbox',
      'aria-label': 'Rich-Text Editor',
      'aria-multiline': 'true',
      'data-testid': 'composerTextInput',
      class: 'bsky-editor',
    },
  },
  content: '',
});

expose(
  {
    name: 'tiptap',
    text: () => editor.state.doc.textBetween(0, editor.state.doc.content.size, '\n'),
    undo: () => editor.commands.undo(),
    canUndo: () => editor.can().undo(),
  },
  () => editor.view.dom,
);
