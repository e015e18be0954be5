// X's compose box: a Draft.js editor (React 18), the same props X gives it (aria-label "Post text",
// role textbox, data-testid tweetTextarea_0, the placeholder). The model is Draft's EditorState.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { expose } from './common.js';

const h = React.createElement;
/** The latest EditorState and its setter, for the test API. */
let current = EditorState.createEmpty();
let setCurrent = null;

function Compose() {
  const [editorState, setEditorState] = React.useState(current);
  current = editorState;
  setCurrent = (next) => {
    current = next;
    setEditorState(next);
  };
  return h(
    'div',
    { className: 'x-compose-text' },
    h(Editor, {
      editorState,
      onChange: setCurrent,
      placeholder: 'What is happening?!',
      ariaLabel: 'Post text',
      ariaMultiline: true,
      role: 'textbox',
      spellCheck: true,
      webDriverTestID: 'tweetTextarea_0',
    }),
  );
}

createRoot(document.getElementById('compose')).render(h(Compose));

expose(
  {
    name: 'draft-js',
    text: () => current.getCurrentContent().getPlainText('\n'),
    undo: () => setCurrent(EditorState.undo(current)),
    canUndo: () => current.getUndoStack().size > 0,
  },
  () => document.querySelector('[data-testid="tweetTextarea_0"]'),
);
