// Facebook's "Create post" box (also Instagram's and Threads'): a Lexical editor with the plain-text
// behaviour and the history, on a contenteditable div like Facebook's (role textbox, aria-label,
// aria-placeholder, a sibling placeholder). The model is Lexical's EditorState.
import { createEditor, $getRoot, UNDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { mergeRegister } from '@lexical/utils';
import { expose } from './common.js';

const root = document.getElementById('composer');
const placeholder = document.getElementById('composer-placeholder');

const editor = createEditor({
  namespace: 'fb-composer',
  theme: { paragraph: 'fb-paragraph' },
  onError: (error) => {
    console.error(error);
    (window.__lexicalErrors ??= []).push(String(error?.message ?? error));
  },
});
editor.setRootElement(root);

let canUndo = false;
mergeRegister(
  registerPlainText(editor),
  // 300 ms: the merge delay Lexical's own HistoryPlugin/HistoryExtension use by default
  registerHistory(editor, createEmptyHistoryState(), 300),
  editor.registerCommand(CAN_UNDO_COMMAND, (value) => {
    canUndo = value;
    return false;
  }, COMMAND_PRIORITY_LOW),
  editor.registerUpdateListener(({ editorState }) => {
    const empty = editorState.read(() => $getRoot().getTextContent() === '');
    placeholder.hidden = !empty;
  }),
);

expose(
  {
    name: 'lexical',
    text: () => editor.getEditorState().read(() => $getRoot().getTextContent()),
    undo: () => editor.dispatchCommand(UNDO_COMMAND, undefined),
    canUndo: () => canUndo,
  },
  () => root,
);
