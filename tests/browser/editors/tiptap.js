// Bluesky's composer: a TipTap (ProseMirror) editor with paragraphs, hard breaks, history and a
// placeholder, like Bluesky's TextInput.web. The model is ProseMirror's document.
import { mountTiptap } from '../sites/editors/tiptap.js';
import { expose } from './common.js';

const box = mountTiptap(document.getElementById('composer'), {
  placeholder: "What's up?",
  attrs: { 'aria-label': 'Rich-Text Editor', 'data-testid': 'composerTextInput', class: 'bsky-editor' },
});

expose({ name: 'tiptap', text: box.text, undo: box.undo, canUndo: box.canUndo }, () => box.element);
